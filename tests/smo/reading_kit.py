"""One brand's viewers and their comments, for the tests of how the engine reads a comment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.models import Comment
from bot.smo.brand import BrandProfile

NOW = datetime(2026, 10, 5, 12, 0, tzinfo=UTC)
BRAND = BrandProfile(id="alpen", name="Alpenglow", review_receiver="community")


def comment(text: str, n: int = 0, lang: str | None = None, platform: str = "youtube") -> Comment:
    """Viewer ``n``'s comment on one of the brand's posts, left five minutes before ``NOW``."""
    return Comment(
        id=f"c{n}",
        platform=platform,
        brand=BRAND.id,
        post_id="p1",
        author=f"viewer{n}",
        author_followers=10,
        text=text,
        created_at=NOW - timedelta(minutes=5),
        lang=lang,
    )
