"""A click shortfall (CPC up and CTR down on the same spend and impressions) is one alert."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.alerting.inhibition import inhibited
from bot.models import AdMetricRow, Alert
from bot.smm.engine import INHIBITS, evaluate
from bot.smm.money import at_stake
from bot.smm.settings import EngineSettings
from tests.smm.helpers import NOW
from tests.smm.test_shift import budget_capped, exchange_hours

_CLICKS = {"CPCSpike", "CTRDrop"}


def _shortfall(adset: str = "Broad", seed: int = 3) -> list[AdMetricRow]:
    """Two days at 45 % of the usual CTR: spend and impressions as usual, clicks short."""
    return budget_capped(
        adset=adset, seed=seed, change=lambda age: {"ctr": 0.45} if age <= 2 else {}
    )


def _clicks(rows: list[AdMetricRow], **settings: object) -> list[Alert]:
    found = evaluate(rows, [], [], NOW, settings=EngineSettings(**settings))  # type: ignore[arg-type]
    return [a for a in found if a.labels["alertname"] in _CLICKS]


def test_a_click_shortfall_is_one_alert_naming_ctr_and_cpc() -> None:
    [alert] = _clicks(_shortfall())
    assert alert.labels["alertname"] == "CPCSpike" and alert.labels["adset"] == "Broad"
    assert "CTR" in alert.summary and "CPC" in alert.summary
    assert "-5" in alert.evidence["ctr"]  # the CTR fell by about half
    assert "CPM about usual" in alert.evidence["cause"]


def test_its_money_is_one_figure_not_the_two_detectors_added() -> None:
    rows = _shortfall()
    [alone_cpc] = _clicks(rows, detectors=frozenset({"prices"}))
    [alone_ctr] = _clicks(rows, detectors=frozenset({"anomaly"}))
    [alert] = _clicks(rows)
    # Each detector alone prices the same shortfall (spend that did not buy its clicks).
    assert at_stake(alone_ctr.evidence) == pytest.approx(at_stake(alone_cpc.evidence), rel=0.1)
    assert at_stake(alert.evidence) == at_stake(alone_ctr.evidence)
    assert "paid above the usual price" not in str(alert.evidence)
    assert alert.evidence["money"].count("so far") == 1


def test_it_suggests_the_ads_not_a_bid_cap() -> None:
    [alert] = _clicks(_shortfall())
    actions = [s.action for s in alert.suggestions]
    assert "cap_bid" not in actions and actions == ["refresh_creative"]


def test_on_a_campaign_with_two_ad_sets_only_the_short_one_is_told() -> None:
    rows = _shortfall("Broad") + budget_capped(adset="Lookalike", seed=11)
    [alert] = _clicks(rows)
    assert alert.labels["adset"] == "Broad" and "ctr" in alert.evidence


def test_a_cpc_rise_from_a_dearer_auction_stays_a_price_alert() -> None:
    dearer = budget_capped(change=lambda age: {"cpm": 1.8, "ctr": 0.95} if age <= 2 else {})
    names = {a.labels["alertname"] for a in evaluate(dearer, [], [], NOW)}
    assert "CTRDrop" not in names and names & {"CPCSpike", "CPMSpike"}


def test_a_ctr_alert_held_from_before_is_muted_by_the_cpc_alert_of_its_ad_set() -> None:
    [alert] = _clicks(_shortfall())
    labels = {k: v for k, v in alert.labels.items() if k != "alertname"}
    held = replace(alert, labels={**labels, "alertname": "CTRDrop", "severity": "info"})
    other = replace(held, labels={**held.labels, "adset": "Lookalike"})
    muted = inhibited([alert, held, other], INHIBITS)
    assert muted == {held.fingerprint}


def test_a_campaign_ctr_alert_held_from_before_is_muted_by_its_only_ad_sets_cpc_alert() -> None:
    # The CTR is judged on the campaign when it has one ad set; the alert implies that ad
    # set without naming it among its labels (its identity is the campaign's).
    rows = _shortfall()
    [alert] = _clicks(rows)
    [held] = _clicks(rows, detectors=frozenset({"anomaly"}))
    assert held.labels["alertname"] == "CTRDrop" and "adset" not in held.labels
    assert held.implied_labels == {"adset": "Broad"}
    other_campaign = replace(held, labels={**held.labels, "campaign": "Retargeting"})
    muted = inhibited([alert, held, other_campaign], INHIBITS)
    assert muted == {held.fingerprint}


def test_an_hourly_cpc_alert_on_a_campaigns_only_ad_set_mutes_its_campaign_ctr_alert() -> None:
    # Yesterday's daily rows told the campaign's CTR drop; this morning the hourly rows of
    # its only ad set show the CPC spike of the same shortfall: one message, not two.
    [held] = _clicks(_shortfall(), detectors=frozenset({"anomaly"}))
    hours = [
        replace(row, platform="pinterest", campaign="Always on", adset="Broad")
        for row in exchange_hours(change=lambda age: {"ctr": 0.4} if age <= 2 else {})
    ]
    [spike] = _clicks(hours, detectors=frozenset({"prices"}))
    assert spike.labels["alertname"] == "CPCSpike"
    assert spike.evidence["granularity"] == "hourly rows"
    sibling = replace(held, labels={**held.labels, "adset": "Lookalike"})
    assert inhibited([spike, held, sibling], INHIBITS) == {held.fingerprint}


def test_a_campaign_ctr_alert_of_several_ad_sets_stays_audible() -> None:
    # A drop spread over two ad sets, judged on the campaign: no ad set's CPC spike speaks
    # for it, so its alert names none and nothing mutes it.
    rows = _shortfall("Broad") + _shortfall("Lookalike", seed=11)
    campaign_only = {"detectors": frozenset({"anomaly"}), "anomaly_levels": ("campaign",)}
    [drop] = _clicks(rows, **campaign_only)
    assert "adset" not in drop.labels and drop.implied_labels == {}
    spike = next(a for a in _clicks(_shortfall()) if a.labels["alertname"] == "CPCSpike")
    assert inhibited([spike, drop], INHIBITS) == set()


def test_a_campaign_alerts_identity_does_not_depend_on_how_many_ad_sets_it_has() -> None:
    # One row of a new ad set on the last day: the same drop, the same alert, no longer
    # implying the first ad set (the campaign is no longer that ad set alone).
    rows = _shortfall()
    campaign_only = {"detectors": frozenset({"anomaly"}), "anomaly_levels": ("campaign",)}
    [alone] = _clicks(rows, **campaign_only)
    newcomer = replace(rows[-1], adset="New test", spend=1.0, impressions=50, clicks=1)
    [with_newcomer] = _clicks([*rows, newcomer], **campaign_only)
    assert alone.labels["alertname"] == with_newcomer.labels["alertname"] == "CTRDrop"
    assert alone.fingerprint == with_newcomer.fingerprint
    assert alone.implied_labels == {"adset": "Broad"} and with_newcomer.implied_labels == {}


def test_a_daily_campaign_alert_implies_the_ad_set_its_daily_rows_name() -> None:
    # Launch day of a second ad set: today's hourly rows name two, yesterday's daily rows
    # one. The daily CTR drop was judged on the campaign as that one ad set and implies it.
    daily = _shortfall()
    hours = [
        replace(row, platform="pinterest", campaign="Always on", adset="Broad")
        for row in exchange_hours()
    ]
    launch = replace(hours[-1], adset="New test", spend=1.0, impressions=50, clicks=1)
    campaign_only = {"detectors": frozenset({"anomaly"}), "anomaly_levels": ("campaign",)}
    drops = [
        a
        for a in _clicks([*daily, *hours, launch], **campaign_only)
        if a.evidence.get("granularity") != "hourly rows"
    ]
    [drop] = drops
    assert drop.labels["alertname"] == "CTRDrop" and drop.implied_labels == {"adset": "Broad"}
