"""Fixtures for summary tests: stores on real SQLite files, closed whatever a test does."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.database import utcnow
from tests.summary.builders import OpenStore


@pytest.fixture
async def open_store() -> AsyncIterator[OpenStore]:
    """Open a Store on a file; every store opened is closed at the end of the test."""
    opened: list[Store] = []

    async def open_(path: Path, clock: Callable[[], datetime] = utcnow) -> Store:
        store = await Store.open(path, clock)
        opened.append(store)
        return store

    yield open_
    for store in opened:
        await store.close()
