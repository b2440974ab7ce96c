"""Lexicon cues found in a comment: every cue set in one pass over the comment's word starts."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from bot.smo.lexicon import CueSpec

__all__ = ["CueScanner", "Hit"]

_WORD_START = re.compile(r"(?<![\w/])\S")
_SPECIAL = frozenset("\\()[]{}.^$|?*+")
_ZERO_WIDTH = ("?=", "?!", "?<=", "?<!")
# How many leading characters of a word pick the regexes tried there; the longest known wins.
_PREFIX = 3
# How many resolved prefixes are kept; all are forgotten when full (real text has far fewer).
_RESOLVED_MEMORY = 50_000
# How many code points ``_case_exceptions`` asks the regex engine about at once.
_BLOCK = 1 << 16

_Tries = tuple[tuple[int, re.Pattern[str]], ...]


@dataclass(frozen=True, slots=True)
class Hit:
    """A cue that matched, the text it matched and where."""

    cue: CueSpec
    text: str
    start: int


def _first_char(pattern: str) -> str | None:
    """The character every match of ``pattern`` starts with, if that is plain to see."""
    if not pattern or pattern[0] in "\\([.^$|?*+{" or pattern[1:2] in ("?", "*", "{"):
        return None
    return pattern[0].lower()


def _compile(cues: Sequence[CueSpec], indexes: Sequence[int]) -> re.Pattern[str]:
    alternatives = "|".join(f"(?P<c{i}>{cues[i].pattern})" for i in indexes)
    return _regex(rf"(?:{alternatives})(?!\w)")


@functools.lru_cache(maxsize=4096)
def _regex(source: str) -> re.Pattern[str]:
    # Shared by every engine in the process: the cue sets make some 850 patterns, more than
    # the re module's own cache keeps, and compiling them is most of building an engine.
    return re.compile(source, re.IGNORECASE)


class _CueSet:
    """One cue set matched at each word start, trying only the cues that can begin with its
    character (plus those whose first character is not a plain literal); the earliest cue in
    the set wins at a position and the scan resumes after its match.

    This is the definition of a cue set's hits; :class:`CueScanner` finds the same hits faster
    and falls back to this for the rare text its shortcut cannot read.
    """

    def __init__(self, cues: Sequence[CueSpec]) -> None:
        self.cues = tuple(cues)
        firsts = [_first_char(cue.pattern) for cue in self.cues]
        self._by_char = {
            key: _compile(self.cues, [i for i, f in enumerate(firsts) if f is None or f == key])
            for key in {f for f in firsts if f is not None}
        }
        loose = [i for i, f in enumerate(firsts) if f is None]
        self._loose = _compile(self.cues, loose) if loose else None

    def find(self, text: str) -> list[Hit]:
        hits: list[Hit] = []
        end = 0
        for start in _WORD_START.finditer(text):
            position = start.start()
            if position < end:
                continue
            regex = self._by_char.get(text[position].lower(), self._loose)
            if regex is None:
                continue
            match = regex.match(text, position)
            if match is None or match.lastgroup is None:
                continue
            end = match.end()
            hits.append(Hit(self.cues[int(match.lastgroup[1:])], match.group(0), position))
        return hits


class CueScanner:
    """Named cue sets, each found as :class:`_CueSet` defines, all in one pass per text.

    Trying each set's candidate cues at every word start in Python dominated the engine's time
    (one big alternation per set is slower still: the regex engine tries every alternative).
    Here a word start looks up its first few lower-cased characters (up to ``_PREFIX``) and
    tries only the regexes, across all sets, of cues that can begin with them (``_prefixes``
    reads that from each pattern; a cue whose start it cannot read is tried everywhere).
    Lower-casing agrees with the regex engine's case-insensitive matching but for a few
    characters (İ, ı, ſ); a text holding one of those is scanned set by set.
    """

    def __init__(self, sets: Mapping[str, Sequence[CueSpec]]) -> None:
        self._names = tuple(sets)
        self._sets = tuple(_CueSet(cues) for cues in sets.values())
        starts = [[_starts(cue.pattern) for cue in s.cues] for s in self._sets]
        known = {p for found in starts for cue in found if cue is not None for p in cue}
        letters = frozenset("".join(known))
        self._unlike_lower = _case_exceptions(letters)
        # Every key a word start can look up: each cue start and its shorter beginnings, for
        # the end of a text and for text that goes on differently from every longer start.
        keys = sorted({p[:n] for p in known for n in range(1, len(p) + 1)})
        compiled: dict[tuple[int, tuple[int, ...]], re.Pattern[str]] = {}
        self._tries = {key: self._tries_at(key, starts, compiled) for key in keys}
        self._anywhere = self._tries_at("", starts, compiled)
        self._resolved: dict[str, _Tries] = {}
        self._nothing: dict[str, tuple[Hit, ...]] = {name: () for name in self._names}

    def _tries_at(
        self,
        key: str,
        starts: list[list[frozenset[str] | None]],
        compiled: dict[tuple[int, tuple[int, ...]], re.Pattern[str]],
    ) -> _Tries:
        """Per set, the regex of cues that can match where the text starts with ``key``."""
        beginnings = {key[:n] for n in range(1, len(key) + 1)}
        tries: list[tuple[int, re.Pattern[str]]] = []
        for index, (cue_set, found) in enumerate(zip(self._sets, starts, strict=True)):
            chosen = tuple(
                i
                for i, prefixes in enumerate(found)
                if prefixes is None or not beginnings.isdisjoint(prefixes)
            )
            if chosen:
                if (index, chosen) not in compiled:
                    compiled[index, chosen] = _compile(cue_set.cues, chosen)
                tries.append((index, compiled[index, chosen]))
        return tuple(tries)

    def scan(self, text: str) -> dict[str, tuple[Hit, ...]]:
        """Each set's hits in ``text``, in order of position."""
        lower = text.lower()
        # Only İ lowers to more than one character, so equal lengths keep positions aligned.
        if len(lower) != len(text) or not self._unlike_lower.isdisjoint(text):
            return self.scan_per_set(text)
        hits: dict[int, list[Hit]] = {}
        ends = [0] * len(self._sets)
        resolved = self._resolved
        for start in _WORD_START.finditer(text):
            position = start.start()
            prefix = lower[position : position + _PREFIX]
            tries = resolved.get(prefix)
            if tries is None:
                tries = self._resolve(prefix)
            for index, regex in tries:
                if position < ends[index]:
                    continue
                match = regex.match(text, position)
                if match is None or match.lastgroup is None:
                    continue
                ends[index] = match.end()
                cue = self._sets[index].cues[int(match.lastgroup[1:])]
                hits.setdefault(index, []).append(Hit(cue, match.group(0), position))
        found = dict(self._nothing)
        for index, listed in hits.items():
            found[self._names[index]] = tuple(listed)
        return found

    def _resolve(self, prefix: str) -> _Tries:
        """The regexes to try where the text goes on with ``prefix``: those of its longest
        beginning that is a known key, remembered for the next word that starts the same."""
        tries = self._anywhere
        for width in range(len(prefix), 0, -1):
            found = self._tries.get(prefix[:width])
            if found is not None:
                tries = found
                break
        if len(self._resolved) >= _RESOLVED_MEMORY:
            self._resolved.clear()
        self._resolved[prefix] = tries
        return tries

    def scan_per_set(self, text: str) -> dict[str, tuple[Hit, ...]]:
        """What ``scan`` gives, found the slow way: set by set, as ``_CueSet`` defines."""
        return {name: tuple(s.find(text)) for name, s in zip(self._names, self._sets, strict=True)}


def _starts(pattern: str) -> frozenset[str] | None:
    """How a cue can start (see ``_prefixes``), never wider than where ``_CueSet`` tries it."""
    first = _first_char(pattern)
    prefixes = _prefixes(pattern)
    if first is None:
        return prefixes
    if len(first) != 1:
        # Only a character whose lower case is longer (İ) starts it; such texts take the old way.
        return frozenset()
    if prefixes is None or any(p[0] != first for p in prefixes):
        return frozenset({first})
    return prefixes


def _prefixes(pattern: str, width: int = _PREFIX) -> frozenset[str] | None:
    """The lower-cased first ``width`` characters of every match of ``pattern``, as the set of
    possibilities; shorter where what follows is not plain. None when even the first is not.

    It reads the plain forms the lexicon uses (literals, ``(?:a|b)`` groups, an optional group,
    lookarounds); anything else counts as not plain, which is always safe.
    """
    branches = _split_top_level(pattern)
    if branches is None:
        return None
    found: set[str] = set()
    for branch in branches:
        prefixes = _sequence_prefixes(branch, width)
        if prefixes is None or "" in prefixes:
            return None
        found |= prefixes
    return frozenset(found)


def _sequence_prefixes(pattern: str, width: int) -> frozenset[str] | None:
    """Like ``_prefixes`` for a pattern without top-level ``|``; "" means it may match empty."""
    if width == 0 or not pattern:
        return frozenset({""})
    if pattern[0] == "(":
        end = _group_end(pattern)
        if end is None:
            return None
        body, rest = pattern[1:end], pattern[end + 1 :]
        if body.startswith(_ZERO_WIDTH):
            return None if rest[:1] in ("?", "*", "+", "{") else _sequence_prefixes(rest, width)
        if not body.startswith("?:") or rest[:1] in ("*", "+", "{") or rest[:2] == "??":
            return None
        optional = rest[:1] == "?"
        rest = rest[1:] if optional else rest
        alternatives = _split_top_level(body[2:])
        if alternatives is None:
            return None
        found: set[str] = set()
        for alternative in [*alternatives, *([""] if optional else [])]:
            prefixes = _sequence_prefixes(alternative + rest, width)
            if prefixes is None:
                return None
            found |= prefixes
        return frozenset(found)
    if pattern[0] == "\\":
        escaped = pattern[1:2]
        if not escaped or (escaped.isascii() and escaped.isalnum()):
            return None
        literal, rest = escaped, pattern[2:]
    elif pattern[0] in _SPECIAL:
        return None
    else:
        literal, rest = pattern[0], pattern[1:]
    low = literal.lower()
    if len(low) != 1 or rest[:1] in ("?", "*", "{"):
        return None
    if rest[:1] == "+":
        return frozenset({low})
    tail = _sequence_prefixes(rest, width - 1)
    return frozenset({low}) if tail is None else frozenset(low + t for t in tail)


def _top_level(pattern: str) -> Iterator[tuple[int, str, int]]:
    """Position, character and group depth of each character outside escapes and classes."""
    depth = 0
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i += 1
            if pattern[i : i + 1] == "^":
                i += 1
            if pattern[i : i + 1] == "]":
                i += 1
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            i += 1
            continue
        if char == ")":
            depth -= 1
        yield i, char, depth
        if char == "(":
            depth += 1
        i += 1


def _split_top_level(pattern: str) -> list[str] | None:
    """``pattern`` split at its top-level ``|``; None when its groups do not balance."""
    parts: list[str] = []
    last = 0
    for i, char, depth in _top_level(pattern):
        if depth < 0:
            return None
        if char == "|" and depth == 0:
            parts.append(pattern[last:i])
            last = i + 1
    parts.append(pattern[last:])
    return parts


def _group_end(pattern: str) -> int | None:
    """Where the group that opens ``pattern`` closes."""
    for i, char, depth in _top_level(pattern):
        if char == ")" and depth == 0:
            return i
    return None


@functools.cache
def _case_exceptions(letters: frozenset[str]) -> frozenset[str]:
    """Characters for which "matches one of ``letters`` ignoring case" is not "its lower case
    is that letter" (ſ matches s, İ matches i); found by asking the regex engine about all."""
    if not letters:
        return frozenset()
    any_letter = re.compile("[" + "".join(re.escape(c) for c in sorted(letters)) + "]", re.I)
    # Asked a block of code points at a time: all of them in one string, and the list of
    # one-character strings that builds it, would pass through about 100 MB.
    found: set[str] = set()
    for start in range(0, sys.maxunicode + 1, _BLOCK):
        block = "".join(map(chr, range(start, min(start + _BLOCK, sys.maxunicode + 1))))
        found.update(any_letter.findall(block))
    exceptions: set[str] = set()
    for char in found:
        matched = {c for c in letters if re.fullmatch(re.escape(c), char, re.I)}
        if matched != {char.lower()}:
            exceptions.add(char)
    return frozenset(exceptions)
