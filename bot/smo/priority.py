"""How urgently a comment needs a person: a score from 0 to 100 and the reason in words."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import timedelta

from bot.labels import tone

__all__ = ["INTENT_WEIGHT", "UNREAD_FLOOR", "Priority", "score_priority"]

# What each intent is worth on its own; the strongest intent counts, the others add a little.
INTENT_WEIGHT: dict[str, float] = {
    "abuse": 45.0,
    "complaint": 35.0,
    "support": 30.0,
    "purchase_intent": 30.0,
    "question": 22.0,
    "praise": 8.0,
    "spam": 5.0,
    "other": 3.0,
}
NEGATIVE_WEIGHT = 15.0
# A comment in a language no reader covers scores at least this much: as much as a complaint,
# since nothing read its tone and a person has to.
UNREAD_FLOOR = 35.0
REACH_WEIGHT = 25.0
VISIBILITY_WEIGHT = 10.0
WAITING_WEIGHT = 10.0
WINDOW_WEIGHT = 8.0
STALE_AFTER = timedelta(days=7)
# Built once: constructing a timedelta costs more than the arithmetic done with it.
_NO_TIME = timedelta(0)
_HOUR = timedelta(hours=1)
_DAY = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Priority:
    score: float
    reason: str


def _log_share(value: int, low: float, high: float) -> float:
    """Where ``value`` sits between ``low`` and ``high`` on a log scale, clamped to [0, 1]."""
    if value <= 0:
        return 0.0
    return min(1.0, max(0.0, (math.log10(value) - low) / (high - low)))


def _people(count: int) -> str:
    if count >= 1_000_000_000:
        return f"{count / 1_000_000_000:.1f}B".replace(".0B", "B")
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f}M".replace(".0M", "M")
    if count >= 1_000:
        return f"{count / 1_000:.1f}k".replace(".0k", "k")
    return str(count)


def _age(age: timedelta) -> str:
    hours = age.total_seconds() / 3600
    if hours < 1:
        return f"{max(0, int(hours * 60))} min"
    if hours < 48:
        return f"{hours:.0f} h"
    return f"{hours / 24:.0f} days"


@functools.lru_cache(maxsize=256)
def _intent_part(intents: tuple[str, ...]) -> tuple[float, str]:
    """What the intents are worth together (remembered: there are only so many combinations)."""
    weights = sorted((INTENT_WEIGHT.get(i, 0.0) for i in intents), reverse=True)
    top = weights[0] if weights else 0.0
    return top + 0.2 * sum(weights[1:]), " + ".join(intents) or "no intent"


def score_priority(
    intents: tuple[str, ...],
    sentiment: float,
    author_followers: int,
    age: timedelta,
    *,
    post_impressions: int | None = None,
    window_left: timedelta | None = None,
    unread: str | None = None,
) -> Priority:
    """Score a comment: intent, then how angry, how far it carries, how long it has waited.

    ``unread`` says why no reader could read the comment's tone (its language); such a
    comment, unless spam, scores at least ``UNREAD_FLOOR``."""
    parts = [_intent_part(intents)]
    if sentiment < 0 and "spam" not in intents:
        angry = tone("negative", sentiment).removeprefix("reads as ")
        parts.append((NEGATIVE_WEIGHT * min(1.0, -sentiment), angry))
    if "spam" not in intents:
        # 1,000 followers start to matter; at 1M the author is as loud as the brand.
        reach = REACH_WEIGHT * _log_share(author_followers, 3.0, 6.0)
        if reach > 0:
            parts.append((reach, f"author has {_people(author_followers)} followers"))
        if post_impressions is not None:
            seen = VISIBILITY_WEIGHT * _log_share(post_impressions, 3.0, 6.0)
            if seen > 0:
                parts.append((seen, f"post seen {_people(post_impressions)} times"))
    if age >= STALE_AFTER:
        parts.append((-WAITING_WEIGHT, f"{_age(age)} old, the thread has moved on"))
    elif age > _HOUR:
        waited = WAITING_WEIGHT * min(1.0, age / _DAY)
        parts.append((waited, f"waiting {_age(age)}"))
    if window_left is not None and _NO_TIME < window_left <= _DAY:
        parts.append((WINDOW_WEIGHT, f"reply window closes in {_age(window_left)}"))
    score = max(0.0, min(100.0, sum(p for p, _ in parts)))
    if unread is not None and "spam" not in intents and score < UNREAD_FLOOR:
        parts.append((UNREAD_FLOOR - score, f"{unread}: a person should read it"))
        score = UNREAD_FLOOR
    shown = [text for points, text in sorted(parts, key=lambda p: -abs(p[0])) if abs(points) >= 1]
    return Priority(round(score, 1), "; ".join(shown))
