"""Budget pacing: a projection judged in a band that narrows through the month."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.models import Alert
from bot.smm.engine import evaluate
from bot.smm.pacing import pace, tolerance, weekday_shape
from bot.smm.settings import EngineSettings

from .helpers import NOW, Shape, daily, names, target

PACING = EngineSettings(detectors=frozenset({"pacing"}))
SPEND_PER_DAY = 20_000 * 0.02 * 0.8  # the helpers' default ad: 320 a day on weekdays


def test_the_band_runs_from_75_125_to_99_101_and_only_narrows() -> None:
    s = EngineSettings()
    assert tolerance(s, 0, 30) == pytest.approx(0.25)
    assert tolerance(s, 30, 30) == pytest.approx(0.01)
    widths = [tolerance(s, d, 30) for d in range(31)]
    assert all(a > b for a, b in itertools.pairwise(widths))
    linear = EngineSettings(pacing_band_shape=1.0)
    assert tolerance(linear, 15, 30) == pytest.approx(0.13)
    assert tolerance(s, 24, 30) > tolerance(linear, 24, 30)


def test_the_same_overspend_is_tolerated_early_and_flagged_late() -> None:
    s = EngineSettings()
    early = pace(s, 3000.0, 115.0 * 3, 115.0 * 3, 3, date(2026, 11, 3))
    late = pace(s, 3000.0, 115.0 * 24, 115.0 * 3, 3, date(2026, 11, 24))
    assert early.ratio == pytest.approx(late.ratio) == pytest.approx(1.15)
    assert not early.over
    assert late.over and not late.under


def test_projection_is_spend_so_far_plus_the_recent_run_rate() -> None:
    p = pace(EngineSettings(), 9000.0, 2400.0, 300.0, 3, date(2026, 11, 24))
    assert p.run_rate == 100.0
    assert p.projected == 2400.0 + 6 * 100.0
    assert p.under and p.remaining_days == 6


def run(budget: float, **shape: float) -> list[Alert]:
    rows = daily(days=60, noise=False, shape=Shape(weekend=1.0, **shape))
    return evaluate(rows, [target(monthly_budget=budget)], [], NOW, settings=PACING)


def test_over_and_under_delivery_fire_with_a_budget_suggestion() -> None:
    month = SPEND_PER_DAY * 30
    assert run(month) == []
    over = run(month / 1.3)
    assert names(over) == ["BudgetOverspend"]
    assert over[0].suggestions[0].action == "pause_campaign"
    under = run(month * 1.4)
    assert names(under) == ["BudgetUnderdelivery"]
    check, suggestion = under[0].suggestions
    assert check.action == "check_delivery"
    assert all(w in check.detail for w in ("disapproved", "billing", "learning", "bid"))
    assert suggestion.action == "raise_budget" and "remaining 6 days" in suggestion.detail
    assert "%" in under[0].evidence["confidence"]


def test_a_daily_budget_alone_is_read_for_every_day_of_the_month() -> None:
    rows = daily(days=60, noise=False, shape=Shape(weekend=1.0))
    alerts = evaluate(rows, [target(daily_budget=SPEND_PER_DAY * 0.7)], [], NOW, settings=PACING)
    assert names(alerts) == ["BudgetOverspend"]


def test_nothing_is_judged_before_the_minimum_days_or_after_the_month_closed() -> None:
    rows = daily(days=60, noise=False, shape=Shape(weekend=1.0))
    budget = [target(monthly_budget=SPEND_PER_DAY * 10)]
    closed = datetime(2026, 11, 1, 8, tzinfo=UTC)
    assert evaluate(rows, budget, [], closed, settings=PACING) == []
    # A threefold pace: the run rate is read from three days of the month, and the miss
    # must hold on two such days, so the morning of the 5th is the first to speak.
    for day in (2, 3, 4):
        morning = datetime(2026, 11, day, 8, tzinfo=UTC)
        assert evaluate(rows, budget, [], morning, settings=PACING) == []
    fifth = datetime(2026, 11, 5, 8, tzinfo=UTC)
    assert names(evaluate(rows, budget, [], fifth, settings=PACING)) == ["BudgetOverspend"]
    # A workspace may judge from the first day; the miss must still hold on two days.
    hasty = replace(PACING, pacing_min_days=1)
    second = datetime(2026, 11, 2, 8, tzinfo=UTC)
    assert evaluate(rows, budget, [], second, settings=hasty) == []
    third = datetime(2026, 11, 3, 8, tzinfo=UTC)
    assert names(evaluate(rows, budget, [], third, settings=hasty)) == ["BudgetOverspend"]


def test_a_campaign_launched_mid_month_is_judged_on_its_share_of_the_budget() -> None:
    rows = daily(days=10, noise=False, shape=Shape(weekend=1.0))  # from 15 November
    budget = [target(monthly_budget=SPEND_PER_DAY * 30)]
    assert evaluate(rows, budget, [], NOW, settings=PACING) == []


def test_the_weekday_shape_of_spend_is_learned_and_shrunk() -> None:
    monday = date(2026, 11, 23)
    spend = [50.0 if (monday - timedelta(days=27 - i)).weekday() >= 5 else 100.0 for i in range(28)]
    shape = weekday_shape(spend, monday)
    assert shape[0] == pytest.approx(shape[4]) and shape[0] > 1.0
    assert 0.5 / 0.857 < shape[6] < 1.0  # shrunk from the raw 50/85.7 towards an average day
    assert weekday_shape(spend[-13:], monday) == (1.0,) * 7  # under two weeks: flat
    assert weekday_shape([float("nan")] * 20 + spend[-8:], monday) == (1.0,) * 7


def test_a_quiet_weekend_is_not_under_delivery() -> None:
    # Spends half as much on Saturdays and Sundays; the budget is what that pattern spends.
    rows = daily(days=60, noise=False, shape=Shape(weekend=0.5))
    by_day = {r.bucket: r.spend for r in rows}
    budget = sum(v for d, v in by_day.items() if d.startswith("2026-11")) / 24 * 30
    monday = datetime(2026, 11, 9, 8, tzinfo=UTC)  # the run rate is Friday to Sunday
    assert evaluate(rows, [target(monthly_budget=budget)], [], monday, settings=PACING) == []
    # The same three days projected as if every day were like them fall short.
    sunday = date(2026, 11, 8)
    spend = [by_day[(sunday - timedelta(days=27 - i)).isoformat()] for i in range(28)]
    month = sum(spend[-8:])
    recent = sum(spend[-3:])
    shaped = pace(PACING, budget, month, recent, 3, sunday, weekday_shape(spend, sunday))
    flat = pace(PACING, budget, month, recent, 3, sunday)
    assert not shaped.under and not flat.under  # the band early in the month is wide
    assert shaped.ratio > 0.95 > flat.ratio + 0.05


def test_the_run_rate_starts_with_the_month() -> None:
    # October spent twice what November's budget allows; November is on budget.
    rows = daily(
        days=60,
        noise=False,
        shape=Shape(weekend=1.0),
        effect=lambda age: {"impressions": 2.0} if age >= 25 else {},
    )
    november = [r.spend for r in rows if r.bucket.startswith("2026-11")]
    budget = [target(monthly_budget=november[0] * 30)]
    second = datetime(2026, 11, 2, 8, tzinfo=UTC)
    assert evaluate(rows, budget, [], second, settings=PACING) == []


def test_a_small_miss_at_month_end_is_on_track() -> None:
    # Heading for 93 % of budget with one day of the month to go: ≈ a day's spend short,
    # nothing a buyer would act on.
    rows = daily(
        days=60, noise=False, shape=Shape(weekend=1.0), now=datetime(2026, 11, 30, 8, tzinfo=UTC)
    )
    budget = [target(monthly_budget=SPEND_PER_DAY * 30 / 0.93)]
    assert evaluate(rows, budget, [], datetime(2026, 11, 30, 8, tzinfo=UTC), settings=PACING) == []
    # A material miss at the same point still speaks.
    budget = [target(monthly_budget=SPEND_PER_DAY * 30 / 0.8)]
    alerts = evaluate(rows, budget, [], datetime(2026, 11, 30, 8, tzinfo=UTC), settings=PACING)
    assert names(alerts) == ["BudgetUnderdelivery"]


def test_one_slow_day_is_not_under_delivery_until_it_lasts() -> None:
    # On pace for 95 % of budget; yesterday spent 5 % of a day, which alone projects 86 %.
    budget = [target(monthly_budget=SPEND_PER_DAY * 30 * 1.05)]
    dip = daily(
        days=60,
        noise=False,
        shape=Shape(weekend=1.0),
        effect=lambda age: {"impressions": 0.05} if age == 1 else {},
    )
    assert evaluate(dip, budget, [], NOW, settings=PACING) == []
    # Two slow days in a row: sustained, the projection misses on both days.
    lasting = daily(
        days=60,
        noise=False,
        shape=Shape(weekend=1.0),
        effect=lambda age: {"impressions": 0.05} if age <= 2 else {},
    )
    assert names(evaluate(lasting, budget, [], NOW, settings=PACING)) == ["BudgetUnderdelivery"]


# Day-to-day swings of spend of an uncapped campaign, about ±20 %.
_SWING = (1.0, 1.25, 0.8, 1.2, 0.85, 1.3, 0.75, 1.15, 0.9, 1.22, 0.78, 1.1, 0.82, 1.28)


def test_a_slow_first_day_of_the_month_is_not_under_delivery() -> None:
    """On 1 October spend was 0.68 of usual: alone that projects ~70 % of budget, outside
    the ±25 % band, whether the campaign's days swing ±20 % or not. One day is one day's
    noise; a steady campaign whose slow days go on is under-delivering."""
    budget = [target(monthly_budget=SPEND_PER_DAY * 31)]

    def slow(days: int, swing: bool, morning: datetime) -> list[Alert]:
        rows = daily(
            days=60,
            now=morning,
            noise=False,
            shape=Shape(weekend=1.0),
            effect=lambda age: {
                "impressions": 0.68
                if morning.day - age <= days
                else _SWING[age % len(_SWING)]
                if swing
                else 1.0
            },
        )
        return evaluate(rows, budget, [], morning, settings=PACING)

    for day in (2, 3, 4, 5, 6):
        morning = datetime(2026, 10, day, 8, tzinfo=UTC)
        assert slow(1, swing=True, morning=morning) == []
        assert slow(1, swing=False, morning=morning) == []
    fifth = datetime(2026, 10, 5, 8, tzinfo=UTC)
    assert names(slow(4, swing=False, morning=fifth)) == ["BudgetUnderdelivery"]


def test_an_under_delivery_stays_one_alert_while_a_better_day_only_halves_the_miss() -> None:
    """Heading for 84 % of budget for days; two busier days lift the projection to ~89 %,
    inside the band (±12 %) but still short by more than half of it: the same miss."""
    budget = [target(monthly_budget=SPEND_PER_DAY * 30 / 0.84)]

    def lifted(factor: float) -> list[Alert]:
        rows = daily(
            days=60,
            noise=False,
            shape=Shape(weekend=1.0),
            effect=lambda age: {"impressions": factor} if age <= 2 else {},
        )
        return evaluate(rows, budget, [], NOW, settings=PACING)

    assert names(lifted(1.3)) == ["BudgetUnderdelivery"]
    assert lifted(2.0) == []  # back on track: the projection is near budget


def test_an_overspend_held_while_a_slower_day_only_halves_the_miss_is_still_an_overspend() -> None:
    """Heading for 116 % of budget for days; two slower days bring the projection inside the
    band but still over by more than half of it: the held alert is the overspend it was,
    never an under-delivery of a month projected over budget."""
    budget = [target(monthly_budget=SPEND_PER_DAY * 30 / 1.16)]
    rows = daily(
        days=60,
        noise=False,
        shape=Shape(weekend=1.0),
        effect=lambda age: {"impressions": 0.75} if age <= 2 else {},
    )
    alerts = evaluate(rows, budget, [], NOW, settings=PACING)
    assert names(alerts) == ["BudgetOverspend"]
    alert = alerts[0]
    assert "pacing over budget" in alert.summary
    assert "beyond the budget's pace" in alert.evidence["money"]
    assert alert.value > alert.baseline  # type: ignore[operator]
    assert [s.action for s in alert.suggestions] == ["lower_budget"]
