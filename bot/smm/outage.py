"""Tracking outage: results collapse while clicks and spend carry on as usual."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np

from bot.labels import how_sure
from bot.models import Alert
from bot.smm.anomaly import (
    count_drop,
    p_value,
    poisson_low_z,
    seasonal_baseline,
    split_groups,
)
from bot.smm.context import Context, LevelView, bucket_start, make_alert
from bot.smm.frame import CLICKS, IMPRESSIONS, RESULTS, SPEND, BoolArray, FloatArray
from bot.smm.kpis import ratio
from bot.smm.money import AT_STAKE
from bot.smm.suggestions import for_outage
from bot.smm.text import fmt_count, fmt_money

__all__ = ["detect_outage"]

_PENDING = timedelta(hours=1)
_HOURLY_HISTORY = 7 * 24
_HOUR_WINDOWS = (6, 12, 24)
_MAX_ONSET_DAYS = 14


@dataclass(frozen=True, slots=True)
class _Outage:
    group: int
    granularity: str
    length: int
    spend: float
    clicks: float
    impressions: float
    expected: float
    observed: float
    z: float
    since: str
    hours: float
    blind_spend: float


def detect_outage(ctx: Context) -> list[Alert]:
    """TrackingOutage per campaign, from the hourly feed when there is one, else daily.

    An ad set of a campaign with several is judged on its own too (its own conversion event
    or landing page can lose its tag); a campaign-wide outage is said once, for the campaign.
    """
    found: dict[tuple[str, ...], tuple[LevelView, _Outage]] = {}
    adsets = ctx.view("adset", "day")
    if adsets is not None and len(adsets):
        for outage in _daily(ctx, adsets, split_groups(adsets)):
            found[adsets.keys[outage.group]] = (adsets, outage)
    daily = ctx.view("campaign", "day")
    if daily is not None and len(daily):
        for outage in _daily(ctx, daily, np.ones(len(daily), dtype=np.bool_)):
            found[daily.keys[outage.group]] = (daily, outage)
    hourly = ctx.view("campaign", "hour")
    if hourly is not None and len(hourly):
        for outage in _hourly(ctx, hourly):
            found[hourly.keys[outage.group]] = (hourly, outage)
    campaigns = {key[:3] for key, (view, _) in found.items() if view.level == "campaign"}
    return [
        _alert(ctx, view, outage)
        for key, (view, outage) in found.items()
        if view.level == "campaign" or key[:3] not in campaigns
    ]


def _collapsed(
    ctx: Context,
    expected: FloatArray,
    observed_late: FloatArray,
    variance: FloatArray,
    traffic_ok: BoolArray,
    bar: float | None = None,
    least: float | None = None,
) -> tuple[BoolArray, FloatArray]:
    s = ctx.settings
    z = poisson_low_z(observed_late, expected, variance)
    hit = (
        traffic_ok
        & (expected >= (s.outage_min_expected if least is None else least))
        & (observed_late <= s.outage_results_ratio * expected)
        & (z >= (s.z_threshold if bar is None else bar))
    )
    return hit, z


def _daily(ctx: Context, view: LevelView, judged: BoolArray) -> list[_Outage]:
    """Outages on daily rows, judged on every day since the onset together.

    The onset is found against a first baseline; then the baseline is refitted on the
    history just before the onset (so the outage never becomes the norm), and the days since
    the onset are tested as one window. Traffic is compared with what is usual for those
    weekdays, so a quiet weekend with no results is still an outage.
    """
    s = ctx.settings
    history = s.baseline_days
    span = history + _MAX_ONSET_DAYS
    series = view.series(span)
    lag = view.lag_series(span)
    day_number = view.origin + view.end[:, None] - span + np.arange(span)[None, :]
    weekday = (day_number % 7).astype(np.float64)
    clicks, results, spend = series[CLICKS], series[RESULTS], series[SPEND]
    first = seasonal_baseline(
        results[:, span - 1 - history : span - 1],
        clicks[:, span - 1 - history : span - 1],
        weekday[:, span - 1 - history : span - 1],
    )
    out: list[_Outage] = []
    # Only a campaign whose last day has collapsed can be in an outage now.
    last_expected = (
        clicks[:, -1]
        * np.nan_to_num(first.rate)
        * np.take_along_axis(first.season, weekday[:, -1:].astype(np.int64), 1)[:, 0]
    )
    collapsed_now = results[:, -1] * lag[:, -1] <= s.outage_results_ratio * last_expected
    candidates = np.flatnonzero(view.active & judged & first.ok & collapsed_now).tolist()
    for g in candidates:
        run = _collapsed_days(
            ctx, first.rate[g], first.season[g], results[g], clicks[g], weekday[g]
        )
        onset = span - run
        past = slice(onset - history, onset)
        rows = slice(g, g + 1)
        base = seasonal_baseline(results[rows, past], clicks[rows, past], weekday[rows, past])
        if not base.ok[0]:
            continue
        now = slice(onset, span)
        test = count_drop(base, results[rows, now], clicks[rows, now], weekday[rows, now])
        observed_late = (results[rows, now] * lag[rows, now]).sum(axis=1)
        typical_clicks = _usual_for_weekdays(clicks[g, past], weekday[g, past], weekday[g, now])
        typical_spend = _usual_for_weekdays(spend[g, past], weekday[g, past], weekday[g, now])
        w_clicks, w_spend = float(clicks[g, now].sum()), float(spend[g, now].sum())
        traffic_ok = np.array(
            [
                w_clicks >= s.outage_traffic_ratio_daily * typical_clicks
                and w_spend >= s.outage_traffic_ratio_daily * typical_spend
                and typical_clicks > 0
            ]
        )
        # One day alone speaks only when overwhelming, as for the cost anomalies: a day with
        # 1 result where 9 were due (1 in 700) comes by chance to some campaign every month.
        bar = s.anomaly_z if run == 1 else s.z_threshold
        hit, z = _collapsed(
            ctx,
            test.expected,
            observed_late,
            test.spread**2,
            traffic_ok,
            bar,
            s.outage_min_expected_daily,
        )
        if not hit[0]:
            continue
        day = bucket_start("day", view.last_bucket(g) - run + 1)
        out.append(
            _Outage(
                g,
                "day",
                run,
                w_spend,
                w_clicks,
                float(series[IMPRESSIONS, g, now].sum()),
                float(test.expected[0]),
                float(test.observed[0]),
                float(z[0]),
                f"{day:%Y-%m-%d}",
                24.0 * run,
                w_spend,
            )
        )
    return out


def _usual_for_weekdays(values: FloatArray, weekday: FloatArray, wanted: FloatArray) -> float:
    """The usual total of ``values`` over days of the ``wanted`` weekdays: per weekday the
    median of the history's days of that weekday (all days' median when it has none)."""
    overall = float(np.median(values)) if len(values) else 0.0
    total = 0.0
    for w in wanted.astype(np.int64).tolist():
        same = values[weekday.astype(np.int64) == w]
        total += float(np.median(same)) if len(same) else overall
    return total


def _collapsed_days(
    ctx: Context,
    rate: float,
    season: FloatArray,
    results: FloatArray,
    clicks: FloatArray,
    weekday: FloatArray,
) -> int:
    """How many days, counting back from the last, results have stayed collapsed; days with
    no clicks (a weekend off) neither end the run nor start it."""
    run = 1
    for i in range(len(results) - 2, max(len(results) - 1 - _MAX_ONSET_DAYS, -1), -1):
        expected = clicks[i] * rate * season[int(weekday[i])]
        if expected <= 0 and results[i] <= 0:
            run += 1
            continue
        if expected <= 0 or results[i] > ctx.settings.outage_results_ratio * expected:
            break
        run += 1
    while run > 1 and clicks[len(clicks) - run] <= 0:
        run -= 1
    return run


def _hourly(ctx: Context, view: LevelView) -> list[_Outage]:
    s = ctx.settings
    longest = max(_HOUR_WINDOWS)
    span = _HOURLY_HISTORY + longest
    series = view.series(span)
    lag = view.lag_series(span)
    clicks, results, spend = series[CLICKS], series[RESULTS], series[SPEND]
    chosen = np.zeros(len(view), dtype=np.int64)
    for hours in reversed(_HOUR_WINDOWS):
        past = slice(span - hours - _HOURLY_HISTORY, span - hours)
        rate = ratio(results[:, past].sum(axis=1), clicks[:, past].sum(axis=1))
        expected = clicks[:, span - hours :].sum(axis=1) * np.nan_to_num(rate)
        chosen = np.where(expected >= s.outage_min_expected, hours, chosen)
    found = {o.group: o for o in _hours_since_last_result(ctx, view, series, lag, span)}
    out: list[_Outage] = list(found.values())
    for hours in _HOUR_WINDOWS:
        members = np.flatnonzero((chosen == hours) & view.active)
        if len(members) == 0:
            continue
        now = slice(span - hours, span)
        past = slice(span - hours - _HOURLY_HISTORY, span - hours)
        rate = ratio(results[members, past].sum(axis=1), clicks[members, past].sum(axis=1))
        w_clicks = clicks[members, now].sum(axis=1)
        w_spend = spend[members, now].sum(axis=1)
        expected = w_clicks * np.nan_to_num(rate)
        observed = results[members, now].sum(axis=1)
        observed_late = (results * lag)[members, now].sum(axis=1)
        # The same hours on each of the previous days say what traffic is normal for them.
        same_hours = [
            (
                clicks[members, span - hours - 24 * k : span - 24 * k].sum(axis=1),
                spend[members, span - hours - 24 * k : span - 24 * k].sum(axis=1),
            )
            for k in range(1, 8)
        ]
        typical_clicks = np.median(np.stack([c for c, _ in same_hours]), axis=0)
        typical_spend = np.median(np.stack([p for _, p in same_hours]), axis=0)
        traffic_ok = (
            (w_clicks >= s.outage_traffic_ratio * typical_clicks)
            & (w_spend >= s.outage_traffic_ratio * typical_spend)
            & (typical_clicks > 0)
        )
        # Judged every hour, a window must be as sure as a single fresh day must be: one
        # result in twelve hours where eleven were due comes by chance to some campaign.
        hit, z = _collapsed(ctx, expected, observed_late, expected, traffic_ok, s.anomaly_z)
        for i in np.flatnonzero(hit).tolist():
            g = int(members[i])
            if g in found:
                continue
            since_index = _onset(results[g], clicks[g], span)
            since = bucket_start("hour", view.origin + int(view.end[g]) - span + since_index)
            out.append(
                _Outage(
                    g,
                    "hour",
                    hours,
                    float(w_spend[i]),
                    float(w_clicks[i]),
                    float(series[IMPRESSIONS, g, now].sum()),
                    float(expected[i]),
                    float(observed[i]),
                    float(z[i]),
                    f"{since:%Y-%m-%d %H:00}Z",
                    float(span - since_index),
                    float(spend[g, since_index:].sum()),
                )
            )
    return out


def _hours_since_last_result(
    ctx: Context, view: LevelView, series: FloatArray, lag: FloatArray, span: int
) -> list[_Outage]:
    """Outages judged over every hour since the last result, where that is more than the
    shortest window: a run of empty hours that should have brought ``expected`` results
    comes by chance once in ``e^expected`` (the run ends now, so it is not picked out of
    many), and fixed windows reaching back past the last result would blur it.
    """
    s = ctx.settings
    clicks, results, spend = series[CLICKS], series[RESULTS], series[SPEND]
    out: list[_Outage] = []
    shortest = min(_HOUR_WINDOWS)
    empty_now = view.active & (results[:, -1] <= 0) & (clicks[:, -1] > 0)
    for g in np.flatnonzero(empty_now).tolist():
        onset = _onset(results[g], clicks[g], span)
        hours = span - onset
        if hours < shortest or onset - _HOURLY_HISTORY < 0:
            continue
        now = slice(onset, span)
        past = slice(onset - _HOURLY_HISTORY, onset)
        rate = float(np.nan_to_num(ratio(results[g, past].sum(), clicks[g, past].sum())))
        w_clicks, w_spend = float(clicks[g, now].sum()), float(spend[g, now].sum())
        expected = np.array([w_clicks * rate])
        observed_late = np.array([float((results[g, now] * lag[g, now]).sum())])
        days_back = [k for k in range(1, 8) if onset - 24 * k >= 0]
        typical_clicks = float(
            np.median([clicks[g, onset - 24 * k : span - 24 * k].sum() for k in days_back])
        )
        typical_spend = float(
            np.median([spend[g, onset - 24 * k : span - 24 * k].sum() for k in days_back])
        )
        traffic_ok = np.array(
            [
                w_clicks >= s.outage_traffic_ratio * typical_clicks
                and w_spend >= s.outage_traffic_ratio * typical_spend
                and typical_clicks > 0
            ]
        )
        hit, z = _collapsed(ctx, expected, observed_late, expected, traffic_ok, s.anomaly_z)
        if not hit[0]:
            continue
        since = bucket_start("hour", view.origin + int(view.end[g]) - span + onset)
        out.append(
            _Outage(
                g,
                "hour",
                hours,
                w_spend,
                w_clicks,
                float(series[IMPRESSIONS, g, now].sum()),
                float(expected[0]),
                float(results[g, now].sum()),
                float(z[0]),
                f"{since:%Y-%m-%d %H:00}Z",
                float(hours),
                w_spend,
            )
        )
    return out


def _onset(results: FloatArray, clicks: FloatArray, span: int) -> int:
    """The first hour of the trailing run of hours that had clicks but no results."""
    start = span
    for i in range(span - 1, -1, -1):
        if results[i] > 0:
            break
        if clicks[i] > 0:
            start = i
    return start if start < span else span - 1


def _alert(ctx: Context, view: LevelView, outage: _Outage) -> Alert:
    g = outage.group
    labels = view.labels(g)
    where = "/".join(v for k, v in labels.items() if k != "brand")
    unit = "h" if outage.granularity == "hour" else "d"
    evidence = {
        "metric": "results",
        "current": fmt_count(outage.observed),
        "baseline": f"{fmt_count(round(outage.expected, 1))} expected from the clicks",
        "window": f"{view.span(g, outage.length)} ({outage.length}{unit})",
        "volume": (
            f"clicks {fmt_count(outage.clicks)}, impressions {fmt_count(outage.impressions)}, "
            f"spend {fmt_money(outage.spend)}"
        ),
        "confidence": how_sure(p_value(outage.z)),
        "test": (
            f"z={outage.z:.1f}, p={p_value(outage.z):.1e} (Poisson on results per click, "
            "incl. late-conversion allowance)"
        ),
        "since": outage.since,
        "money": (
            f"≈{fmt_money(outage.blind_spend / max(outage.hours / 24, 1 / 24))} per day "
            f"spent with its results unreported; {fmt_money(outage.blind_spend)} so far (since "
            f"{outage.since}), the bidding blind to results"
        ),
        AT_STAKE: fmt_money(outage.blind_spend),
    }
    summary = (
        f"Results collapsed on {where} since {outage.since}: {fmt_count(outage.observed)} vs "
        f"~{fmt_count(round(outage.expected))} expected while clicks and spend held"
    )
    return make_alert(
        "TrackingOutage",
        labels,
        summary,
        severity="critical",
        value=outage.observed,
        baseline=outage.expected,
        evidence=evidence,
        suggestions=for_outage(
            outage.blind_spend,
            outage.hours,
            outage.since,
            outage.clicks,
            outage.expected,
            outage.observed,
            outage.length * (1.0 if outage.granularity == "hour" else 24.0),
        ),
        pending_for=_PENDING,
    )
