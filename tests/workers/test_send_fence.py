"""Right before a notice's send, a worker whose claim lapsed or was taken sends nothing."""

# Right before a notice's send the worker checks, in one statement on the notice's row, that its
# claim is still its own and has not lapsed: a worker starved past its claim sends nothing
# another worker took over, or may be taking over. On each store (a SQLite file, a PostgreSQL
# database), two stores on one database as two processes; the claim expired by hand, the
# workers' clocks standing still (each still counts its claims fresh).

from __future__ import annotations

from datetime import timedelta

from bot.delivery import Deliverer
from bot.store import Store
from bot.store.leases import millis
from tests.workers.conftest import two_workers
from tests.workers.test_send_under_claim import Slow
from tests.workers.test_stale_claims import queue
from tests.workers.test_worker import LEASE, Clocks


async def expire(store: Store, notice_id: int, clocks: Clocks) -> None:
    """The claim on `notice_id` lapses: its worker was starved past it."""
    lapsed = millis(clocks.wall() - timedelta(seconds=1))
    async with store.db.transaction() as conn:
        await conn.execute(
            "UPDATE notifications SET claim_expires = ? WHERE id = ?", (lapsed, notice_id)
        )


async def rows(store: Store) -> list[tuple[object, ...]]:
    found = await store.db.fetchall(
        "SELECT id, status, claimed_by, send_started_at IS NULL FROM notifications ORDER BY id"
    )
    return [tuple(r) for r in found]


async def test_a_claim_lapsed_unnoticed_is_not_sent_by_its_worker(
    two: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1, w2 = two_workers(two, clocks, LEASE)
    await queue(two[0], 2)
    sent: list[tuple[str, int]] = []
    first = Slow("w1", sent)

    async def starved() -> None:
        await expire(two[0], 2, clocks)

    first.stalls = {1: starved}
    counts = await Deliverer(two[0].outbox, {"ops": first}, worker=w1).deliver()
    # Notice 2's claim lapsed while w1 sent notice 1: nobody has taken it yet, but anyone may
    # be taking it, so w1 does not send it (nor leaves a send begun on it).
    assert w1.claims_fresh("notifications")
    assert counts.sent == 1 and sent == [("w1", 1)]
    assert await rows(two[0]) == [(1, "sent", "w1", False), (2, "queued", "w1", True)]
    # w2 takes it over and sends it: once in all.
    counts = await Deliverer(two[1].outbox, {"ops": Slow("w2", sent)}, worker=w2).deliver()
    assert counts.sent == 1 and sent == [("w1", 1), ("w2", 2)]
    assert await rows(two[0]) == [(1, "sent", "w1", False), (2, "sent", "w2", False)]


async def test_a_notice_taken_over_while_its_worker_was_starved_is_sent_once(
    two: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1, w2 = two_workers(two, clocks, LEASE)
    await queue(two[0], 3)
    sent: list[tuple[str, int]] = []
    first = Slow("w1", sent)
    second = Deliverer(two[1].outbox, {"ops": Slow("w2", sent)}, worker=w2)

    async def taken_over() -> None:
        # w1 starved past its claims on 2 and 3; w2 takes them over and sends them.
        await expire(two[0], 2, clocks)
        await expire(two[0], 3, clocks)
        assert (await second.deliver()).sent == 2

    first.stalls = {1: taken_over}
    counts = await Deliverer(two[0].outbox, {"ops": first}, worker=w1).deliver()
    assert w1.claims_fresh("notifications")
    assert counts.sent == 1
    assert sorted(sent) == [("w1", 1), ("w2", 2), ("w2", 3)]
    assert [r[:3] for r in await rows(two[0])] == [
        (1, "sent", "w1"),
        (2, "sent", "w2"),
        (3, "sent", "w2"),
    ]
