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
from tests.smm.test_shift import budget_capped

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
