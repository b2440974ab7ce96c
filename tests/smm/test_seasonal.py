"""The seasonal level: each phase's offset is the median of that phase's buckets alone."""

from __future__ import annotations

import numpy as np

from bot.smm.seasonal import fit_log_baseline, nanmedian


def _phase_by_phase(logged: np.ndarray, phase: np.ndarray, period: int) -> np.ndarray:
    """The definition, one phase at a time."""
    offset = logged - nanmedian(logged)[:, None]
    season = np.zeros((len(logged), period))
    for p in range(period):
        at = np.where(phase == p, offset, np.nan)
        n = (~np.isnan(at)).sum(axis=1)
        season[:, p] = np.nan_to_num(nanmedian(at)) * n / (n + 1)
    return season


def test_every_phase_is_fitted_on_its_own_buckets() -> None:
    rng = np.random.default_rng(5)
    for period, width in ((7, 28), (24, 14 * 24), (7, 5)):
        logged = np.round(rng.normal(3, 0.4, (6, width)), 2)
        logged[rng.random(logged.shape) < 0.3] = np.nan
        logged[2] = np.nan  # a group without a usable bucket
        logged[3, : width - 2] = np.nan  # one with two
        phase = np.empty(logged.shape, dtype=np.int64)
        phase[:3] = (3 + np.arange(width)) % period  # groups ending on different phases
        phase[3:] = (5 + np.arange(width)) % period
        base = fit_log_baseline(logged, phase, period, min_points=3, sigma_floor=0.1)
        assert base.season.shape == (6, period)
        assert np.array_equal(base.season, _phase_by_phase(logged, phase, period))
        assert not base.ok[2] and not base.ok[3]


def test_a_phase_without_buckets_has_no_offset() -> None:
    logged = np.log(np.array([[10.0, 20.0, 10.0, 20.0]]))
    phase = np.array([[0, 1, 0, 1]])
    base = fit_log_baseline(logged, phase, 3, min_points=2, sigma_floor=0.1)
    assert base.season[0, 2] == 0.0
    assert base.season[0, 0] < 0 < base.season[0, 1]
