"""The insights' reads, through the store (`bot.store.insights`)."""

from __future__ import annotations

from datetime import datetime

from bot.insights.hashtags import TimedText
from bot.models import OrganicPost, ProfileSnapshot
from bot.store import Store

__all__ = ["comment_texts_with_hashtags", "latest_profiles", "posts_since"]


async def posts_since(store: Store, brand: str, since: datetime) -> list[OrganicPost]:
    """The brand's organic posts published at or after ``since``, oldest first."""
    return await store.insights.posts_since(brand, since)


async def latest_profiles(store: Store, brand: str) -> list[ProfileSnapshot]:
    """The newest snapshot of each of the brand's profiles."""
    return await store.insights.latest_profiles(brand)


async def comment_texts_with_hashtags(store: Store, brand: str, since: datetime) -> list[TimedText]:
    """(created_at, text) of the brand's comments since ``since`` that contain a '#',
    leaving out those judged spam or abuse."""
    return await store.insights.hashtagged_comments(brand, since)
