"""A notice whose send a worker began, then stalled or died before recording it: the worker
that takes it over waits while the first is alive (it records the send when it wakes), and
sends it again on a channel that cannot look only once the first is gone and a further lease
has passed with no record. On each store (a SQLite file, a PostgreSQL database), two stores
on one database as two processes, the workers' clocks moved by hand."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest

from bot.channel import ChannelError, MessageRef
from bot.delivery import Deliverer, send_abandoned_after
from bot.notices import Notice
from bot.store import Store, StoreBusy
from bot.workers import HEARTBEAT, Worker
from tests.workers.conftest import one_notice_for_w1, two_workers
from tests.workers.test_send_under_claim import Slow, StallsAfterHold
from tests.workers.test_stale_claims import queue
from tests.workers.test_worker import HANG_GUARD_S, LEASE, Clocks

SECONDS = LEASE.total_seconds()
# How long after its start a send still unrecorded is no longer waited for.
ABANDONED = send_abandoned_after(LEASE).total_seconds()


@pytest.fixture
def pair(two: tuple[Store, Store]) -> tuple[Store, Store]:
    """The two stores of ``tests/workers/conftest.py``, by the name these tests give them."""
    return two


class Killed(BaseException):
    """The worker's process ends here (SIGKILL): nothing after it runs."""


class DiesAfterSending(Slow):
    """A channel whose send reaches the chat, then the worker is killed before recording it."""

    async def send(self, notice: Notice) -> MessageRef:
        await super().send(notice)
        raise Killed


class LooksBack(Slow):
    """A channel that can look for a notice it carried (as Slack does); it never finds one."""

    def __init__(self, label: str, sent: list[tuple[str, int]]) -> None:
        super().__init__(label, sent)
        self.looked = 0

    async def sent_before(self, notice: Notice) -> MessageRef | None:
        self.looked += 1
        return None


async def killed_after_sending(pair: tuple[Store, Store], w1: Worker) -> list[tuple[str, int]]:
    """w1 sends notice 1, which reaches the chat, and is killed before recording it; what was
    sent, by whom, as the channels of the test tell it."""
    sent: list[tuple[str, int]] = []
    with pytest.raises(Killed):
        await Deliverer(pair[0].outbox, {"ops": DiesAfterSending("w1", sent)}, worker=w1).deliver()
    return sent


async def statuses(store: Store) -> list[tuple[str, str]]:
    rows = await store.db.fetchall("SELECT status, claimed_by FROM notifications ORDER BY id")
    return [(str(r[0]), str(r[1])) for r in rows]


async def test_a_notice_whose_sender_stalled_mid_send_is_not_sent_again_while_it_lives(
    pair: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1, w2 = await one_notice_for_w1(pair, clocks, LEASE)
    sent: list[tuple[str, int]] = []
    first, second = Slow("w1", sent), Slow("w2", sent)
    taker = Deliverer(pair[1].outbox, {"ops": second}, worker=w2)

    async def stalled() -> None:
        # w1's process is starved of CPU while the notice is on its way: its claim and its
        # heartbeat lapse, and w2 takes the notice over.
        clocks.advance(SECONDS + 1)
        counts = await taker.deliver()
        assert (counts.sent, counts.deferred) == (0, 1)
        assert await statuses(pair[1]) == [("queued", "w2")]
        # Less than a lease after its heartbeat lapsed w2 still waits; once w1 renews its
        # heartbeat (its loop runs again), w2 waits however long that lasts.
        clocks.advance(SECONDS / 2)
        assert (await taker.deliver()).deferred == 1
        for _ in range(3):
            assert await w1.holds(HEARTBEAT + w1.id)
            clocks.advance(SECONDS - 1)
            assert (await taker.deliver()).deferred == 1

    first.stalls = {1: stalled}
    counts = await Deliverer(pair[0].outbox, {"ops": first}, worker=w1).deliver()
    # w1's send went out; its record is kept though w2 holds the claim now.
    assert counts.sent == 0
    assert await statuses(pair[0]) == [("sent", "w2")]
    clocks.advance(3 * SECONDS)
    assert (await taker.deliver()).sent == 0
    assert sent == [("w1", 1)]


async def test_a_notice_whose_sender_died_mid_send_is_sent_again_after_a_lease(
    pair: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1, w2 = await one_notice_for_w1(pair, clocks, LEASE)
    sent = await killed_after_sending(pair, w1)
    assert sent == [("w1", 1)]
    taker = Deliverer(pair[1].outbox, {"ops": Slow("w2", sent)}, worker=w2)
    # Its claim and heartbeat lapse a lease after the send began: w2 takes the notice over
    # but waits one more lease for w1 to come back and record it (it may only be stalled).
    clocks.advance(SECONDS + 1)
    assert (await taker.deliver()).deferred == 1
    clocks.advance(SECONDS - 2)
    assert (await taker.deliver()).deferred == 1
    assert sent == [("w1", 1)]
    clocks.advance(2)
    assert (await taker.deliver()).sent == 1
    # At least once: the kill came right after the send reached the chat.
    assert sent == [("w1", 1), ("w2", 1)]
    assert await statuses(pair[1]) == [("sent", "w2")]


async def test_a_channel_that_can_look_is_looked_in_once_the_sender_is_gone(
    pair: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1, w2 = await one_notice_for_w1(pair, clocks, LEASE)
    sent = await killed_after_sending(pair, w1)
    channel = LooksBack("w2", sent)
    taker = Deliverer(pair[1].outbox, {"ops": channel}, worker=w2)
    # While w1's heartbeat holds, w2 neither looks nor sends.
    clocks.advance(SECONDS / 2)
    assert await w1.holds(HEARTBEAT + w1.id)
    clocks.advance(SECONDS / 2 + 1)
    assert (await taker.deliver()).deferred == 1
    assert channel.looked == 0
    # Once it lapsed, w2 looks at once (the channel has the last word) and sends.
    clocks.advance(SECONDS / 2)
    assert (await taker.deliver()).sent == 1
    assert channel.looked == 1
    assert sent == [("w1", 1), ("w2", 1)]


async def test_a_worker_restarted_under_the_same_id_is_not_waited_for(
    pair: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1, w2 = await one_notice_for_w1(pair, clocks, LEASE)
    sent = await killed_after_sending(pair, w1)
    # w1's process is started again at once: its heartbeat is the new run's, which did not
    # begin the send. Its earlier run's claims are let go, and w2 takes the notice.
    again = Worker(pair[0], "w1", LEASE, clocks.wall, clocks.monotonic)
    await again.forget_earlier_claims()
    assert await again.holds(HEARTBEAT + again.id)
    taker = Deliverer(pair[1].outbox, {"ops": Slow("w2", sent)}, worker=w2)
    clocks.advance(1)
    assert (await taker.deliver()).deferred == 1  # within a lease of the send begun
    clocks.advance(SECONDS)
    assert (await taker.deliver()).sent == 1
    assert sent == [("w1", 1), ("w2", 1)]


async def test_a_send_refused_after_its_check_is_not_waited_for(
    pair: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1 = StallsAfterHold(pair[0], "w1", LEASE, clocks.wall, clocks.monotonic)
    _, w2 = two_workers(pair, clocks, LEASE)
    assert await w1.holds(HEARTBEAT + w1.id)
    await queue(pair[0], 1)
    sent: list[tuple[str, int]] = []
    # w1's loop is held up right after it checked its claim and recorded the send as begun:
    # with half its claim gone it does not send, and takes that record back.
    w1.stall_after = {1: lambda: clocks.advance(SECONDS / 2 + 1)}
    counts = await Deliverer(pair[0].outbox, {"ops": Slow("w1", sent)}, worker=w1).deliver()
    assert counts.sent == 0 and sent == []
    rows = await pair[0].db.fetchall("SELECT send_started_at, send_started_by FROM notifications")
    assert [tuple(r) for r in rows] == [(None, None)]
    # w1 is alive, but began no send: w2 sends the notice as soon as the claim lapsed.
    clocks.advance(SECONDS / 2)
    assert await w1.holds(HEARTBEAT + w1.id)
    taker = Deliverer(pair[1].outbox, {"ops": Slow("w2", sent)}, worker=w2)
    assert (await taker.deliver()).sent == 1
    assert sent == [("w2", 1)]


class FailsAfterStall(Slow):
    """A channel whose send fails once it is on its way (after `stalls`): with `error`."""

    def __init__(self, label: str, sent: list[tuple[str, int]], error: ChannelError) -> None:
        super().__init__(label, sent)
        self.error = error

    async def send(self, notice: Notice) -> MessageRef:
        assert notice.id is not None
        stall = self.stalls.pop(notice.id, None)
        if stall is not None:
            await stall()
        raise self.error


class RefusedOnce:
    """The outbox of w1's sender, whose first record of a failed send the database refuses
    (busy past its wait): the fault, put where the store would raise it."""

    def __init__(self, deliverer: Deliverer) -> None:
        self.outbox = deliverer._outbox
        self.mark_failed = self.outbox.mark_failed
        self.refused = 0

    async def busy(self, *args: object, **kwargs: object) -> None:
        self.refused += 1
        self.outbox.mark_failed = self.mark_failed  # type: ignore[method-assign]
        raise StoreBusy("w.db", "is locked", "try again")

    def __enter__(self) -> RefusedOnce:
        self.outbox.mark_failed = self.busy  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        self.outbox.mark_failed = self.mark_failed  # type: ignore[method-assign]


async def started_by(store: Store) -> list[object]:
    rows = await store.db.fetchall("SELECT send_started_by FROM notifications ORDER BY id")
    return [r[0] for r in rows]


async def failed_mid_send(
    pair: tuple[Store, Store], clocks: Clocks, sent: list[tuple[str, int]], error: ChannelError
) -> tuple[Worker, Deliverer, Deliverer]:
    """w1 begins sending notice 1 and stalls in the channel's call past its claim: its
    heartbeat lapses, w2 takes the notice over and waits; then the call fails with `error`.
    Returns w1, its sender and w2's (the taker, whose sends are told in `sent`)."""
    w1, w2 = await one_notice_for_w1(pair, clocks, LEASE)
    taker = Deliverer(pair[1].outbox, {"ops": Slow("w2", sent)}, worker=w2)
    channel = FailsAfterStall("w1", [], error)

    async def stalled() -> None:
        clocks.advance(SECONDS + 1)
        assert (await taker.deliver()).deferred == 1
        # w1's loop runs again: its heartbeat is renewed as the call ends.
        assert await w1.holds(HEARTBEAT + w1.id)

    channel.stalls = {1: stalled}
    return w1, Deliverer(pair[0].outbox, {"ops": channel}, worker=w1), taker


async def test_a_failed_send_whose_record_was_refused_is_taken_back_at_the_next_round(
    pair: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    sent: list[tuple[str, int]] = []
    w1, first, taker = await failed_mid_send(
        pair, clocks, sent, ChannelError("connection refused", retryable=True)
    )
    with RefusedOnce(first) as refused, pytest.raises(StoreBusy):
        await first.deliver()
    assert refused.refused == 1
    assert await started_by(pair[0]) == ["w1"]
    # w1 lives on and runs its next round: the send it began failed, and it says so now.
    clocks.advance(1)
    assert await w1.holds(HEARTBEAT + w1.id)
    await first.deliver()
    assert await started_by(pair[0]) == [None]
    assert (await taker.deliver()).sent == 1
    assert sent == [("w2", 1)]


async def test_a_send_begun_by_a_live_worker_that_lost_track_of_it_is_waited_for_a_while(
    pair: tuple[Store, Store], caplog: pytest.LogCaptureFixture
) -> None:
    clocks = Clocks()
    sent: list[tuple[str, int]] = []
    w1, first, taker = await failed_mid_send(
        pair, clocks, sent, ChannelError("connection refused", retryable=True)
    )
    began = clocks.seconds  # w1's round begins the send now
    with RefusedOnce(first), pytest.raises(StoreBusy):
        await first.deliver()
    # w1's heartbeat is renewed, but its sender runs no round that would take the record back:
    # w2 waits while the send may yet be recorded, and no longer.
    while clocks.seconds + SECONDS / 3 < began + ABANDONED:
        clocks.advance(SECONDS / 3)
        assert await w1.holds(HEARTBEAT + w1.id)
        assert (await taker.deliver()).deferred == 1
    clocks.advance(began + ABANDONED - clocks.seconds)
    assert await w1.holds(HEARTBEAT + w1.id)
    with caplog.at_level(logging.WARNING, logger="bot.workers"):
        assert (await taker.deliver()).sent == 1
    assert sent == [("w2", 1)]
    assert "taken as abandoned id=1 started_by=w1" in caplog.text


async def test_a_send_that_timed_out_is_waited_for_as_one_under_way(
    pair: tuple[Store, Store],
) -> None:
    """A timeout may have reached the chat: the record of the send begun is kept, and the
    worker that took the notice over does not send it at once."""
    clocks = Clocks()
    sent: list[tuple[str, int]] = []
    timeout = ChannelError("read timed out", retryable=True, maybe_sent=True)
    w1, first, taker = await failed_mid_send(pair, clocks, sent, timeout)
    began = clocks.seconds  # w1's round begins the send now
    assert (await first.deliver()).deferred == 1
    assert await started_by(pair[0]) == ["w1"]
    # w1 lives on and runs its rounds; the notice is w2's, and waits.
    for _ in range(3):
        clocks.advance(SECONDS / 3)
        assert await w1.holds(HEARTBEAT + w1.id)
        await first.deliver()
        assert (await taker.deliver()).deferred == 1
    assert sent == []
    clocks.advance(began + ABANDONED - clocks.seconds)
    assert (await taker.deliver()).sent == 1
    assert sent == [("w2", 1)]


class Hangs(Slow):
    """A channel whose send never answers (a call the stop's deadline abandons)."""

    def __init__(self, label: str, sent: list[tuple[str, int]]) -> None:
        super().__init__(label, sent)
        self.calling = asyncio.Event()

    async def send(self, notice: Notice) -> MessageRef:
        self.calling.set()
        await asyncio.Event().wait()
        raise AssertionError("never answered")


async def test_after_a_clean_stop_a_send_abandoned_at_its_deadline_is_waited_for_from_the_stop(
    pair: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1, w2 = await one_notice_for_w1(pair, clocks, LEASE)
    sent: list[tuple[str, int]] = []
    channel = Hangs("w1", sent)
    first = Deliverer(pair[0].outbox, {"ops": channel}, clock=clocks.monotonic, worker=w1)
    round_ = asyncio.ensure_future(first.deliver())
    await channel.calling.wait()
    # The call hangs for two leases (w1 alive, renewing), then w1 is stopped: the call is
    # abandoned at the deadline (it may land yet) and w1 lets go of everything.
    for _ in range(6):
        clocks.advance(SECONDS / 3)
        assert await w1.holds(HEARTBEAT + w1.id)
    first.finish_in(0)
    assert (await round_).deferred == 1
    await w1.close()
    taker = Deliverer(pair[1].outbox, {"ops": Slow("w2", sent)}, worker=w2)
    # A lease is counted from the stop, not from the send's start two leases before.
    clocks.advance(1)
    assert (await taker.deliver()).deferred == 1
    clocks.advance(SECONDS - 2)
    assert (await taker.deliver()).deferred == 1
    clocks.advance(1)
    assert (await taker.deliver()).sent == 1
    assert sent == [("w2", 1)]


async def test_a_send_that_never_answers_is_given_up_at_the_call_limit_and_waited_for(
    pair: tuple[Store, Store],
) -> None:
    """A channel's call that hangs (the peer took the request and never answers) is abandoned
    at the call limit as a failure that may have reached the chat: the notice stays queued
    with its send recorded as begun, and the worker that takes it over waits for it."""
    clocks = Clocks()
    w1, w2 = await one_notice_for_w1(pair, clocks, LEASE)
    sent: list[tuple[str, int]] = []
    channel = Hangs("w1", sent)
    first = Deliverer(
        pair[0].outbox, {"ops": channel}, worker=w1, call_limit=timedelta(milliseconds=50)
    )
    # A guard against a hung round (the limit not kept), not a time limit on the test.
    counts = await asyncio.wait_for(first.deliver(), HANG_GUARD_S)
    assert channel.calling.is_set()
    assert (counts.sent, counts.failed, counts.deferred) == (0, 0, 1)
    rows = await pair[0].db.fetchall("SELECT status, error, send_started_by FROM notifications")
    assert [tuple(r) for r in rows] == [("queued", "slow send: no answer within 0.05s", "w1")]
    # w1 lives on; its claim lapses and w2 takes the notice over: it does not send it yet.
    clocks.advance(SECONDS + 1)
    assert await w1.holds(HEARTBEAT + w1.id)
    taker = Deliverer(pair[1].outbox, {"ops": Slow("w2", sent)}, worker=w2)
    assert (await taker.deliver()).deferred == 1
    assert sent == []


async def stalled_mid_send(
    pair: tuple[Store, Store], clocks: Clocks, w1: Worker, w2: Worker
) -> Callable[[Callable[[], Awaitable[None]]], Awaitable[None]]:
    """w1 begins sending notice 1 and stalls in the channel's call, alive, past its claim;
    w2 takes the notice over and waits for it. Returns what runs `meanwhile` within that
    stall, then lets w1's send go out and be recorded."""
    assert await w1.holds(HEARTBEAT + w1.id)
    await queue(pair[0], 1)
    channel = Slow("w1", [])

    async def run(meanwhile: Callable[[], Awaitable[None]]) -> None:
        async def stalled() -> None:
            clocks.advance(SECONDS + 1)
            assert await w1.holds(HEARTBEAT + w1.id)
            taker = Deliverer(pair[1].outbox, {"ops": Slow("w2", [])}, worker=w2)
            assert (await taker.deliver()).deferred == 1
            await meanwhile()

        channel.stalls = {1: stalled}
        await Deliverer(pair[0].outbox, {"ops": channel}, worker=w1).deliver()

    return run


async def test_a_taker_started_again_still_waits_for_a_live_sender(
    pair: tuple[Store, Store],
) -> None:
    """What a taker waits for is read from the database, not kept in its memory: started
    again under its id (its claims forgotten), it waits as before."""
    clocks = Clocks()
    w1, w2 = two_workers(pair, clocks, LEASE)
    sent: list[tuple[str, int]] = []

    async def restarted() -> None:
        again = Worker(pair[1], "w2", LEASE, clocks.wall, clocks.monotonic)
        await again.forget_earlier_claims()
        taker = Deliverer(pair[1].outbox, {"ops": Slow("w2", sent)}, worker=again)
        for _ in range(3):
            assert (await taker.deliver()).deferred == 1
            clocks.advance(SECONDS / 3)
            assert await w1.holds(HEARTBEAT + w1.id)

    await (await stalled_mid_send(pair, clocks, w1, w2))(restarted)
    assert sent == []
    assert await statuses(pair[0]) == [("sent", "w2")]


async def test_a_notice_let_go_by_its_taker_is_waited_for_by_the_next_worker_too(
    pair: tuple[Store, Store],
) -> None:
    """A taker that lets the notice go (its receiver paused) leaves no claim behind: the next
    worker to claim it still sees the send begun and waits for the live sender."""
    clocks = Clocks()
    w1, w2 = two_workers(pair, clocks, LEASE)
    sent: list[tuple[str, int]] = []

    async def let_go() -> None:
        await w2.release_notices([1])
        assert await statuses(pair[1]) == [("queued", "None")]
        w3 = Worker(pair[1], "w3", LEASE, clocks.wall, clocks.monotonic)
        third = Deliverer(pair[1].outbox, {"ops": Slow("w3", sent)}, worker=w3)
        assert (await third.deliver()).deferred == 1

    await (await stalled_mid_send(pair, clocks, w1, w2))(let_go)
    assert sent == []
    assert await statuses(pair[0]) == [("sent", "w3")]


class Unanswered(Slow):
    """A channel whose first send reaches the chat and is never answered (its answer lost on
    the way back); the sends after it are answered."""

    def __init__(self, label: str, sent: list[tuple[str, int]]) -> None:
        super().__init__(label, sent)
        self.hung = False

    async def send(self, notice: Notice) -> MessageRef:
        assert notice.id is not None
        if not self.hung:
            self.hung = True
            self.sent.append(("unanswered", notice.id))
            await asyncio.Event().wait()
        return await super().send(notice)


class UnansweredLooksBack(Unanswered):
    """Unanswered, on a channel that can look (as Slack can): its first `failures` looks fail
    (a rate limit), the looks after find what the chat holds."""

    def __init__(self, label: str, sent: list[tuple[str, int]], failures: int) -> None:
        super().__init__(label, sent)
        self.failures = failures
        self.looked = 0

    async def sent_before(self, notice: Notice) -> MessageRef | None:
        assert notice.id is not None
        self.looked += 1
        if self.looked <= self.failures:
            raise ChannelError("rate limited", retryable=True, retry_after=1.0)
        if ("unanswered", notice.id) in self.sent:
            return MessageRef("console", self.label, "here", str(notice.id))
        return None


async def test_a_send_that_timed_out_is_looked_for_until_a_look_succeeds(
    pair: tuple[Store, Store],
) -> None:
    """A send abandoned at the call limit reached the chat; the looks for it at the rounds
    after fail twice: the record of the send begun stands meanwhile, nothing is sent blind,
    and the look that succeeds finds the message. Recorded, never sent twice."""
    clocks = Clocks()
    w1, _ = await one_notice_for_w1(pair, clocks, LEASE)
    sent: list[tuple[str, int]] = []
    channel = UnansweredLooksBack("w1", sent, failures=2)
    deliverer = Deliverer(
        pair[0].outbox,
        {"ops": channel},
        clock=clocks.monotonic,
        worker=w1,
        call_limit=timedelta(milliseconds=50),
    )
    # A guard against a hung round (the limit not kept), not a time limit on the test.
    assert (await asyncio.wait_for(deliverer.deliver(), HANG_GUARD_S)).deferred == 1
    for looks in (1, 2):
        clocks.advance(2)  # the receiver's pause is over
        assert (await deliverer.deliver()).deferred == 1
        assert channel.looked == looks
        assert await started_by(pair[0]) == ["w1"]
    clocks.advance(2)
    assert (await deliverer.deliver()).sent == 1
    assert channel.looked == 3
    assert sent == [("unanswered", 1)]
    assert await statuses(pair[0]) == [("sent", "w1")]


async def test_a_send_that_timed_out_where_the_channel_cannot_look_is_sent_again_by_its_worker(
    pair: tuple[Store, Store], caplog: pytest.LogCaptureFixture
) -> None:
    """At least once on Telegram or the console: the worker whose send was abandoned at the
    call limit has nothing more to wait for, and sends the notice again at its next round.
    The message may show twice, and the log says so."""
    clocks = Clocks()
    w1, _ = await one_notice_for_w1(pair, clocks, LEASE)
    sent: list[tuple[str, int]] = []
    deliverer = Deliverer(
        pair[0].outbox,
        {"ops": Unanswered("w1", sent)},
        clock=clocks.monotonic,
        worker=w1,
        call_limit=timedelta(milliseconds=50),
    )
    assert (await asyncio.wait_for(deliverer.deliver(), HANG_GUARD_S)).deferred == 1
    assert await started_by(pair[0]) == ["w1"]
    clocks.advance(2)  # the receiver's pause is over
    with caplog.at_level(logging.WARNING, logger="bot.workers"):
        assert (await deliverer.deliver()).sent == 1
    assert sent == [("unanswered", 1), ("w1", 1)]
    assert await statuses(pair[0]) == [("sent", "w1")]
    assert "sent again, it may show twice (the channel cannot look) id=1 started_by=w1" in (
        caplog.text
    )
