"""The longest value socialpulse accepts in each feed field, and the longest line a feed may hold.

Platforms cap what people can write (PLATFORM_FACTS): a comment is at most 10,000 characters on
YouTube, the longest of them. A longer value is not a comment someone wrote but a broken or
hostile export, and it would travel whole into review messages, so the record is quarantined
with the field, its length and the limit. docs/feeds.md lists the same figures.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.models import AdMetricRow, Comment, FeedRecord, OrganicPost, ProfileSnapshot

__all__ = [
    "AD_ROW_LIMITS",
    "COMMENT_LIMITS",
    "MAX_HASHTAGS",
    "MAX_LINE_BYTES",
    "POST_LIMITS",
    "PROFILE_LIMITS",
    "oversized",
]

# Identifiers, handles and names: far above any platform's (Google Ads names stop at 255).
_NAME = 200
# The practical URL limit of browsers and of the sitemaps protocol.
_URL = 2_048

COMMENT_LIMITS: Mapping[str, int] = {
    "id": _NAME,
    "brand": _NAME,
    "post_id": _NAME,
    "parent_id": _NAME,
    "author": _NAME,
    # YouTube's comment limit, the longest of the platforms (Facebook 8,000, Instagram 2,200).
    "text": 10_000,
    "url": _URL,
    # A BCP 47 language tag; RFC 5646 asks software to handle tags of up to 35 characters.
    "lang": 35,
}
POST_LIMITS: Mapping[str, int] = {
    "id": _NAME,
    "brand": _NAME,
    # Facebook's post limit (63,206) is the longest of the platforms.
    "text": 64_000,
}
MAX_HASHTAGS = 100
PROFILE_LIMITS: Mapping[str, int] = {
    "brand": _NAME,
    "handle": _NAME,
    "bio": 5_000,
    "link": _URL,
    "contact": 1_000,
    "category": _NAME,
}
AD_ROW_LIMITS: Mapping[str, int] = {
    "account": _NAME,
    "campaign": 1_000,
    "adset": 1_000,
    "ad": 1_000,
    "breakdown": 1_000,
}

# The longest line a feed file may hold, in bytes. A post at its limit with every character
# written as a JSON escape ("\\ud83d\\ude00" is 12 bytes for one emoji) still fits; a longer
# line is quarantined by its length without being held in memory whole.
MAX_LINE_BYTES = 1 << 20

_LIMITS: Mapping[type, tuple[str, Mapping[str, int]]] = {
    Comment: ("a comment", COMMENT_LIMITS),
    OrganicPost: ("a post", POST_LIMITS),
    ProfileSnapshot: ("a profile snapshot", PROFILE_LIMITS),
    AdMetricRow: ("an ad-metric row", AD_ROW_LIMITS),
}


def oversized(record: FeedRecord) -> str | None:
    """Why the record is too large to accept (a field over its limit), or None when it fits."""
    what, limits = _LIMITS[type(record)]
    for name, limit in limits.items():
        value = getattr(record, name)
        if isinstance(value, str) and len(value) > limit:
            return f"{name}: {len(value):,} characters, more than the {limit:,} {what} may have"
    if isinstance(record, OrganicPost):
        if len(record.hashtags) > MAX_HASHTAGS:
            return (
                f"hashtags: {len(record.hashtags):,} of them, more than the {MAX_HASHTAGS}"
                " a post may have"
            )
        for index, tag in enumerate(record.hashtags):
            if len(tag) > _NAME:
                return (
                    f"hashtags[{index}]: {len(tag):,} characters, more than the {_NAME}"
                    " a hashtag may have"
                )
    return None
