"""Made-up comments to a set of brands and the drafts the engine gives them, for drafting tests."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from itertools import count

from bot.models import Comment, Draft
from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class Talk:
    """Comments to ``brands``, numbered with ``prefix`` so each test module's ids are its own."""

    def __init__(self, brands: Iterable[BrandProfile], prefix: str) -> None:
        self.brands = {b.id: b for b in brands}
        self._prefix = prefix
        self._ids = count()

    def comment(
        self, text: str, brand: str, parent: str | None = None, author: str = ""
    ) -> Comment:
        n = next(self._ids)
        return Comment(
            id=f"{self._prefix}{n}",
            platform="x",
            brand=brand,
            post_id=f"p{n}",
            author=author or f"reader{n}",
            text=text,
            created_at=NOW - timedelta(hours=1),
            parent_id=parent,
        )

    def draft_for(self, engine: EngagementEngine, text: str, brand: str) -> Draft:
        (result,) = engine.run([self.comment(text, brand)], NOW)
        assert result.draft is not None, text
        return result.draft

    def answer_to_us(self, engine: EngagementEngine, ours: str, theirs: str, brand: str) -> Draft:
        """The draft for ``theirs``, a customer's answer to the brand's own reply ``ours``."""
        first = self.comment(ours, brand, author=self.brands[brand].handles["x"])
        second = self.comment(theirs, brand, parent=first.id, author="sam")
        draft = engine.run([first, second], NOW)[1].draft
        assert draft is not None, theirs
        return draft


def words(draft: Draft) -> str:
    """The draft's text without the brackets a person fills in, lowercased."""
    return re.sub(r"\[[^\]]*\]", "", draft.text).lower()
