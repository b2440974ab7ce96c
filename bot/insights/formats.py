"""Content formats compared, and posting cadence: engagement per post against posts per week."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from bot.insights.metrics import MIN_BASELINE_POSTS, ScoredPost, score_posts
from bot.models import OrganicPost

__all__ = [
    "CADENCE_CAP",
    "CADENCE_DROP",
    "MIN_CADENCE_WEEKS",
    "MIN_FORMAT_POSTS",
    "Cadence",
    "CadenceBucket",
    "FormatComparison",
    "FormatStat",
    "compare_formats",
    "posting_cadence",
]

MIN_FORMAT_POSTS = 3
"""One or two posts of a format say more about those posts than about the format."""

MIN_CADENCE_WEEKS = 3
"""A posting rhythm needs a few weeks of it before its result means anything."""

CADENCE_CAP = 4
"""Weeks with this many posts or more on one platform share a bucket ("4+")."""

CADENCE_DROP = 0.85
"""Engagement per post under 85 % of the least-busy rhythm's counts as a real drop."""


@dataclass(frozen=True, slots=True)
class FormatStat:
    """Posts of one format against their brand × platform norm (1.0 = par)."""

    format: str
    posts: int
    median_rate: float
    lift: float
    reach_lift: float
    engagement_lift: float
    platforms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FormatComparison:
    """Formats with enough posts, best first by engagements per post; the rest with counts."""

    ranked: tuple[FormatStat, ...]
    too_few: tuple[tuple[str, int], ...]
    min_posts: int


def compare_formats(
    posts: Sequence[OrganicPost],
    *,
    min_posts: int = MIN_FORMAT_POSTS,
    min_baseline_posts: int = MIN_BASELINE_POSTS,
) -> FormatComparison:
    """Engagement rate, reach and engagements per post of each format against the norm.

    Against the norm of the post's own platform, so a YouTube short is compared with the
    brand's YouTube posts, not with its TikToks.
    """
    by_format: dict[str, list[ScoredPost]] = defaultdict(list)
    for scored in score_posts(posts, min_baseline_posts):
        by_format[scored.post.format].append(scored)
    ranked: list[FormatStat] = []
    too_few: list[tuple[str, int]] = []
    for fmt, group in by_format.items():
        if len(group) < min_posts:
            too_few.append((fmt, len(group)))
            continue
        ranked.append(
            FormatStat(
                format=fmt,
                posts=len(group),
                median_rate=float(statistics.median(s.rate for s in group)),
                lift=float(statistics.median(s.rate_index for s in group)),
                reach_lift=float(statistics.median(s.reach_index for s in group)),
                engagement_lift=float(statistics.median(s.engagement_index for s in group)),
                platforms=tuple(sorted({s.post.platform for s in group})),
            )
        )
    ranked.sort(key=lambda s: (-s.engagement_lift, -s.posts, s.format))
    too_few.sort(key=lambda item: (-item[1], item[0]))
    return FormatComparison(tuple(ranked), tuple(too_few), min_posts)


@dataclass(frozen=True, slots=True)
class CadenceBucket:
    """Platform-weeks with the same number of posts and how those posts did (1.0 = par)."""

    posts_per_week: int
    weeks: int
    posts: int
    engagement_per_post: float
    lift: float

    @property
    def label(self) -> str:
        plus = "+" if self.posts_per_week >= CADENCE_CAP else ""
        return f"{self.posts_per_week}{plus}/week"


@dataclass(frozen=True, slots=True)
class Cadence:
    """How often the brand posts and whether busier weeks cost engagement per post.

    A unit is one platform in one local calendar week (Monday first) that had posts; the
    week in progress is left out because it is not over. ``posts_per_week`` is the brand's
    posts per finished week over every platform; buckets with fewer than ``min_weeks``
    weeks are left out.
    """

    posts_per_week: float
    weeks: int
    buckets: tuple[CadenceBucket, ...]
    verdict: str
    min_weeks: int


def _week_start(when: datetime, zone: tzinfo) -> datetime:
    local = when.astimezone(zone)
    return (local - timedelta(days=local.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )


def _verdict(buckets: Sequence[CadenceBucket]) -> str:
    if len(buckets) < 2:
        return "not enough weeks at different rhythms to compare yet"
    light, busy = buckets[0], buckets[-1]
    ratio = busy.engagement_per_post / light.engagement_per_post
    if ratio < CADENCE_DROP:
        return (
            f"engagement per post falls to {ratio:.0%} at {busy.label} per platform against "
            f"{light.label}: fewer, stronger posts pay more"
        )
    return (
        f"posting {busy.label} per platform kept {ratio:.0%} of the engagement per post seen "
        f"at {light.label}: more posts bring more engagement in total"
    )


def posting_cadence(
    posts: Sequence[OrganicPost],
    zone: tzinfo,
    now: datetime,
    *,
    min_weeks: int = MIN_CADENCE_WEEKS,
    min_baseline_posts: int = MIN_BASELINE_POSTS,
) -> Cadence:
    """Engagement per post (median index) by posts per platform-week."""
    this_week = _week_start(now, zone)
    weeks: dict[tuple[str, datetime], list[ScoredPost]] = defaultdict(list)
    for scored in score_posts(posts, min_baseline_posts):
        start = _week_start(scored.post.published_at, zone)
        if start < this_week:
            weeks[(scored.post.platform, start)].append(scored)
    starts = [_week_start(p.published_at, zone) for p in posts]
    finished = [start for start in starts if start < this_week]
    span = round((this_week - min(finished)) / timedelta(weeks=1)) if finished else 0
    by_count: dict[int, list[list[ScoredPost]]] = defaultdict(list)
    for group in weeks.values():
        by_count[min(len(group), CADENCE_CAP)].append(group)
    buckets: list[CadenceBucket] = []
    for count in sorted(by_count):
        groups = by_count[count]
        if len(groups) < min_weeks:
            continue
        members = [s for group in groups for s in group]
        buckets.append(
            CadenceBucket(
                posts_per_week=count,
                weeks=len(groups),
                posts=len(members),
                engagement_per_post=float(statistics.median(s.engagement_index for s in members)),
                lift=float(statistics.median(s.rate_index for s in members)),
            )
        )
    return Cadence(
        posts_per_week=len(finished) / span if span else 0.0,
        weeks=span,
        buckets=tuple(buckets),
        verdict=_verdict(buckets),
        min_weeks=min_weeks,
    )
