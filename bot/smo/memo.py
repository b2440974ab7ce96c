"""Memory for pure functions of a comment's text: the same texts keep coming (spam, "first!")."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

__all__ = ["REMEMBER_UP_TO", "by_text"]

# Longer texts are worked out afresh: they are seldom repeated word for word and weigh on memory.
REMEMBER_UP_TO = 500

_P = ParamSpec("_P")
_R = TypeVar("_R")


def by_text(
    function: Callable[Concatenate[str, _P], _R], size: int = 10_000
) -> Callable[Concatenate[str, _P], _R]:
    """``function`` remembering its last ``size`` results by arguments (all hashable, passed
    by position), for texts of up to ``REMEMBER_UP_TO`` characters."""
    remembered = functools.lru_cache(maxsize=size)(function)

    def call(text: str, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        if kwargs or len(text) > REMEMBER_UP_TO:
            return function(text, *args, **kwargs)
        return remembered(text, *args)

    return call
