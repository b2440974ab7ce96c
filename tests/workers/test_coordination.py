"""A worker's leases and claims on their own connection to PostgreSQL: renewals never wait
behind the worker's own writes, and they are not taken for changes to the data."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta

import psycopg
import pytest

from bot.store import Store
from bot.workers import Worker
from tests.store.test_feeds import ad_row, comment

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


DAYS = [replace(ad_row(), bucket=f"2026-11-{day:02d}") for day in range(10, 16)]


async def test_a_write_whose_commit_failed_does_not_hide_the_next_writers(
    two: tuple[Store, Store],
) -> None:
    reader, writer = two
    await reader.feeds.ingest(DAYS)
    await reader.feeds.ad_metrics("2026-11-01", "2026-11-20T00")
    # A write of the reader's that PostgreSQL refuses at COMMIT (a deferred check): the
    # counter it bumped is rolled back with it, so the next writer takes the same number.
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        async with reader.db.transaction() as conn:
            await conn.execute("CREATE TEMP TABLE parent (id INT PRIMARY KEY)")
            await conn.execute(
                "CREATE TEMP TABLE child (id INT REFERENCES parent DEFERRABLE INITIALLY DEFERRED)"
            )
            await conn.execute("INSERT INTO child VALUES (1)")
    await writer.feeds.ingest([replace(DAYS[2], conversions=42.0)])
    after = await reader.feeds.ad_metrics("2026-11-01", "2026-11-20T00")
    assert after.daily.conversions.tolist().count(42.0) == 1


async def test_another_workers_lease_renewals_are_not_changes_to_the_data(
    two: tuple[Store, Store],
) -> None:
    reader, other = two
    await reader.feeds.ingest(DAYS)
    async with running(Worker(other, "w2", timedelta(seconds=30))) as worker:
        assert await worker.holds("schedule:ads")
        await reader.feeds.ad_metrics("2026-11-01", "2026-11-20T00")
        await worker.renew()
        await worker.claim_comments(10)
        await reader.feeds.ad_metrics("2026-11-01", "2026-11-20T00")
        assert reader.feeds.ad_rows_read["day"] == 0  # nothing read again
        await other.feeds.ingest([replace(DAYS[2], conversions=42.0)])
        after = await reader.feeds.ad_metrics("2026-11-01", "2026-11-20T00")
        assert reader.feeds.ad_rows_read["day"] == 1  # only the bucket written since
        assert after.daily.conversions.tolist().count(42.0) == 1


async def test_a_renewal_passes_over_the_claims_its_own_batch_is_writing(
    two: tuple[Store, Store],
) -> None:
    store = two[0]
    await store.feeds.ingest([comment(n) for n in range(3)])
    entered, done = asyncio.Event(), asyncio.Event()

    async def saving_the_batch() -> None:
        # The worker's batch being written: its comments' rows locked until the commit.
        async with store.db.transaction() as conn:
            await conn.execute("UPDATE comments SET lang = lang WHERE id = 'c1'")
            entered.set()
            await done.wait()

    async with running(Worker(store, "w1", timedelta(seconds=30))) as worker:
        assert len(await worker.claim_comments(10)) == 3
        writing = asyncio.create_task(saving_the_batch())
        await entered.wait()
        try:
            async with asyncio.timeout(HANG_GUARD_S):
                await worker.renew()
            assert worker.reachable is True
            assert not writing.done()
        finally:
            done.set()
            await writing
