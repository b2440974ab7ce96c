"""Small synthetic posts, profiles and a workspace for the organic insights' tests."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.config.brands import Brand
from bot.config.workspace import Workspace
from bot.models import OrganicPost, ProfileSnapshot

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)

_ids = itertools.count(1)


def post(
    *,
    brand: str = "mugs",
    platform: str = "instagram",
    at: datetime | None = None,
    days_ago: float = 10,
    fmt: str = "image",
    text: str = "",
    tags: Sequence[str] = (),
    impressions: int = 1000,
    reach: int | None = None,
    likes: int = 50,
    comments: int = 0,
    shares: int = 0,
    saves: int = 0,
    clicks: int = 0,
    id: str | None = None,
) -> OrganicPost:
    """A post whose engagement rate is (likes + comments + shares + saves) / impressions."""
    return OrganicPost(
        id=id or f"p{next(_ids)}",
        platform=platform,
        brand=brand,
        published_at=at if at is not None else NOW - timedelta(days=days_ago),
        format=fmt,
        text=text,
        hashtags=tuple(tags),
        impressions=impressions,
        reach=impressions if reach is None else reach,
        likes=likes,
        comments=comments,
        shares=shares,
        saves=saves,
        clicks=clicks,
    )


def snapshot(
    platform: str = "instagram",
    *,
    brand: str = "mugs",
    handle: str = "mugsandco",
    days_ago: float = 2,
    **fields: Any,
) -> ProfileSnapshot:
    """A complete, healthy profile unless a field is given (None = a gap)."""
    values: dict[str, Any] = {
        "followers": 12_000,
        "posts_count": 340,
        "bio": "Handmade ceramic mugs glazed in Leeds. Shop the winter glazes 👇",
        "link": "https://mugs.example",
        "has_avatar": True,
        "contact": "hello@mugs.example",
        "category": "Home goods",
    }
    values.update(fields)
    return ProfileSnapshot(
        platform=platform,
        brand=brand,
        handle=handle,
        captured_at=NOW - timedelta(days=days_ago),
        **values,
    )


def workspace(**brand: Any) -> Workspace:
    """A one-brand workspace in Berlin time."""
    spec: dict[str, Any] = {
        "id": "mugs",
        "name": "Mugs & Co",
        "handles": {"instagram": "mugsandco", "facebook": "MugsAndCo", "tiktok": "mugsandco"},
        "faq": [
            {"question": "Are the mugs dishwasher safe?", "answer": "Yes, every glaze is."},
            {"question": "Do you ship mugs abroad?", "answer": "To the EU and the UK."},
            {"question": "Can I order a custom glaze?", "answer": "From 20 mugs."},
        ],
    }
    spec.update(brand)
    return Workspace.model_validate({"timezone": "Europe/Berlin", "brands": [spec]})


def the_brand(**brand: Any) -> Brand:
    return workspace(**brand).brands[0]
