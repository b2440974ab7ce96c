"""A notice is sent, and a reply published, only while its worker still holds its claim: a
worker that stalled past its claim does not send what another took over. On a real SQLite
file shared by two stores as by two processes, with the clocks moved by hand."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

import pytest

from bot.channel import MessageRef
from bot.config.loading import load_workspace
from bot.connectors.publishing import Publishing, build_publishing
from bot.delivery import Deliverer
from bot.models import DraftStatus
from bot.notices import Notice
from bot.publisher import OutboxFilePublisher, publish_approved
from bot.store import Store
from bot.workers import Worker
from tests.connectors.fake_platforms import ENV, FakePlatforms, serving, workspace_yaml
from tests.store.test_drafts import engagement, on_platform, queued
from tests.workers.test_stale_claims import queue
from tests.workers.test_worker import LEASE, Clocks, stores, workers

__all__ = ["stores"]  # the fixture, shared with test_worker.py

HALF = LEASE.total_seconds() / 2


class Slow:
    """A channel whose sends take time: `stalls` maps a notice id to what happens while its
    send is on its way (the clocks move on, another worker runs a round)."""

    name = "slow"

    def __init__(self, label: str, sent: list[tuple[str, int]]) -> None:
        self.label = label
        self.sent = sent
        self.stalls: dict[int, Callable[[], Awaitable[None]]] = {}

    async def send(self, notice: Notice) -> MessageRef:
        assert notice.id is not None
        stall = self.stalls.pop(notice.id, None)
        if stall is not None:
            await stall()
        self.sent.append((self.label, notice.id))
        return MessageRef("console", self.label, "here", str(notice.id))

    async def update(self, ref: MessageRef, notice: Notice) -> None:
        return None

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None


async def test_a_send_started_late_in_its_claim_is_not_made_by_a_second_worker_too(
    stores: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1, w2 = workers(stores, clocks)
    await queue(stores[0], 2)
    sent: list[tuple[str, int]] = []
    first, second = Slow("w1", sent), Slow("w2", sent)
    other = Deliverer(stores[1].outbox, {"ops": second}, worker=w2)

    async def slow_first() -> None:
        # Within the round's fifth of a lease: w1 goes on to the next send of its round.
        clocks.advance(5)

    async def stalled_second() -> None:
        # w1 stalls for most of a lease while the second notice is on its way (its renewals
        # starved too); its claim as taken with the batch lapses meanwhile, and w2 runs a
        # round.
        clocks.advance(LEASE.total_seconds() - 4)
        await other.deliver()

    first.stalls = {1: slow_first, 2: stalled_second}
    counts = await Deliverer(stores[0].outbox, {"ops": first}, worker=w1).deliver()
    assert counts.sent == 2
    # Each notice went out once, by w1: w2 found the second still claimed (w1 checked and
    # extended its claim right before sending it), not lapsed.
    assert Counter(n for _, n in sent) == {1: 1, 2: 1}
    assert sent == [("w1", 1), ("w1", 2)]
    rows = await stores[0].db.fetchall("SELECT status FROM notifications ORDER BY id")
    assert [r[0] for r in rows] == ["sent", "sent"]


async def test_a_notice_another_worker_took_over_is_not_sent_by_the_first(
    stores: tuple[Store, Store],
) -> None:
    # w2's clock runs ahead of w1's (another machine): to w2, w1's claim lapsed while w1,
    # by its own reckoning, still has half a lease left. The database has the last word.
    clocks, ahead = Clocks(), Clocks()
    ahead.advance(HALF + 2)
    w1 = Worker(stores[0], "w1", LEASE, clocks.wall, clocks.monotonic)
    w2 = Worker(stores[1], "w2", LEASE, ahead.wall, ahead.monotonic)
    # w2 passes over receiver "a" (paused there): it takes over the notice to "ops" alone.
    w2.paused_receivers = lambda: ("a",)
    await queue(stores[0], 1, receiver="a")
    await queue(stores[0], 1, receiver="ops")
    sent: list[tuple[str, int]] = []
    first = Slow("w1", sent)

    async def taken_over() -> None:
        clocks.advance(HALF - 1)
        ahead.advance(HALF - 1)
        assert len(await w2.claim_notices(10)) == 1

    first.stalls = {1: taken_over}
    counts = await Deliverer(stores[0].outbox, {"a": first, "ops": first}, worker=w1).deliver()
    assert w1.claims_fresh("notifications")
    assert counts.sent == 1 and sent == [("w1", 1)]
    rows = await stores[0].db.fetchall("SELECT status, claimed_by FROM notifications ORDER BY id")
    assert [tuple(r) for r in rows] == [("sent", "w1"), ("queued", "w2")]


async def test_a_claim_extended_only_after_a_long_wait_does_not_vouch_for_a_send(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    clocks = Clocks()
    w1, _ = workers(stores, clocks)
    await queue(stores[0], 1)
    assert len(await w1.claim_notices(10)) == 1
    assert await w1.hold_notice(1)
    # Another process holds the database's write lock while w1's clock moves on by more
    # than half a lease: the extension, reckoned from before the wait, leaves too little.
    blocker = sqlite3.connect(tmp_path / "w.db", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")

    def release() -> None:
        clocks.advance(HALF + 1)
        blocker.rollback()

    asyncio.get_running_loop().call_later(0.2, release)
    try:
        assert not await w1.hold_notice(1)
    finally:
        blocker.close()
    assert await w1.hold_notice(1)  # a quick one does


async def test_a_reply_another_worker_took_over_is_not_published_by_the_first(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    draft_id = await queued(stores[0], on_platform(engagement(1), "facebook"))
    await stores[0].drafts.decide(draft_id, DraftStatus.APPROVED, "ana")
    clocks, ahead = Clocks(), Clocks()
    ahead.advance(HALF + 2)  # w2's clock runs ahead, as above
    w1 = Worker(stores[0], "w1", LEASE, clocks.wall, clocks.monotonic)
    w2 = Worker(stores[1], "w2", LEASE, ahead.wall, ahead.monotonic)
    platforms = FakePlatforms()
    async with publishing_pair(platforms, stores, (w1, w2), tmp_path) as (one, two):
        [draft] = await one.pending(stores[0].drafts)
        clocks.advance(HALF - 1)
        ahead.advance(HALF - 1)
        assert w1.claims_fresh("drafts")
        assert [d.id for d in await two.pending(stores[1].drafts)] == [draft_id]
        # w1 comes back to the draft it claimed: its claim is checked where the intent
        # is recorded, and it makes no call.
        assert not await one.publish(draft)
        assert platforms.reply_count("c1") == 0
        assert await stores[0].publications.get(draft_id) is None
        assert await publish_approved(stores[1].drafts, two) == 1
        assert platforms.reply_count("c1") == 1


@pytest.mark.slow
async def test_a_publishing_round_takes_a_few_drafts_and_none_another_worker_holds(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    ids = []
    for n in range(1, 26):
        draft_id = await queued(stores[0], on_platform(engagement(n), "facebook"))
        await stores[0].drafts.decide(draft_id, DraftStatus.APPROVED, "ana")
        ids.append(draft_id)
    clocks = Clocks()
    w1, w2 = workers(stores, clocks)
    platforms = FakePlatforms()
    async with publishing_pair(platforms, stores, (w1, w2), tmp_path) as (one, two):
        first = [d.id for d in await one.pending(stores[0].drafts)]
        # w2 passes over the drafts w1 holds, however many are listed before the rest.
        second = [d.id for d in await two.pending(stores[1].drafts)]
        # Neither has timed a reply yet: a round of one each.
        assert first == ids[:1] and second == ids[1:2]
        # w1 dies: once its claims lapse, w2's next round takes them, oldest first.
        clocks.advance(LEASE.total_seconds() + 1)
        assert [d.id for d in await two.pending(stores[1].drafts)] == ids[:1]


@asynccontextmanager
async def publishing_pair(
    platforms: FakePlatforms, stores: tuple[Store, Store], pair: tuple[Worker, Worker], folder: Path
) -> AsyncIterator[tuple[Publishing, Publishing]]:
    """Each worker's publishing over the local Facebook Page, as two processes build theirs."""
    async with serving(platforms) as base:
        path = folder / "workspace.yaml"
        path.write_text(workspace_yaml(base, ("facebook",)), encoding="utf-8")
        workspace = load_workspace(path)
        fallback = OutboxFilePublisher(folder / "outbox.jsonl")
        one = await build_publishing(workspace, stores[0], fallback, ENV, worker=pair[0])
        two = await build_publishing(workspace, stores[1], fallback, ENV, worker=pair[1])
        try:
            yield one, two
        finally:
            await one.close()
            await two.close()


class StallsAfterHold(Worker):
    """A worker whose event loop is held up right after it checked and extended its claim on
    a notice, before the send starts (another task's long step, a process starved of CPU):
    `stall_after` maps a notice id to what happens meanwhile, with this loop blocked."""

    stall_after: dict[int, Callable[[], None]]

    async def hold_notice(self, notice_id: int, sending: bool = False) -> datetime | None:
        held = await super().hold_notice(notice_id, sending)
        stall = self.stall_after.pop(notice_id, None)
        if held is not None and stall is not None:
            # Ahead of the send in the loop's queue: it runs before the send can start.
            asyncio.get_running_loop().call_soon(stall)
        return held


async def test_a_sender_stalled_past_its_claim_after_the_check_does_not_send_a_notice_taken_over(
    tmp_path: Path,
) -> None:
    store = await Store.open(tmp_path / "w.db")
    clocks = Clocks()
    w1 = StallsAfterHold(store, "w1", LEASE, clocks.wall, clocks.monotonic)
    sent: list[tuple[str, int]] = []

    def stalled() -> None:
        # w1's loop is blocked for over a lease: its claim lapses, and w2 (another process:
        # here a thread with its own loop and connection) takes the notice over and sends it.
        clocks.advance(LEASE.total_seconds() + 1)
        thread = threading.Thread(target=asyncio.run, args=(_round_of_w2(tmp_path, clocks, sent),))
        thread.start()
        thread.join()

    w1.stall_after = {1: stalled}
    try:
        await queue(store, 1)
        counts = await Deliverer(store.outbox, {"ops": Slow("w1", sent)}, worker=w1).deliver()
        assert counts.sent == 0
        # Sent once, by the worker that took it over; w1 found its claim run out as its send
        # was about to start.
        assert sent == [("w2", 1)]
        rows = await store.db.fetchall("SELECT status, claimed_by FROM notifications")
        assert [tuple(r) for r in rows] == [("sent", "w2")]
    finally:
        await store.close()


async def _round_of_w2(folder: Path, clocks: Clocks, sent: list[tuple[str, int]]) -> None:
    store = await Store.open(folder / "w.db")
    try:
        w2 = Worker(store, "w2", LEASE, clocks.wall, clocks.monotonic)
        counts = await Deliverer(store.outbox, {"ops": Slow("w2", sent)}, worker=w2).deliver()
        assert counts.sent == 1
    finally:
        await store.close()
