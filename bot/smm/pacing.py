"""Budget pacing: projected month-end spend against the monthly budget, in a narrowing band."""

from __future__ import annotations

import calendar
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import numpy as np

from bot.models import Alert, Suggestion
from bot.smm.context import Context, LevelView, make_alert
from bot.smm.frame import SPEND
from bot.smm.money import AT_STAKE
from bot.smm.settings import EngineSettings
from bot.smm.text import fmt_money, fmt_pct

__all__ = [
    "PACE_DAYS",
    "Pace",
    "campaign_pace",
    "day_noise",
    "detect_pacing",
    "pace",
    "tolerance",
    "weekday_shape",
]

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
    day_noise: float = 0.0,
) -> Pace:
    """Project the month from spend so far plus the recent run rate.

    ``weekdays`` scales each weekday's spend (Monday first, 1.0 = an average day): a B2B
    campaign that spends little at weekends is not pacing under budget on a Sunday.
    ``day_noise`` is how much one day's spend strays from its usual (relative standard
    deviation): the run rate of a day or two carries it into the projection, and the band
    is never narrower than ``pacing_noise_z`` times that uncertainty.
    """
    month_days = calendar.monthrange(last_day.year, last_day.month)[1]
    elapsed = last_day.day
    last = last_day.weekday()
    recent = sum(weekdays[(last - i) % 7] for i in range(recent_days))
    ahead = sum(weekdays[(last + i) % 7] for i in range(1, month_days - elapsed + 1))
    run_rate = recent_spend / recent if recent > 0 else 0.0
    projected = month_spend + run_rate * ahead
    # Never narrower than a material miss, whatever the day of the month, nor than what one
    # or two ordinary days can swing the projection by.
    guess = day_noise / math.sqrt(max(recent_days, 1)) * run_rate * ahead / budget
    band = max(
        tolerance(settings, elapsed, month_days),
        settings.pacing_min_miss,
        settings.pacing_noise_z * guess,
    )
    return Pace(budget, month_spend, elapsed, month_days, run_rate, projected, band)


def weekday_shape(spend: Sequence[float], last_day: date) -> tuple[float, ...]:
    """Each weekday's spend relative to an average day, from daily ``spend`` ending on
    ``last_day`` (NaN = the campaign did not run); flat until two weeks are known.

    Each weekday is shrunk towards an average day by ``_SHAPE_PRIOR_DAYS`` of it, so one odd
    Sunday does not bend the projection.
    """
    first = last_day.weekday() - len(spend) + 1  # the weekday of spend[0], modulo 7
    days = [((first + i) % 7, float(v)) for i, v in enumerate(spend) if not math.isnan(v)]
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


PACE_DAYS = 31
"""Days of spend ``campaign_pace`` reads, ending on the last complete day: the whole month
so far and the four weeks the weekday shape is learnt from."""


def campaign_pace(
    settings: EngineSettings,
    *,
    monthly_budget: float | None,
    daily_budget: float | None,
    spend_by_day: Sequence[float],
    first_day: date | None,
    last_day: date,
) -> Pace | None:
    """Where one campaign's month is heading, as of ``last_day``: the one pacing sum that the
    alerts and the stand-up both use.

    ``spend_by_day`` is the daily spend of the ``PACE_DAYS`` days ending on ``last_day`` (0
    for a day without a row); ``first_day`` the first day the campaign ran (None: never).
    A campaign launched this month is held to the share of the budget for the days it could
    run. None when there is no budget, it never ran (no rows: the stale-data check speaks
    for it) or fewer than ``pacing_min_days`` of the month (of its run, for a campaign
    launched in it) are complete.
    """
    if len(spend_by_day) < PACE_DAYS:
        raise ValueError(f"spend_by_day needs {PACE_DAYS} days, got {len(spend_by_day)}")
    month_days = calendar.monthrange(last_day.year, last_day.month)[1]
    if monthly_budget:
        budget = float(monthly_budget)
    elif daily_budget:
        budget = float(daily_budget) * month_days
    else:
        return None
    if first_day is None:
        return None
    first = min(first_day, last_day)
    # The run rate is this month's own (or the run's, for a launch in it), read from at
    # least ``pacing_min_days`` of them: one day's spend projects its own noise.
    if last_day.day - _launch_day(first, last_day) + 1 < settings.pacing_min_days:
        return None
    if (first.year, first.month) == (last_day.year, last_day.month):
        # A campaign launched mid-month can only use the days it runs.
        budget *= (month_days - first.day + 1) / month_days
    spend = [float(v) for v in spend_by_day[-PACE_DAYS:]]
    month_spend = sum(spend[PACE_DAYS - last_day.day :])
    # Last month's days ran on last month's budget: the run rate is this month's own.
    recent_days = min(
        settings.pacing_run_rate_days, last_day.day - _launch_day(first, last_day) + 1
    )
    recent = sum(spend[PACE_DAYS - recent_days :])
    ran_days = (last_day - first).days + 1
    shape_spend = [
        v if i >= _SHAPE_DAYS - ran_days else math.nan
        for i, v in enumerate(spend[PACE_DAYS - _SHAPE_DAYS :])
    ]
    shape = weekday_shape(shape_spend, last_day)
    noise = day_noise(shape_spend, shape, last_day)
    return pace(settings, budget, month_spend, recent, recent_days, last_day, shape, noise)


def day_noise(spend: Sequence[float], shape: Sequence[float], last_day: date) -> float:
    """How much a day's spend strays from its weekday's usual, as a relative standard
    deviation (robust: median absolute deviation on the log scale) over the days it ran;
    0 under two weeks of them, where the band's own width has to do."""
    first = last_day.weekday() - len(spend) + 1  # the weekday of spend[0], modulo 7
    logs = [
        math.log(v / shape[(first + i) % 7])
        for i, v in enumerate(spend)
        if not math.isnan(v) and v > 0
    ]
    if len(logs) < _SHAPE_MIN_DAYS:
        return 0.0
    center = statistics.median(logs)
    return 1.4826 * statistics.median(abs(x - center) for x in logs)


def detect_pacing(ctx: Context) -> list[Alert]:
    """BudgetOverspend / BudgetUnderdelivery per campaign with a budget.

    The projection must miss the same way on each of the last ``pacing_sustain_days`` days
    of the month. Once it has, the alert holds while every day since still misses by half
    the band (within ``pacing_hold_days``), so a month heading for 86 % of budget is one
    alert, not one each time a good day nudges it to 89 %.
    """
    s = ctx.settings
    view = ctx.view("campaign", "day")
    if view is None or len(view) == 0:
        return []
    alerts: list[Alert] = []
    monthly = view.target("monthly_budget")
    daily = view.target("daily_budget")
    has_budget = view.active & ((monthly > 0) | (daily > 0))
    sustain = max(s.pacing_sustain_days, 1)
    looked = sustain + max(s.pacing_hold_days, 0)
    spend_by_day = view.series(PACE_DAYS + looked - 1)[SPEND]
    for g in np.flatnonzero(has_budget).tolist():
        last_day = date.fromordinal(view.last_bucket(g))
        month_days = calendar.monthrange(last_day.year, last_day.month)[1]
        if last_day.day < s.pacing_min_days or last_day.day == month_days:
            # Too early to project, or the month is over and nothing can be changed.
            continue
        spend = spend_by_day[g].tolist()
        first_day = date.fromordinal(view.origin + int(view.groups.first[g]))
        paces: list[Pace] = []
        for back in range(looked):
            day = last_day - timedelta(days=back)
            if day.month != last_day.month or day.day < s.pacing_min_days or day < first_day:
                break
            p = campaign_pace(
                s,
                monthly_budget=float(monthly[g]) if monthly[g] > 0 else None,
                daily_budget=float(daily[g]) if daily[g] > 0 else None,
                spend_by_day=spend[: len(spend) - back][-PACE_DAYS:],
                first_day=first_day,
                last_day=day,
            )
            if p is None:
                break
            paces.append(p)
            if not _may_miss(p):
                break  # _misses needs the newest day at least half the band out
        way = _misses(paces, sustain)
        if way is not None:
            alerts.append(_alert(view, g, paces[0], last_day, over=way == "over"))
    return alerts


def _may_miss(p: Pace) -> bool:
    """Whether ``p`` is at least half its band from budget, as ``_misses`` needs of the
    newest day (quiet campaigns are not, and their earlier days need no projection)."""
    return p.ratio >= 1 + p.band / 2 or p.ratio <= 1 - p.band / 2


def _misses(paces: Sequence[Pace], sustain: int) -> Literal["over", "under"] | None:
    """Which way the newest pace (``paces[0]``, then the days before it in the month)
    misses, if it does: the same way on each of its last ``sustain`` days, or on such a run
    some days ago and by at least half the band on every day since. The way is the run's:
    a held miss is inside the band today, so the newest pace alone cannot tell it. Fewer
    than ``sustain`` paces (the month's first judged day) make no run."""
    for since in range(len(paces) - sustain + 1):
        # Every day of the run judged: early in the month (or the campaign's run) the days
        # before the first judged one are too few to make a run of them.
        was, held = paces[since : since + sustain], paces[:since]
        if all(p.over for p in was) and all(p.ratio >= 1 + p.band / 2 for p in held):
            return "over"
        if all(p.under for p in was) and all(p.ratio <= 1 - p.band / 2 for p in held):
            return "under"
    return None


def _launch_day(first_day: date, last_day: date) -> int:
    """The day of ``last_day``'s month the campaign first ran (1 if it ran before)."""
    same_month = (first_day.year, first_day.month) == (last_day.year, last_day.month)
    return first_day.day if same_month else 1


def _alert(view: LevelView, g: int, p: Pace, last_day: date, *, over: bool) -> Alert:
    labels = view.labels(g)
    where = "/".join(v for k, v in labels.items() if k != "brand")
    name = "BudgetOverspend" if over else "BudgetUnderdelivery"
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
    verb = "over" if over else "under"
    gap = abs(p.projected - p.budget)
    evidence["money"] = (
        f"≈{fmt_money(gap / max(p.remaining_days, 1))} per day "
        + ("beyond" if over else "short of")
        + f" the budget's pace; {fmt_money(gap)} projected "
        + ("over the month's budget" if over else "left unspent this month")
    )
    evidence[AT_STAKE] = fmt_money(gap)
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
        suggestions=_suggest(p, over=over),
        pending_for=_PENDING,
    )


def _suggest(p: Pace, *, over: bool) -> tuple[Suggestion, ...]:
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
    action = "lower_budget" if over else "raise_budget"
    detail = (
        f"Set the daily budget to {fmt_money(daily)} (run rate {fmt_money(p.run_rate)}/day) "
        f"for the remaining {p.remaining_days} days"
    )
    if over:
        effect = (
            f"lands the month at {fmt_money(p.budget)} instead of {fmt_money(p.projected)}, "
            f"avoiding {fmt_money(p.projected - p.budget)} of overspend"
        )
    else:
        effect = (
            f"spends the {fmt_money(p.budget - p.projected)} that would otherwise stay unused, "
            "once nothing above holds delivery back"
        )
        # Under-delivery is seldom the budget's fault: a higher budget does not spend while
        # ads are disapproved, billing failed, the ad sets are learning or a bid cap is low.
        check = Suggestion(
            action="check_delivery",
            detail=(
                "Before raising the budget, check what holds delivery back: disapproved or "
                "limited ads, billing (failed payment, account spending limit), ad sets in "
                "the learning phase or 'learning limited', a bid or cost cap below what the "
                "auction asks, and an audience too narrow"
            ),
            expected_effect=(
                f"the run rate is {fmt_money(p.run_rate)}/day against the "
                f"{fmt_money(daily)}/day the budget allows; while one of these caps delivery, "
                "more budget stays unspent"
            ),
        )
        return check, Suggestion(action=action, detail=detail, expected_effect=effect)
    return (Suggestion(action=action, detail=detail, expected_effect=effect),)
