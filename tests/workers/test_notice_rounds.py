"""A worker's sender claims few notices in its first round and more once its sends are
timed: a worker that dies just after it started holds little for the others to wait on."""

from __future__ import annotations

from bot.batch_size import LEAST
from bot.delivery import Deliverer
from bot.store import Store
from tests.workers.test_send_under_claim import Slow
from tests.workers.test_stale_claims import queue
from tests.workers.test_worker import Clocks, stores, workers

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
