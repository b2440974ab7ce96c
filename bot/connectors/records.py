"""A platform's comment as the file feeds' comment JSON, read by the feeds' own parser and
screen: every connector stores the same records as a feed file would."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from bot.feeds.jsonl import parse_comment
from bot.feeds.screen import Screen
from bot.models import Comment, Rejected

__all__ = ["Refused", "feed_comment", "platform_time"]


class Refused(ValueError):
    """An item that cannot be stored; the message is the quarantine reason."""


def feed_comment(
    record: dict[str, Any], source: str, position: int, screen: Screen, now: datetime
) -> Comment:
    """The comment `record` (the feeds' documented fields) describes, or Refused with why."""
    parsed = parse_comment(json.dumps(record, ensure_ascii=False), source, position)
    if isinstance(parsed, Rejected):
        raise Refused(parsed.reason)
    assert isinstance(parsed, Comment)
    problem = screen.problem(parsed, now)
    if problem is not None:
        raise Refused(problem)
    return parsed


def platform_time(value: object, name: str) -> datetime:
    """A Unix time (seconds; milliseconds when it is that large) or an ISO-8601 string."""
    if isinstance(value, bool):
        raise Refused(f"{name}: expected a time, got a boolean")
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 100_000_000_000 else value
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            raise Refused(f"{name}: time out of range: {value!r}") from None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("+0000", "+00:00"))
        except ValueError:
            raise Refused(f"{name}: not a time: {value[:40]!r}") from None
        if moment.tzinfo is None:
            raise Refused(f"{name}: time has no UTC offset: {value[:40]!r}")
        return moment.astimezone(UTC)
    raise Refused(f"{name}: missing" if value is None else f"{name}: expected a time")
