"""Best posting times: engagement by weekday × hour in the brand's time zone."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from bot.insights.metrics import MIN_BASELINE_POSTS, ScoredPost, score_posts
from bot.models import OrganicPost

__all__ = ["DAY_NAMES", "MIN_CELL_POSTS", "TimeSlot", "Timing", "best_times", "local_slot"]

MIN_CELL_POSTS = 3
"""A slot's median from fewer posts is one post's luck, so such slots are left out."""

DAY_NAMES: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def local_slot(when: datetime, zone: tzinfo) -> tuple[int, int]:
    """(weekday 0 = Monday, hour) of an aware moment on the wall clock of ``zone``.

    Converting each moment on its own keeps daylight-saving changes right: 18:00 UTC is
    20:00 in Berlin in summer and 19:00 in winter.
    """
    local = when.astimezone(zone)
    return local.weekday(), local.hour


@dataclass(frozen=True, slots=True)
class TimeSlot:
    """One weekday × hour cell (or a whole hour, or a whole day when the other is None)."""

    weekday: int | None
    hour: int | None
    posts: int
    lift: float
    engagement_lift: float

    @property
    def label(self) -> str:
        day = DAY_NAMES[self.weekday] if self.weekday is not None else ""
        hour = f"{self.hour:02d}:00" if self.hour is not None else ""
        return " ".join(part for part in (day, hour) if part)


@dataclass(frozen=True, slots=True)
class Timing:
    """Slots with at least ``min_posts`` posts, best first by engagements per post.

    ``lift`` is the median engagement-rate index and ``engagement_lift`` the median
    engagements-per-post index of the slot's posts against their brand × platform norm.
    ``left_out`` counts posts whose weekday × hour cell had too few posts.
    """

    zone: str
    cells: tuple[TimeSlot, ...]
    hours: tuple[TimeSlot, ...]
    weekdays: tuple[TimeSlot, ...]
    posts: int
    left_out: int
    min_posts: int

    @property
    def best(self) -> tuple[TimeSlot, ...]:
        return self.cells[:3]


def _slots(
    scored: Sequence[ScoredPost],
    key: Callable[[ScoredPost], tuple[int | None, int | None]],
    min_posts: int,
) -> tuple[list[TimeSlot], int]:
    groups: dict[tuple[int | None, int | None], list[ScoredPost]] = defaultdict(list)
    for item in scored:
        groups[key(item)].append(item)
    kept: list[TimeSlot] = []
    left_out = 0
    for (weekday, hour), group in groups.items():
        if len(group) < min_posts:
            left_out += len(group)
            continue
        kept.append(
            TimeSlot(
                weekday=weekday,
                hour=hour,
                posts=len(group),
                lift=float(statistics.median(s.rate_index for s in group)),
                engagement_lift=float(statistics.median(s.engagement_index for s in group)),
            )
        )
    kept.sort(key=lambda s: (-s.engagement_lift, -s.posts, s.weekday or 0, s.hour or 0))
    return kept, left_out


def best_times(
    posts: Sequence[OrganicPost],
    zone: tzinfo,
    *,
    min_posts: int = MIN_CELL_POSTS,
    min_baseline_posts: int = MIN_BASELINE_POSTS,
) -> Timing:
    """Engagement by weekday × hour, by hour and by weekday, on the wall clock of ``zone``."""
    scored = score_posts(posts, min_baseline_posts)
    slot = {id(s): local_slot(s.post.published_at, zone) for s in scored}
    cells, left_out = _slots(scored, lambda s: slot[id(s)], min_posts)
    hours, _ = _slots(scored, lambda s: (None, slot[id(s)][1]), min_posts)
    weekdays, _ = _slots(scored, lambda s: (slot[id(s)][0], None), min_posts)
    return Timing(
        zone=getattr(zone, "key", None) or str(zone),
        cells=tuple(cells),
        hours=tuple(hours),
        weekdays=tuple(weekdays),
        posts=len(scored),
        left_out=left_out,
        min_posts=min_posts,
    )
