"""The backtest on the shipped samples: every planted incident caught, few false alerts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.alerting.inhibition import inhibited
from bot.backtest import matches, run_backtest
from bot.models import Alert
from bot.smm.engine import INHIBITS

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def alert(name: str, **labels: str) -> Alert:
    return Alert(labels={"alertname": name, "severity": "warning", **labels}, summary="")


def test_matching_an_alert_to_an_incident() -> None:
    incident = {"platform": "meta", "account": "a", "campaign": "C", "adset": "S"}
    assert matches(alert("X", platform="meta", account="a", campaign="C"), incident)
    assert matches(alert("X", platform="meta", account="a", campaign="C", adset="S"), incident)
    assert not matches(alert("X", platform="meta", account="a", campaign="C", adset="T"), incident)
    assert not matches(alert("X", platform="meta", account="a"), incident)


def test_inhibition_mutes_what_an_outage_or_missing_data_explains() -> None:
    outage = alert("TrackingOutage", platform="meta", account="a", campaign="C")
    spike = alert("CPASpike", platform="meta", account="a", campaign="C")
    other = alert("CPASpike", platform="meta", account="a", campaign="D")
    missing = alert("DataMissing", platform="meta", account="b")
    pacing = alert("BudgetUnderdelivery", platform="meta", account="b", campaign="E")
    muted = inhibited([outage, spike, other, missing, pacing], INHIBITS)
    assert muted == {spike.fingerprint, pacing.fingerprint}


def test_every_planted_incident_is_caught_and_false_alerts_stay_rare() -> None:
    bt = run_backtest(SAMPLES)
    caught, total = bt.recall
    assert total >= 6 and caught == total
    assert all(r.ok for r in bt.results)
    assert all(r.at_now for r in bt.results if r.incident.expected_alert)
    late = [r for r in bt.results if r.incident.must_not_fire]
    assert late and not any(r.violated_at for r in late)
    assert len(bt.false_positives) <= 1
    replay_rate = len(bt.replay_false) / bt.campaign_months
    assert replay_rate <= 1.0
    days = {r.incident.expected_alert: r.days_to_detect for r in bt.results}
    assert days["TrackingOutage"] == 1
    assert days["CPASpike"] is not None and days["CPASpike"] <= 2
