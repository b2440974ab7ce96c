"""Suggestions are concrete and carry numbers: what to do and what it is worth."""

from __future__ import annotations

import re

from bot.models import AdMetricRow
from bot.smm.engine import evaluate
from bot.smm.rules import BUILTIN_RULES
from bot.smm.settings import EngineSettings
from bot.smm.targets import BoostCandidate

from .helpers import NOW, Shape, daily, target

ANOMALY = EngineSettings(detectors=frozenset({"anomaly"}))
NUMBER = re.compile(r"\d")


def spiking_campaign() -> list[AdMetricRow]:
    """Two ad sets; one ad of the first stops converting two days ago."""
    return [
        *daily(adset="A", ad="good", seed=1),
        *daily(
            adset="A",
            ad="broken",
            seed=2,
            shape=Shape(impressions=60_000),
            effect=lambda a: {"cvr": 0.05} if a <= 2 else {},
        ),
        *daily(adset="B", ad="cheap", seed=3, shape=Shape(cvr=0.08)),
    ]


def test_a_cpa_spike_suggests_pausing_the_ad_behind_it_with_the_saving() -> None:
    alerts = evaluate(spiking_campaign(), [target(target_cpa=20.0)], [], NOW, settings=ANOMALY)
    spike = next(a for a in alerts if a.labels["alertname"] == "CPASpike")
    by_action = {s.action: s for s in spike.suggestions}
    pause = by_action["pause_ad"]
    assert "'broken'" in pause.detail
    assert "saves" in pause.expected_effect and "→" in pause.expected_effect
    shift = by_action["shift_budget"]
    assert "to 'B'" in shift.detail and "results/day" in shift.expected_effect
    for suggestion in spike.suggestions:
        assert NUMBER.search(suggestion.detail) and NUMBER.search(suggestion.expected_effect)


def breakdown(day: str, age: str, clicks: int, conversions: float) -> AdMetricRow:
    return AdMetricRow(
        bucket=day,
        granularity="day",
        platform="meta",
        account="acct-1",
        campaign="Shoes",
        adset="",
        ad="",
        impressions=clicks * 50,
        clicks=clicks,
        spend=clicks * 0.8,
        conversions=conversions,
        revenue=0.0,
        breakdown=f"age={age}",
    )


def test_breakdown_rows_turn_into_an_audience_suggestion() -> None:
    rows = daily(effect=lambda a: {"cvr": 0.4} if a <= 2 else {})
    for day in range(18, 25):
        bucket = f"2026-11-{day:02d}"
        rows += [breakdown(bucket, "18-24", 150, 1), breakdown(bucket, "25-34", 250, 14)]
    alerts = evaluate(rows, [target()], [], NOW, settings=ANOMALY)
    narrow = next(s for a in alerts for s in a.suggestions if s.action == "narrow_audience")
    assert narrow.detail.startswith("Exclude age=18-24")
    assert "saves 120.00/day" in narrow.expected_effect


def test_a_winner_suggests_boosting_the_brands_strongest_post() -> None:
    rows = [
        *daily(adset="Hikers", ad="river", shape=Shape(cvr=0.09), seed=1),
        *daily(adset="Broad", ad="boots", shape=Shape(cvr=0.04), seed=2),
    ]
    posts = [
        BoostCandidate("instagram:1", "instagram", "acme", impressions=9000, engagements=540),
        BoostCandidate("instagram:2", "instagram", "acme", impressions=9000, engagements=90),
        BoostCandidate("tiktok:9", "tiktok", "acme", impressions=9000, engagements=2000),
        BoostCandidate("instagram:3", "instagram", "other", impressions=9000, engagements=2000),
    ]
    alerts = evaluate(
        rows,
        [target(target_cpa=16.0)],
        [],
        NOW,
        boost_candidates=posts,
        settings=EngineSettings(detectors=frozenset({"winners"})),
    )
    boost = next(s for s in alerts[0].suggestions if s.action == "boost_post")
    assert "instagram:1" in boost.detail and "6.0%" in boost.detail
    assert "impressions" in boost.expected_effect and "engagements/day" in boost.expected_effect


def test_a_cpa_spike_suggests_a_cost_cap_at_the_normal_cpa() -> None:
    rows = daily(
        shape=Shape(weekend=1.0), noise=False, effect=lambda a: {"cvr": 0.4} if a <= 3 else {}
    )
    alerts = evaluate(rows, [], [], NOW, settings=EngineSettings(detectors=frozenset({"anomaly"})))
    cap = next(s for s in alerts[0].suggestions if s.action == "set_cost_cap")
    assert "cost per result goal (cost cap) of 16.00" in cap.detail  # Meta's name, normal CPA
    assert "≈192.00/day" in cap.expected_effect


def test_cpa_above_target_suggests_a_cost_cap_at_the_target() -> None:
    rows = daily(
        shape=Shape(weekend=1.0), noise=False, effect=lambda a: {"cvr": 0.4} if a <= 3 else {}
    )
    alerts = evaluate(rows, [target(target_cpa=20.0)], list(BUILTIN_RULES), NOW, settings=RULES)
    rule = next(a for a in alerts if a.labels["alertname"] == "CPAAboveTarget")
    cap = next(s for s in rule.suggestions if s.action == "set_cost_cap")
    assert "of 20.00" in cap.detail


def test_a_roas_drop_from_order_value_points_at_feed_prices_and_promotions() -> None:
    rows = daily(
        shape=Shape(weekend=1.0), noise=False, effect=lambda a: {"aov": 0.5} if a <= 3 else {}
    )
    alerts = evaluate(rows, [], [], NOW, settings=EngineSettings(detectors=frozenset({"anomaly"})))
    first = alerts[0].suggestions[0]
    assert first.action == "check_offer"
    assert "feed" in first.detail and "promotion" in first.detail
    assert "order value 30.00 vs 60.00" in first.detail
    assert "+600.00/day" in first.expected_effect


RULES = EngineSettings(detectors=frozenset({"rules"}))
