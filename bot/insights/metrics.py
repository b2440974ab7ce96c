"""Engagement rate and each post's standing against its brand's norm on the same platform."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.models import OrganicPost

__all__ = [
    "LOOKBACK",
    "MATURE_AFTER",
    "MIN_BASELINE_POSTS",
    "MIN_LOG_SPREAD",
    "Baseline",
    "ScoredPost",
    "baselines",
    "engagement_rate",
    "engagements",
    "mature",
    "score_posts",
    "views",
]

LOOKBACK = timedelta(days=90)
"""A quarter of posts: enough per platform for a median, recent enough to be today's audience."""

MATURE_AFTER = timedelta(hours=24)
"""A post gathers most of its engagement in its first day; younger ones would drag medians down."""

MIN_BASELINE_POSTS = 5
"""Below this many posts a platform's median moves with every new post, so nothing is judged."""

MIN_LOG_SPREAD = 0.1
"""A floor of about ±10 % on the spread, so nearly identical posts do not make noise look huge."""


def engagements(post: OrganicPost) -> int:
    """Likes + comments + shares + saves (clicks are traffic, not engagement)."""
    return post.likes + post.comments + post.shares + post.saves


def views(post: OrganicPost) -> int:
    """The rate's denominator: impressions, or reach when a platform reports no impressions."""
    return post.impressions or post.reach


def engagement_rate(post: OrganicPost) -> float | None:
    """(likes + comments + shares + saves) / impressions, falling back to reach; None unseen."""
    seen = views(post)
    return engagements(post) / seen if seen else None


def _audience(post: OrganicPost) -> int:
    return post.reach or post.impressions


def mature(posts: Iterable[OrganicPost], now: datetime) -> list[OrganicPost]:
    """The posts old enough to have settled metrics."""
    return [p for p in posts if now - p.published_at >= MATURE_AFTER]


@dataclass(frozen=True, slots=True)
class Baseline:
    """What is normal for one brand on one platform.

    ``log_rate_spread`` is the MAD of log engagement rates around their platform's median,
    scaled to a standard deviation (× 1.4826): the robust yardstick for "well above the
    norm". It is pooled over the brand's platforms because the MAD of the eight posts a
    brand may have on one platform swings widely.
    """

    brand: str
    platform: str
    posts: int
    median_rate: float
    median_reach: float
    median_engagements: float
    log_rate_median: float
    log_rate_spread: float


@dataclass(frozen=True, slots=True)
class ScoredPost:
    """A post with its rate and how it compares with its brand × platform baseline (1.0 = par).

    ``engagement_index`` is engagements per post against the norm: roughly ``rate_index``
    (how engaging per view) times ``reach_index`` (how far it travelled).
    """

    post: OrganicPost
    rate: float
    rate_index: float
    reach_index: float
    engagement_index: float
    baseline: Baseline

    @property
    def log_rate_z(self) -> float:
        """Robust z-score of the log engagement rate within its baseline."""
        if self.rate <= 0:
            return -math.inf
        return (math.log(self.rate) - self.baseline.log_rate_median) / self.baseline.log_rate_spread


def baselines(
    posts: Iterable[OrganicPost], min_posts: int = MIN_BASELINE_POSTS
) -> dict[tuple[str, str], Baseline]:
    """The norm per (brand, platform) over the seen posts, for groups with enough of them."""
    groups: dict[tuple[str, str], list[OrganicPost]] = defaultdict(list)
    for post in posts:
        if views(post):
            groups[(post.brand, post.platform)].append(post)
    medians: dict[tuple[str, str], float] = {}
    deviations: dict[str, list[float]] = defaultdict(list)
    for key, group in groups.items():
        rates = [engagements(p) / views(p) for p in group]
        if len(group) < min_posts or statistics.median(rates) <= 0:
            continue
        logs = [math.log(r) for r in rates if r > 0]
        medians[key] = statistics.median(logs)
        deviations[key[0]].extend(x - medians[key] for x in logs)
    spread = {
        brand: max(1.4826 * statistics.median(abs(d) for d in devs), MIN_LOG_SPREAD)
        for brand, devs in deviations.items()
    }
    found: dict[tuple[str, str], Baseline] = {}
    for (brand, platform), log_median in medians.items():
        group = groups[(brand, platform)]
        found[(brand, platform)] = Baseline(
            brand=brand,
            platform=platform,
            posts=len(group),
            median_rate=float(statistics.median(engagements(p) / views(p) for p in group)),
            median_reach=float(statistics.median(_audience(p) for p in group)),
            median_engagements=float(statistics.median(engagements(p) for p in group)),
            log_rate_median=log_median,
            log_rate_spread=spread[brand],
        )
    return found


def score_posts(
    posts: Sequence[OrganicPost], min_baseline_posts: int = MIN_BASELINE_POSTS
) -> list[ScoredPost]:
    """Every seen post on a platform with a baseline, scored against that baseline."""
    norms = baselines(posts, min_baseline_posts)
    scored: list[ScoredPost] = []
    for post in posts:
        norm = norms.get((post.brand, post.platform))
        rate = engagement_rate(post)
        if norm is None or rate is None:
            continue
        scored.append(
            ScoredPost(
                post=post,
                rate=rate,
                rate_index=rate / norm.median_rate,
                reach_index=_audience(post) / max(norm.median_reach, 1.0),
                engagement_index=engagements(post) / max(norm.median_engagements, 1.0),
                baseline=norm,
            )
        )
    return scored
