"""One brand's organic insights assembled from the engines, and the async entry points."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from bot.config.brands import Brand
from bot.config.workspace import Workspace
from bot.insights.boost import boost_candidates
from bot.insights.formats import Cadence, FormatComparison, compare_formats, posting_cadence
from bot.insights.hashtags import (
    TREND_EARLIER,
    TREND_RECENT,
    HashtagPerformance,
    TimedText,
    TrendingHashtag,
    hashtag_performance,
    trending_hashtags,
)
from bot.insights.metrics import LOOKBACK, baselines, engagement_rate, mature
from bot.insights.profiles import ProfileAuditReport, audit_profiles
from bot.insights.queries import comment_texts_with_hashtags, latest_profiles, posts_since
from bot.insights.suggest import HashtagSuggestions, suggest_hashtags
from bot.insights.timing import Timing, best_times
from bot.models import OrganicPost, ProfileSnapshot
from bot.smm.targets import BoostCandidate
from bot.store import Store

__all__ = [
    "InsightReport",
    "PlatformNorm",
    "boost_candidates_for",
    "build_report",
    "hashtag_suggestions_for",
    "insights_for",
]


@dataclass(frozen=True, slots=True)
class PlatformNorm:
    """The brand's median engagement rate on one platform: the par every lift is against."""

    platform: str
    posts: int
    median_rate: float


@dataclass(frozen=True, slots=True)
class InsightReport:
    """Everything the posts, profiles and comments say about one brand at ``now``.

    Lifts are against the brand's own norm on the same platform (1.0 = par); engagement
    rate = (likes + comments + shares + saves) / impressions, or / reach without impressions.
    ``posts`` counts the posts since ``since`` that are old enough to judge.
    """

    brand: str
    brand_name: str
    now: datetime
    since: datetime
    zone: str
    posts: int
    median_rate: float | None
    norms: tuple[PlatformNorm, ...]
    hashtags: HashtagPerformance
    trending: tuple[TrendingHashtag, ...]
    timing: Timing
    platform_timing: tuple[tuple[str, Timing], ...]
    formats: FormatComparison
    cadence: Cadence
    profiles: ProfileAuditReport
    boost: tuple[BoostCandidate, ...]


def build_report(
    brand: Brand,
    posts: Sequence[OrganicPost],
    snapshots: Sequence[ProfileSnapshot],
    comments: Sequence[TimedText],
    zone: tzinfo,
    now: datetime,
) -> InsightReport:
    """The report from data already read (pure); ``posts`` should cover ``LOOKBACK``."""
    since = now - LOOKBACK
    window = [p for p in posts if p.brand == brand.id and since <= p.published_at <= now]
    settled = mature(window, now)
    rates = [r for r in (engagement_rate(p) for p in settled) if r is not None]
    norms = tuple(
        PlatformNorm(platform, norm.posts, norm.median_rate)
        for (_, platform), norm in sorted(baselines(settled).items())
    )
    platforms = sorted({p.platform for p in settled})
    return InsightReport(
        brand=brand.id,
        brand_name=brand.name,
        now=now,
        since=since,
        zone=getattr(zone, "key", None) or str(zone),
        posts=len(settled),
        median_rate=float(statistics.median(rates)) if rates else None,
        norms=norms,
        hashtags=hashtag_performance(settled),
        trending=trending_hashtags(window, comments, now),
        timing=best_times(settled, zone),
        platform_timing=tuple(
            (platform, best_times([p for p in settled if p.platform == platform], zone))
            for platform in platforms
        ),
        formats=compare_formats(settled),
        cadence=posting_cadence(settled, zone, now),
        profiles=audit_profiles(snapshots, brand, now),
        boost=boost_candidates(settled, now, handles={brand.id: dict(brand.handles)}),
    )


def _brand(workspace: Workspace, brand_id: str) -> Brand:
    brand = workspace.brand(brand_id)
    if brand is None:
        known = ", ".join(b.id for b in workspace.brands)
        raise LookupError(f"unknown brand {brand_id!r}; the workspace has {known}")
    return brand


async def insights_for(
    store: Store, workspace: Workspace, brand_id: str, now: datetime
) -> InsightReport:
    """Read the brand's posts, profiles and comments and build its report.

    Raises LookupError for a brand the workspace does not have.
    """
    brand = _brand(workspace, brand_id)
    posts = await posts_since(store, brand.id, now - LOOKBACK)
    snapshots = await latest_profiles(store, brand.id)
    comments = await comment_texts_with_hashtags(
        store, brand.id, now - TREND_RECENT - TREND_EARLIER
    )
    return build_report(brand, posts, snapshots, comments, workspace.zone, now)


async def boost_candidates_for(
    store: Store, workspace: Workspace, now: datetime
) -> list[BoostCandidate]:
    """Boost candidates of every brand, for the ad engine's ``boost_candidates``."""
    found: list[BoostCandidate] = []
    for brand in workspace.brands:
        posts = await posts_since(store, brand.id, now - LOOKBACK)
        found.extend(boost_candidates(posts, now, handles={brand.id: dict(brand.handles)}))
    return found


async def hashtag_suggestions_for(
    store: Store, workspace: Workspace, brand_id: str, text: str, now: datetime
) -> HashtagSuggestions:
    """Hashtags for a planned post of the brand (CLI and chat command).

    Raises LookupError for a brand the workspace does not have.
    """
    brand = _brand(workspace, brand_id)
    posts = await posts_since(store, brand.id, now - LOOKBACK)
    comments = await comment_texts_with_hashtags(
        store, brand.id, now - TREND_RECENT - TREND_EARLIER
    )
    settled = mature(posts, now)
    return suggest_hashtags(
        text,
        settled,
        performance=hashtag_performance(settled),
        trending=trending_hashtags(posts, comments, now),
    )
