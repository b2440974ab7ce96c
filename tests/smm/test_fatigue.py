"""Creative fatigue: CTR down at least 30 % from its best week while frequency climbs past 2.5."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from bot.models import AdMetricRow, Alert
from bot.smm.engine import evaluate
from bot.smm.settings import EngineSettings

from .helpers import NOW, Effect, Shape, daily, names

FATIGUE = EngineSettings(detectors=frozenset({"fatigue"}))


def wearing(ctr_loss: float, top_frequency: float, days: int = 14) -> Effect:
    def effect(age: int) -> dict[str, float]:
        progress = max(0.0, (days - age) / (days - 1)) if age <= days else 0.0
        start = 1.3
        return {
            "ctr": 1 - ctr_loss * progress,
            "frequency": (start + (top_frequency - start) * progress) / start,
        }

    return effect


def run(rows: Sequence[AdMetricRow]) -> list[Alert]:
    return evaluate(rows, [], [], NOW, settings=FATIGUE)


def test_falling_ctr_with_rising_frequency_is_fatigue() -> None:
    rows = daily(adset="s1", ad="Parka", effect=wearing(0.55, 3.2))
    alerts = run(rows)
    assert names(alerts) == ["CreativeFatigue"]
    a = alerts[0]
    assert a.labels["ad"] == "Parka" and a.labels["adset"] == "s1"
    assert "its best week" in a.evidence["baseline"]
    actions = [s.action for s in a.suggestions]
    assert actions[:2] == ["refresh_creative", "broaden_audience"]
    assert "cannot cap frequency" in a.suggestions[1].detail
    assert "clicks/day" in a.suggestions[0].expected_effect


def test_ctr_falling_at_low_frequency_is_not_fatigue() -> None:
    assert run(daily(adset="s1", ad="a", effect=wearing(0.55, 1.6))) == []


def test_high_frequency_with_a_steady_ctr_is_not_fatigue() -> None:
    assert run(daily(adset="s1", ad="a", effect=wearing(0.1, 3.5))) == []


def test_low_volume_is_not_judged() -> None:
    rows = daily(adset="s1", ad="a", shape=Shape(impressions=250), effect=wearing(0.55, 3.2))
    assert run(rows) == []


def test_ads_without_reach_are_not_judged() -> None:
    rows = [replace(r, reach=None) for r in daily(adset="s1", ad="a", effect=wearing(0.55, 3.2))]
    assert run(rows) == []


def test_the_retargeting_estimate_counts_people_seeing_ads_not_clicks_as_results() -> None:
    rows = daily(adset="s1", ad="Parka", effect=wearing(0.55, 3.2))
    a = run(rows)[0]
    retarget = next(s for s in a.suggestions if s.action == "retarget")
    recent = rows[-14:]
    clicks = sum(r.clicks for r in recent)
    conversions = sum(r.conversions for r in recent)
    impressions = sum(r.impressions for r in recent)
    cvr, ctr = conversions / clicks, clicks / impressions
    said = int(re.search(r"~([\d,]+) results", retarget.expected_effect)[1].replace(",", ""))
    # Old estimate: every clicker converting again at the cold CVR (≈ clicks × CVR).
    assert said < 0.2 * clicks * cvr
    # Pool × ~3.2 views each × CTR × CVR, rounded.
    assert said <= (clicks - conversions) * 3.5 * ctr * cvr + 1
    assert "at most" in retarget.detail and "distinct clickers" in retarget.detail


def test_fatigue_on_a_platform_with_frequency_caps_suggests_a_cap() -> None:
    rows = daily(platform="tiktok", adset="s1", ad="Parka", effect=wearing(0.55, 3.2))
    actions = [s.action for s in run(rows)[0].suggestions]
    assert actions[:2] == ["refresh_creative", "cap_frequency"]
