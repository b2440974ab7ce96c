"""Large word patterns searched only in texts holding a literal beginning every match needs."""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, cast

__all__ = ["Gated", "gated", "match_beginnings"]

# Beginnings worked out up to this many characters, with at most this many of them: longer
# ones rule out more texts, but a gate of thousands of beginnings costs what it should save.
_LONGEST = 8
_MOST = 2000
# A character class of up to this many literal characters is spelled out into beginnings.
_CLASS_CHARS = 12

_Items = Sequence[tuple[Any, Any]]


class _Unbounded(Exception):
    """The pattern has a part the analysis does not follow: no gate."""


def match_beginnings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Non-empty literal strings one of which every match of ``pattern`` starts with, or None
    when no such set is found (a match may be empty, or start with any letter, say)."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except re.error:
        return None
    for longest in range(_LONGEST, 0, -1):
        try:
            found = _starts(list(parsed.data), longest)
        except _Unbounded:
            return None
        if "" in found:
            return None
        if len(found) <= _MOST:
            return frozenset(found)
    return None


def _starts(items: _Items, longest: int) -> set[str]:
    """Beginnings (of up to ``longest`` characters; "" when none can be told) one of which
    every match of ``items`` starts with."""
    if longest == 0 or not items:
        return {""}
    (op, av), rest = items[0], items[1:]
    if op is sre.LITERAL:
        return {chr(av) + tail for tail in _starts(rest, longest - 1)}
    if op is sre.IN:
        chars = _class_chars(av)
        if chars is None:
            return {""}
        tails = _starts(rest, longest - 1)
        return {char + tail for char in chars for tail in tails}
    if op is sre.SUBPATTERN:
        _, add_flags, _, body = av
        if add_flags & sre.SRE_FLAG_IGNORECASE:
            raise _Unbounded
        return _starts([*body.data, *rest], longest)
    if op is sre.BRANCH:
        found: set[str] = set()
        for alternative in av[1]:
            found |= _starts([*alternative.data, *rest], longest)
            _check_size(found)
        return found
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, body = av
        # A match starts with the repeated part's beginning, or, if it may be absent, with
        # what follows it.
        found = _starts(list(body.data), longest)
        if low == 0:
            found |= _starts(rest, longest)
        return found
    if op is sre.ATOMIC_GROUP:
        return _starts([*av.data, *rest], longest)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _starts(rest, longest)  # matches no characters
    return {""}


def _class_chars(items: _Items) -> list[str] | None:
    """The characters of a character class made of a few literals and ranges, else None."""
    chars: list[str] = []
    for op, av in items:
        # No case for \d: in a str pattern it matches any Unicode digit ("４５ minutes"),
        # far more than a few literals.
        if op is sre.LITERAL:
            chars.append(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < _CLASS_CHARS:
            chars.extend(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    return chars if len(chars) <= _CLASS_CHARS else None


def _check_size(found: set[str]) -> None:
    if len(found) > 50 * _MOST:
        raise _Unbounded


class Gated:
    """A compiled pattern whose searches first look, far faster, for one of the literal
    beginnings every match needs; a text with none of them cannot match. The answers are
    those of the pattern itself."""

    __slots__ = ("_full", "_gate", "flags", "groupindex", "groups", "pattern")

    def __init__(self, full: re.Pattern[str]) -> None:
        self._full = full
        self.pattern = full.pattern
        self.flags = full.flags
        self.groups = full.groups
        self.groupindex = full.groupindex
        beginnings = match_beginnings(full)
        self._gate: Callable[[str, int, int], object] | None = None
        if beginnings is not None:
            self._gate = re.compile(_trie(sorted(beginnings))).search

    def _may(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        return self._gate is None or self._gate(string, pos, endpos) is not None

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if not self._may(string, pos, endpos):
            return None
        return self._full.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if not self._may(string, pos, endpos):
            return None
        return self._full.match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        if not self._may(string, pos, endpos):
            return None
        return self._full.fullmatch(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        if not self._may(string, pos, endpos):
            return iter(())
        return self._full.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        if not self._may(string, pos, endpos):
            return []
        return self._full.findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        if not self._may(string):
            return string
        return self._full.sub(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        if not self._may(string):
            return [string]
        return self._full.split(string, maxsplit)

    def __repr__(self) -> str:
        return f"Gated({self._full!r})"


def _trie(words: list[str]) -> str:
    """A pattern matching where any of ``words`` (sorted, none empty) begins: a trie of
    alternatives, each led by one literal character, so the search skips ahead fast."""
    if any(len(w) == 1 for w in words):
        # A one-character word: the shorter beginning is all that matters here.
        singles = sorted({w for w in words if len(w) == 1})
        rest = sorted({w for w in words if w[0] not in singles})
        words = singles + rest
    branches: list[str] = []
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    for first, tails in by_first.items():
        if "" in tails:
            branches.append(re.escape(first))
        else:
            branches.append(re.escape(first) + "(?:" + _trie(tails) + ")")
    return "|".join(branches)


def gated(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a gate of its matches' literal beginnings (see ``Gated``), for the
    modules that keep their patterns typed as compiled ones: it answers every method a word
    pattern is searched with as the pattern itself does."""
    return cast("re.Pattern[str]", Gated(pattern))
