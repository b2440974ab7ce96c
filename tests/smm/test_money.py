"""Money on every KPI alert: extra spend, revenue lost or budget at stake, per day and so far."""

from __future__ import annotations

from typing import Any

import pytest

from bot.smm.engine import evaluate
from bot.smm.money import at_stake
from bot.smm.rules import BUILTIN_RULES
from bot.smm.settings import EngineSettings

from .helpers import NOW, Shape, daily, target

FLAT = Shape(weekend=1.0)


def _only(detector: str) -> EngineSettings:
    return EngineSettings(detectors=frozenset({detector}))


def test_cpa_above_target_says_the_spend_beyond_the_target() -> None:
    # 320/day brings 8 results: at the target CPA 20 they would cost 160, so 160/day extra.
    rows = daily(shape=FLAT, noise=False, effect=lambda age: {"cvr": 0.4} if age <= 3 else {})
    alerts = evaluate(
        rows, [target(target_cpa=20.0)], list(BUILTIN_RULES), NOW, settings=_only("rules")
    )
    a = next(a for a in alerts if a.labels["alertname"] == "CPAAboveTarget")
    assert "≈160.00/day extra spend against CPA 20.00" in a.evidence["money"]
    assert at_stake(a.evidence) == pytest.approx(480.0)


def test_roas_below_target_says_the_revenue_lost() -> None:
    # 320/day at target ROAS 4 should bring 1,280; it brings 20 × 30 = 600.
    rows = daily(shape=FLAT, noise=False, effect=lambda age: {"aov": 0.5} if age <= 3 else {})
    alerts = evaluate(
        rows, [target(target_roas=4.0)], list(BUILTIN_RULES), NOW, settings=_only("rules")
    )
    a = next(a for a in alerts if a.labels["alertname"] == "ROASBelowTarget")
    assert "≈680.00/day revenue lost against ROAS 4.00x" in a.evidence["money"]
    assert at_stake(a.evidence) == pytest.approx(3 * 680.0)


@pytest.mark.parametrize(
    ("detector", "alertname", "kwargs", "effect"),
    [
        ("anomaly", "CTRDrop", {}, {"ctr": 0.5}),
        ("outage", "TrackingOutage", {}, {"cvr": 0.0}),
        ("pacing", "BudgetOverspend", {"monthly_budget": 5000.0}, {}),
        ("pacing", "BudgetUnderdelivery", {"monthly_budget": 60000.0}, {}),
    ],
)
def test_every_kpi_alert_puts_money_at_stake(
    detector: str, alertname: str, kwargs: dict[str, Any], effect: dict[str, float]
) -> None:
    rows = daily(
        days=60,
        shape=Shape(weekend=1.0, impressions=60_000),
        noise=False,
        effect=lambda age: effect if age <= 3 else {},
    )
    alerts = evaluate(rows, [target(**kwargs)], [], NOW, settings=_only(detector))
    a = next(a for a in alerts if a.labels["alertname"] == alertname)
    assert "money" in a.evidence
    assert at_stake(a.evidence) > 0


def test_a_price_spike_says_the_spend_paid_above_the_usual_price() -> None:
    # 20,000 impressions and 400 clicks a day for 320 at CPC 0.80 (CPM 16.00); for three
    # days the same impressions and clicks cost 640: (32.00 - 16.00) × 20,000 / 1000 = 320 a
    # day paid above the usual CPM, 960 so far (a dearer auction: the CPM alert tells it).
    rows = daily(shape=FLAT, noise=False, effect=lambda age: {"cpc": 2.0} if age <= 3 else {})
    [a] = evaluate(rows, [], [], NOW, settings=_only("prices"))
    assert a.labels["alertname"] == "CPMSpike"
    assert "≈320.00/day paid above the usual price against CPM 16.00" in a.evidence["money"]
    assert at_stake(a.evidence) == pytest.approx(960.0)


def test_a_click_price_spike_says_the_spend_paid_above_the_usual_cpc() -> None:
    # The same 20,000 impressions at the usual CPM 16.00 (320 a day) buy 200 clicks instead
    # of 400: CPC 1.60 against 0.80, so (1.60 - 0.80) × 200 = 160 a day above the usual CPC.
    rows = daily(
        shape=FLAT,
        noise=False,
        effect=lambda age: {"cpc": 2.0, "ctr": 0.5} if age <= 3 else {},
    )
    [a] = evaluate(rows, [], [], NOW, settings=_only("prices"))
    assert a.labels["alertname"] == "CPCSpike"
    assert "≈160.00/day paid above the usual price against CPC 0.80" in a.evidence["money"]
    assert at_stake(a.evidence) == pytest.approx(480.0)
