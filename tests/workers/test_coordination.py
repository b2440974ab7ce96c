"""A worker's leases and claims on their own connection to PostgreSQL: renewals never wait
behind the worker's own writes, and they are not taken for changes to the data."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.store import Store
from bot.workers import Worker

# Hang guard only: the renewal either goes through beside the write or waits until the end.
HANG_GUARD_S = 20.0


@pytest.fixture
async def two(postgres_url: str) -> AsyncIterator[tuple[Store, Store]]:
    a = await Store.open(postgres_url)
    b = await Store.open(postgres_url)
    try:
        yield a, b
    finally:
        await a.close()
        await b.close()


@contextlib.asynccontextmanager
async def running(worker: Worker) -> AsyncIterator[Worker]:
    """`worker` with its renewal loop going (it opens the leases' own connection)."""
    loop = asyncio.create_task(worker.run())
    try:
        async with asyncio.timeout(HANG_GUARD_S):
            while worker.reachable is not True:
                await asyncio.sleep(0.01)
        yield worker
    finally:
        loop.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await loop
        await worker.close()


async def test_a_lease_is_taken_while_the_workers_own_write_is_under_way(
    two: tuple[Store, Store],
) -> None:
    store = two[0]
    entered, done = asyncio.Event(), asyncio.Event()

    async def long_write() -> None:
        async with store.db.transaction() as conn:
            await conn.execute("UPDATE leases SET renewed_at = renewed_at")
            entered.set()
            await done.wait()

    async with running(Worker(store, "w1", timedelta(seconds=30))) as worker:
        writing = asyncio.create_task(long_write())
        await entered.wait()
        try:
            async with asyncio.timeout(HANG_GUARD_S):
                assert await worker.holds("schedule:ads")
            assert not writing.done()  # the write was still open while the lease was taken
        finally:
            done.set()
            await writing
