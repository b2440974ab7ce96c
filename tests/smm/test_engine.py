"""The engine as the dispatcher sees it: stable labels, complete data only, no retro alarms."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from bot.models import AdMetricRow
from bot.smm.engine import ALERTNAMES, INHIBITS, evaluate, evaluate_frames
from bot.smm.frame import build_frames
from bot.smm.rules import BUILTIN_RULES

from .helpers import NOW, daily, hourly, target

IDENTITY = {"alertname", "severity", "platform", "account"}


def incidents() -> list[AdMetricRow]:
    return [
        *daily(campaign="Spike", effect=lambda a: {"cvr": 0.4} if a <= 2 else {}),
        *daily(campaign="Outage", effect=lambda a: {"cvr": 0.0} if a <= 2 else {}),
        *daily(campaign="Calm", seed=5),
    ]


def test_every_alert_has_its_identity_labels_evidence_and_pending_time() -> None:
    targets = [target("Spike", target_cpa=20.0), target("Outage", target_cpa=20.0)]
    alerts = evaluate(incidents(), targets, BUILTIN_RULES, NOW)
    found = {(a.labels["alertname"], a.labels["campaign"]) for a in alerts}
    assert {("CPASpike", "Spike"), ("TrackingOutage", "Outage"), ("CPASpike", "Outage")} <= found
    assert not any(campaign == "Calm" for _, campaign in found)
    for a in alerts:
        assert set(a.labels) >= IDENTITY and a.labels["campaign"] in {"Spike", "Outage"}
        assert a.labels["brand"] == "acme" and a.labels["severity"] == a.severity
        assert {"current", "window", "volume", "confidence"} <= set(a.evidence)
        assert a.pending_for >= timedelta(0)
    assert alerts[0].labels["alertname"] == "TrackingOutage"  # most severe first


def test_labels_and_fingerprints_are_stable_between_runs() -> None:
    first = evaluate(incidents(), [], BUILTIN_RULES, NOW)
    again = evaluate(incidents(), [], BUILTIN_RULES, NOW + timedelta(minutes=30))
    assert [a.fingerprint for a in first] == [a.fingerprint for a in again]


def test_today_is_partial_and_never_judged() -> None:
    rows = daily()
    today = NOW.date().isoformat()
    rows.append(replace(rows[-1], bucket=today, conversions=0.0, clicks=5000, spend=4000.0))
    rows += hourly(effect=lambda hours_ago: {"cvr": 0.0} if hours_ago <= 8 else {})[-8:]
    assert evaluate(rows, [target(target_cpa=20.0)], BUILTIN_RULES, NOW) == []


def test_yesterday_short_of_conversions_then_restated_never_fires() -> None:
    first = daily(effect=lambda a: {"cvr": 0.7} if a == 1 else {})
    assert evaluate(first, [target(target_cpa=17.0)], BUILTIN_RULES, NOW) == []
    final = daily()
    tomorrow = NOW + timedelta(days=1)
    more = daily(days=43, now=tomorrow)[-1:]
    assert (
        evaluate([*first, *final, *more], [target(target_cpa=17.0)], BUILTIN_RULES, tomorrow) == []
    )


def test_a_restatement_of_an_old_day_does_not_raise_a_retroactive_alert() -> None:
    rows = daily()
    old = next(r for r in rows if r.bucket == "2026-11-17")
    restated = replace(old, conversions=0.0, revenue=0.0)
    assert evaluate([*rows, restated], [target(target_cpa=17.0)], BUILTIN_RULES, NOW) == []


def test_now_must_be_timezone_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        evaluate(daily(), [], [], datetime(2026, 11, 25, 8))


def test_evaluate_frames_gives_the_same_alerts_from_frames_kept_by_the_caller() -> None:
    rows = incidents()
    frames = build_frames(rows, NOW)
    kept = evaluate_frames(frames, [], BUILTIN_RULES, NOW)
    assert [a.fingerprint for a in kept] == [
        a.fingerprint for a in evaluate(rows, [], BUILTIN_RULES, NOW)
    ]


def test_inhibition_hints_name_known_alerts() -> None:
    assert {"CPASpike", "ROASDrop"} <= INHIBITS["TrackingOutage"].targets
    assert {"CPASpike", "ROASDrop", "TrackingOutage"} <= INHIBITS["DataMissing"].targets
    assert INHIBITS["TrackingOutage"].equal == ("platform", "account", "campaign")
    assert INHIBITS["DataMissing"].equal == ("platform", "account")
    for rule in INHIBITS.values():
        assert rule.targets <= ALERTNAMES | {r.name for r in BUILTIN_RULES}
