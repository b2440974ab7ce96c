"""Stale or missing data raises DataMissing and keeps KPI checks off the account."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.smm.engine import evaluate
from bot.smm.rules import BUILTIN_RULES

from .helpers import NOW, daily, names, target


def test_fresh_data_is_quiet() -> None:
    assert evaluate(daily(), [target(target_cpa=20.0)], [], NOW) == []


def test_an_overdue_feed_raises_data_missing_and_mutes_its_kpis() -> None:
    later = NOW + timedelta(days=2)  # last row is for 24 November
    rows = daily(effect=lambda age: {"cvr": 0.0} if age <= 2 else {})
    alerts = evaluate(rows, [target(target_cpa=20.0, monthly_budget=9000.0)], BUILTIN_RULES, later)
    assert names(alerts) == ["DataMissing"]
    a = alerts[0]
    assert a.labels["account"] == "acct-1" and "campaign" not in a.labels
    assert (
        a.summary
        == "No daily ad data for meta/acct-1 after 2026-11-24: the newest bucket ended 2.3d ago"
    )
    assert a.suggestions[0].action == "check_feed"


def test_a_late_but_not_yet_stale_feed_is_judged_as_of_its_last_day() -> None:
    morning = datetime(2026, 11, 26, 8, tzinfo=UTC)  # 25 November not in yet: 32 h
    rows = daily(effect=lambda age: {"cvr": 0.0} if age <= 2 else {})
    assert names(evaluate(rows, [], [], morning)) == ["CPASpike", "TrackingOutage"]


def test_an_account_with_targets_but_no_rows_is_missing() -> None:
    alerts = evaluate(daily(), [target(account="acct-2")], [], NOW)
    assert names(alerts) == ["DataMissing"]
    assert alerts[0].labels["account"] == "acct-2"
