"""The one translator from pydantic's validation errors to ConfigProblems, for every source.

The workspace file and the process settings both report problems through `translate`: each
source says where a key path is (file, key as people write it, line) and how a value may be
shown; the walk over the errors, the checks a model runs across its fields (`located`) and
the order of the report are the same for both.
"""

from __future__ import annotations

import difflib
import types
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from bot.config.errors import ConfigProblem, Loc, format_key

__all__ = ["LOCATED", "ErrorSource", "allowed_keys", "located", "suggest_key", "translate"]

LOCATED = "config_located_problems"


def located(
    problems: Sequence[tuple[Loc, str]], name: Callable[[Loc], str] = format_key
) -> PydanticCustomError:
    """Problems a model's own checks found, each at its key path, as one error to raise.

    `translate` reports each at its own place (and line); `name` writes a key path for the
    error's one-line summary, which is what str() of the ValidationError shows.
    """
    summary = "; ".join(f"{name(loc)}: {message}" for loc, message in problems)
    return PydanticCustomError(
        LOCATED, "{summary}", {"summary": summary, "problems": tuple(problems)}
    )


class ErrorSource(ABC):
    """A configuration source as `translate` needs it: where a key is, how an error reads."""

    @abstractmethod
    def problem(self, loc: Loc, message: str) -> ConfigProblem:
        """The problem `message` at key path `loc`, naming the file, key and line if known."""

    @abstractmethod
    def message(self, detail: ErrorDetails) -> str:
        """What is wrong, in the words of the people who edit this source."""

    def location(self, detail: ErrorDetails) -> Loc:
        """The key path an error is about; pydantic's `[key]` marker of dict keys dropped."""
        return tuple(part for part in detail["loc"] if part != "[key]")


def translate(error: ValidationError, source: ErrorSource) -> list[ConfigProblem]:
    """One problem per error, a located error giving one per problem; in line order."""
    problems: list[ConfigProblem] = []
    found: list[ConfigProblem] = []
    for detail in error.errors(include_url=False):
        if detail["type"] == LOCATED:
            where: Loc = tuple(detail["loc"])
            ctx: dict[str, Any] = detail.get("ctx") or {}
            for loc, message in ctx["problems"]:
                found.append(source.problem((*where, *loc), message))
            continue
        problems.append(source.problem(source.location(detail), source.message(detail)))
    # Stable: without lines (the environment) the order is pydantic's, checks last.
    return sorted(problems + found, key=lambda problem: problem.line or 0)


def suggest_key(model: type[BaseModel], loc: Loc) -> str:
    """A "did you mean" for an unknown key at `loc`, else the keys expected there."""
    allowed = allowed_keys(model, loc[:-1])
    if not allowed:
        return ""
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f"; expected one of {', '.join(allowed)}"


def allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys the model at `loc` accepts, found by walking the type annotations."""
    target: Any = model
    for part in loc:
        target = _step(_unwrap(target), part)
        if target is None:
            return []
    found = _unwrap(target)
    if isinstance(found, type) and issubclass(found, BaseModel):
        return [info.alias or name for name, info in found.model_fields.items()]
    return []


def _unwrap(target: Any) -> Any:
    while True:
        origin = get_origin(target)
        if origin is Annotated:
            target = get_args(target)[0]
        elif origin in (Union, types.UnionType):
            members = [arg for arg in get_args(target) if arg is not type(None)]
            if len(members) != 1:
                return target
            target = members[0]
        else:
            return target


def _step(target: Any, part: str | int) -> Any:
    origin = get_origin(target)
    if isinstance(target, type) and issubclass(target, BaseModel) and isinstance(part, str):
        for name, info in target.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
        return None
    if origin in (Union, types.UnionType) and isinstance(part, str):
        for member in get_args(target):
            kind = getattr(member, "model_fields", {}).get("kind")
            if kind is not None and part in get_args(kind.annotation):
                return member
        return None
    if origin in (tuple, list) and isinstance(part, int):
        return get_args(target)[0]
    if origin is dict:
        return get_args(target)[1]
    return None
