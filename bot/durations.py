"""Prometheus-style durations ("30s", "5m", "1h30m", "2w") parsed to and from timedelta."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

__all__ = ["LONGEST", "Duration", "format_duration", "parse_duration"]

_UNITS: tuple[tuple[str, timedelta], ...] = (
    ("w", timedelta(weeks=1)),
    ("d", timedelta(days=1)),
    ("h", timedelta(hours=1)),
    ("m", timedelta(minutes=1)),
    ("s", timedelta(seconds=1)),
    ("ms", timedelta(milliseconds=1)),
)
# Units must appear largest first and at most once, as in Prometheus; the look-ahead after "m"
# keeps "5ms" from being read as five minutes followed by a stray "s".
_PATTERN = re.compile(
    r"(?:(?P<w>\d+)w)?(?:(?P<d>\d+)d)?(?:(?P<h>\d+)h)?"
    r"(?:(?P<m>\d+)m(?!s))?(?:(?P<s>\d+)s)?(?:(?P<ms>\d+)ms)?"
)
# Nothing socialpulse waits for (a snooze, an interval) is meaningful beyond ten years.
LONGEST = timedelta(days=3650)
_HINT = "use a whole number with a unit (w, d, h, m, s, ms), like 30s, 5m, 4h, 7d, 2w or 1h30m"


def parse_duration(text: str) -> timedelta:
    """Read a duration such as "30s", "5m", "4h", "7d", "2w" or "1h30m"; "0" is zero."""
    if not isinstance(text, str):
        raise ValueError(f"invalid duration {text!r}: {_HINT}")
    stripped = text.strip()
    if stripped == "0":
        return timedelta(0)
    match = _PATTERN.fullmatch(stripped)
    if not stripped or match is None:
        raise ValueError(f"invalid duration {text!r}: {_HINT}")
    total = timedelta(0)
    try:
        for unit, size in _UNITS:
            amount = match.group(unit)
            if amount is not None:
                total += int(amount) * size
    except OverflowError:
        raise ValueError(f"duration {text!r} is too long (at most {LONGEST.days} days)") from None
    if total > LONGEST:
        raise ValueError(f"duration {text!r} is too long (at most {LONGEST.days} days)")
    return total


def format_duration(value: timedelta) -> str:
    """Write a timedelta the way parse_duration reads it, largest units first ("1h30m")."""
    if value < timedelta(0):
        return "-" + format_duration(-value)
    remaining = round(value / timedelta(milliseconds=1))
    if remaining == 0:
        return "0s"
    parts: list[str] = []
    for unit, size in _UNITS:
        unit_ms = size // timedelta(milliseconds=1)
        amount, remaining = divmod(remaining, unit_ms)
        if amount:
            parts.append(f"{amount}{unit}")
    return "".join(parts)


def _coerce_duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if isinstance(value, bool) or not isinstance(value, str):
        # A bare YAML number is the usual slip ("group_wait: 30"), so say what is missing.
        raise ValueError(f"invalid duration {value!r}: a duration needs a unit; {_HINT}")
    return parse_duration(value)


Duration = Annotated[
    timedelta,
    BeforeValidator(_coerce_duration),
    PlainSerializer(format_duration, return_type=str, when_used="json"),
]
"""A timedelta field that accepts duration strings in configuration files."""
