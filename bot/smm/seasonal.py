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
    groups = logged.shape[0]
    center = nanmedian(logged)
    offset = logged - center[:, None]
    season = np.zeros((groups, period))
    for p in range(period):
        at = np.where(phase == p, offset, np.nan)
        n = (~np.isnan(at)).sum(axis=1)
        season[:, p] = np.nan_to_num(nanmedian(at)) * n / (n + 1)
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
