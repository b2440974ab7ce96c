"""The insights' reads: a brand's posts, its latest profile snapshots, its hashtagged comments."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.models import OrganicPost, ProfileSnapshot
from bot.store.sql import SqlDatabase

__all__ = ["InsightsStore"]

_POSTS_SQL = (
    "SELECT id, platform, brand, published_at, format, text, hashtags, impressions, reach,"
    " likes, comments, shares, saves, clicks FROM organic_posts"
    " WHERE brand = ? AND published_at >= ? ORDER BY published_at, key"
)

# The newest snapshot per platform; a later moment wins, the key breaks exact ties.
_LATEST_PROFILES_SQL = (
    "SELECT platform, brand, handle, captured_at, followers, posts_count, bio, link,"
    " has_avatar, contact, category FROM ("
    "  SELECT *, ROW_NUMBER() OVER ("
    "    PARTITION BY brand, platform ORDER BY captured_at DESC, key DESC) AS newest"
    "  FROM profile_snapshots WHERE brand = ?"
    ") AS ranked WHERE newest = 1 ORDER BY platform"
)

# Comments the engagement engine judged spam or abuse would make bot hashtags "trend".
_COMMENTS_SQL = (
    "SELECT c.created_at, c.text, a.intents FROM comments AS c"
    " LEFT JOIN comment_analyses AS a ON a.comment_key = c.key"
    " WHERE c.brand = ? AND c.created_at >= ? AND c.text LIKE '%#%'"
    " ORDER BY c.created_at, c.key"
)
_JUNK = frozenset({"spam", "abuse"})


def _junk(intents: str | None) -> bool:
    """Whether the analysis (its JSON list of intents) judged the comment spam or abuse."""
    return intents is not None and not _JUNK.isdisjoint(json.loads(intents))


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("the moment must be timezone-aware")
    return moment.astimezone(UTC).isoformat()


class InsightsStore:
    """What the organic insights read: posts, profile snapshots and comments of one brand."""

    def __init__(self, db: SqlDatabase) -> None:
        self._db = db

    async def posts_since(self, brand: str, since: datetime) -> list[OrganicPost]:
        """The brand's organic posts published at or after ``since``, oldest first."""
        rows = await self._db.fetchall(_POSTS_SQL, (brand, _utc(since)))
        return [
            OrganicPost(
                id=r["id"],
                platform=r["platform"],
                brand=r["brand"],
                published_at=datetime.fromisoformat(r["published_at"]),
                format=r["format"],
                text=r["text"],
                hashtags=tuple(str(tag) for tag in json.loads(r["hashtags"])),
                impressions=int(r["impressions"]),
                reach=int(r["reach"]),
                likes=int(r["likes"]),
                comments=int(r["comments"]),
                shares=int(r["shares"]),
                saves=int(r["saves"]),
                clicks=int(r["clicks"]),
            )
            for r in rows
        ]

    async def latest_profiles(self, brand: str) -> list[ProfileSnapshot]:
        """The newest snapshot of each of the brand's profiles."""
        rows = await self._db.fetchall(_LATEST_PROFILES_SQL, (brand,))
        return [
            ProfileSnapshot(
                platform=r["platform"],
                brand=r["brand"],
                handle=r["handle"],
                captured_at=datetime.fromisoformat(r["captured_at"]),
                followers=int(r["followers"]),
                posts_count=int(r["posts_count"]),
                bio=r["bio"],
                link=r["link"],
                has_avatar=bool(r["has_avatar"]),
                contact=r["contact"],
                category=r["category"],
            )
            for r in rows
        ]

    async def hashtagged_comments(self, brand: str, since: datetime) -> list[tuple[datetime, str]]:
        """(created_at, text) of the brand's comments since ``since`` that contain a '#',
        leaving out those judged spam or abuse."""
        rows = await self._db.fetchall(_COMMENTS_SQL, (brand, _utc(since)))
        return [
            (datetime.fromisoformat(r["created_at"]), r["text"])
            for r in rows
            if not _junk(r["intents"])
        ]
