"""The ad engine says what it found in the team's words; the statistics stay in the evidence."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.labels import action_title, fmt_day, how_sure
from bot.smm.engine import evaluate
from bot.smm.rules import parse_rule
from bot.smm.settings import EngineSettings

from .helpers import NOW, daily, target


@pytest.mark.parametrize(
    ("p", "words"),
    [
        (1.9e-07, "very unlikely to be noise"),
        (0.00099, "very unlikely to be noise"),
        (0.001, "unlikely to be noise"),
        (0.0099, "unlikely to be noise"),
        (0.01, "worth watching"),
        (0.25, "worth watching"),
    ],
)
def test_a_p_value_is_said_in_bands(p: float, words: str) -> None:
    assert how_sure(p) == words


def test_action_ids_have_titles() -> None:
    assert action_title("check_tracking") == "Check the tracking"
    assert action_title("pause_adset") == "Pause the ad set"
    assert action_title("lower_bid_cap") == "Lower bid cap"


def test_days_read_as_a_marketer_says_them() -> None:
    assert fmt_day(date(2026, 11, 22)) == "Sun 22 Nov"
    assert fmt_day(datetime(2026, 11, 24, 14, 0, tzinfo=UTC)) == "Tue 24 Nov 14:00 UTC"


def test_an_anomaly_says_how_sure_in_words_and_keeps_the_test() -> None:
    rows = daily(seed=3, effect=lambda age: {"cvr": 0.3} if age <= 3 else {})
    alerts = evaluate(
        rows,
        [target(target_cpa=16.0)],
        [],
        NOW,
        settings=EngineSettings(detectors=frozenset({"anomaly"})),
    )
    [spike] = [a for a in alerts if a.labels["alertname"] == "CPASpike"]
    assert spike.evidence["confidence"] == "very unlikely to be noise"
    assert spike.evidence["test"].startswith("z=") and ", p=" in spike.evidence["test"]
    assert "z=" not in spike.summary


def test_a_cost_with_spend_and_no_results_says_since_when_not_infinite() -> None:
    # Results stop after Sun 22 Nov: the 23rd and 24th have clicks and spend but none.
    rows = daily(seed=1, effect=lambda age: {"cvr": 0.0} if age <= 2 else {})
    rule = parse_rule({"name": "CPAHigh", "expr": "cpa > 1.3 * target over 2d"}, 0)
    [alert] = evaluate(
        rows,
        [target(target_cpa=8.0)],
        [rule],
        NOW,
        settings=EngineSettings(detectors=frozenset({"rules"})),
    )
    spent = sum(r.spend for r in rows if r.bucket >= "2026-11-23")
    words = f"no results since Mon 23 Nov while spending {spent:,.2f}"
    assert alert.evidence["current"] == words
    assert alert.summary.startswith("No results since Mon 23 Nov while spending")
    assert "infinite" not in alert.summary and "inf" not in alert.evidence["current"]
