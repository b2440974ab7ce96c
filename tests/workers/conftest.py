"""Two worker processes on one database, as the takeover tests set them up."""

# Two worker processes on one database, as the takeover tests set them up: two stores on the
# test's database (a SQLite file, or a PostgreSQL database in turn), and a worker on each that
# keeps time by the same hand-moved clocks.

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.store import Store
from bot.workers import HEARTBEAT, Worker
from tests.workers.test_stale_claims import queue

if TYPE_CHECKING:
    from tests.workers.test_worker import Clocks


@pytest.fixture
async def two(store_target: Path | str) -> AsyncIterator[tuple[Store, Store]]:
    """Two stores on one database, each on its own connection as two processes hold it."""
    a = await Store.open(store_target)
    b = await Store.open(store_target)
    try:
        yield a, b
    finally:
        await a.close()
        await b.close()


def two_workers(
    two: tuple[Store, Store], clocks: Clocks, lease: timedelta
) -> tuple[Worker, Worker]:
    """Worker "w1" on the first store and "w2" on the second, on the same clocks."""
    return (
        Worker(two[0], "w1", lease, clocks.wall, clocks.monotonic),
        Worker(two[1], "w2", lease, clocks.wall, clocks.monotonic),
    )


async def one_notice_for_w1(
    two: tuple[Store, Store], clocks: Clocks, lease: timedelta
) -> tuple[Worker, Worker]:
    """The two workers, once "w1" is alive (its heartbeat taken) and one notice is queued."""
    w1, w2 = two_workers(two, clocks, lease)
    assert await w1.holds(HEARTBEAT + w1.id)
    await queue(two[0], 1)
    return w1, w2
