"""The bot's "now": a clock handed to whatever needs the time, the real UTC one by default."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["Clock", "utcnow"]

Clock = Callable[[], datetime]
"""Returns the current moment, timezone-aware; tests and the demo pass a fixed or manual one."""


def utcnow() -> datetime:
    return datetime.now(UTC)
