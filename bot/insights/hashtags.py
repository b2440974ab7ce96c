"""Which hashtags lift a brand's posts, and which are rising in its comments and posts."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.insights.metrics import MIN_BASELINE_POSTS, ScoredPost, score_posts
from bot.models import OrganicPost
from bot.smo.entities import extract_entities

__all__ = [
    "MIN_TAG_POSTS",
    "MIN_TREND_MENTIONS",
    "TREND_EARLIER",
    "TREND_MIN_RATIO",
    "TREND_RECENT",
    "HashtagPerformance",
    "HashtagStat",
    "TimedText",
    "TrendingHashtag",
    "hashtag_performance",
    "normalize_tag",
    "trending_hashtags",
]

MIN_TAG_POSTS = 5
"""With fewer tagged posts one lucky post decides the median, so the tag is not ranked."""

TREND_RECENT = timedelta(days=7)
"""A week: long enough to count mentions, short enough to still be news."""

TREND_EARLIER = timedelta(days=21)
"""The three weeks before the recent one give the usual frequency."""

MIN_TREND_MENTIONS = 3
"""One or two mentions are a person, not a trend."""

TREND_MIN_RATIO = 2.0
"""Rising means at least twice as frequent per day as usual (after smoothing)."""

TimedText = tuple[datetime, str]
"""A comment's creation time and text."""


def normalize_tag(tag: str) -> str:
    """Hashtags compare without their sign and without case: #LatteArt is #latteart."""
    return tag.strip().lstrip("#").casefold()


@dataclass(frozen=True, slots=True)
class HashtagStat:
    """How posts carrying one hashtag did against their brand × platform norm (1.0 = par).

    ``lift`` is the engagement-rate lift: the median, over the tagged posts, of each post's
    engagement rate divided by the median rate of the brand's posts on the same platform.
    ``reach_lift`` is the same for reach and ``engagement_lift`` for engagements per post
    (both effects together); ``above_norm`` counts tagged posts beating their norm.
    """

    tag: str
    posts: int
    lift: float
    reach_lift: float
    engagement_lift: float
    above_norm: int
    platforms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HashtagPerformance:
    """Hashtags with enough posts, best first by engagements per post; the rest with counts."""

    ranked: tuple[HashtagStat, ...]
    too_few: tuple[tuple[str, int], ...]
    min_posts: int

    def stat(self, tag: str) -> HashtagStat | None:
        wanted = normalize_tag(tag)
        return next((s for s in self.ranked if s.tag == wanted), None)


def hashtag_performance(
    posts: Sequence[OrganicPost],
    *,
    min_posts: int = MIN_TAG_POSTS,
    min_baseline_posts: int = MIN_BASELINE_POSTS,
) -> HashtagPerformance:
    """Lift of every hashtag used on at least ``min_posts`` scored posts.

    Each post is compared with its own platform's norm because engagement rates differ
    several-fold between platforms; a tag used mostly on TikTok would otherwise look great.
    Ranked by ``engagement_lift`` since a hashtag mostly changes who sees a post.
    """
    by_tag: dict[str, list[ScoredPost]] = defaultdict(list)
    for scored in score_posts(posts, min_baseline_posts):
        for tag in dict.fromkeys(normalize_tag(t) for t in scored.post.hashtags):
            if tag:
                by_tag[tag].append(scored)
    ranked: list[HashtagStat] = []
    too_few: list[tuple[str, int]] = []
    for tag, tagged in by_tag.items():
        if len(tagged) < min_posts:
            too_few.append((tag, len(tagged)))
            continue
        ranked.append(
            HashtagStat(
                tag=tag,
                posts=len(tagged),
                lift=float(statistics.median(s.rate_index for s in tagged)),
                reach_lift=float(statistics.median(s.reach_index for s in tagged)),
                engagement_lift=float(statistics.median(s.engagement_index for s in tagged)),
                above_norm=sum(s.engagement_index > 1.0 for s in tagged),
                platforms=tuple(sorted({s.post.platform for s in tagged})),
            )
        )
    ranked.sort(key=lambda s: (-s.engagement_lift, -s.posts, s.tag))
    too_few.sort(key=lambda item: (-item[1], item[0]))
    return HashtagPerformance(tuple(ranked), tuple(too_few), min_posts)


@dataclass(frozen=True, slots=True)
class TrendingHashtag:
    """A hashtag mentioned more often lately than before.

    ``ratio`` compares mentions per day in the recent window with the earlier window, whose
    count gets one added so a brand-new tag has a finite, comparable ratio.
    """

    tag: str
    recent: int
    earlier: int
    ratio: float
    in_comments: int
    in_posts: int

    @property
    def new(self) -> bool:
        return self.earlier == 0


def _tag_mentions(
    posts: Iterable[OrganicPost], comments: Iterable[TimedText]
) -> list[tuple[datetime, str, bool]]:
    """(when, tag, from a comment) for every distinct tag of every post and comment."""
    found: list[tuple[datetime, str, bool]] = []
    for post in posts:
        for tag in dict.fromkeys(normalize_tag(t) for t in post.hashtags):
            if tag:
                found.append((post.published_at, tag, False))
    for created_at, text in comments:
        if "#" not in text:
            continue
        for tag in dict.fromkeys(normalize_tag(t) for t in extract_entities(text).hashtags):
            found.append((created_at, tag, True))
    return found


def trending_hashtags(
    posts: Iterable[OrganicPost],
    comments: Iterable[TimedText],
    now: datetime,
    *,
    recent: timedelta = TREND_RECENT,
    earlier: timedelta = TREND_EARLIER,
    min_mentions: int = MIN_TREND_MENTIONS,
    min_ratio: float = TREND_MIN_RATIO,
) -> tuple[TrendingHashtag, ...]:
    """Hashtags whose daily frequency in ``[now - recent, now)`` beats ``[.. - earlier, ..)``."""
    split = now - recent
    start = split - earlier
    recent_counts: Counter[str] = Counter()
    earlier_counts: Counter[str] = Counter()
    from_comments: Counter[str] = Counter()
    for at, tag, in_comment in _tag_mentions(posts, comments):
        if split <= at < now:
            recent_counts[tag] += 1
            from_comments[tag] += in_comment
        elif start <= at < split:
            earlier_counts[tag] += 1
    recent_days = recent / timedelta(days=1)
    earlier_days = earlier / timedelta(days=1)
    rising: list[TrendingHashtag] = []
    for tag, count in recent_counts.items():
        before = earlier_counts[tag]
        ratio = (count / recent_days) / ((before + 1) / earlier_days)
        if count >= min_mentions and ratio >= min_ratio:
            rising.append(
                TrendingHashtag(
                    tag=tag,
                    recent=count,
                    earlier=before,
                    ratio=ratio,
                    in_comments=from_comments[tag],
                    in_posts=count - from_comments[tag],
                )
            )
    rising.sort(key=lambda t: (-t.ratio, -t.recent, t.tag))
    return tuple(rising)
