"""How long a snooze may last: one rule for Slack, Telegram and the command line."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.durations import parse_duration
from bot.models import UNTIL_RESOLVED

__all__ = [
    "LONGEST_SNOOZE",
    "UNTIL_RESOLVED_WORD",
    "UNTIL_RESOLVED_WORDS",
    "BadSnooze",
    "Snooze",
    "parse_snooze",
    "snoozed_until",
]

# A snooze is for a while, not for good: `until-resolved` covers "as long as it lasts".
LONGEST_SNOOZE = timedelta(days=365)
# The word, as typed and shown; the silence it makes ends at bot.models.UNTIL_RESOLVED.
UNTIL_RESOLVED_WORD = "until-resolved"
UNTIL_RESOLVED_WORDS = (UNTIL_RESOLVED_WORD, "until_resolved", "resolved")
_HINT = "use 24h, 7d or until-resolved"
# Milliseconds per unit, in whole numbers: Python's integers never overflow.
_MS = {"w": 604_800_000, "d": 86_400_000, "h": 3_600_000, "m": 60_000, "s": 1000, "ms": 1}
# Numbers with units in any order: enough to tell "far too long" from "not a duration" when
# the duration parser refuses a length past its own cap.
_PARTS = re.compile(r"(?:\d+(?:ms|[wdhms]))+")
_PART = re.compile(r"(\d+)(ms|[wdhms])")
_NEGATIVE = re.compile(r"-\s*\d[\dwdhms]*")


@dataclass(frozen=True, slots=True)
class Snooze:
    """A snooze length the rule accepts: `text` as the team reads it (`24h`, `until-resolved`)
    and `length`, None for until the alert resolves."""

    text: str
    length: timedelta | None


class BadSnooze(ValueError):
    """A snooze length the rule refuses. The message names the value as written; `explain`
    quotes it the way a channel shows typed words (a Slack code span, Telegram <code>)."""

    def __init__(self, value: str, problem: str) -> None:
        self.value = value
        self.problem = problem
        super().__init__(self.explain(repr))

    def explain(self, quote: Callable[[str], str]) -> str:
        return f"{quote(self.value)} {self.problem}" if self.value else f"no {self.problem}"


def parse_snooze(text: str) -> Snooze:
    """Read how long to snooze: more than 0 and at most 365 days (`90m`, `24h`, `7d`, `2w`), or
    `until-resolved` (also `until_resolved`, `resolved`); any case. Raises BadSnooze."""
    value = text.strip()
    word = value.lower()
    if word in UNTIL_RESOLVED_WORDS:
        return Snooze(UNTIL_RESOLVED_WORD, None)
    if not word:
        raise BadSnooze("", f"snooze length given; {_HINT}")
    if _NEGATIVE.fullmatch(word):
        raise BadSnooze(value, f"is negative: a snooze must be longer than 0; {_HINT}")
    try:
        length = parse_duration(word)
    except ValueError:
        if _past_the_longest(word):
            raise BadSnooze(value, _too_long()) from None
        raise BadSnooze(value, f"is not a duration; {_HINT}") from None
    if length <= timedelta(0):
        raise BadSnooze(value, f"is no time at all: a snooze must be longer than 0; {_HINT}")
    if length > LONGEST_SNOOZE:
        raise BadSnooze(value, _too_long())
    return Snooze(word, length)


def snoozed_until(ends_at: str) -> str:
    """How long a silence holds, as a chat answer says it: "until it resolves", or "until
    2026-03-09 14:00 UTC" (`ends_at` is the silence's end, an ISO moment in UTC)."""
    if ends_at == UNTIL_RESOLVED:
        return "until it resolves"
    return f"until {ends_at[:16].replace('T', ' ')} UTC"


def _too_long() -> str:
    return (
        f"is too long: a snooze lasts at most {LONGEST_SNOOZE.days} days; "
        "until-resolved keeps the alert quiet while it lasts"
    )


def _past_the_longest(word: str) -> bool:
    """True for numbers with units that add up to more than LONGEST_SNOOZE."""
    if not _PARTS.fullmatch(word):
        return False
    total = sum(int(amount) * _MS[unit] for amount, unit in _PART.findall(word))
    return total > LONGEST_SNOOZE // timedelta(milliseconds=1)
