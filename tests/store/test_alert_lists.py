"""A limited alert list keeps the live, the most severe and the newest alerts, and counts all."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.models import Alert, AlertRecord, AlertState
from bot.store import Store
from tests.conftest import NOW

EVERY_STATE = tuple(AlertState)


class Ticking:
    """A clock a test moves: each alert is saved a minute after the one before."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def ticking(store_target: Path | str) -> AsyncIterator[tuple[Store, Ticking]]:
    clock = Ticking()
    opened = await Store.open(store_target, clock=clock)
    try:
        yield opened, clock
    finally:
        await opened.close()


async def _save(store: Store, clock: Ticking, campaign: str, severity: str) -> str:
    clock.now += timedelta(minutes=1)
    alert = Alert(
        labels={"alertname": "CPASpike", "platform": "meta", "campaign": campaign},
        summary=f"CPA up on {campaign}",
        severity=severity,
    )
    async with store.db.transaction() as conn:
        await store.alerts.save(conn, alert, AlertState.FIRING)
    return alert.fingerprint


async def _fill(store: Store, clock: Ticking) -> None:
    # Oldest first. "Gone" and "Over" are resolved afterwards; "Waiting" goes back to pending.
    for campaign, severity in (
        ("Gone", "critical"),
        ("Old warning", "warning"),
        ("Old critical", "critical"),
        ("Info", "info"),
        ("Waiting", "warning"),
        ("New warning", "warning"),
        ("Over", "warning"),
        ("New critical", "critical"),
    ):
        fingerprint = await _save(store, clock, campaign, severity)
        if campaign in ("Gone", "Over"):
            async with store.db.transaction() as conn:
                await store.alerts.resolve(conn, fingerprint)
    waiting = Alert(
        labels={"alertname": "CPASpike", "platform": "meta", "campaign": "Waiting"},
        summary="CPA up on Waiting",
        severity="warning",
    )
    async with store.db.transaction() as conn:
        await store.alerts.save(conn, waiting, AlertState.PENDING)


def _campaigns(records: list[AlertRecord]) -> list[str]:
    return [r.labels["campaign"] for r in records]


async def test_a_limited_list_keeps_live_then_severe_then_newest(
    ticking: tuple[Store, Ticking],
) -> None:
    store, clock = ticking
    await _fill(store, clock)
    kept = await store.alerts.select(EVERY_STATE, limit=5)
    assert _campaigns(kept) == [
        "New critical",
        "Old critical",
        "New warning",
        "Waiting",
        "Old warning",
    ]
    assert await store.alerts.count(EVERY_STATE) == 8
    # A page long enough for every alert ends with the resolved ones, the critical first.
    everything = await store.alerts.select(EVERY_STATE, limit=100)
    assert _campaigns(everything)[-3:] == ["Info", "Gone", "Over"]


async def test_states_bound_the_list_and_the_count(ticking: tuple[Store, Ticking]) -> None:
    store, clock = ticking
    await _fill(store, clock)
    firing = (AlertState.FIRING,)
    assert await store.alerts.count(firing) == 5
    assert _campaigns(await store.alerts.select(firing, limit=2)) == [
        "New critical",
        "Old critical",
    ]
    assert await store.alerts.count((AlertState.RESOLVED,)) == 2
    assert await store.alerts.count((AlertState.PENDING,)) == 1


@pytest.mark.slow
async def test_without_a_limit_every_alert_in_the_states_is_returned(
    ticking: tuple[Store, Ticking],
) -> None:
    store, clock = ticking
    await _fill(store, clock)
    # More than the thousand a list was once cut at: the manager's flush ranks every firing
    # alert itself (routing, inhibition), so an unlimited select leaves none out.
    async with store.db.transaction() as conn:
        for n in range(1001):
            alert = Alert(labels={"alertname": "Stale", "feed": f"feed-{n}"}, summary="stale")
            await store.alerts.save(conn, alert, AlertState.FIRING)
    assert len(await store.alerts.select((AlertState.FIRING,))) == 1006
    assert len(await store.alerts.select(EVERY_STATE)) == 1009
    assert await store.alerts.count(EVERY_STATE) == 1009
