"""Lapsed claims on drafts count only for drafts due to publish: one a worker would not take
(its account paused, a retry's wait, a route held back) must not end every round early."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.models import DraftStatus
from bot.store import Store
from bot.store.claims import Claims
from tests.store.test_drafts import engagement, on_platform, queued

T0 = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


class Clock:
    """The store's clock, moved by hand."""

    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def moved(store_target: Path | str, clock: Clock) -> AsyncIterator[Store]:
    opened = await Store.open(store_target, clock=clock)
    try:
        yield opened
    finally:
        await opened.close()


async def _approved(store: Store, n: int) -> int:
    draft_id = await queued(store, on_platform(engagement(n), "facebook"))
    await store.drafts.decide(draft_id, DraftStatus.APPROVED, "ana")
    return draft_id


async def test_a_lapsed_claim_counts_only_on_a_draft_due_to_publish(
    moved: Store, clock: Clock
) -> None:
    store = moved
    claims = Claims.of(store)
    paused, retrying, unclaimed = [await _approved(store, n) for n in (1, 2, 3)]
    # w2 claims two drafts and dies: one waits on an account whose token was refused, the
    # other on a platform's rate limit for an hour.
    assert await claims.drafts("w2", [paused, retrying], T0, T0 + LEASE) == [paused, retrying]
    await store.publications.hold(paused, "facebook", "acct1", "c1", "reply", "hi", "paused")
    async with store.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO publishing_pauses (account, platform, reason, token_mark, paused_at)"
            " VALUES ('acct1', 'facebook', 'token refused', 'm1', ?)",
            (store.db.now(),),
        )
    await store.publications.begin(retrying, "facebook", "acct2", "c2", "reply", "hi")
    wait = (T0 + timedelta(hours=1)).isoformat()
    await store.publications.later(retrying, wait, "rate limited", unsure=False)

    after = T0 + LEASE + timedelta(seconds=1)
    # Neither is due, so neither claim is one to take over: only the unclaimed draft is due.
    assert await store.publications.due(10, claimable=("w1", after)) == [unclaimed]
    assert "drafts" not in await claims.lapsed(after)

    # The wait is over: that draft is due, and its lapsed claim is reported (not on a
    # route the watching worker holds back).
    clock.at = T0 + timedelta(hours=1, seconds=1)
    later = after + timedelta(hours=1)
    assert await store.publications.due(10, claimable=("w1", later)) == [retrying, unclaimed]
    assert "drafts" in await claims.lapsed(later)
    route = f"{(await store.drafts.get(retrying)).brand}:facebook"
    assert await store.publications.due(10, claimable=("w1", later), skip=[route]) == []
    assert "drafts" not in await claims.lapsed(later, routes=[route])

    # The account resumed: the other draft is due again and so is its lapsed claim.
    await store.publications.resume("acct1")
    await store.publications.done(retrying, "r2")
    assert await store.publications.due(10, claimable=("w1", later)) == [paused, unclaimed]
    assert "drafts" in await claims.lapsed(later)
