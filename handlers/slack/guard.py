"""What a Slack HTTP request must pass before Bolt reads it: a fresh, valid, unseen signature."""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl

from slack_sdk.signature import Clock, SignatureVerifier

__all__ = ["MAX_AGE", "RecentSignatures", "Refusal", "RequestGuard", "is_ssl_check"]

# Slack's limit (and slack_sdk's) on how far a request's timestamp may be from now, either way.
MAX_AGE = 5 * 60
# More signed requests than this within MAX_AGE is far beyond any one team's traffic.
_REMEMBERED = 100_000
_TIMESTAMP_DIGITS = 12


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a request is answered without reaching the app: the HTTP status and one line."""

    status: int
    reason: str


class RecentSignatures:
    """The (timestamp, signature) pairs seen while their timestamp is still acceptable.

    A pair is forgotten once its timestamp is older than `max_age`: the signature check refuses
    it from then on anyway. Memory is bounded by `limit`; past it the oldest pair is forgotten.
    """

    def __init__(self, max_age: float = MAX_AGE, limit: int = _REMEMBERED) -> None:
        self._max_age = max_age
        self._limit = limit
        self._seen: set[tuple[int, str]] = set()
        self._by_age: list[tuple[int, str]] = []

    def __len__(self) -> int:
        return len(self._seen)

    def seen_before(self, timestamp: int, signature: str, now: float) -> bool:
        """True when this pair was seen before; otherwise remember it and return False."""
        self._forget(lambda oldest: oldest[0] < now - self._max_age)
        key = (timestamp, signature)
        if key in self._seen:
            return True
        self._seen.add(key)
        heapq.heappush(self._by_age, key)
        self._forget(lambda _: len(self._seen) > self._limit)
        return False

    def _forget(self, expired: Callable[[tuple[int, str]], bool]) -> None:
        while self._by_age and expired(self._by_age[0]):
            self._seen.discard(heapq.heappop(self._by_age))


class _Now(Clock):
    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now

    def now(self) -> float:
        return self._now()


class RequestGuard:
    """Checks the signature headers of a Slack request and refuses a replay of a signed one.

    A replayed request is refused (401) like a forged one, so it cannot act twice (a second
    approval, silence or audit row).
    """

    def __init__(self, signing_secret: str, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._verifier = SignatureVerifier(signing_secret, clock=_Now(clock))
        self._recent = RecentSignatures()

    def check(self, body: bytes, headers: Mapping[str, str]) -> Refusal | str:
        """The body as text when the request may reach the app, else why not."""
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return Refusal(400, "body is not UTF-8")
        stamp = headers.get("X-Slack-Request-Timestamp", "")
        signature = headers.get("X-Slack-Signature", "")
        if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= _TIMESTAMP_DIGITS):
            return Refusal(401, "missing or malformed X-Slack-Request-Timestamp")
        now = self._clock()
        if abs(now - int(stamp)) > MAX_AGE:
            return Refusal(401, "timestamp more than 5 minutes from now")
        if not signature or not self._verifier.is_valid(text, stamp, signature):
            return Refusal(401, "missing or wrong X-Slack-Signature")
        if self._recent.seen_before(int(stamp), signature, now):
            return Refusal(401, "replay of a request already received")
        return text


def is_ssl_check(body: bytes, headers: Mapping[str, str]) -> bool:
    """Slack's `ssl_check` ping, which Bolt answers with an empty 200 before any signature check.

    It asks for nothing, so it is answered without reaching the app.
    """
    if not headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
        return False
    form = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return ("ssl_check", "1") in form
