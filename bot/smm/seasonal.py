"""A robust seasonal level on the log scale, and the runs of buckets that stray from it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.smm.frame import BoolArray, FloatArray, IntArray

__all__ = ["LogBaseline", "fit_log_baseline", "nanmedian", "recent_run"]

_MAD_SCALE = 1.4826


def nanmedian(values: FloatArray) -> FloatArray:
    """Row-wise median of ``[row, k]`` ignoring NaN; an all-NaN row gives NaN, silently."""
    filled = np.sort(np.where(np.isnan(values), np.inf, values), axis=1)
    count = (~np.isnan(values)).sum(axis=1)
    rows = np.arange(values.shape[0])
    lo = filled[rows, np.clip((count - 1) // 2, 0, None)]
    hi = filled[rows, np.clip(count // 2, 0, None)]
    out: FloatArray = np.where(count > 0, (lo + hi) / 2, np.nan)
    return out


def _phase_medians(values: FloatArray, phase: IntArray, period: int) -> tuple[FloatArray, IntArray]:
    """Per row and phase ``0 .. period-1``: ``nanmedian`` of the row's values at that phase,
    and how many are not NaN. One sort by phase and value for every phase at once."""
    rows, width = values.shape
    if width == 0:
        return np.full((rows, period), np.nan), np.zeros((rows, period), dtype=np.int64)
    filled = np.where(np.isnan(values), np.inf, values)
    ranked = np.take_along_axis(filled, np.lexsort((filled, phase), axis=1), axis=1)
    inside = (phase >= 0) & (phase < period)
    cell = np.arange(rows)[:, None] * period + phase
    size = rows * period
    every = np.bincount(cell[inside], minlength=size).reshape(rows, period)
    n = np.bincount(cell[inside & ~np.isnan(values)], minlength=size).reshape(rows, period)
    # Where each phase's values start in its row: after the phases before it (and any below 0).
    start = np.cumsum(every, axis=1) - every + (phase < 0).sum(axis=1)[:, None]
    lo = np.clip(start + np.clip((n - 1) // 2, 0, None), 0, width - 1)
    hi = np.clip(start + np.clip(n // 2, 0, None), 0, width - 1)
    low = np.take_along_axis(ranked, lo, axis=1)
    high = np.take_along_axis(ranked, hi, axis=1)
    median: FloatArray = np.where(n > 0, (low + high) / 2, np.nan)
    return median, n.astype(np.int64)


@dataclass(frozen=True, slots=True)
class LogBaseline:
    """Per group: ``log x ≈ center + season[phase]`` with robust spread ``sigma``.

    ``phase`` is the weekday of a daily bucket or the hour of day of an hourly one. The
    median and MAD ignore a past incident that covers less than a quarter of the history.
    """

    center: FloatArray
    season: FloatArray
    sigma: FloatArray
    ok: BoolArray

    def expected(self, phase: IntArray) -> FloatArray:
        """The fitted log level of buckets ``[group, k]`` of the given phases."""
        out: FloatArray = self.center[:, None] + np.take_along_axis(self.season, phase, axis=1)
        return out


def fit_log_baseline(
    logged: FloatArray,
    phase: IntArray,
    period: int,
    *,
    min_points: int,
    sigma_floor: float,
) -> LogBaseline:
    """Fit the seasonal level to history ``[group, k]`` (NaN = no usable bucket).

    Each phase's offset is the median of its buckets' distance from the overall median,
    shrunk towards 0 by ``n / (n + 1)`` when a phase has few buckets; ``sigma`` is the MAD of
    what is left, scaled to a standard deviation and never below ``sigma_floor`` (a steady,
    budget-capped ad set would otherwise call a 10 % wobble an anomaly).
    """
    center = nanmedian(logged)
    offset = logged - center[:, None]
    median, n = _phase_medians(offset, phase, period)
    season: FloatArray = np.nan_to_num(median) * n / (n + 1)
    residual = offset - np.take_along_axis(season, phase, axis=1)
    middle = nanmedian(residual)
    spread = _MAD_SCALE * nanmedian(np.abs(residual - middle[:, None]))
    points = (~np.isnan(logged)).sum(axis=1)
    # A MAD from few points runs low; widen it the way a t quantile would.
    widen = 1.0 + 2.0 / np.maximum(points - 1, 1)
    sigma = np.maximum(np.nan_to_num(spread, nan=np.inf) * widen, sigma_floor)
    ok = (points >= min_points) & np.isfinite(center)
    return LogBaseline(center, season, sigma, ok)


def recent_run(straying: BoolArray) -> IntArray:
    """Per group, how many buckets in a row stray, counting back from the newest one.

    Hysteresis lives here: a run starts only on strong evidence (the caller's test) but
    lasts while each bucket still strays weakly, so an alert near its threshold does not
    fire and clear every other day.
    """
    k = straying.shape[1]
    broken = ~straying[:, ::-1]
    out: IntArray = np.where(broken.any(axis=1), broken.argmax(axis=1), k).astype(np.int64)
    return out
