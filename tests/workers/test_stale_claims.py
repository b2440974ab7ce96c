"""A worker whose claims lapsed and passed to another stops its batch, and a receiver it
paused keeps neither its own nor the other receivers' notices from being sent: on a real
SQLite file shared by two stores as by two processes."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.channel import ChannelError, MessageRef
from bot.delivery import Deliverer
from bot.notices import Notice
from bot.store import Store
from bot.store.outbox import ClaimLost
from bot.workers import Worker
from tests.store.test_feeds import comment
from tests.workers.test_worker import LEASE, Clocks, stores, workers

__all__ = ["stores"]  # the fixture, shared with test_worker.py

GAP = LEASE.total_seconds() + 1  # a renewal that could not reach the database for a lease


async def queue(store: Store, count: int, receiver: str = "ops", first: int = 0) -> None:
    for n in range(first, first + count):
        text = {"text": f"notice {n}"}
        await store.outbox.queue(Notice("text", receiver, f"{receiver}{n}", f"{receiver}{n}", text))


async def test_a_renewal_after_a_takeover_does_not_make_the_old_batch_fresh(
    stores: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1, w2 = workers(stores, clocks)
    await queue(stores[0], 3)
    await stores[0].feeds.ingest([comment(1)])
    assert len(await w1.claim_notices(50)) == 3
    clocks.advance(GAP)  # w1's renewals failed meanwhile: its claims lapsed
    assert len(await w2.claim_notices(50)) == 3
    await w1.renew()  # the database is back; the extension reaches none of those notices
    assert not w1.claims_fresh()
    assert not w1.claims_fresh("notifications")
    # Claiming other work does not vouch for the notices either.
    assert await w1.claim_comments(10)
    assert w1.claims_fresh("comments")
    assert not w1.claims_fresh("notifications")
    assert not w1.claims_fresh()
    # A renewal in time keeps a batch fresh, and a new claim starts a fresh one.
    assert await w1.claim_notices(50) == []
    clocks.advance(LEASE.total_seconds() / 2)
    await w1.renew()
    assert w1.claims_fresh()


class Stalling:
    """w1's channel: its first send hangs past a lease (the network, a stalled process)
    while w2 takes the batch over and sends it; then w1's renewal reaches the database."""

    name = "stalling"

    def __init__(self, sent: list[int], clocks: Clocks, w1: Worker, other: Deliverer) -> None:
        self.sent = sent
        self.clocks = clocks
        self.w1 = w1
        self.other = other
        self.stalled = False

    async def send(self, notice: Notice) -> MessageRef:
        assert notice.id is not None
        if not self.stalled:
            self.stalled = True
            self.clocks.advance(GAP)
            await self.other.deliver()
            await self.w1.renew()
        self.sent.append(notice.id)
        return MessageRef("console", "w1", "here", str(notice.id))

    async def update(self, ref: MessageRef, notice: Notice) -> None:
        return None


class Recording:
    name = "recording"

    def __init__(self, sent: list[int]) -> None:
        self.sent = sent

    async def send(self, notice: Notice) -> MessageRef:
        assert notice.id is not None
        self.sent.append(notice.id)
        return MessageRef("console", "w2", "here", str(notice.id))

    async def update(self, ref: MessageRef, notice: Notice) -> None:
        return None


async def test_a_sender_whose_batch_was_taken_over_sends_no_more_of_it(
    stores: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1, w2 = workers(stores, clocks)
    await queue(stores[0], 5)
    sent: list[int] = []
    second = Deliverer(stores[1].outbox, {"ops": Recording(sent)}, worker=w2)
    first = Deliverer(stores[0].outbox, {"ops": Stalling(sent, clocks, w1, second)}, worker=w1)
    await first.deliver()
    times = Counter(sent)
    # The one notice in flight when the claims passed is sent by both (docs/workers.md, "Not
    # covered"); none of the rest of the batch is.
    assert sorted(times) == [1, 2, 3, 4, 5]
    assert [n for n, count in times.items() if count > 1] == [1]
    # The notice w2 sent is not marked sent again by w1 (its message reference stays w2's).
    [row] = await stores[0].db.fetchall("SELECT message_ref FROM notifications WHERE id = 1")
    assert MessageRef.from_json(row[0]).channel == "w2"


class Down:
    """A channel that is down (Slack answering 503): its receiver is paused."""

    name = "down"

    def __init__(self) -> None:
        self.tried = 0

    async def send(self, notice: Notice) -> MessageRef:
        self.tried += 1
        raise ChannelError("503 from Slack", retryable=True)

    async def update(self, ref: MessageRef, notice: Notice) -> None:
        return None


async def test_a_paused_receiver_holds_up_no_other_receiver(
    stores: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1, w2 = workers(stores, clocks)
    await queue(stores[0], 60, receiver="slack")  # more than a batch, for a channel down
    await queue(stores[0], 1, receiver="ops", first=60)
    sent: list[int] = []
    down = Down()
    channels = {"slack": down, "ops": Recording(sent)}
    sender = Deliverer(stores[0].outbox, channels, clock=clocks.monotonic, worker=w1)
    for _ in range(3):
        await sender.deliver()
    assert sent == [61]
    assert down.tried == 1  # once per pause
    # The paused receiver's notices are not kept claimed by the worker that paused it.
    assert len(await w2.claim_notices(50)) == 50


async def test_a_paused_receiver_holds_up_no_other_receiver_on_one_worker(
    stores: tuple[Store, Store],
) -> None:
    await queue(stores[0], 60, receiver="slack")
    await queue(stores[0], 1, receiver="ops", first=60)
    sent: list[int] = []
    channels = {"slack": Down(), "ops": Recording(sent)}
    sender = Deliverer(stores[0].outbox, channels, clock=Clocks().monotonic)
    for _ in range(3):
        await sender.deliver(limit=50)
    assert sent == [61]


async def test_a_send_after_a_takeover_is_recorded_so_it_is_not_sent_again(
    stores: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1, w2 = workers(stores, clocks)
    await queue(stores[0], 1)
    [notice] = await w1.claim_notices(50)
    assert notice.id is not None
    clocks.advance(GAP)
    assert len(await w2.claim_notices(50)) == 1  # taken over, not sent yet
    ref = MessageRef("console", "w1", "here", "1")
    with pytest.raises(ClaimLost):
        await stores[0].outbox.held_by("w1").mark_sent(notice.id, ref)
    # Sent by w1 all the same: no worker's next claim takes it again.
    clocks.advance(GAP)
    assert await w2.claim_notices(50) == []
    assert await stores[1].outbox.depth() == 0
