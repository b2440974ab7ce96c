"""Leases and claims on one SQLite file shared by several connections, as by several workers."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.models import DraftStatus
from bot.notices import Notice
from bot.store import Store
from bot.store.claims import Claims
from bot.store.leases import Leases, millis
from tests.store.test_drafts import engagement, queued
from tests.store.test_feeds import comment

T0 = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
PERIOD = timedelta(seconds=30)


@pytest.fixture
async def two(tmp_path: Path) -> AsyncIterator[tuple[Store, Store]]:
    """Two connections to one database file, as two worker processes hold them."""
    a = await Store.open(tmp_path / "w.db")
    b = await Store.open(tmp_path / "w.db")
    try:
        yield a, b
    finally:
        await a.close()
        await b.close()


async def test_one_holder_at_a_time_until_the_lease_expires(two: tuple[Store, Store]) -> None:
    a, b = Leases.of(two[0]), Leases.of(two[1])
    assert await a.acquire("feed:comments.jsonl", "w1", T0, PERIOD)
    assert not await b.acquire("feed:comments.jsonl", "w2", T0 + timedelta(seconds=29), PERIOD)
    # The holder renews it: the lease runs from the renewal.
    assert await a.acquire("feed:comments.jsonl", "w1", T0 + timedelta(seconds=20), PERIOD)
    assert not await b.acquire("feed:comments.jsonl", "w2", T0 + timedelta(seconds=45), PERIOD)
    # Not renewed any more (w1 died): w2 takes it once it has expired.
    assert await b.acquire("feed:comments.jsonl", "w2", T0 + timedelta(seconds=51), PERIOD)
    assert not await a.acquire("feed:comments.jsonl", "w1", T0 + timedelta(seconds=52), PERIOD)
    [lease] = await a.all()
    assert (lease.holder, lease.acquired_at) == ("w2", T0 + timedelta(seconds=51))
    assert lease.expires_at == T0 + timedelta(seconds=81)


async def test_a_renewal_keeps_when_the_lease_was_taken(two: tuple[Store, Store]) -> None:
    a = Leases.of(two[0])
    assert await a.acquire("schedule:sla", "w1", T0, PERIOD)
    assert await a.acquire("schedule:sla", "w1", T0 + timedelta(seconds=10), PERIOD)
    [lease] = await a.all()
    assert lease.acquired_at == T0
    assert lease.renewed_at == T0 + timedelta(seconds=10)


async def test_a_released_lease_is_free_at_once(two: tuple[Store, Store]) -> None:
    a, b = Leases.of(two[0]), Leases.of(two[1])
    assert await a.acquire("schedule:ads", "w1", T0, PERIOD)
    assert await a.acquire("schedule:sla", "w1", T0, PERIOD)
    assert not await b.release("schedule:ads", "w2", T0)
    assert await a.release_all("w1", T0 + timedelta(seconds=1)) == 2
    assert await b.acquire("schedule:ads", "w2", T0 + timedelta(seconds=1), PERIOD)


async def test_workers_racing_for_a_lease_get_it_once(two: tuple[Store, Store]) -> None:
    stores = [Leases.of(two[i % 2]) for i in range(8)]
    won = await asyncio.gather(
        *(leases.acquire("feed:x", f"w{i}", T0, PERIOD) for i, leases in enumerate(stores))
    )
    assert sum(won) == 1


async def _comments(store: Store, n: int) -> None:
    await store.feeds.ingest([comment(i) for i in range(n)])


async def test_comments_are_claimed_by_one_worker_and_taken_over_after_expiry(
    two: tuple[Store, Store],
) -> None:
    await _comments(two[0], 10)
    a, b = Claims.of(two[0]), Claims.of(two[1])
    first = await a.comments("w1", 6, T0, T0 + PERIOD)
    second = await b.comments("w2", 6, T0, T0 + 2 * PERIOD)
    assert [r[0] for r in first] == [f"c{i}" for i in range(6)]
    assert [r[0] for r in second] == [f"c{i}" for i in range(6, 10)]
    # The worker's own batches out are not handed to it again either.
    assert await a.comments("w1", 6, T0, T0 + PERIOD) == []
    # w1 dies: once its claims expire w2 takes its comments over.
    assert await b.comments("w2", 10, T0 + PERIOD - timedelta(seconds=1), T0 + 2 * PERIOD) == []
    later = T0 + PERIOD + timedelta(seconds=1)
    assert [r[0] for r in await b.comments("w2", 10, later, later + PERIOD)] == [
        r[0] for r in first
    ]


async def test_an_extended_claim_is_not_taken_over(two: tuple[Store, Store]) -> None:
    await _comments(two[0], 3)
    a, b = Claims.of(two[0]), Claims.of(two[1])
    assert len(await a.comments("w1", 3, T0, T0 + PERIOD)) == 3
    assert await a.extend("w1", T0 + 2 * PERIOD) == 3
    assert await b.comments("w2", 3, T0 + PERIOD + timedelta(seconds=1), T0 + 3 * PERIOD) == []


async def test_released_comments_are_free_for_the_next_worker(two: tuple[Store, Store]) -> None:
    await _comments(two[0], 3)
    a, b = Claims.of(two[0]), Claims.of(two[1])
    assert len(await a.comments("w1", 3, T0, T0 + PERIOD)) == 3
    await a.release_comments("w1")
    assert len(await b.comments("w2", 3, T0, T0 + PERIOD)) == 3


def _notice(n: int) -> Notice:
    return Notice("text", "console", f"s{n}", f"k{n}", {"text": f"hello {n}"})


async def test_each_queued_notice_goes_to_one_worker(two: tuple[Store, Store]) -> None:
    for n in range(5):
        await two[0].outbox.queue(_notice(n))
    a, b = Claims.of(two[0]), Claims.of(two[1])
    got_a, got_b = await asyncio.gather(
        a.notices("w1", 3, T0, T0 + PERIOD), b.notices("w2", 3, T0, T0 + PERIOD)
    )
    ids_a = {n.id for n in got_a}
    ids_b = {n.id for n in got_b}
    assert not ids_a & ids_b and len(ids_a | ids_b) == 5
    # A worker's own claims come back to it (a receiver paused, tried again next round).
    assert {n.id for n in await a.notices("w1", 10, T0, T0 + PERIOD)} == ids_a
    first = min(n.id for n in got_a if n.id is not None)
    await two[0].outbox.mark_sent(first, None)
    assert len(await a.notices("w1", 10, T0, T0 + PERIOD)) == len(ids_a) - 1


async def test_approved_drafts_are_claimed_once_for_publishing(two: tuple[Store, Store]) -> None:
    ids = []
    for n in range(4):
        draft_id = await queued(two[0], engagement(n))
        await two[0].drafts.decide(draft_id, DraftStatus.APPROVED, "ana")
        ids.append(draft_id)
    a, b = Claims.of(two[0]), Claims.of(two[1])
    assert await a.drafts("w1", ids[:3], T0, T0 + PERIOD) == ids[:3]
    assert await b.drafts("w2", ids, T0, T0 + PERIOD) == ids[3:]
    await a.release("w1")
    assert await b.drafts("w2", ids, T0, T0 + PERIOD) == ids


def test_times_are_epoch_milliseconds() -> None:
    assert millis(datetime(1970, 1, 1, 0, 0, 1, 500_000, tzinfo=UTC)) == 1500


_SQLITE_ONLY = re.compile(
    r"INSERT OR|REPLACE INTO|datetime\(|julianday|strftime|unixepoch|AUTOINCREMENT|PRAGMA|instr\(",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "name", ["bot/store/leases.py", "bot/store/claims.py", "bot/store/migrations/0010_leases.sql"]
)
def test_the_lease_and_claim_sql_is_what_postgresql_speaks_too(name: str) -> None:
    text = (Path(__file__).resolve().parents[2] / name).read_text(encoding="utf-8")
    assert not _SQLITE_ONLY.findall(text)
