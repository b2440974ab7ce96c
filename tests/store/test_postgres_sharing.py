"""One PostgreSQL connection shared by a process's tasks: a read never runs inside another
task's transaction, where its cancelling would abort that task's write, and the health probe
waits for another worker's write rather than fail at once (the throwaway cluster of
tests/postgres.py)."""

from __future__ import annotations

import asyncio
import contextlib

import psycopg

from bot.store import Store

# Generous hang guard: never a limit on how fast anything must be.
GUARD = 60.0


async def test_a_read_given_up_does_not_abort_another_tasks_write(postgres_url: str) -> None:
    store = await Store.open(postgres_url)
    db = store.db
    inside = asyncio.Event()
    try:

        async def write() -> None:
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO leases VALUES ('a', 'w', 1, 1, 1)")
                inside.set()
                await asyncio.sleep(0.5)  # the pipeline between two statements of one write
                await conn.execute("INSERT INTO leases VALUES ('b', 'w', 1, 1, 1)")

        async def scrape() -> None:
            # A /metrics read that gives up (it waits at most METRICS_READ_SECONDS).
            await inside.wait()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(db.fetchall("SELECT pg_sleep(2)"), 0.1)

        await asyncio.wait_for(asyncio.gather(write(), scrape()), GUARD)
        rows = await db.fetchall("SELECT name FROM leases ORDER BY name")
        assert [r[0] for r in rows] == ["a", "b"]
    finally:
        await store.close()


async def test_a_read_cancelled_while_it_runs_leaves_the_connection_to_the_next_write(
    postgres_url: str,
) -> None:
    store = await Store.open(postgres_url)
    db = store.db
    try:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(db.fetchall("SELECT pg_sleep(2)"), 0.1)
        async with asyncio.timeout(GUARD), db.transaction() as conn:
            await conn.execute("INSERT INTO leases VALUES ('a', 'w', 1, 1, 1)")
        assert await db.scalar("SELECT COUNT(*) FROM leases") == 1
    finally:
        await store.close()


async def test_the_health_probe_waits_for_another_workers_write(postgres_url: str) -> None:
    mine = await Store.open(postgres_url)
    other = await Store.open(postgres_url)
    inside = asyncio.Event()
    try:

        async def write() -> None:
            async with other.db.transaction() as conn:
                await conn.execute("UPDATE leases SET holder = holder")
                inside.set()
                await asyncio.sleep(0.5)  # an ordinary write of another worker

        writing = asyncio.create_task(write())
        await inside.wait()
        await asyncio.wait_for(mine.probe_write(), GUARD)  # no StoreBusy: /healthz stays 200
        await writing
    finally:
        await mine.close()
        await other.close()


async def test_a_transaction_cancelled_as_it_begins_leaves_no_transaction_open(
    postgres_url: str,
) -> None:
    # A step cancelled (a shutdown, a timeout) just as its transaction begins: the BEGIN
    # reaches the server all the same. A read that fails afterwards must not leave the
    # connection in an aborted transaction for every read after it (publishing's, say).
    store = await Store.open(postgres_url)
    db = store.db
    try:

        async def write() -> None:
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO leases VALUES ('a', 'w', 1, 1, 1)")

        task = asyncio.create_task(write())
        await asyncio.sleep(0)  # it runs up to its BEGIN, on its way to the server
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, GUARD)
        with contextlib.suppress(psycopg.Error):
            await db.fetchall("SELECT no_such_column FROM leases")
        async with asyncio.timeout(GUARD):
            assert await db.scalar("SELECT COUNT(*) FROM leases") == 0
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO leases VALUES ('b', 'w', 1, 1, 1)")
        other = await Store.open(postgres_url)
        try:
            # Committed where every other connection sees it.
            assert await other.db.scalar("SELECT COUNT(*) FROM leases") == 1
        finally:
            await other.close()
    finally:
        await store.close()
