"""One message per campaign incident, and a quiet alert near its threshold that does not flap."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.alerting.manager import AlertManager
from bot.config.loading import load_workspace
from bot.models import Alert
from bot.smm.engine import INHIBITS
from bot.store import Store
from tests.conftest import NOW


def alert(name: str, campaign: str = "Winter Shells", adset: str = "") -> Alert:
    labels = {
        "alertname": name,
        "severity": "warning",
        "platform": "meta",
        "account": "alpenglow-meta",
        "campaign": campaign,
    }
    if adset:
        labels["adset"] = adset
    return Alert(labels=labels, summary=f"{name} on {campaign}", evidence={"current": "x"})


class Source:
    def __init__(self) -> None:
        self.alerts: list[Alert] = []

    async def __call__(self, now: datetime) -> Sequence[Alert]:
        return list(self.alerts)


def workspace(tmp_path: Path, repeat: str = "12h") -> Path:
    path = tmp_path / "ws.yaml"
    path.write_text(
        "brands:\n  - {id: alpenglow, name: Alpenglow}\n"
        "receivers:\n  - {name: console, kind: console}\n"
        "route:\n  receiver: console\n  group_by: [alertname, campaign]\n  group_wait: 0s\n"
        f"  group_interval: 5m\n  repeat_interval: {repeat}\n",
        encoding="utf-8",
    )
    return path


async def test_one_message_per_campaign_incident_with_all_its_evidence(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "a.db", clock=lambda: NOW)
    source = Source()
    manager = AlertManager(
        store, load_workspace(workspace(tmp_path)).routing_tree, source, INHIBITS
    )
    source.alerts = [
        alert("CPASpike"),
        alert("CPAAboveTarget"),
        alert("ROASDrop"),
        alert("CPCSpike", adset="Skiers"),
        alert("CPASpike", campaign="Trail Boots"),
        alert("SpendDrop", campaign="Trail Boots", adset="Hikers"),
        alert("DeliveryCollapse", campaign="Trail Boots", adset="Hikers"),
    ]
    await manager(NOW)
    sent = sorted(
        sorted(a["alertname"] for a in n.data["alerts"]) for n in await store.outbox.due()
    )
    assert sent == [
        ["CPAAboveTarget", "CPASpike", "CPCSpike", "ROASDrop"],
        ["CPASpike"],
        ["DeliveryCollapse", "SpendDrop"],
    ]
    await store.close()


@pytest.mark.slow
async def test_an_alert_that_blinks_out_for_a_day_stays_one_episode(tmp_path: Path) -> None:
    """keep_firing_for: true, not true the next morning, true again → fired once."""
    clock = [NOW]
    store = await Store.open(tmp_path / "a.db", clock=lambda: clock[0])
    source = Source()
    manager = AlertManager(
        store, load_workspace(workspace(tmp_path)).routing_tree, source, INHIBITS
    )
    manager = AlertManager(
        store, load_workspace(workspace(tmp_path, "10d")).routing_tree, source, INHIBITS
    )
    quiet = replace(alert("CTRDrop", adset="Quiet"), keep_firing_for=timedelta(hours=26))
    kinds: list[str] = []
    for day, reported in enumerate([True, False, True, False, True, False, False]):
        for hour in range(0, 24, 6):
            clock[0] = NOW + timedelta(days=day, hours=hour)
            source.alerts = [quiet] if reported else []
            await manager(clock[0])
            for notice in await store.outbox.due():
                assert notice.id is not None
                kinds.append(notice.kind)
                await store.outbox.mark_sent(notice.id, None)
    assert kinds == ["alert", "resolved"]
    assert await store.alerts.counts() == {"resolved": 1}
    await store.close()


async def test_without_a_hold_the_same_alert_fires_and_clears_each_time(tmp_path: Path) -> None:
    clock = [NOW]
    store = await Store.open(tmp_path / "a.db", clock=lambda: clock[0])
    source = Source()
    manager = AlertManager(
        store, load_workspace(workspace(tmp_path)).routing_tree, source, INHIBITS
    )
    for day, reported in enumerate([True, False, True, False]):
        clock[0] = NOW + timedelta(days=day)
        source.alerts = [alert("CTRDrop", adset="Quiet")] if reported else []
        await manager(clock[0])
    assert await store.alerts.counts() == {"resolved": 1}
    firing = [n.kind for n in await store.outbox.due()]
    assert firing == ["alert", "resolved", "alert", "resolved"]
    await store.close()
