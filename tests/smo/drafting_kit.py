"""Made-up comments to a set of brands and the drafts the engine gives them, for drafting tests."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

import pytest

from bot.models import Comment, Draft
from bot.smo.brand import BrandProfile
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def engine_for(brands: Iterable[BrandProfile]) -> EngagementEngine:
    """A new engine for ``brands`` with the shipped templates, its memories empty."""
    return EngagementEngine(list(brands), default_templates_dir())


def drafted(engine: EngagementEngine, item: Comment) -> Draft:
    """The draft the engine gives ``item`` on its own."""
    (result,) = engine.run([item], NOW)
    assert result.draft is not None, item.text
    return result.draft


class Talk:
    """Comments to ``brands``, numbered with ``prefix`` so each test module's ids are its own;
    to ``brand`` when a comment names none, each on a post of its own unless ``post`` names
    the one they are all left on."""

    def __init__(
        self, brands: Iterable[BrandProfile], prefix: str, brand: str = "", post: str = ""
    ) -> None:
        self.brands = {b.id: b for b in brands}
        self._prefix = prefix
        self._brand = brand
        self._post = post
        self._ids = count()

    def engine(self) -> EngagementEngine:
        """A new engine for these brands."""
        return engine_for(self.brands.values())

    def engine_fixture(self) -> Any:
        """The module's ``engine`` fixture: one engine for these brands, built once for the
        module's tests (its memories are shared by them, as the bot's are by its comments)."""

        @pytest.fixture(scope="module", name="engine")
        def engine() -> EngagementEngine:
            return self.engine()

        return engine

    def comment(
        self, text: str, brand: str = "", parent: str | None = None, author: str | None = None
    ) -> Comment:
        n = next(self._ids)
        return Comment(
            id=f"{self._prefix}{n}",
            platform="x",
            brand=brand or self._brand,
            post_id=self._post or f"p{n}",
            author=author or f"reader{n}",
            text=text,
            created_at=NOW - timedelta(hours=1),
            parent_id=parent,
        )

    def draft_for(self, engine: EngagementEngine, text: str, brand: str) -> Draft:
        return drafted(engine, self.comment(text, brand))

    def answer_to_us(
        self, engine: EngagementEngine, ours: str, theirs: str, brand: str = ""
    ) -> Draft:
        """The draft for ``theirs``, a customer's answer to the brand's own reply ``ours``."""
        brand = brand or self._brand
        first = self.comment(ours, brand, author=self.brands[brand].handles["x"])
        second = self.comment(theirs, brand, parent=first.id, author="sam")
        draft = engine.run([first, second], NOW)[1].draft
        assert draft is not None, theirs
        return draft


def words(draft: Draft) -> str:
    """The draft's text without the brackets a person fills in, lowercased."""
    return re.sub(r"\[[^\]]*\]", "", draft.text).lower()
