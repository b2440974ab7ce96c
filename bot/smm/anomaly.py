"""Anomalies against a robust weekday-seasonal baseline, judged by a test on the counts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from bot.labels import how_sure
from bot.models import Alert
from bot.smm.context import Context, LevelView, make_alert
from bot.smm.cusum import Cusum, count_fall_cusum
from bot.smm.frame import (
    CLICKS,
    IMPRESSIONS,
    RESULTS,
    REVENUE,
    SPEND,
    BoolArray,
    FloatArray,
    IntArray,
)
from bot.smm.kpis import ratio
from bot.smm.money import Money, extra_spend
from bot.smm.seasonal import nanmedian
from bot.smm.settings import EngineSettings
from bot.smm.suggestions import for_cost, for_ctr_drop
from bot.smm.text import fmt_change, fmt_count, fmt_kpi, fmt_money

__all__ = [
    "Baseline",
    "CountTest",
    "accumulate",
    "count_drop",
    "detect_anomalies",
    "expected_by_day",
    "most_specific",
    "p_value",
    "poisson_low_z",
    "seasonal_baseline",
    "split_groups",
]

_MAD_SCALE = 1.4826
_OUTLIER_Z = 4.0
_MIN_HISTORY_DAYS = 7
# How far back the start of an ongoing incident is looked for: its baseline stays the weeks
# before it for up to eight weeks, then what it has become is the normal.
_INCIDENT_MAX_DAYS = 56
# Weekday factors and overdispersion need about three of each weekday: with fewer, each
# weekday's factor fits its one or two days exactly, the residuals vanish and the noise looks
# Poisson (p = 1e-40 on an ordinary day). Short history is judged without weekday factors,
# with the noise of the plain days, inflated for how little of it there is.
_MIN_DISPERSION_DAYS = 21
_SHORT_HISTORY_INFLATION = 2.0
_PENDING = timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class Baseline:
    """Per group: the count per unit of exposure, its weekday factors and overdispersion.

    ``rate`` is a ratio of sums over the history days that are not outliers; ``season``
    scales it per weekday (``day_number % 7``), each factor shrunk towards 1 by as much as
    the history cannot tell it from noise; ``phi`` is how much noisier than Poisson the days
    are (at least 1); ``rate_var`` and ``season_var`` are the relative variances of the
    rate and of each weekday factor as estimated (the baseline is a guess from a few weeks
    too, and a test must allow for it); ``days`` how many history days were used; ``short``
    when they were too few to estimate weekday factors and noise (then no weekday factors,
    and a conservative ``phi``).
    """

    rate: FloatArray
    season: FloatArray
    phi: FloatArray
    ok: BoolArray
    days: np.typing.NDArray[np.int64]
    short: BoolArray
    rate_var: FloatArray
    season_var: FloatArray


def _robust_sd(residuals: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Row-wise median and MAD-based standard deviation of residuals (NaN = no day)."""
    center = nanmedian(residuals)
    spread = _MAD_SCALE * nanmedian(np.abs(residuals - center[:, None]))
    return center, spread


def _pearson_phi(
    count: FloatArray,
    fitted: FloatArray,
    keep: BoolArray,
    params: FloatArray,
    floor: float = 1.0,
) -> FloatArray:
    """Overdispersion: the mean squared Pearson residual of the kept days, at least ``floor``
    (1: Poisson, for counts).

    The days were screened for outliers already, so the plain mean square is used: the
    median absolute deviation is robust but reads the noise from a few weeks so loosely
    that one group in five gets half its real noise. The residuals of a fit with ``params``
    parameters are narrower than the noise by the degrees of freedom it used (n / (n - p)):
    four Mondays fit their own factor too well.
    """
    safe = np.where(fitted > 0, fitted, 1.0)
    seen = keep & (fitted > 0)
    squares = np.where(seen, (count - fitted) ** 2 / safe, 0.0).sum(axis=1)
    n = seen.sum(axis=1)
    out: FloatArray = np.maximum(squares / np.maximum(n - params, 1.0), floor)
    return np.where(n > 0, out, 1.0)


def _weekday_factors(
    by_day_count: FloatArray, by_day_expected: FloatArray, phi: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Weekday factors shrunk by how much of their spread is more than noise.

    Each weekday's log factor is read with the variance of its own count; how much the
    weekdays truly differ is estimated by DerSimonian-Laird (the spread of the factors
    beyond what their counts explain), and each factor is shrunk towards 1 by the share of
    its variance that is noise. Returns the factors, their remaining (posterior) variance
    and how many parameters they used (the shrink weights summed).
    """
    seen = by_day_expected > 0
    raw = np.where(seen, np.log((by_day_count + 0.5) / (by_day_expected + 0.5)), 0.0)
    var = phi[:, None] / (by_day_count + 0.5)
    weight = np.where(seen, 1.0 / var, 0.0)
    total = weight.sum(axis=1)
    safe_total = np.where(total > 0, total, 1.0)
    mean = (weight * raw).sum(axis=1) / safe_total
    q = (weight * (raw - mean[:, None]) ** 2).sum(axis=1)
    k = seen.sum(axis=1)
    scale = total - (weight**2).sum(axis=1) / safe_total
    tau2 = np.maximum(q - (k - 1), 0.0) / np.where(scale > 0, scale, np.inf)
    shrink = np.where(seen, tau2[:, None] / (tau2[:, None] + var), 0.0)
    season = np.exp(shrink * raw)
    posterior = np.where(seen, shrink * var, 0.0)
    return season, posterior, shrink.sum(axis=1)


def _screen(
    count: FloatArray, fitted: FloatArray, used: BoolArray, floor: float = 1.0
) -> BoolArray:
    """The days within a robust z of 4 of a fit (Pearson residuals, the noise at least
    ``floor`` times Poisson)."""
    safe = np.where(fitted > 0, fitted, 1.0)
    pearson = np.where(used & (fitted > 0), (count - fitted) / np.sqrt(safe), np.nan)
    center, spread = _robust_sd(pearson)
    limit = _OUTLIER_Z * np.maximum(spread, math.sqrt(floor))
    out: BoolArray = used & (np.abs(pearson - center[:, None]) <= limit[:, None])
    return out


def _by_weekday(
    count: FloatArray, exposure: FloatArray, onehot: BoolArray, keep: BoolArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The rate over the kept days, and per weekday their count and expected count."""
    kept_count = np.where(keep, count, 0.0)
    kept_exposure = np.where(keep, exposure, 0.0)
    rate = ratio(kept_count.sum(axis=1), kept_exposure.sum(axis=1))
    by_day_count = np.einsum("gd,gdw->gw", kept_count, onehot)
    by_day_expected = np.einsum("gd,gdw->gw", kept_exposure, onehot) * np.nan_to_num(rate)[:, None]
    return rate, by_day_count, by_day_expected


def seasonal_baseline(
    count: FloatArray, exposure: FloatArray, weekday: FloatArray, phi_floor: float = 1.0
) -> Baseline:
    """Fit ``count ≈ exposure · rate · season[weekday]`` on history ``[group, day]`` arrays.

    Days far from the fit (robust z above 4 on Pearson residuals, with Poisson noise as the
    floor; first against the pooled rate, then against each weekday's own) are left out, so
    one past incident or outage does not move the baseline. ``phi_floor`` is the least noise
    relative to Poisson: 1 for counts; less for a quantity summed over counts that vary
    less than a count does (order value per order).
    """
    used = exposure > 0
    pooled = ratio(np.where(used, count, 0).sum(axis=1), np.where(used, exposure, 0).sum(axis=1))
    keep = _screen(count, exposure * pooled[:, None], used, phi_floor)
    days_of = weekday.astype(np.int64)
    onehot = days_of[:, :, None] == np.arange(7)[None, None, :]
    rate, by_day_count, by_day_expected = _by_weekday(count, exposure, onehot, keep)

    def own_fit(rate: FloatArray, count: FloatArray, expected: FloatArray) -> FloatArray:
        own = np.nan_to_num(ratio(count, expected))
        out: FloatArray = exposure * rate[:, None] * np.take_along_axis(own, days_of, 1)
        return out

    # A strong weekday pattern hides an outlier from the pooled rate; each weekday's own
    # level shows it, once there are about three of each weekday to tell it by.
    enough = keep.sum(axis=1) >= _MIN_DISPERSION_DAYS
    by_own = _screen(count, own_fit(rate, by_day_count, by_day_expected), used, phi_floor)
    keep &= by_own | ~enough[:, None]
    rate, by_day_count, by_day_expected = _by_weekday(count, exposure, onehot, keep)
    kept_count = np.where(keep, count, 0.0)
    # The noise within a weekday, from each weekday fitted on its own: what a weekday's factor
    # is read with. Then the factors are shrunk and the noise measured around them.
    own_phi = _pearson_phi(
        count,
        own_fit(rate, by_day_count, by_day_expected),
        keep,
        (by_day_expected > 0).sum(axis=1),
        phi_floor,
    )
    season, season_var, used_params = _weekday_factors(by_day_count, by_day_expected, own_phi)
    fitted = exposure * rate[:, None] * np.take_along_axis(season, days_of, 1)
    phi = _pearson_phi(count, fitted, keep, 1.0 + used_params, phi_floor)

    days = keep.sum(axis=1).astype(np.int64)
    short = days < _MIN_DISPERSION_DAYS
    if short.any():
        # Flat weekdays and the spread of the plain days around the pooled rate: weekday
        # swings count as noise, which is the conservative side.
        flat = exposure * np.nan_to_num(rate)[:, None]
        plain_phi = _pearson_phi(count, flat, keep, np.ones(len(rate)), phi_floor)
        short_phi = _SHORT_HISTORY_INFLATION * np.maximum(plain_phi, phi)
        phi = np.where(short, short_phi, phi)
        season = np.where(short[:, None], 1.0, season)
        season_var = np.where(short[:, None], 0.0, season_var)
    # The rate is a ratio of sums: its relative variance is the noise over the counts seen.
    rate_var = phi / np.maximum(kept_count.sum(axis=1), 1.0)
    season_var = season_var * (phi / own_phi)[:, None]
    ok = (days >= _MIN_HISTORY_DAYS) & np.isfinite(rate) & (rate > 0)
    return Baseline(rate, season, phi, ok, days, short, rate_var, season_var)


@dataclass(frozen=True, slots=True)
class CountTest:
    """A window's observed count against its seasonal expectation, per group; ``spread`` is
    the standard deviation of the count under the baseline (noise and the baseline's own)."""

    expected: FloatArray
    observed: FloatArray
    z: FloatArray
    spread: FloatArray


def count_drop(
    base: Baseline, count: FloatArray, exposure: FloatArray, weekday: FloatArray
) -> CountTest:
    """Quasi-Poisson z for a window ``[group, day]`` having fewer counts than expected.

    The variance is the overdispersed noise of the window's count plus the uncertainty of
    the expectation itself: the rate and weekday factors were estimated from a few weeks.
    The normal approximation is kept on purpose: on a handful of counts it undersells the
    Poisson tail (4 where 15 were due: z 2.8 for a 1-in-1,200 window), and with dozens of
    groups judged every morning that caution is what keeps thin groups quiet (reading the
    exact tail caught no more planted CPA spikes on dev seeds and doubled false ones).
    """
    days = weekday.astype(np.int64)
    per_day = expected_by_day(base, exposure, weekday)
    expected = per_day.sum(axis=1)
    observed = count.sum(axis=1)
    onehot = days[:, :, None] == np.arange(7)[None, None, :]
    by_weekday = np.einsum("gd,gdw->gw", per_day, onehot)
    guessed = expected**2 * base.rate_var + (by_weekday**2 * base.season_var).sum(axis=1)
    spread = np.sqrt(np.where(expected > 0, base.phi * expected + guessed, 1.0))
    z = np.where(expected > 0, (expected - observed) / spread, 0.0)
    return CountTest(expected, observed, z, spread)


def expected_by_day(base: Baseline, exposure: FloatArray, weekday: FloatArray) -> FloatArray:
    """The count each day ``[group, day]`` of ``exposure`` should bring under the baseline."""
    season = np.take_along_axis(base.season, weekday.astype(np.int64), 1)
    out: FloatArray = exposure * season * np.nan_to_num(base.rate)[:, None]
    return out


def poisson_low_z(observed: FloatArray, expected: FloatArray, variance: FloatArray) -> FloatArray:
    """The normal z of a count this low, from the Poisson lower tail rather than the normal
    approximation, which at a handful of counts is far off: none where 11 were due is a
    1-in-60,000 day (z 4.1), where (E - O) / sqrt(E) says 3.3.

    P(X <= k | mu) = P(chi2 with 2(k + 1) degrees of freedom > 2 mu), read with the
    Wilson-Hilferty cube-root transform. Overdispersion (``variance`` over ``expected``) is
    allowed for by counting in its units (quasi-Poisson).
    """
    scale = np.where(expected > 0, variance / np.where(expected > 0, expected, 1), 1)
    scale = np.where(scale > 0, scale, 1)
    k = np.maximum(observed, 0.0) / scale + 1.0
    mu = np.maximum(expected, 0.0) / scale
    z = (np.cbrt(mu / k) - (1 - 1 / (9 * k))) / np.sqrt(1 / (9 * k))
    out: FloatArray = np.where(expected > 0, z, 0.0)
    return out


def p_value(z: float) -> float:
    """One-sided normal tail probability."""
    return 0.5 * math.erfc(z / math.sqrt(2))


@dataclass(frozen=True, slots=True)
class _Metric:
    name: str
    kpi: str
    count: int
    exposure: int
    fall: float
    min_expected: float
    uses_lag: bool
    phi_floor: float = 1.0
    # Judged by evidence accumulated day by day (``accumulate``) instead of a set of windows.
    cusum: bool = False


def accumulate(
    base: Baseline,
    late_count: FloatArray,
    exposure: FloatArray,
    weekday: FloatArray,
    block: int,
    fall_to: float,
) -> Cusum:
    """Page's CUSUM of ``[group, day]`` counts falling to ``fall_to`` of the baseline.

    The overdispersion is the baseline's, widened by its own estimation error as a window
    of ``block`` days would carry it (``count_drop``'s variance, per day): the rate and
    weekday factors are guesses from a few weeks, and a busy group's days all share them.
    """
    per_day = expected_by_day(base, exposure, weekday)
    typical = per_day.mean(axis=1)
    phi = base.phi + block * typical * base.rate_var + typical * base.season_var.mean(axis=1)
    return count_fall_cusum(per_day, late_count, phi, fall_to)


def _window_length(daily_mean: FloatArray, minimum: float, longest: int) -> FloatArray:
    """Days needed so the window expects at least ``minimum`` counts (0 = too little volume)."""
    safe = np.where(daily_mean > 0, daily_mean, 1.0)
    days = np.where(daily_mean > 0, np.ceil(minimum / safe), np.inf)
    out: FloatArray = np.where(days <= longest, np.maximum(days, 1), 0)
    return out


@dataclass(frozen=True, slots=True)
class _Finding:
    group: int
    length: int
    history_offset: int
    test: CountTest
    # What one tested count is worth in the metric's own units: the order value revenue was
    # divided by (ROAS), 1 for plain counts. The baseline is expected counts times this.
    unit: float = 1.0
    history_days: int = 0
    short: bool = False
    # Since when the change has run (days before as-of) and the window's and that stretch's
    # counts against expectation, with the spend they came with: the money of the alert.
    since_days: int = 1
    so_far: CountTest | None = None
    so_far_spend: float = 0.0
    # The accumulated evidence (nats) that fired it, for a detector that accumulates, and the
    # days that built it (the tested window may be longer, for the volume).
    evidence: float = math.nan
    evidence_days: int = 0
    # The rise in cost that evidence was tuned to (which of the two speeds fired it).
    evidence_rise: float = math.nan


def _scan(
    ctx: Context, view: LevelView, metric: _Metric, revenue_units: bool, judged: BoolArray
) -> list[_Finding]:
    """Groups where the metric dropped conclusively, starting within the last few days.

    Per group, ``w`` is the fewest days that expect ``min_expected`` counts (low volume
    needs longer windows; beyond ``max_test_days`` the group is not judged). The last
    ``w`` days must still be worse by the effect size; a pooled window of the last
    ``L`` days (``w`` ≤ L ≤ ``max(new_normal_days, w)``) must pass the test with late
    conversions allowed for; and the same number of days before that block must not show
    the change already, or it has become the new normal (unless it breaks the target).
    """
    settings = ctx.settings
    history = settings.baseline_days
    longest = settings.max_test_days
    normal = settings.new_normal_days
    span = history + _INCIDENT_MAX_DAYS + 2 * max(longest, normal)
    series = view.series(span)
    lag = view.lag_series(span) if metric.uses_lag else np.ones(series.shape[1:])
    day_number = view.origin + view.end[:, None] - span + np.arange(span)[None, :]
    weekday = (day_number % 7).astype(np.float64)
    count = series[metric.count]
    exposure = series[metric.exposure]
    unit = np.ones(count.shape[0])
    if revenue_units:
        # Revenue is tested in units of the average order value, so it is count-like.
        aov = ratio(series[REVENUE].sum(axis=1), series[RESULTS].sum(axis=1))
        count = np.nan_to_num(count / np.where(aov > 0, aov, np.nan)[:, None])
        unit = np.nan_to_num(aov, nan=0.0)
    late_count = count * lag

    recent_volume = count[:, span - history :].sum(axis=1) / history
    lengths = np.where(
        view.active & judged, _window_length(recent_volume, metric.min_expected, longest), 0
    )
    findings: list[_Finding] = []
    for w in sorted(set(lengths.astype(int).tolist()) - {0}):
        members = np.flatnonzero(lengths == w)
        block = max(normal, w)
        sub_count, sub_exposure, sub_weekday = count[members], exposure[members], weekday[members]
        sub_late = late_count[members]
        # The history ends where the incident began (at the latest two blocks back), so a
        # sustained problem is judged against the days before it, not against itself.
        h_stop = _onset(sub_late, sub_exposure, span, block, history, metric)
        days = (h_stop - history)[:, None] + np.arange(history)[None, :]

        def past(values: FloatArray, days: IntArray = days) -> FloatArray:
            return np.take_along_axis(values, days, axis=1)

        base = seasonal_baseline(
            past(sub_count), past(sub_exposure), past(sub_weekday), metric.phi_floor
        )

        def test(
            start: int,
            stop: int,
            counts: FloatArray,
            base: Baseline = base,
            exposure: FloatArray = sub_exposure,
            weekday: FloatArray = sub_weekday,
        ) -> CountTest:
            part = slice(start, stop)
            return count_drop(base, counts[:, part], exposure[:, part], weekday[:, part])

        def anomalous(t: CountTest, z: float, ok: BoolArray = base.ok) -> BoolArray:
            return (
                ok
                & (t.expected >= metric.min_expected)
                & (t.z >= z)
                & (t.observed <= (1 - metric.fall) * t.expected)
            )

        latest = test(span - w, span, sub_count)
        still = (latest.expected > 0) & (latest.observed <= (1 - metric.fall) * latest.expected)
        # Hysteresis: in an incident that already held the day before, the last days need
        # only half the effect (in log terms) to keep it open, so one slightly better day
        # does not resolve it and fire it again the next morning.
        prior = test(span - 1 - block, span - 1, sub_late)
        prior_latest = test(span - 1 - w, span - 1, sub_count)
        held = anomalous(prior, settings.z_threshold) & (
            prior_latest.observed <= (1 - metric.fall) * prior_latest.expected
        )
        half = math.sqrt(1 - metric.fall)
        one_day = (1 - metric.fall) ** settings.anomaly_one_day_effect
        still |= held & (latest.expected > 0) & (latest.observed <= half * latest.expected)
        # Effect size alone on the days just before the block: one older day rarely has the
        # volume for a test, and the question is only whether the change started earlier.
        earlier_test = test(span - 2 * block, span - block, sub_count)
        earlier = base.ok & (earlier_test.observed <= (1 - metric.fall) * earlier_test.expected)
        recent = test(span - block, span, sub_late)
        earlier &= ~_keeps_firing(
            view, metric, series, lag, members, span - block, recent, settings
        )
        best_z = np.full(len(members), -np.inf)
        best: list[tuple[int, CountTest] | None] = [None] * len(members)
        evidence = np.full(len(members), math.nan)
        evidence_days = np.zeros(len(members), dtype=np.int64)
        evidence_rise = np.full(len(members), math.nan)
        if metric.cusum:
            # Evidence accumulated day by day (Page's CUSUM), at two speeds. The slow one,
            # tuned to ``cusum_rise``: a run of days building it fires once it reaches the
            # bar, pooled over the run (at least ``w`` days, for the volume) and worse by the
            # effect size there; a run of one day only when that day is overwhelming in
            # evidence and in size. The fast one, tuned to the larger ``cusum_fast_rise``,
            # has a lower bar but asks the run to be worse by the one-day effect (a CPA at
            # about twice normal), so a large step speaks the morning after its first day
            # while a smaller one still needs the slow one's accumulated days.
            lo = span - max(block, longest)
            speeds = (
                (settings.cusum_rise, settings.cusum_h, settings.cusum_one_day, False),
                (settings.cusum_fast_rise, settings.cusum_fast_h, settings.cusum_fast_h, True),
            )
            # Windows ending today, by their first day: both speeds test the same ones.
            windows: dict[int, CountTest] = {}

            def ending_today(
                start: int,
                windows: dict[int, CountTest] = windows,
                late: FloatArray = sub_late,
            ) -> CountTest:
                if start not in windows:
                    windows[start] = test(start, span, late)
                return windows[start]

            for rise, bar_h, bar_one, large in speeds:
                built = accumulate(
                    base,
                    sub_late[:, lo:],
                    sub_exposure[:, lo:],
                    sub_weekday[:, lo:],
                    block,
                    1 / (1 + rise),
                )
                for run in sorted(set(built.run.tolist()) - {0}):
                    t = ending_today(span - max(run, w))
                    # A run whose newest day brought nearly all its evidence (an ordinary
                    # low day, then one empty one) is that day's evidence: it meets the
                    # one-day bar, as a run of one day does.
                    alone = (run == 1) | (
                        built.before < settings.cusum_built_before * built.evidence
                    )
                    # Alone, the day's own evidence is weighed, not the padding with it.
                    weighed = np.where(alone, built.evidence - built.before, built.evidence)
                    bar = np.where(alone, bar_one, bar_h)
                    hit = (built.run == run) & (weighed >= bar) & anomalous(t, -np.inf)
                    hit &= ~np.isfinite(best_z)
                    # The days that built the evidence must themselves have been due enough
                    # results: on a thin line a few days' shortfall is chance, however it
                    # adds up.
                    built_test = ending_today(span - run)
                    hit &= built_test.expected >= metric.min_expected
                    # One day speaks alone only when it is overwhelming: its own evidence
                    # at the one-day bar, due enough results itself and past the one-day
                    # effect. Padded by an ordinary low day before it, an empty day on a
                    # line of ten or a dozen results a day passed the run's lower bar and
                    # fired the next morning.
                    yesterday = ending_today(span - 1)
                    overwhelming = yesterday.expected >= metric.min_expected
                    overwhelming &= yesterday.observed <= one_day * yesterday.expected
                    hit &= ~alone | overwhelming
                    if large:
                        hit &= built_test.observed <= one_day * built_test.expected
                    for i in np.flatnonzero(hit).tolist():
                        best_z[i] = t.z[i]
                        best[i] = (max(run, w), t)
                        evidence[i] = built.evidence[i]
                        evidence_days[i] = run
                        evidence_rise[i] = rise
        else:
            for length in range(w, max(block, longest) + 1):
                t = test(span - length, span, sub_late)
                # The freshest single day may fire on its own evidence; a longer window is
                # one of several tried, so it must clear the stricter bar; windows longer
                # than the block (a moderate change that needs a week to show) add more
                # tries, a stricter one.
                if length == 1:
                    z = settings.anomaly_z
                elif length <= block:
                    z = settings.z_threshold
                else:
                    z = settings.anomaly_z_long
                hit = anomalous(t, z) & (t.z > best_z)
                if length == 1:
                    # Overwhelming in size too: one day's count is read with a noise
                    # estimate from a few weeks, which can be low by a third; a day at the
                    # bare effect size passes that test by chance, a multiple of it does not.
                    hit &= t.observed <= one_day * t.expected
                if length > block:
                    # Only a change that holds all along: the last block worse by the effect,
                    # the days before it by at least half of it (old bad days plus one more
                    # are not).
                    head = test(span - length, span - block, sub_late)
                    hit &= recent.observed <= (1 - metric.fall) * recent.expected
                    hit &= head.observed <= half * head.expected
                for i in np.flatnonzero(hit).tolist():
                    best_z[i] = t.z[i]
                    best[i] = (length, t)
        for i in np.flatnonzero(still & ~earlier & np.isfinite(best_z)).tolist():
            chosen = best[i]
            assert chosen is not None
            length, t = chosen
            # An incident traced back past the tested blocks counts from its onset; a fresh
            # one from the first day of its window.
            walked = int(h_stop[i]) < span - 2 * block
            since = int(h_stop[i]) if walked else span - length
            part = slice(since, span)
            g = int(members[i])
            so_far = count_drop(
                _one(base, i),
                late_count[g : g + 1, part],
                exposure[g : g + 1, part],
                weekday[g : g + 1, part],
            )
            findings.append(
                _Finding(
                    group=int(members[i]),
                    length=length,
                    history_offset=span - int(h_stop[i]),
                    test=CountTest(
                        t.expected[i : i + 1],
                        t.observed[i : i + 1],
                        t.z[i : i + 1],
                        t.spread[i : i + 1],
                    ),
                    unit=float(unit[members[i]]),
                    history_days=int(base.days[i]),
                    short=bool(base.short[i]),
                    since_days=span - since,
                    so_far=so_far,
                    so_far_spend=float(series[SPEND, g, part].sum()),
                    evidence=float(evidence[i]),
                    evidence_days=int(evidence_days[i]),
                    evidence_rise=float(evidence_rise[i]),
                )
            )
    return findings


def _one(base: Baseline, i: int) -> Baseline:
    """The baseline of one group, as a group of one."""
    pick = slice(i, i + 1)
    return Baseline(
        base.rate[pick],
        base.season[pick],
        base.phi[pick],
        base.ok[pick],
        base.days[pick],
        base.short[pick],
        base.rate_var[pick],
        base.season_var[pick],
    )


def _onset(
    late_count: FloatArray,
    exposure: FloatArray,
    span: int,
    block: int,
    history: int,
    metric: _Metric,
) -> IntArray:
    """Per group, the index of the first day of an ongoing change (at most ``span - 2·block``).

    The earliest day ``c`` (in steps of a block, up to ``_INCIDENT_MAX_DAYS`` back) from which
    the days to now are worse than the ``history`` days before ``c`` by the effect size, and
    every block of them by at least half of it: the change has run since then. The baseline
    is the history before the onset, frozen for as long as the incident lasts.
    """
    n = late_count.shape[0]
    cum_count = np.concatenate([np.zeros((n, 1)), np.cumsum(late_count, axis=1)], axis=1)
    cum_exposure = np.concatenate([np.zeros((n, 1)), np.cumsum(exposure, axis=1)], axis=1)

    def total(cum: FloatArray, start: int, stop: int) -> FloatArray:
        out: FloatArray = cum[:, stop] - cum[:, start]
        return out

    keep = 1 / (1 - metric.fall) ** 0.5  # each block: at least half the effect, in log terms
    latest = span - 2 * block
    onset = np.full(n, latest, dtype=np.int64)
    candidate = latest
    while candidate - history >= 0 and span - candidate <= _INCIDENT_MAX_DAYS + 2 * block:
        start, here, stop = candidate - history, candidate, span
        rate = np.nan_to_num(ratio(total(cum_count, start, here), total(cum_exposure, start, here)))
        expected = total(cum_exposure, here, stop) * rate
        run = (expected > 0) & (total(cum_count, here, stop) <= (1 - metric.fall) * expected)
        for first in range(candidate, span, block):
            lo, hi = first, min(first + block, span)
            block_expected = total(cum_exposure, lo, hi) * rate
            run &= total(cum_count, lo, hi) * keep <= block_expected
        onset = np.where(run, candidate, onset)
        candidate -= block
    out: IntArray = np.minimum(onset, span - 2 * block)
    return out


def _keeps_firing(
    view: LevelView,
    metric: _Metric,
    series: FloatArray,
    lag: FloatArray,
    members: IntArray,
    start: int,
    recent: CountTest,
    settings: EngineSettings,
) -> BoolArray:
    """Whether a change that started before the tested block is still an incident.

    With a target: while it misses the target by the keep-alive margin. Without one the
    reference is the KPI of the weeks before the onset (the frozen baseline): a CPA still
    ``keep_alive_over_target`` times it, a ROAS still below it by that factor or under
    break-even (ROAS 1) stays firing until it clears, instead of becoming the new normal.
    """
    if metric.kpi not in ("cpa", "roas"):
        return np.zeros(len(members), dtype=np.bool_)
    # A campaign with either target is judged by it; only one with none by its own past.
    has_target = np.isfinite(view.target("target_cpa")[members]) | np.isfinite(
        view.target("target_roas")[members]
    )
    keep = settings.keep_alive_over_target
    own = (recent.expected > 0) & (recent.observed * keep < recent.expected)
    if metric.kpi == "roas":
        spend = series[SPEND][members, start:].sum(axis=1)
        revenue = (series[REVENUE][members, start:] * lag[members, start:]).sum(axis=1)
        own |= (spend > 0) & (revenue < spend)
    targeted = _breaks_target(view, metric, series, lag, members, start, settings)
    out: BoolArray = np.where(has_target, targeted, own)
    return out


def _breaks_target(
    view: LevelView,
    metric: _Metric,
    series: FloatArray,
    lag: FloatArray,
    members: IntArray,
    start: int,
    settings: EngineSettings,
) -> BoolArray:
    """Whether the recent days miss the campaign's target by the keep-alive margin.

    A sustained change becomes the new normal only while it stays within target; one that
    keeps the campaign well over its target CPA (or under its ROAS) stays an incident.
    """
    spend = series[SPEND][members, start:].sum(axis=1)
    keep = settings.keep_alive_over_target
    if metric.kpi == "cpa":
        results = (series[RESULTS][members, start:] * lag[members, start:]).sum(axis=1)
        target = view.target("target_cpa")[members]
        with np.errstate(invalid="ignore"):
            out: BoolArray = (spend > keep * target * results) & (spend > 0)
        return out
    if metric.kpi == "roas":
        revenue = (series[REVENUE][members, start:] * lag[members, start:]).sum(axis=1)
        target = view.target("target_roas")[members]
        with np.errstate(invalid="ignore"):
            out = (revenue * keep < spend * target) & (spend > 0)
        return out
    return np.zeros(len(members), dtype=np.bool_)


def detect_anomalies(ctx: Context) -> list[Alert]:
    """CPASpike, ROASDrop (when CPA does not already explain it) and CTRDrop alerts.

    Judged per campaign and per ad set of a campaign with several: one ad set's CPA can
    treble while the campaign's rises by less than the effect size. Where an ad set fires,
    its campaign's alert of the same name is left out: the ad set names the culprit.
    """
    s = ctx.settings
    cpa_fall = 1 - 1 / (1 + s.cpa_rise)
    cpa = _Metric(
        "CPASpike", "cpa", RESULTS, SPEND, cpa_fall, s.min_expected_results, True, cusum=True
    )
    roas = _Metric("ROASDrop", "roas", REVENUE, SPEND, s.roas_fall, s.min_expected_results, True)
    value = _Metric(
        "ROASDrop",
        "roas",
        REVENUE,
        RESULTS,
        s.roas_fall,
        s.min_expected_orders,
        False,
        s.order_value_phi_floor,
    )
    ctr = _Metric("CTRDrop", "ctr", CLICKS, IMPRESSIONS, s.ctr_fall, s.min_expected_clicks, False)
    alerts: list[Alert] = []
    for level in s.anomaly_levels:
        view = ctx.view(level, "day")
        if view is None or len(view) == 0:
            continue
        judged = split_groups(view)
        spiked: set[int] = set()
        for finding in _scan(ctx, view, cpa, False, judged):
            spiked.add(finding.group)
            alerts.append(_alert(ctx, view, cpa, finding))
        for metric, finding in _roas_drops(ctx, view, roas, value, judged):
            if finding.group not in spiked:
                alerts.append(_alert(ctx, view, metric, finding))
        for finding in _scan(ctx, view, ctr, False, judged & _clicky(ctx, view)):
            alerts.append(_alert(ctx, view, ctr, finding))
    return most_specific(alerts)


def _clicky(ctx: Context, view: LevelView) -> BoolArray:
    """The groups that usually get ``min_clicks_daily`` clicks a day: the mean over the
    baseline's days with delivery before the longest test window, so an ongoing drop does not
    lower it and a young ad set's days before its launch do not count as days without clicks."""
    s = ctx.settings
    before = view.series(s.baseline_days, s.max_test_days)
    delivered = before[IMPRESSIONS] > 0
    days = delivered.sum(axis=1)
    clicks = np.where(delivered, before[CLICKS], 0.0).sum(axis=1)
    out: BoolArray = (days > 0) & (clicks >= s.min_clicks_daily * days)
    return out


def _roas_drops(
    ctx: Context, view: LevelView, roas: _Metric, value: _Metric, judged: BoolArray
) -> list[tuple[_Metric, _Finding]]:
    """ROAS drops, read two ways, one finding per group.

    ROAS is results per spend times order value. Its fall through fewer results is the CPA
    test's question (a second test of the same count would double its false alarms), so
    revenue per spend speaks only where the order value fell at least halfway too. A fall
    in order value is read against the orders themselves, which is far sharper than
    against spend (an order's value varies much less than a day's count of orders), and
    speaks where ROAS fell by the effect as well.
    """
    found: dict[int, tuple[_Metric, _Finding]] = {}
    half = math.sqrt(1 - roas.fall)
    for finding in _scan(ctx, view, roas, True, judged):
        now, before = _window_and_history(ctx, view, finding)
        if _share(now, before, REVENUE, RESULTS) <= half:
            found[finding.group] = (roas, finding)
    for finding in _scan(ctx, view, value, True, judged):
        now, before = _window_and_history(ctx, view, finding)
        if finding.group not in found and _share(now, before, REVENUE, SPEND) <= 1 - roas.fall:
            found[finding.group] = (value, finding)
    return list(found.values())


def _window_and_history(
    ctx: Context, view: LevelView, finding: _Finding
) -> tuple[FloatArray, FloatArray]:
    """A finding's window (late conversions allowed for) and the history it was judged by."""
    g = finding.group
    now = view.window_late(finding.length)[:, g]
    before = view.window(ctx.settings.baseline_days, finding.history_offset)[:, g]
    return now, before


def _share(now: FloatArray, before: FloatArray, top: int, bottom: int) -> float:
    """``top / bottom`` in the window as a share of the same in the history (NaN: unknown)."""
    was = _div(float(before[top]), float(before[bottom]))
    return _div(_div(float(now[top]), float(now[bottom])), was)


def split_groups(view: LevelView) -> BoolArray:
    """The groups of ``view`` worth judging on their own: every group above the ad-set level;
    ad sets only in a campaign with several (a campaign's only ad set is the campaign)."""
    if view.level != "adset":
        return np.ones(len(view), dtype=np.bool_)
    siblings: dict[tuple[str, ...], int] = {}
    for key in view.keys:
        siblings[key[:3]] = siblings.get(key[:3], 0) + 1
    return np.array([siblings[key[:3]] > 1 for key in view.keys], dtype=np.bool_)


def most_specific(alerts: Sequence[Alert]) -> list[Alert]:
    """Leave out a campaign's alert where one of its ad sets has the same alert."""
    by_adset = {
        (a.labels.get("alertname"), *(a.labels.get(k) for k in _CAMPAIGN))
        for a in alerts
        if a.labels.get("adset")
    }
    return [
        a
        for a in alerts
        if a.labels.get("adset")
        or (a.labels.get("alertname"), *(a.labels.get(k) for k in _CAMPAIGN)) not in by_adset
    ]


_CAMPAIGN = ("platform", "account", "campaign")


def _alert(ctx: Context, view: LevelView, metric: _Metric, finding: _Finding) -> Alert:
    g, length, offset = finding.group, finding.length, 0
    now = view.window(length)[:, g]
    past_g = view.window(ctx.settings.baseline_days, finding.history_offset)[:, g]
    test = finding.test
    expected = float(test.expected[0])
    observed = float(test.observed[0])
    z = float(test.z[0])
    labels = view.labels(g)
    if view.targets[g] is not None and view.targets[g].objective == "leads":  # type: ignore[union-attr]
        kpi_name = "cpl" if metric.kpi == "cpa" else metric.kpi
    else:
        kpi_name = metric.kpi
    current, baseline = _values(metric, now, expected, finding.unit)
    where = "/".join(v for k, v in labels.items() if k != "brand")
    window = view.span(g, length, offset)
    evidence = {
        "metric": kpi_name,
        "current": fmt_kpi(kpi_name, current),
        "baseline": f"{fmt_kpi(kpi_name, baseline)} ({_history_words(finding)})",
        "window": f"{window} ({length}d)",
        "volume": (
            f"spend {fmt_money(now[SPEND])}, impressions {fmt_count(now[IMPRESSIONS])}, "
            f"clicks {fmt_count(now[CLICKS])}, results {fmt_count(now[RESULTS])}"
        ),
        "confidence": how_sure(p_value(z)),
        "test": _test_words(metric, z, observed, expected),
        "days_anomalous": str(length),
    }
    if math.isfinite(finding.evidence):
        evidence["accumulated"] = (
            f"{finding.evidence:.1f} nats of evidence for a "
            f"{1 + finding.evidence_rise:g}× {kpi_name.upper()} built up over the "
            f"{_days(finding.evidence_days or length)} (CUSUM, quasi-Poisson)"
        )
    evidence.update(_money(view, metric, finding, now, length, kpi_name, baseline).evidence())
    if metric.kpi == "cpa":
        evidence["drivers"] = _drivers(now, past_g)
    if _severe(metric, current, baseline):
        evidence["impact"] = "severe: at least double the expected cost or half the value"
    if math.isnan(current) and metric.kpi == "cpa":
        evidence["current"] = f"no results for {fmt_money(now[SPEND])} of spend"
        summary = (
            f"No results for {fmt_money(now[SPEND])} of spend on {where}, {window}, where "
            f"~{fmt_count(round(expected))} were expected ({kpi_name.upper()} "
            f"{fmt_kpi(kpi_name, baseline)})"
        )
    else:
        shown = f"{fmt_kpi(kpi_name, current)} ({fmt_change(current, baseline)})"
        evidence["current"] = shown
        summary = (
            f"{kpi_name.upper()} {shown} vs {fmt_kpi(kpi_name, baseline)} expected on "
            f"{where}, {window}"
        )
    if metric.kpi == "ctr":
        suggestions = for_ctr_drop(ctx, view, g, length, offset)
    else:
        normal = baseline if metric.kpi == "cpa" else None
        suggestions = for_cost(ctx, view, g, length, offset, kpi_name, normal)
    return make_alert(
        metric.name,
        labels,
        summary,
        severity="info" if metric.kpi == "ctr" else "warning",
        value=current,
        baseline=baseline,
        evidence=evidence,
        suggestions=suggestions,
        implied_labels=ctx.implied_labels(view, g),
        pending_for=_PENDING,
    )


def _test_words(metric: _Metric, z: float, observed: float, expected: float) -> str:
    head = f"z={z:.1f}, p={p_value(z):.1e}"
    if metric.exposure == RESULTS:
        return (
            f"{head} (order value against the orders: revenue worth {fmt_count(observed)} "
            f"orders at the usual order value, from {fmt_count(expected)} expected)"
        )
    late = ", incl. late-conversion allowance" if metric.uses_lag else ""
    return (
        f"{head} (quasi-Poisson on counts, {fmt_count(observed)} vs {fmt_count(expected)} "
        f"expected{late})"
    )


def _values(metric: _Metric, now: FloatArray, expected: float, unit: float) -> tuple[float, float]:
    """The KPI in the window and what the baseline expected it to be.

    For ROAS the expected count is in units of the order value the test divided revenue by
    (``unit``), never the window's own: a fall in order value is the drop being measured.
    """
    if metric.kpi == "cpa":
        return _div(now[SPEND], now[RESULTS]), _div(now[SPEND], expected)
    if metric.kpi == "roas":
        base_revenue = expected * unit if unit > 0 else math.nan
        return _div(now[REVENUE], now[SPEND]), _div(base_revenue, now[SPEND])
    return _div(now[CLICKS], now[IMPRESSIONS]), _div(expected, now[IMPRESSIONS])


def _money(
    view: LevelView,
    metric: _Metric,
    finding: _Finding,
    now: FloatArray,
    length: int,
    kpi_name: str,
    baseline: float,
) -> Money:
    """Extra spend against the normal CPA, revenue lost against the normal ROAS, or spend
    without its usual clicks: per day over the window, and so far since the onset."""
    g = finding.group
    first = view.origin + int(view.end[g]) - finding.since_days
    since = f"since {date.fromordinal(first).isoformat()}"
    test = finding.test
    so_far = finding.so_far or test
    spend = float(now[SPEND])
    if metric.kpi == "roas":
        unit = finding.unit
        per_day = float(test.expected[0] - test.observed[0]) * unit / length
        total = float(so_far.expected[0] - so_far.observed[0]) * unit
        reference = f"the normal ROAS {fmt_kpi('roas', baseline)}"
        return Money("revenue lost", per_day, total, reference, since)
    window = extra_spend(spend, float(test.observed[0]), float(test.expected[0])) / length
    total = extra_spend(finding.so_far_spend, float(so_far.observed[0]), float(so_far.expected[0]))
    if metric.kpi == "cpa":
        reference = f"the normal {kpi_name.upper()} {fmt_kpi(kpi_name, baseline)}"
        return Money("extra spend", window, total, reference, since)
    reference = f"the normal CTR {fmt_kpi('ctr', baseline)}"
    return Money("spend without its usual clicks", window, total, reference, since)


def _history_words(finding: _Finding) -> str:
    """How the baseline was made, naming the days it really rests on."""
    days = finding.history_days
    if finding.short:
        return (
            f"short history: {days} days before, no weekday pattern yet, noise allowance "
            f"widened ×{_SHORT_HISTORY_INFLATION:g}"
        )
    return f"weekday-seasonal, robust, {days} days before"


def _div(top: float, bottom: float) -> float:
    return float(top) / float(bottom) if bottom > 0 else math.nan


def _severe(metric: _Metric, current: float, baseline: float) -> bool:
    if metric.kpi == "cpa":
        return current >= 2 * baseline
    return current <= 0.5 * baseline


def _drivers(now: FloatArray, past: FloatArray) -> str:
    """Split a CPA change into its CPC and CVR parts (CPA = CPC / CVR)."""
    cpc_now, cpc_past = _div(now[SPEND], now[CLICKS]), _div(past[SPEND], past[CLICKS])
    cvr_now, cvr_past = _div(now[RESULTS], now[CLICKS]), _div(past[RESULTS], past[CLICKS])
    return (
        f"CPC {fmt_kpi('cpc', cpc_now)} vs {fmt_kpi('cpc', cpc_past)} "
        f"({fmt_change(cpc_now, cpc_past)}); CVR {fmt_kpi('cvr', cvr_now)} vs "
        f"{fmt_kpi('cvr', cvr_past)} ({fmt_change(cvr_now, cvr_past)})"
    )


def _days(n: int) -> str:
    return "last day" if n == 1 else f"last {n} days"
