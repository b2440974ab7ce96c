"""A worker's sender claims few notices in its first round and more once its sends are
timed: a worker that dies just after it started holds little for the others to wait on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.batch_size import LEAST
from bot.channel import ChannelError, MessageRef
from bot.delivery import Deliverer
from bot.notices import Notice
from bot.store import Store
from bot.workers import Worker
from tests.workers.test_send_under_claim import Slow
from tests.workers.test_stale_claims import queue
from tests.workers.test_worker import LEASE, Clocks, stores, workers

__all__ = ["stores"]  # the fixture, shared with test_worker.py


async def test_a_first_round_claims_a_few_notices_and_leaves_the_rest_to_others(
    stores: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1, w2 = workers(stores, clocks)
    await queue(stores[0], 3 * LEAST)
    sent: list[tuple[str, int]] = []
    first = Deliverer(
        stores[0].outbox, {"ops": Slow("w1", sent)}, clock=clocks.monotonic, worker=w1
    )
    assert (await first.deliver()).sent == LEAST
    # The rest was never claimed by w1: another worker takes it at once.
    second = Deliverer(
        stores[1].outbox, {"ops": Slow("w2", sent)}, clock=clocks.monotonic, worker=w2
    )
    assert (await second.deliver()).sent == LEAST
    # Its sends timed as taking no time (its clock stood still): the next round takes up to
    # 50, all that is left.
    assert (await first.deliver()).sent == LEAST
    assert sorted(n for _, n in sent) == list(range(1, 3 * LEAST + 1))


async def rounds_after_a_death(
    stores: tuple[Store, Store], clocks: Clocks, first_send: Callable[[Worker], Awaitable[None]]
) -> list[int]:
    """w2 claims notices 1–5 and dies; 29 s later (its claims lapse at 30 s) w1 starts a
    round, during whose first send `first_send(w1)` runs. The ids w1 sends in that round and
    the next."""
    w1, w2 = workers(stores, clocks)
    await queue(stores[0], 30)
    assert [n.id for n in await w2.claim_notices(5)] == [1, 2, 3, 4, 5]
    clocks.advance(29)
    sent: list[tuple[str, int]] = []
    channel = Slow("w1", sent)
    channel.stalls = {6: lambda: first_send(w1)}
    deliverer = Deliverer(stores[0].outbox, {"ops": channel}, clock=clocks.monotonic, worker=w1)
    await deliverer.deliver()
    await deliverer.deliver()
    return [n for _, n in sent]


# w1's first round is notices 6–15; it ends after notice 6, the other nine kept claimed, and
# the next round takes the oldest, w2's, before the rest of w1's own (not after nine more).
AFTER_ONE = [6, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11]


async def test_a_round_ends_once_the_watch_finds_claims_lapsed(
    stores: tuple[Store, Store],
) -> None:
    clocks = Clocks()

    async def lapsed(w1: Worker) -> None:
        clocks.advance(2)  # well within the round's share of a lease, past w2's claims
        await w1.watch()

    assert await rounds_after_a_death(stores, clocks, lapsed) == AFTER_ONE


async def test_a_round_with_nothing_lapsed_goes_on(
    stores: tuple[Store, Store],
) -> None:
    clocks = Clocks()

    async def quick(w1: Worker) -> None:
        clocks.advance(0.5)  # w2's claims still held
        await w1.watch()

    # The whole first round of ten; the next takes what is left but w2's, still held.
    assert await rounds_after_a_death(stores, clocks, quick) == list(range(6, 31))


async def test_a_dead_workers_notices_come_before_the_ones_a_worker_still_holds(
    stores: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1, w2 = workers(stores, clocks)
    await queue(stores[0], 30)
    sent: list[tuple[str, int]] = []
    channel = Slow("w1", sent)

    async def w2_dies(w1: Worker = w1) -> None:
        # While w1 sends the first of its round (1–10), w2 claims the next five and dies.
        assert [n.id for n in await w2.claim_notices(5)] == [11, 12, 13, 14, 15]
        clocks.advance(LEASE.total_seconds() + 1)
        await w1.renew()  # w1 keeps its own
        await w1.watch()  # and finds w2's lapsed

    channel.stalls = {1: w2_dies}
    deliverer = Deliverer(stores[0].outbox, {"ops": channel}, clock=clocks.monotonic, worker=w1)
    await deliverer.deliver()
    await deliverer.deliver()
    # The next round of ten claims all five of w2's, though w1 still holds the older 2–10
    # (the rest kept for its later rounds); a round sends in order.
    assert [n for _, n in sent] == [1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15]


class RateLimited(Slow):
    """A channel that refuses every send for a minute (a rate limit): its notices wait."""

    async def send(self, notice: Notice) -> MessageRef:
        assert notice.id is not None
        stall = self.stalls.pop(notice.id, None)
        if stall is not None:
            await stall()
        raise ChannelError("rate limited", retryable=True, retry_after=60.0)


async def test_a_notice_deferred_does_not_count_as_handled_when_a_round_ends_at_a_lapse(
    stores: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1, w2 = workers(stores, clocks)
    await queue(stores[0], 5)  # 1–5
    await queue(stores[0], 1, receiver="limited")  # 6
    await queue(stores[0], 24, first=5)  # 7–30
    assert [n.id for n in await w2.claim_notices(5)] == [1, 2, 3, 4, 5]
    clocks.advance(29)  # w2 died: its claims lapse at 30 s
    sent: list[tuple[str, int]] = []
    limited = RateLimited("w1", sent)

    async def lapsed() -> None:
        clocks.advance(2)
        await w1.watch()

    limited.stalls = {6: lapsed}
    deliverer = Deliverer(
        stores[0].outbox,
        {"ops": Slow("w1", sent), "limited": limited},
        clock=clocks.monotonic,
        worker=w1,
    )
    # Notice 6 is held for the rate limit, not sent: the round goes on to the next notice
    # before it ends for the lapse, rather than end having sent nothing.
    counts = await deliverer.deliver()
    assert (counts.sent, counts.deferred) == (1, 1)
    assert [n for _, n in sent] == [7]
    # The next round takes w2's first.
    await deliverer.deliver()
    assert [n for _, n in sent][:6] == [7, 1, 2, 3, 4, 5]
