"""Checks across entries of the workspace file: names that refer to nothing, repeats."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from typing import Any

from bot.config.errors import Loc, format_key
from bot.redaction import shown

__all__ = ["duplicates", "unknown"]


def unknown(kind: str, name: str, known: Sequence[str]) -> str:
    """A name that refers to nothing, with the closest known name (or all of them)."""
    known = list(dict.fromkeys(known))
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f"no {kind} named {shown(name)}; did you mean {close[0]!r}?"
    return f"no {kind} named {shown(name)}; known: {', '.join(known) or 'none'}"


def duplicates(items: Sequence[Any], loc: Loc, what: str) -> Iterator[tuple[Loc, str]]:
    """Every repeat of an earlier item; `loc` is (section, field) and gets the index added."""
    first: dict[Any, int] = {}
    for index, item in enumerate(items):
        if item is None:
            continue
        if item in first:
            shown_item = "/".join(item) if isinstance(item, tuple) else shown(item)
            earlier = format_key((loc[0], first[item]))
            yield (loc[0], index, *loc[1:]), f"duplicate {what} {shown_item} (first in {earlier})"
        else:
            first[item] = index
