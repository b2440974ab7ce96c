"""Hashtag suggestions for a planned post: relevant to its text, proven to lift, or rising."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.insights.hashtags import (
    HashtagPerformance,
    TrendingHashtag,
    hashtag_performance,
    normalize_tag,
)
from bot.models import OrganicPost
from bot.smo.lexicon import ENGLISH_STOP_WORDS
from bot.text.tfidf import Tfidf, word_ngrams

__all__ = [
    "AVOID_BELOW",
    "LIFT_CEILING",
    "LIFT_FLOOR",
    "MIN_NAME_PART",
    "MIN_RELEVANCE",
    "SUGGEST_LIMIT",
    "HashtagSuggestion",
    "HashtagSuggestions",
    "suggest_hashtags",
]

MIN_RELEVANCE = 0.05
"""Below this the planned text and the tag share a stray word, not a topic."""

AVOID_BELOW = 0.85
"""A relevant tag whose posts got under 85 % of the norm's engagements is flagged, not offered."""

LIFT_FLOOR = 0.5
LIFT_CEILING = 2.0
"""Lift is clamped so one runaway tag cannot outrank every relevant one."""

MIN_NAME_PART = 4
"""A word of the text shorter than this inside a tag name ("spa" in "spain") is chance."""

SUGGEST_LIMIT = 8
"""About what one post should carry; more reads as spam on most platforms."""

_TAG = re.compile(r"#\w+")
_SQUASH = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class HashtagSuggestion:
    """A hashtag for the planned post and why.

    ``relevance`` (0–1) joins how much of the tag's name the text spells out and the TF-IDF
    cosine between the text and the brand's posts that carried the tag. ``lift`` is the
    measured engagements-per-post lift, None when too few posts used it (counted as 1.0).
    ``score`` = relevance × lift clamped to [LIFT_FLOOR, LIFT_CEILING].
    """

    tag: str
    relevance: float
    lift: float | None
    posts: int
    score: float
    rising: bool = False


@dataclass(frozen=True, slots=True)
class HashtagSuggestions:
    """Suggested tags best first, relevant tags that underperform, and rising ones besides."""

    text: str
    suggested: tuple[HashtagSuggestion, ...]
    avoid: tuple[HashtagSuggestion, ...]
    rising: tuple[TrendingHashtag, ...]


def _name_match(tag: str, squashed: str, words: Sequence[str]) -> float:
    """1.0 when the text spells the tag out ("latte art" → latteart); else the largest share
    of the tag's name that one word of the text covers ("coffee" → 0.4 of specialtycoffee)."""
    if tag in squashed:
        return 1.0
    covered = max((len(w) for w in words if len(w) >= MIN_NAME_PART and w in tag), default=0)
    return covered / len(tag)


def _context(text: str, documents: Sequence[str]) -> list[float]:
    """TF-IDF cosine of the text against each document (0.0 when nothing is shared)."""
    vectors = Tfidf(word_ngrams(stop_words=ENGLISH_STOP_WORDS), sublinear_tf=True)
    # Rows are L2-normalised (all zero when only stop words), so the dot product is the cosine.
    matrix = vectors.fit_transform([*documents, text])
    return [float(x) for x in matrix[:-1] @ matrix[-1]]


def suggest_hashtags(
    text: str,
    posts: Sequence[OrganicPost],
    *,
    performance: HashtagPerformance | None = None,
    trending: Sequence[TrendingHashtag] = (),
    limit: int = SUGGEST_LIMIT,
) -> HashtagSuggestions:
    """Rank the hashtags the brand has used by relevance to ``text`` and by measured lift."""
    perf = performance if performance is not None else hashtag_performance(posts)
    texts: dict[str, list[str]] = defaultdict(list)
    for post in posts:
        body = _TAG.sub(" ", post.text)
        for tag in dict.fromkeys(normalize_tag(t) for t in post.hashtags):
            if tag:
                texts[tag].append(body)
    tags = sorted(texts)
    plain = _TAG.sub(lambda m: " " + m.group(0)[1:] + " ", text)
    squashed = _SQUASH.sub("", plain).casefold()
    words = [w.casefold() for w in _SQUASH.split(plain) if w]
    context = _context(plain, [" ".join(texts[t]) for t in tags]) if tags else []
    rising_tags = {t.tag for t in trending}
    scored: list[HashtagSuggestion] = []
    for tag, cosine in zip(tags, context, strict=True):
        name = _name_match(tag, squashed, words)
        relevance = 1.0 - (1.0 - name) * (1.0 - cosine)
        if relevance < MIN_RELEVANCE:
            continue
        stat = perf.stat(tag)
        lift = stat.engagement_lift if stat is not None else None
        weight = min(max(lift if lift is not None else 1.0, LIFT_FLOOR), LIFT_CEILING)
        scored.append(
            HashtagSuggestion(
                tag=tag,
                relevance=relevance,
                lift=lift,
                posts=len(texts[tag]),
                score=relevance * weight,
                rising=tag in rising_tags,
            )
        )
    scored.sort(key=lambda s: (-s.score, -s.relevance, s.tag))
    avoid = tuple(s for s in scored if s.lift is not None and s.lift < AVOID_BELOW)
    suggested = tuple(s for s in scored if s not in avoid)[:limit]
    offered = {s.tag for s in suggested}
    rising = tuple(t for t in trending if t.tag not in offered)[:3]
    return HashtagSuggestions(text, suggested, avoid, rising)
