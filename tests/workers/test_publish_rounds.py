"""A worker's publishing round holds what it publishes in a fifth of a lease, as timed, so the
drafts a dead worker claimed wait behind no long round of a survivor's own: a real SQLite
file and a local server that speaks the Graph API."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config.loading import load_workspace
from bot.connectors.publishing import Publishing, build_publishing
from bot.models import DraftStatus
from bot.publisher import OutboxFilePublisher, publish_approved
from bot.store import Store
from bot.workers import DRAFT_BATCH, Worker
from tests.connectors.fake_platforms import ENV, FakePlatforms, serving, workspace_yaml
from tests.store.test_drafts import engagement, on_platform, queued
from tests.workers.test_worker import LEASE, Clocks, stores

__all__ = ["stores"]  # the fixture, shared with test_worker.py


async def approve(store: Store, first: int, count: int) -> None:
    for n in range(first, first + count):
        draft_id = await queued(store, on_platform(engagement(n), "facebook"))
        await store.drafts.decide(draft_id, DraftStatus.APPROVED, "ana")


@contextlib.asynccontextmanager
async def publishing(store: Store, folder: Path, call_s: list[float]) -> AsyncIterator[Publishing]:
    """One worker's publishing (a 30 s lease) to a local Graph API server on which each reply
    takes `call_s[0]` seconds of the worker's clock (as the list holds then)."""
    clocks = Clocks()
    platforms = FakePlatforms(after_post=lambda: clocks.advance(call_s[0]))
    async with serving(platforms) as base:
        path = folder / "workspace.yaml"
        path.write_text(workspace_yaml(base, ("facebook",)), encoding="utf-8")
        found = await build_publishing(
            load_workspace(path),
            store,
            OutboxFilePublisher(folder / "outbox.jsonl"),
            ENV,
            monotonic=clocks.monotonic,
            worker=Worker(store, "w1", LEASE, clocks.wall, clocks.monotonic),
        )
        try:
            yield found
        finally:
            await found.close()


async def publish_all(store: Store, publisher: Publishing) -> list[int]:
    """Rounds until nothing is left to publish: how many each round published."""
    rounds = []
    while done := await publish_approved(store.drafts, publisher):
        rounds.append(done)
    return rounds


async def test_a_round_holds_the_replies_made_in_a_fifth_of_a_lease(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    store = stores[0]
    await approve(store, 1, 4)
    async with publishing(store, tmp_path, call_s=[2.0]) as publisher:
        assert await publish_all(store, publisher) == [1, 3]
        await approve(store, 5, DRAFT_BATCH)
        # 2 s a reply: a fifth of the 30 s lease (6 s) holds three.
        assert len(await publisher.pending(store.drafts)) == 3


@pytest.mark.slow
async def test_a_platform_slowing_down_brings_the_round_down_to_one_reply(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    store = stores[0]
    await approve(store, 1, 4)
    call_s = [0.01]
    async with publishing(store, tmp_path, call_s) as publisher:
        assert await publish_all(store, publisher) == [1, 3]
        await approve(store, 5, DRAFT_BATCH)
        call_s[0] = 10.0
        # A round of ten claimed; two go out before the claims need renewing (half a lease).
        assert await publish_approved(store.drafts, publisher) == 2
        assert len(await publisher.pending(store.drafts)) == 1


@pytest.mark.slow
async def test_a_quick_platform_gets_the_configured_round(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    store = stores[0]
    await approve(store, 1, 4)
    async with publishing(store, tmp_path, call_s=[0.01]) as publisher:
        assert await publish_all(store, publisher) == [1, 3]
        await approve(store, 5, 2 * DRAFT_BATCH)
        assert len(await publisher.pending(store.drafts)) == DRAFT_BATCH


async def test_a_dead_workers_drafts_come_before_those_a_worker_still_holds(
    stores: tuple[Store, Store],
) -> None:
    store = stores[0]
    await approve(store, 1, 4)
    ids = await store.publications.due(10)
    clocks = Clocks()
    w1 = Worker(stores[0], "w1", LEASE, clocks.wall, clocks.monotonic)
    w2 = Worker(stores[1], "w2", LEASE, clocks.wall, clocks.monotonic)
    # w1 holds the two oldest (a round it ended early); w2 claims the next two and dies.
    assert await w1.claim_drafts(ids[:2]) == ids[:2]
    assert await w2.claim_drafts(ids[2:]) == ids[2:]
    clocks.advance(LEASE.total_seconds() + 1)
    await w1.renew()
    # w1's next round of one takes w2's oldest, not the older one it still holds.
    assert await store.publications.due(1, claimable=("w1", clocks.wall())) == ids[2:3]
    assert await store.publications.due(10, claimable=("w1", clocks.wall())) == [
        *ids[2:],
        *ids[:2],
    ]


async def test_a_dead_workers_draft_on_a_paused_account_does_not_end_the_rounds(
    stores: tuple[Store, Store],
) -> None:
    store = stores[0]
    await approve(store, 1, 3)
    ids = await store.publications.due(10)
    clocks = Clocks()
    w1 = Worker(stores[0], "w1", LEASE, clocks.wall, clocks.monotonic)
    w2 = Worker(stores[1], "w2", LEASE, clocks.wall, clocks.monotonic)
    # w2 claims the oldest; its account's token is refused (paused), and w2 dies.
    assert await w2.claim_drafts(ids[:1]) == ids[:1]
    await store.publications.hold(ids[0], "facebook", "acct1", "c1", "reply", "hi", "paused")
    async with store.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO publishing_pauses (account, platform, reason, token_mark, paused_at)"
            " VALUES ('acct1', 'facebook', 'token refused', 'm1', ?)",
            (store.db.now(),),
        )
    clocks.advance(LEASE.total_seconds() + 1)
    due = await store.publications.due(10, claimable=("w1", clocks.wall()))
    assert await w1.claim_drafts(due) == ids[1:]
    # Nobody may publish that draft until a person resumes the account: its lapsed claim
    # is nothing to take over, and w1's round goes on.
    for _ in range(3):
        clocks.advance(LEASE.total_seconds() / 10)
        await w1.watch()
        assert not w1.round_over("drafts")
    await store.publications.resume("acct1")
    clocks.advance(LEASE.total_seconds() / 10)
    await w1.watch()
    assert w1.round_over("drafts")
