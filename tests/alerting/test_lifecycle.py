"""Pending → firing → resolved, and the manager that stores it and queues grouped notices."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from bot.alerting.lifecycle import transitions
from bot.alerting.manager import AlertManager
from bot.config.loading import load_workspace
from bot.models import Alert, AlertState
from bot.smm.engine import INHIBITS, evaluate
from bot.smm.settings import EngineSettings
from bot.store import Store
from tests.conftest import NOW
from tests.smm.test_shift import budget_capped, exchange_hours


def cpa_alert(campaign: str = "Winter Shells", hold: timedelta = timedelta(0)) -> Alert:
    return Alert(
        labels={
            "alertname": "CPASpike",
            "severity": "warning",
            "platform": "meta",
            "account": "alpenglow-meta",
            "campaign": campaign,
        },
        summary=f"CPA of {campaign} is 2.1× target",
        value=67.2,
        baseline=32.0,
        pending_for=hold,
    )


def test_new_alert_without_hold_fires_at_once_and_with_hold_waits() -> None:
    [now_firing] = transitions([cpa_alert()], [], NOW)
    [waiting] = transitions([cpa_alert(hold=timedelta(hours=2))], [], NOW)
    assert now_firing.to is AlertState.FIRING
    assert waiting.to is AlertState.PENDING


class Source:
    """The engine's answer, set by the test as time passes."""

    def __init__(self) -> None:
        self.alerts: list[Alert] = []

    async def __call__(self, now: datetime) -> Sequence[Alert]:
        return list(self.alerts)


def workspace(tmp_path: Path, group_wait: str = "30s") -> Path:
    path = tmp_path / "ws.yaml"
    path.write_text(
        "brands:\n  - {id: alpenglow, name: Alpenglow}\n"
        "receivers:\n  - {name: console, kind: console}\n  - {name: oncall, kind: console}\n"
        f"route:\n  receiver: console\n  group_by: [alertname]\n  group_wait: {group_wait}\n"
        "  group_interval: 5m\n  repeat_interval: 4h\n"
        "  routes:\n    - {match: {severity: critical}, receiver: oncall}\n",
        encoding="utf-8",
    )
    return path


async def test_manager_holds_groups_notifies_once_repeats_and_resolves(
    tmp_path: Path,
) -> None:
    clock = [NOW]
    store = await Store.open(tmp_path / "a.db", clock=lambda: clock[0])
    ws = load_workspace(workspace(tmp_path))
    source = Source()
    manager = AlertManager(store, ws.routing_tree, source, INHIBITS)

    async def tick(minutes: float) -> list[str]:
        clock[0] = clock[0] + timedelta(minutes=minutes)
        await manager(clock[0])
        due = await store.outbox.due()
        for notice in due:
            assert notice.id is not None
            await store.outbox.mark_sent(notice.id, None)
        return [f"{n.kind}:{len(n.data['alerts'])}:{len(n.data['resolved'])}" for n in due]

    source.alerts = [cpa_alert("Winter Shells"), cpa_alert("Trail Boots")]
    assert await tick(0) == []  # group_wait not over yet
    assert await tick(1) == ["alert:2:0"]  # one message for the group of two
    assert await tick(1) == []  # nothing changed: no repeat before repeat_interval
    source.alerts = [cpa_alert("Winter Shells")]
    assert await tick(1) == []  # changed, but group_interval since the last notice not over
    assert await tick(5) == ["alert:1:1"]  # the update names the resolved one
    assert await tick(4 * 60) == ["alert:1:0"]  # unchanged for repeat_interval: reminder
    source.alerts = []
    assert await tick(1) == ["resolved:0:1"]
    assert await tick(60) == []  # resolved is said once
    states = await store.alerts.counts()
    assert states == {"resolved": 2}
    await store.close()


async def test_silenced_alert_is_not_sent_and_inhibited_alert_is_muted(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "a.db", clock=lambda: NOW)
    ws = load_workspace(workspace(tmp_path, group_wait="0s"))
    source = Source()
    manager = AlertManager(store, ws.routing_tree, source, INHIBITS)
    outage = Alert(
        labels={
            "alertname": "TrackingOutage",
            "severity": "critical",
            "platform": "meta",
            "account": "alpenglow-meta",
            "campaign": "Winter Shells",
        },
        summary="conversions stopped while clicks hold",
    )
    hourly_gap = Alert(
        labels={
            "alertname": "DataMissing",
            "severity": "warning",
            "platform": "meta",
            "account": "alpenglow-meta",
            "feed": "hourly",
        },
        summary="no hourly rows for 10 h",
    )
    source.alerts = [cpa_alert("Winter Shells"), outage, cpa_alert("Trail Boots"), hourly_gap]
    await manager(NOW)
    notices = await store.outbox.due()
    sent = sorted(
        (n.receiver, a["labels"].get("campaign", ""), a["alertname"])
        for n in notices
        for a in n.data["alerts"]
    )
    # The outage mutes the CPA alert of its own campaign only, and goes to the critical route.
    # An hourly-feed gap mutes nothing judged on complete days.
    assert sent == [
        ("console", "", "DataMissing"),
        ("console", "Trail Boots", "CPASpike"),
        ("oncall", "Winter Shells", "TrackingOutage"),
    ]
    trail = await store.alerts.select()
    boots = next(a for a in trail if a.labels["campaign"] == "Trail Boots")
    await store.alerts.add_silence(
        {"__fingerprint__": boots.fingerprint}, NOW + timedelta(hours=24), "ana"
    )
    await manager(NOW + timedelta(hours=5))
    later = await store.outbox.due()
    assert all(
        a["labels"].get("campaign") != "Trail Boots"
        for n in later[len(notices) :]
        for a in n.data["alerts"]
    )
    await store.close()


async def test_a_mute_window_holds_notices_until_it_ends_in_the_receivers_zone(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ws.yaml"
    path.write_text(
        "brands:\n  - {id: alpenglow, name: Alpenglow}\n"
        "receivers:\n  - {name: console, kind: console, timezone: Asia/Singapore}\n"
        "mute_windows:\n  - {name: nights, times: [{start: '22:00', end: '07:00'}]}\n"
        "route:\n  receiver: console\n  group_wait: 0s\n  mute_windows: [nights]\n",
        encoding="utf-8",
    )
    ws = load_workspace(path)
    source = Source()
    source.alerts = [cpa_alert()]
    # 16:00 UTC is 00:00 in Singapore: muted there, though it is daytime in UTC.
    night = datetime.fromisoformat("2026-11-25T16:00:00+00:00")
    store = await Store.open(tmp_path / "m.db", clock=lambda: night)
    manager = AlertManager(store, ws.routing_tree, source, INHIBITS, ws.muted)
    await manager(night)
    assert await store.outbox.due() == []
    morning = datetime.fromisoformat("2026-11-25T23:30:00+00:00")  # 07:30 in Singapore
    await manager(morning)
    assert [n.kind for n in await store.outbox.due()] == ["alert"]
    await store.close()


async def test_restart_in_the_middle_of_a_group_wait_sends_once(tmp_path: Path) -> None:
    ws = load_workspace(workspace(tmp_path))
    source = Source()
    source.alerts = [cpa_alert()]
    db = tmp_path / "r.db"
    first = await Store.open(db, clock=lambda: NOW)
    await AlertManager(first, ws.routing_tree, source, INHIBITS)(NOW)
    assert await first.outbox.due() == []
    await first.close()
    later = NOW + timedelta(minutes=1)
    second = await Store.open(db, clock=lambda: later)
    manager = AlertManager(second, ws.routing_tree, source, INHIBITS)
    await manager(later)
    await manager(later + timedelta(seconds=10))
    assert [n.kind for n in await second.outbox.due()] == ["alert"]
    await second.close()


async def test_silence_expiry_and_inhibition_lifting_let_the_alert_through(
    tmp_path: Path,
) -> None:
    ws = load_workspace(workspace(tmp_path, group_wait="0s"))
    source = Source()
    outage = Alert(
        labels={
            "alertname": "TrackingOutage",
            "severity": "warning",
            "platform": "meta",
            "account": "alpenglow-meta",
            "campaign": "Winter Shells",
        },
        summary="conversions stopped",
    )
    spike = cpa_alert("Winter Shells")
    source.alerts = [outage, spike]
    clock = [NOW]
    store = await Store.open(tmp_path / "i.db", clock=lambda: clock[0])
    manager = AlertManager(store, ws.routing_tree, source, INHIBITS)
    await manager(NOW)
    names = [a["alertname"] for n in await store.outbox.due() for a in n.data["alerts"]]
    assert names == ["TrackingOutage"]
    # The outage ends: the CPA alert it explained is no longer muted.
    source.alerts = [spike]
    clock[0] = NOW + timedelta(minutes=10)
    await manager(clock[0])
    later = [a["alertname"] for n in (await store.outbox.due())[1:] for a in n.data["alerts"]]
    assert "CPASpike" in later
    # A silence mutes it until it expires.
    trail = cpa_alert("Trail Boots")
    source.alerts = [spike, trail]
    await store.alerts.add_silence({"campaign": "Trail Boots"}, NOW + timedelta(minutes=30), "ana")
    clock[0] = NOW + timedelta(minutes=20)
    await manager(clock[0])
    sent = {a["labels"]["campaign"] for n in await store.outbox.due() for a in n.data["alerts"]}
    assert "Trail Boots" not in sent
    clock[0] = NOW + timedelta(minutes=40)
    await manager(clock[0])
    sent = {a["labels"]["campaign"] for n in await store.outbox.due() for a in n.data["alerts"]}
    assert "Trail Boots" in sent
    await store.close()


async def test_a_campaign_ctr_drop_after_its_only_ad_sets_cpc_spike_is_not_told_again(
    tmp_path: Path,
) -> None:
    # The hourly rows of a campaign's only ad set show a click shortfall first (CPCSpike,
    # held two hours after its last hour); the next evaluation judges the campaign's daily
    # rows and finds the same shortfall as a CTRDrop. The team hears it once.
    days = budget_capped(change=lambda age: {"ctr": 0.45} if age <= 2 else {})
    judged = evaluate(days, [], [], NOW, settings=EngineSettings(detectors=frozenset({"anomaly"})))
    [drop] = [a for a in judged if a.labels["alertname"] == "CTRDrop"]
    hours = [
        replace(row, platform="pinterest", campaign="Always on", adset="Broad")
        for row in exchange_hours(change=lambda age: {"ctr": 0.4} if age <= 2 else {})
    ]
    priced = evaluate(hours, [], [], NOW, settings=EngineSettings(detectors=frozenset({"prices"})))
    [spike] = [a for a in priced if a.labels["alertname"] == "CPCSpike"]
    assert spike.keep_firing_for > timedelta(hours=1)
    clock = [NOW]
    store = await Store.open(tmp_path / "c.db", clock=lambda: clock[0])
    ws = load_workspace(workspace(tmp_path, group_wait="0s"))
    source = Source()
    manager = AlertManager(store, ws.routing_tree, source, INHIBITS)
    source.alerts = [spike]
    await manager(NOW)
    # The drop fires at once here (its own hold is the lifecycle's business, tested above).
    source.alerts = [replace(drop, pending_for=timedelta(0))]
    clock[0] = NOW + timedelta(hours=1)
    await manager(clock[0])
    firing = {a.alertname for a in await store.alerts.select((AlertState.FIRING,))}
    assert firing == {"CPCSpike", "CTRDrop"}
    told = [a["alertname"] for n in await store.outbox.due() for a in n.data["alerts"]]
    assert told == ["CPCSpike"]
    await store.close()


def _hourly_cpc_spike_on_broad() -> Alert:
    """The hourly rows of ad set Broad of campaign Always on: a click shortfall (CPCSpike)."""
    hours = [
        replace(row, platform="pinterest", campaign="Always on", adset="Broad")
        for row in exchange_hours(change=lambda age: {"ctr": 0.4} if age <= 2 else {})
    ]
    priced = evaluate(hours, [], [], NOW, settings=EngineSettings(detectors=frozenset({"prices"})))
    [spike] = [a for a in priced if a.labels["alertname"] == "CPCSpike"]
    return spike


_CAMPAIGN_CTR = EngineSettings(detectors=frozenset({"anomaly"}), anomaly_levels=("campaign",))


async def test_a_campaign_ctr_drop_spread_over_two_ad_sets_is_told_beside_one_ad_sets_spike(
    tmp_path: Path,
) -> None:
    # Both ad sets lost their clicks; the hourly CPC spike of one of them does not speak for
    # the campaign's drop, so the drop is told too.
    days = [
        *budget_capped(adset="Broad", change=lambda age: {"ctr": 0.45} if age <= 2 else {}),
        *budget_capped(
            adset="Lookalike", seed=11, change=lambda age: {"ctr": 0.45} if age <= 2 else {}
        ),
    ]
    [drop] = [
        a
        for a in evaluate(days, [], [], NOW, settings=_CAMPAIGN_CTR)
        if a.labels["alertname"] == "CTRDrop"
    ]
    assert drop.labels["campaign"] == "Always on" and "adset" not in drop.labels
    store = await Store.open(tmp_path / "d.db", clock=lambda: NOW)
    ws = load_workspace(workspace(tmp_path, group_wait="0s"))
    source = Source()
    manager = AlertManager(store, ws.routing_tree, source, INHIBITS)
    source.alerts = [_hourly_cpc_spike_on_broad(), replace(drop, pending_for=timedelta(0))]
    await manager(NOW)
    told = sorted(a["alertname"] for n in await store.outbox.due() for a in n.data["alerts"])
    assert told == ["CPCSpike", "CTRDrop"]
    await store.close()


async def test_a_second_ad_set_showing_up_does_not_resolve_and_refire_the_campaigns_alert(
    tmp_path: Path,
) -> None:
    # The campaign's CTR drop was judged while it had one ad set; by the next evaluation (an
    # hour later, well before a reminder is due) one row of a new ad set has arrived. The
    # drop is the same alert: no resolved notice, no second one.
    days = budget_capped(change=lambda age: {"ctr": 0.45} if age <= 2 else {})
    newcomer = replace(days[-1], adset="New test", spend=1.0, impressions=50, clicks=1)
    clock = [NOW]
    store = await Store.open(tmp_path / "e.db", clock=lambda: clock[0])
    ws = load_workspace(workspace(tmp_path, group_wait="0s"))
    source = Source()
    manager = AlertManager(store, ws.routing_tree, source, INHIBITS)
    told: list[list[str]] = []
    fingerprints: list[set[str]] = []
    for rows in (days, [*days, newcomer]):
        judged = evaluate(rows, [], [], NOW, settings=_CAMPAIGN_CTR)
        source.alerts = [replace(a, pending_for=timedelta(0)) for a in judged]
        fingerprints.append({a.fingerprint for a in judged})
        await manager(clock[0])
        told.append([])
        for notice in await store.outbox.due():
            assert notice.id is not None
            told[-1] += [f"{notice.kind}:{a['alertname']}" for a in notice.data["alerts"]]
            told[-1] += [f"resolved:{a}" for a in notice.data["resolved"]]
            await store.outbox.mark_sent(notice.id, None)
        clock[0] += timedelta(hours=1)
    assert "alert:CTRDrop" in told[0]
    assert told[1] == [] and fingerprints[0] == fingerprints[1]
    assert await store.alerts.counts() == {"firing": len(fingerprints[0])}
    await store.close()


async def test_a_held_campaign_ctr_drop_keeps_its_implied_ad_set_across_a_restart(
    tmp_path: Path,
) -> None:
    # The campaign's CTR drop (its only ad set implied) fired and was told; the bot restarts
    # while the drop is held by its keep_firing_for (no longer reported). The hourly CPC spike
    # of that ad set then fires: the held drop, read back from the store, is that ad set's
    # and is muted, so the shortfall is not told twice.
    days = budget_capped(change=lambda age: {"ctr": 0.45} if age <= 2 else {})
    judged = evaluate(days, [], [], NOW, settings=EngineSettings(detectors=frozenset({"anomaly"})))
    [drop] = [a for a in judged if a.labels["alertname"] == "CTRDrop"]
    assert "adset" not in drop.labels and drop.implied_labels.get("adset") == "Broad"
    assert drop.keep_firing_for >= timedelta(hours=6)
    db = tmp_path / "h.db"
    ws = load_workspace(workspace(tmp_path, group_wait="0s"))
    source = Source()
    first = await Store.open(db, clock=lambda: NOW)
    source.alerts = [replace(drop, pending_for=timedelta(0))]
    await AlertManager(first, ws.routing_tree, source, INHIBITS)(NOW)
    told = [a["alertname"] for n in await first.outbox.due() for a in n.data["alerts"]]
    assert told == ["CTRDrop"]
    for notice in await first.outbox.due():
        assert notice.id is not None
        await first.outbox.mark_sent(notice.id, None)
    await first.close()

    later = NOW + timedelta(hours=5)
    second = await Store.open(db, clock=lambda: later)
    [held] = await second.alerts.select((AlertState.FIRING,))
    assert held.fingerprint == drop.fingerprint
    assert held.implied_labels == {"adset": "Broad"}
    source.alerts = [_hourly_cpc_spike_on_broad()]
    await AlertManager(second, ws.routing_tree, source, INHIBITS)(later)
    firing = {a.alertname for a in await second.alerts.select((AlertState.FIRING,))}
    assert firing == {"CPCSpike", "CTRDrop"}
    told = [a["alertname"] for n in await second.outbox.due() for a in n.data["alerts"]]
    assert told == ["CPCSpike"]
    await second.close()
