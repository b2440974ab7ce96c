"""A notice in flight when its worker died: the worker that takes it over looks for it in a
channel that can look (Slack, by the notice id stamped in each message's metadata) before it
sends it again; it is sent again only when it is not there."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.delivery import Deliverer
from bot.store import Store
from bot.workers import Worker
from tests.handlers.slack.fake_slack import FakeSlack
from tests.handlers.slack.rig import ADS, BOT_TOKEN, REVIEW, channel_map, rig_for
from tests.handlers.slack.test_delivery import queue_drafts
from tests.workers.test_worker import LEASE, Clocks


@pytest.fixture
async def stores(tmp_path: Path) -> AsyncIterator[tuple[Store, Store]]:
    a = await Store.open(tmp_path / "w.db")
    b = await Store.open(tmp_path / "w.db")
    try:
        yield a, b
    finally:
        await a.close()
        await b.close()


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack(BOT_TOKEN, channels=[REVIEW, ADS])
    await server.start()
    try:
        yield server
    finally:
        await server.close()


async def test_a_notice_posted_by_a_worker_that_died_is_found_not_posted_again(
    stores: tuple[Store, Store], fake: FakeSlack, tmp_path: Path
) -> None:
    clocks = Clocks()
    w1 = Worker(stores[0], "w1", LEASE, clocks.wall, clocks.monotonic)
    w2 = Worker(stores[1], "w2", LEASE, clocks.wall, clocks.monotonic)
    async with rig_for(fake, stores[0], tmp_path) as rig:
        await queue_drafts(stores[0], 1, 2)
        # w1 claims both, posts the first to Slack and dies before recording it.
        first, _ = await w1.claim_notices(10)
        carried = await rig.channel.send(first)
        assert len(fake.posts(REVIEW)) == 1
        clocks.advance(LEASE.total_seconds() + 1)
        # w2 takes both over once w1's claims lapsed.
        deliverer = Deliverer(stores[1].outbox, channel_map(rig.channel), worker=w2)
        counts = await deliverer.deliver()
        assert counts.sent == 2
        posted = fake.posts(REVIEW)
        assert len(posted) == 2  # the first was found, only the second posted
        assert fake.calls_to("conversations.history")
        rows = await stores[1].db.fetchall(
            "SELECT id, status, message_ref FROM notifications ORDER BY id"
        )
        assert [r[1] for r in rows] == ["sent", "sent"]
        assert carried.message_id in str(rows[0][2])
        assert posted[1].ts in str(rows[1][2])


async def test_without_the_history_scope_the_notice_is_sent_again(
    stores: tuple[Store, Store], fake: FakeSlack, tmp_path: Path
) -> None:
    clocks = Clocks()
    w1 = Worker(stores[0], "w1", LEASE, clocks.wall, clocks.monotonic)
    w2 = Worker(stores[1], "w2", LEASE, clocks.wall, clocks.monotonic)
    async with rig_for(fake, stores[0], tmp_path) as rig:
        await queue_drafts(stores[0], 1)
        (notice,) = await w1.claim_notices(10)
        await rig.channel.send(notice)
        clocks.advance(LEASE.total_seconds() + 1)
        fake.fail("conversations.history", status=200, retry_after=None, error="missing_scope")
        deliverer = Deliverer(stores[1].outbox, channel_map(rig.channel), worker=w2)
        assert (await deliverer.deliver()).sent == 1
        assert len(fake.posts(REVIEW)) == 2  # at least once: sent again, not held back


async def test_a_worker_restarted_under_its_id_looks_before_sending_what_it_had_claimed(
    stores: tuple[Store, Store], fake: FakeSlack, tmp_path: Path
) -> None:
    clocks = Clocks()
    w1 = Worker(stores[0], "w1", LEASE, clocks.wall, clocks.monotonic)
    async with rig_for(fake, stores[0], tmp_path) as rig:
        await queue_drafts(stores[0], 1, 2)
        # w1 claims both, posts the first to Slack and dies before recording it.
        first, _ = await w1.claim_notices(10)
        await rig.channel.send(first)
        # It starts again under the same id (a container restarted) before its claims end.
        again = Worker(stores[1], "w1", LEASE, clocks.wall, clocks.monotonic)
        await again.forget_earlier_claims()
        deliverer = Deliverer(stores[1].outbox, channel_map(rig.channel), worker=again)
        assert (await deliverer.deliver()).sent == 2
        assert len(fake.posts(REVIEW)) == 2  # the first was found, only the second posted
        assert fake.calls_to("conversations.history")


async def test_what_a_restarted_worker_let_go_of_is_looked_for_by_the_survivor_too(
    stores: tuple[Store, Store], fake: FakeSlack, tmp_path: Path
) -> None:
    clocks = Clocks()
    w1 = Worker(stores[0], "w1", LEASE, clocks.wall, clocks.monotonic)
    async with rig_for(fake, stores[0], tmp_path) as rig:
        await queue_drafts(stores[0], 1)
        (notice,) = await w1.claim_notices(10)
        await rig.channel.send(notice)
        # Restarted under its id, it lets go of its claims, then stops before sending.
        again = Worker(stores[0], "w1", LEASE, clocks.wall, clocks.monotonic)
        await again.forget_earlier_claims()
        w2 = Worker(stores[1], "w2", LEASE, clocks.wall, clocks.monotonic)
        deliverer = Deliverer(stores[1].outbox, channel_map(rig.channel), worker=w2)
        assert (await deliverer.deliver()).sent == 1
        assert len(fake.posts(REVIEW)) == 1  # found by w2, not posted again


async def test_a_notice_posted_but_not_recorded_before_a_clean_stop_is_looked_for(
    stores: tuple[Store, Store], fake: FakeSlack, tmp_path: Path
) -> None:
    # Was: a clean stop freed the claim outright, so the next worker took the notice as new
    # work and posted it again (its record had been refused by a busy database).
    clocks = Clocks()
    w1 = Worker(stores[0], "w1", LEASE, clocks.wall, clocks.monotonic)
    async with rig_for(fake, stores[0], tmp_path) as rig:
        await queue_drafts(stores[0], 1)
        (notice,) = await w1.claim_notices(10)
        await rig.channel.send(notice)
        await w1.close()
        w2 = Worker(stores[1], "w2", LEASE, clocks.wall, clocks.monotonic)
        deliverer = Deliverer(stores[1].outbox, channel_map(rig.channel), worker=w2)
        assert (await deliverer.deliver()).sent == 1
        assert len(fake.posts(REVIEW)) == 1  # found by w2, not posted again
