"""Budget pacing: projected month-end spend against the monthly budget, in a narrowing band."""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from bot.models import Alert, Suggestion
from bot.smm.context import Context, LevelView, make_alert
from bot.smm.frame import SPEND
from bot.smm.settings import EngineSettings
from bot.smm.text import fmt_money, fmt_pct

__all__ = ["Pace", "detect_pacing", "pace", "tolerance", "weekday_shape"]

_PENDING = timedelta(hours=1)
_FLAT_WEEK: tuple[float, ...] = (1.0,) * 7
_SHAPE_DAYS = 28
_SHAPE_MIN_DAYS = 14
_SHAPE_PRIOR_DAYS = 1.0


def tolerance(settings: EngineSettings, elapsed_days: int, month_days: int) -> float:
    """Half-width of the band around 100 % after ``elapsed_days`` complete days of the month.

    ``pacing_band_start`` (±25 %: 75–125 %) before the first day, ``pacing_band_end``
    (±1 %: 99–101 %) when the month is complete, and in between shrinking with the share of
    the month still to come raised to ``pacing_band_shape`` (0.5: its square root).
    """
    left = 1.0 - min(max(elapsed_days / month_days, 0.0), 1.0)
    start, end = settings.pacing_band_start, settings.pacing_band_end
    return float(end + (start - end) * left**settings.pacing_band_shape)


@dataclass(frozen=True, slots=True)
class Pace:
    """Where one campaign's month is heading."""

    budget: float
    spent: float
    elapsed_days: int
    month_days: int
    run_rate: float
    projected: float
    band: float

    @property
    def ratio(self) -> float:
        return self.projected / self.budget

    @property
    def remaining_days(self) -> int:
        return self.month_days - self.elapsed_days

    @property
    def over(self) -> bool:
        return self.ratio > 1 + self.band

    @property
    def under(self) -> bool:
        return self.ratio < 1 - self.band


def pace(
    settings: EngineSettings,
    budget: float,
    month_spend: float,
    recent_spend: float,
    recent_days: int,
    last_day: date,
    weekdays: Sequence[float] = _FLAT_WEEK,
) -> Pace:
    """Project the month from spend so far plus the recent run rate.

    ``weekdays`` scales each weekday's spend (Monday first, 1.0 = an average day): a B2B
    campaign that spends little at weekends is not pacing under budget on a Sunday.
    """
    month_days = calendar.monthrange(last_day.year, last_day.month)[1]
    elapsed = last_day.day
    recent = sum(weekdays[(last_day - timedelta(days=i)).weekday()] for i in range(recent_days))
    ahead = sum(
        weekdays[(last_day + timedelta(days=i)).weekday()]
        for i in range(1, month_days - elapsed + 1)
    )
    run_rate = recent_spend / recent if recent > 0 else 0.0
    projected = month_spend + run_rate * ahead
    band = tolerance(settings, elapsed, month_days)
    return Pace(budget, month_spend, elapsed, month_days, run_rate, projected, band)


def weekday_shape(spend: Sequence[float], last_day: date) -> tuple[float, ...]:
    """Each weekday's spend relative to an average day, from daily ``spend`` ending on
    ``last_day`` (NaN = the campaign did not run); flat until two weeks are known.

    Each weekday is shrunk towards an average day by ``_SHAPE_PRIOR_DAYS`` of it, so one odd
    Sunday does not bend the projection.
    """
    days = [
        ((last_day - timedelta(days=len(spend) - 1 - i)).weekday(), float(v))
        for i, v in enumerate(spend)
        if not math.isnan(v)
    ]
    if len(days) < _SHAPE_MIN_DAYS:
        return _FLAT_WEEK
    mean = sum(v for _, v in days) / len(days)
    if mean <= 0:
        return _FLAT_WEEK
    totals, counts = [0.0] * 7, [0] * 7
    for weekday, value in days:
        totals[weekday] += value
        counts[weekday] += 1
    prior = _SHAPE_PRIOR_DAYS * mean
    return tuple((totals[w] + prior) / (counts[w] * mean + prior) for w in range(7))


def detect_pacing(ctx: Context) -> list[Alert]:
    """BudgetOverspend / BudgetUnderdelivery per campaign with a budget."""
    s = ctx.settings
    view = ctx.view("campaign", "day")
    if view is None or len(view) == 0:
        return []
    alerts: list[Alert] = []
    monthly = view.target("monthly_budget")
    daily = view.target("daily_budget")
    has_budget = view.active & ((monthly > 0) | (daily > 0))
    spend_by_day = view.series(_SHAPE_DAYS)[SPEND]
    for g in np.flatnonzero(has_budget).tolist():
        last_day = date.fromordinal(view.last_bucket(g))
        month_days = calendar.monthrange(last_day.year, last_day.month)[1]
        if last_day.day < s.pacing_min_days or last_day.day == month_days:
            # Too early to project, or the month is over and nothing can be changed.
            continue
        budget = float(monthly[g]) if monthly[g] > 0 else float(daily[g]) * month_days
        first_day = date.fromordinal(view.origin + int(view.groups.first[g]))
        if (first_day.year, first_day.month) == (last_day.year, last_day.month):
            # A campaign launched mid-month can only use the days it runs.
            if last_day.day - first_day.day + 1 < s.pacing_min_days:
                continue
            budget *= (month_days - first_day.day + 1) / month_days
        month_spend = float(view.window(last_day.day)[SPEND, g])
        # Last month's days ran on last month's budget: the run rate is this month's own.
        recent_days = min(
            s.pacing_run_rate_days, last_day.day - _launch_day(first_day, last_day) + 1
        )
        recent = float(view.window(recent_days)[SPEND, g])
        history = spend_by_day[g]
        ran = np.arange(_SHAPE_DAYS) >= _SHAPE_DAYS - (last_day - first_day).days - 1
        shape = weekday_shape(np.where(ran, history, np.nan).tolist(), last_day)
        p = pace(s, budget, month_spend, recent, recent_days, last_day, shape)
        if p.over or p.under:
            alerts.append(_alert(view, g, p, last_day))
    return alerts


def _launch_day(first_day: date, last_day: date) -> int:
    """The day of ``last_day``'s month the campaign first ran (1 if it ran before)."""
    same_month = (first_day.year, first_day.month) == (last_day.year, last_day.month)
    return first_day.day if same_month else 1


def _alert(view: LevelView, g: int, p: Pace, last_day: date) -> Alert:
    labels = view.labels(g)
    where = "/".join(v for k, v in labels.items() if k != "brand")
    name = "BudgetOverspend" if p.over else "BudgetUnderdelivery"
    month = f"{last_day:%Y-%m}"
    evidence = {
        "metric": "spend",
        "current": f"projected {fmt_money(p.projected)} ({fmt_pct(p.ratio, 0)} of budget)",
        "baseline": f"monthly budget {fmt_money(p.budget)}",
        "window": f"{month}-01..{last_day.isoformat()} ({p.elapsed_days}/{p.month_days} days)",
        "volume": (
            f"spent {fmt_money(p.spent)} so far; run rate {fmt_money(p.run_rate)}/day "
            "over the last complete days"
        ),
        "confidence": (
            f"outside the ±{fmt_pct(p.band)} band for day {p.elapsed_days} of {p.month_days}"
        ),
    }
    verb = "over" if p.over else "under"
    if p.spent > p.budget:
        evidence["impact"] = f"already {fmt_money(p.spent - p.budget)} over the month's budget"
    summary = (
        f"{where} is pacing {verb} budget: {fmt_money(p.projected)} projected for {month} vs "
        f"{fmt_money(p.budget)} ({fmt_pct(p.ratio, 0)})"
    )
    return make_alert(
        name,
        labels,
        summary,
        severity="warning",
        value=p.projected,
        baseline=p.budget,
        evidence=evidence,
        suggestions=_suggest(p),
        pending_for=_PENDING,
    )


def _suggest(p: Pace) -> tuple[Suggestion, ...]:
    left = p.budget - p.spent
    if p.remaining_days <= 0:
        return (
            Suggestion(
                action="review_budget",
                detail=f"The month closed at {fmt_money(p.spent)} against {fmt_money(p.budget)}",
                expected_effect=(
                    f"set next month's daily budget to {fmt_money(p.budget / p.month_days)} "
                    f"to land on budget (it averaged {fmt_money(p.spent / p.month_days)})"
                ),
            ),
        )
    if left <= 0:
        return (
            Suggestion(
                action="pause_campaign",
                detail=(
                    f"Pause or cap the campaign: {fmt_money(p.spent)} already spent of "
                    f"{fmt_money(p.budget)} with {p.remaining_days} days to go"
                ),
                expected_effect=(
                    f"stops a further ~{fmt_money(p.run_rate * p.remaining_days)} of "
                    "spend beyond the budget"
                ),
            ),
        )
    daily = left / p.remaining_days
    action = "lower_budget" if p.over else "raise_budget"
    detail = (
        f"Set the daily budget to {fmt_money(daily)} (run rate {fmt_money(p.run_rate)}/day) "
        f"for the remaining {p.remaining_days} days"
    )
    if p.over:
        effect = (
            f"lands the month at {fmt_money(p.budget)} instead of {fmt_money(p.projected)}, "
            f"avoiding {fmt_money(p.projected - p.budget)} of overspend"
        )
    else:
        effect = (
            f"spends the {fmt_money(p.budget - p.projected)} that would otherwise stay unused; "
            "if delivery is capped by bids or audience size rather than budget, loosen the bid "
            "cap or broaden targeting instead"
        )
    return (Suggestion(action=action, detail=detail, expected_effect=effect),)
