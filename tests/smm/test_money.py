"""Money on every KPI alert: extra spend, revenue lost or budget at stake, per day and so far."""

from __future__ import annotations

from typing import Any

import pytest

from bot.smm.engine import evaluate
from bot.smm.money import Money, at_stake
from bot.smm.rules import BUILTIN_RULES, parse_rules
from bot.smm.settings import EngineSettings

from .helpers import NOW, Shape, daily, hourly, target
from .test_shift import exchange_hours

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
    assert "≈160.00 extra spend per day against CPA 20.00" in a.evidence["money"]
    assert at_stake(a.evidence) == pytest.approx(480.0)


def test_roas_below_target_says_the_revenue_lost() -> None:
    # 320/day at target ROAS 4 should bring 1,280; it brings 20 × 30 = 600.
    rows = daily(shape=FLAT, noise=False, effect=lambda age: {"aov": 0.5} if age <= 3 else {})
    alerts = evaluate(
        rows, [target(target_roas=4.0)], list(BUILTIN_RULES), NOW, settings=_only("rules")
    )
    a = next(a for a in alerts if a.labels["alertname"] == "ROASBelowTarget")
    assert "≈680.00 revenue lost per day against ROAS 4.00x" in a.evidence["money"]
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
    assert "≈320.00 paid above the usual price per day against CPM 16.00" in a.evidence["money"]
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
    assert "≈160.00 paid above the usual price per day against CPC 0.80" in a.evidence["money"]
    assert at_stake(a.evidence) == pytest.approx(480.0)


def _rate(evidence: dict[str, str]) -> float:
    """The amount the money line gives per period (the figure after "≈")."""
    return float(evidence["money"].split("≈")[1].split(" ")[0].replace(",", ""))


def test_money_says_the_period_its_rate_is_per() -> None:
    hour = Money("paid above the usual price", 12.5, 25.0, "CPC 0.80", "the run's 2 hours", "hour")
    assert hour.per_period == 12.5 and hour.period == "hour"
    assert hour.evidence()["money"] == (
        "≈12.50 paid above the usual price per hour against CPC 0.80; 25.00 so far "
        "(the run's 2 hours)"
    )
    day = Money("extra spend", 40.0, 120.0, "CPA 20.00", "since 2026-11-22")
    assert "≈40.00 extra spend per day against" in day.evidence()["money"]


def test_an_hourly_cpc_spike_says_its_money_per_hour() -> None:
    # Two hours of 40 % of the usual CTR on an exchange line: the rate is the run's money
    # over its two hours, not over a day.
    rows = exchange_hours(change=lambda age: {"ctr": 0.4} if age <= 2 else {})
    found = evaluate(rows, [], [], NOW, settings=_only("prices"))
    [a] = [a for a in found if a.labels["alertname"] == "CPCSpike"]
    assert a.evidence["granularity"] == "hourly rows"
    assert " per hour against CPC " in a.evidence["money"]
    assert "per day" not in a.evidence["money"]
    assert at_stake(a.evidence) > 0
    assert _rate(a.evidence) == pytest.approx(at_stake(a.evidence) / 2, abs=0.01)


def test_an_hourly_rule_says_its_money_per_hour_over_its_hours() -> None:
    # No results for six hours of spend: everything spent is beyond CPA 10's worth.
    rows = hourly(effect=lambda age: {"cvr": 0.0} if age <= 6 else {})
    [r] = parse_rules([{"name": "CPAHourly", "expr": "cpa > 10 over 6h"}])
    [a] = evaluate(rows, [], [r], NOW, settings=_only("rules"))
    spent = sum(row.spend for row in rows[-6:])
    assert at_stake(a.evidence) == pytest.approx(spent, abs=0.01)
    assert _rate(a.evidence) == pytest.approx(spent / 6, abs=0.01)
    assert "extra spend per hour against CPA 10.00" in a.evidence["money"]
    assert "(the window's 6 hours)" in a.evidence["money"]


def test_a_cpc_rule_says_the_spend_paid_above_its_price() -> None:
    # 400 clicks a day at CPC 1.60 for three days against the rule's 1.20: 0.40 × 400 = 160
    # a day paid above the rule's price, 480 over the window.
    rows = daily(shape=FLAT, noise=False, effect=lambda age: {"cpc": 2.0} if age <= 3 else {})
    [r] = parse_rules([{"name": "CPCHigh", "expr": "cpc > 1.2 over 3d"}])
    [a] = evaluate(rows, [], [r], NOW, settings=_only("rules"))
    assert "≈160.00 paid above the rule's price per day against CPC 1.20" in a.evidence["money"]
    assert at_stake(a.evidence) == pytest.approx(480.0)


def test_a_cpm_rule_on_its_baseline_puts_the_detectors_money_at_stake() -> None:
    # The CPM doubles from 16.00 to 32.00 on 20,000 impressions a day for three days: the
    # rule and the CPM detector price the same spend, 320 a day above the usual CPM.
    rows = daily(shape=FLAT, noise=False, effect=lambda age: {"cpc": 2.0} if age <= 3 else {})
    [r] = parse_rules([{"name": "CPMHigh", "expr": "cpm > 1.5 * baseline_14d over 3d"}])
    [rule] = evaluate(rows, [], [r], NOW, settings=_only("rules"))
    [detector] = evaluate(rows, [], [], NOW, settings=_only("prices"))
    money = rule.evidence["money"]
    assert "≈320.00 paid above the usual price per day against CPM 16.00" in money
    assert at_stake(rule.evidence) == pytest.approx(at_stake(detector.evidence))


def test_a_rule_on_a_cost_below_a_floor_puts_no_money_at_stake() -> None:
    # Clicks at half the usual CPC (say, bought by bots) are cheap: nothing paid above.
    rows = daily(shape=FLAT, noise=False, effect=lambda age: {"cpc": 0.5} if age <= 3 else {})
    [r] = parse_rules([{"name": "CPCLow", "expr": "cpc < 0.5 over 3d"}])
    [a] = evaluate(rows, [], [r], NOW, settings=_only("rules"))
    assert "money" not in a.evidence and at_stake(a.evidence) == 0.0
    [cpa] = parse_rules([{"name": "CPALow", "expr": "cpa < 20 over 3d"}])
    [b] = evaluate(rows, [], [cpa], NOW, settings=_only("rules"))
    assert "money" not in b.evidence
