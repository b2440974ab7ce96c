"""Boost candidates: recent organic posts engaging far above the brand's norm, for the ad side."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from bot.insights.metrics import MIN_BASELINE_POSTS, engagements, mature, score_posts, views
from bot.models import OrganicPost
from bot.smm.targets import BoostCandidate

__all__ = [
    "BOOST_MIN_RATIO",
    "BOOST_MIN_VIEWS",
    "BOOST_MIN_Z",
    "BOOST_WINDOW",
    "boost_candidates",
    "post_url",
]

BOOST_WINDOW = timedelta(days=21)
"""Older posts have had their run and their topic has moved on; ads reward fresh creative."""

BOOST_MIN_Z = 2.5
"""Robust z of the log rate (median/MAD): about the top 1 % if the rates were log-normal."""

BOOST_MIN_RATIO = 1.5
"""And at least half as engaging again as the norm: a gap worth paying to amplify."""

BOOST_MIN_VIEWS = 500
"""Below this many impressions a handful of likes makes the rate."""


def post_url(post: OrganicPost, handle: str | None = None) -> str | None:
    """The post's public address where the id (and the profile handle) determines it."""
    pid = post.id
    if post.platform == "youtube":
        return f"https://www.youtube.com/{'shorts/' if post.format == 'short' else 'watch?v='}{pid}"
    if post.platform == "facebook":
        page, _, item = pid.partition("_")
        return f"https://www.facebook.com/{page}/posts/{item}" if item else None
    if post.platform == "x":
        return f"https://x.com/{handle or 'i'}/status/{pid}"
    if post.platform == "tiktok":
        return f"https://www.tiktok.com/@{handle}/video/{pid}" if handle else None
    if post.platform == "linkedin" and pid.startswith("urn:li:"):
        return f"https://www.linkedin.com/feed/update/{pid}/"
    # An Instagram media id is not the shortcode its address uses.
    return None


def boost_candidates(
    posts: Sequence[OrganicPost],
    now: datetime,
    *,
    handles: Mapping[str, Mapping[str, str]] | None = None,
    window: timedelta = BOOST_WINDOW,
    min_z: float = BOOST_MIN_Z,
    min_ratio: float = BOOST_MIN_RATIO,
    min_views: int = BOOST_MIN_VIEWS,
    min_baseline_posts: int = MIN_BASELINE_POSTS,
) -> tuple[BoostCandidate, ...]:
    """Posts of the last ``window`` whose engagement rate stands out, strongest first.

    The norm is the brand's posts on the same platform among ``posts`` (give a few months):
    a candidate's log engagement rate must be ``min_z`` robust deviations above the median
    and its rate ``min_ratio`` times the median rate. ``handles`` (brand → platform →
    handle) complete the URLs that need one. ``impressions`` of a candidate is the rate's
    denominator (reach when the platform gave no impressions).
    """
    found: list[tuple[float, BoostCandidate]] = []
    for scored in score_posts(mature(posts, now), min_baseline_posts):
        post = scored.post
        if now - post.published_at > window or views(post) < min_views:
            continue
        z = scored.log_rate_z
        if z < min_z or scored.rate_index < min_ratio:
            continue
        age = (now - post.published_at).days
        reason = (
            f"engagement rate {scored.rate:.1%} is {scored.rate_index:.1f}× the brand's "
            f"{post.platform} norm of {scored.baseline.median_rate:.1%} (robust z {z:.1f}); "
            f"{post.format} published {age} day{'s' if age != 1 else ''} ago"
        )
        handle = (handles or {}).get(post.brand, {}).get(post.platform)
        found.append(
            (
                z,
                BoostCandidate(
                    post_key=post.key,
                    platform=post.platform,
                    brand=post.brand,
                    impressions=views(post),
                    engagements=engagements(post),
                    clicks=post.clicks,
                    url=post_url(post, handle),
                    reason=reason,
                ),
            )
        )
    found.sort(key=lambda item: (-item[0], item[1].post_key))
    return tuple(candidate for _, candidate in found)
