"""The reply templates, compiled once per folder and rendered variant by variant."""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from bot.bundled import templates_dir
from bot.smo.reply_plan import ReplyContext
from bot.smo.wording import first_upper, possessive, tidy
from bot.templating import template_environment

__all__ = ["TemplateLibrary", "default_templates_dir", "template_base"]

_VARIANT = re.compile(r"v\d+")
# Drafts repeat (same brand, intent, issue, product) but for the reader's name, so a variant is
# rendered once with this private-use character for the name, which is filled in afterwards.
# That gives the same text only while templates print the name as it is and never read the
# author, and while the name holds no whitespace and does not start with punctuation that
# ``tidy`` would pull to the word before it.
_NAME_SLOT = "\ue000"
_PRINTED_NAME = re.compile(r"\{\{ c\.addressee \}\}")
_NAME_USES = re.compile(r"addressee|author")
_TIDY_PUNCTUATION = ",.!?;:"
_WHITESPACE = re.compile(r"\s")
# How many situations' rendered variants are kept; all are forgotten when full (they are few).
_RENDERED_MEMORY = 10_000


def default_templates_dir() -> Path:
    """The ``replies`` folder of the templates shipped with socialpulse."""
    return templates_dir() / "replies"


class TemplateLibrary:
    """Every reply template under one directory, compiled once with its variant macros.

    Layout: ``<lang>/<template>.<voice>.<platform>.j2``, then ``<lang>/<template>.<voice>.j2``,
    then ``<lang>/<template>.j2`` — the first that exists wins. A template defines its variants
    as macros ``v1``, ``v2``, … taking the :class:`ReplyContext` ``c``; files starting with ``_``
    hold shared macros.
    """

    def __init__(self, directory: Path) -> None:
        if not directory.is_dir():
            raise FileNotFoundError(f"reply templates folder not found: {directory}")
        self.directory = directory
        self._env = template_environment(
            directory, {"first_upper": first_upper, "possessive": possessive}
        )
        self._variants: dict[str, tuple[Any, ...]] = {}
        # Per template: whether it prints the name as it is (the shared macro files, which
        # any template may import, count for every one).
        self._names_printed_as_is: dict[str, bool] = {}
        shared_as_is = True
        for name in self._env.list_templates(extensions=["j2"]):
            source = (directory / name).read_text(encoding="utf-8")
            as_is = not _NAME_USES.search(_PRINTED_NAME.sub("", source))
            if Path(name).name.startswith("_"):
                shared_as_is = shared_as_is and as_is
                continue
            self._names_printed_as_is[name] = as_is
            module = self._env.get_template(name).module
            macros = sorted(
                (key for key in dir(module) if _VARIANT.fullmatch(key)), key=lambda k: int(k[1:])
            )
            if not macros:
                raise ValueError(f"{directory / name}: no variant macros v1, v2, …")
            self._variants[name] = tuple(getattr(module, key) for key in macros)
        self._shared_as_is = shared_as_is
        self._rendered: dict[tuple[str, tuple[str | bool | None, ...]], _Rendered] = {}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self._variants))

    def languages(self, template: str) -> frozenset[str]:
        return frozenset(n.split("/")[0] for n in self._variants if template_base(n) == template)

    def find(self, language: str, template: str, voice: str, platform: str) -> str | None:
        for name in (
            f"{language}/{template}.{voice}.{platform}.j2",
            f"{language}/{template}.{voice}.j2",
            f"{language}/{template}.{platform}.j2",
            f"{language}/{template}.j2",
        ):
            if name in self._variants:
                return name
        return None

    def render(self, name: str, context: ReplyContext) -> list[str]:
        """Every variant of template ``name`` rendered for ``context``, whitespace tidied."""
        return [tidy(str(macro(context))) for macro in self._variants[name]]

    def variant_count(self, name: str) -> int:
        return len(self._variants[name])

    def render_in_turn(self, name: str, start: int, context: ReplyContext) -> Iterator[str]:
        """The variants of template ``name`` as ``render`` gives them, one at a time from
        ``start`` round to the one before it."""
        count = len(self._variants[name])
        indexes = [(start + i) % count for i in range(count)]
        situation = _situation(context)
        rendered = self._rendered.get((name, situation))
        if rendered is None:
            if len(self._rendered) >= _RENDERED_MEMORY:
                self._rendered.clear()
            fills = self._shared_as_is and self._names_printed_as_is[name]
            fills = fills and _slot_free(situation)
            rendered = self._rendered[name, situation] = _Rendered(fills, [None] * count)
        if not (rendered.fills and _name_fills_in(context.addressee)):
            for index in indexes:
                yield self._render(name, index, context)
            return
        for index in indexes:
            text = rendered.texts[index]
            if text is None:
                general = replace(context, addressee=_NAME_SLOT, author="")
                text = rendered.texts[index] = self._render(name, index, general)
            yield text.replace(_NAME_SLOT, context.addressee)

    def _render(self, name: str, index: int, context: ReplyContext) -> str:
        return tidy(str(self._variants[name][index](context)))


# Every field of a reply's context but the reader's name and handle.
_situation = operator.attrgetter(
    *(f.name for f in fields(ReplyContext) if f.name not in ("addressee", "author"))
)


@dataclass(slots=True)
class _Rendered:
    """A template's variants rendered for one situation with the name left as a slot (None
    until needed), and whether the situation lets the name be filled in afterwards."""

    fills: bool
    texts: list[str | None]


def _slot_free(situation: tuple[str | bool | None, ...]) -> bool:
    """The situation's half of whether a reply renders the same with the name filled in
    afterwards (``_name_fills_in`` is the name's half)."""
    return not any(isinstance(part, str) and _NAME_SLOT in part for part in situation)


def _name_fills_in(name: str) -> bool:
    """Whether a reply renders the same with ``name`` filled in afterwards, given a situation
    that allows it (``_slot_free``)."""
    return bool(name) and name[0] not in _TIDY_PUNCTUATION and _WHITESPACE.search(name) is None


def template_base(name: str) -> str:
    return Path(name).name.split(".")[0]
