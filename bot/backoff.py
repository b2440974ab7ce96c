"""Work that keeps failing is tried again later and later, with one log line per try."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.health_state import error_name
from bot.store import EXPECTED_FAILURES

__all__ = ["Backoff", "expected"]

# Failures of the world around the bot (a full disk, a locked database, a file it may not
# read, a network that is down) rather than of its code: no traceback for these.
_EXPECTED: tuple[type[BaseException], ...] = (OSError, *EXPECTED_FAILURES, TimeoutError)


def expected(exc: BaseException) -> bool:
    return isinstance(exc, _EXPECTED)


@dataclass(slots=True)
class _Streak:
    failures: int
    retry_at: float
    traced: bool


class Backoff:
    """Per key (a stage, a feed): after a failure the key is not due for 1, 2, 4 … seconds up
    to `most`; the first success ends the streak. Each failure is one log line; an
    unexpected exception carries its traceback once per streak."""

    def __init__(
        self,
        log: logging.Logger,
        first: float = 1.0,
        most: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._log = log
        self._first = first
        self._most = most
        self._clock = clock
        self._streaks: dict[str, _Streak] = {}

    def due(self, key: str) -> bool:
        streak = self._streaks.get(key)
        return streak is None or self._clock() >= streak.retry_at

    def succeeded(self, key: str) -> None:
        if self._streaks.pop(key, None) is not None:
            self._log.info("%s working again", key)

    def failed(self, key: str, exc: BaseException) -> float:
        """Note a failure and log it; returns the seconds until the key is due again."""
        streak = self._streaks.get(key)
        failures = 1 if streak is None else streak.failures + 1
        delay = min(self._first * 2.0 ** (failures - 1), self._most)
        traced = streak is not None and streak.traced
        trace = not expected(exc) and not traced
        self._streaks[key] = _Streak(failures, self._clock() + delay, traced or trace)
        self._log.warning(
            "%s failed error=%s retry_in=%.0fs failures=%d reason=%s",
            key,
            error_name(exc),
            delay,
            failures,
            exc,
            exc_info=exc if trace else None,
        )
        return delay
