"""The benchmark's synthetic load, and evaluate's speed on 10,000 ads × 90 days."""

from __future__ import annotations

import numpy as np

from bot.smm.bench import hourly_load, numpy_kpis, run_bench, run_hourly_bench, synthetic_load
from bot.smm.kpis import KPI_NAMES


def test_synthetic_load_has_one_row_per_ad_and_day_and_a_target_per_campaign() -> None:
    rows, targets = synthetic_load(ads=45, days=10)
    assert len(rows) == 450
    assert len(targets) == 3
    assert {r.granularity for r in rows} == {"day"}


def test_numpy_pass_computes_every_kpi_per_ad_and_campaign() -> None:
    values = np.ones((8, 4, 5))
    out = numpy_kpis(values, [0, 2])
    assert set(out) == {f"{level}.{k}" for level in ("ad", "campaign") for k in KPI_NAMES}
    assert out["campaign.ctr"].shape == (2, 5)


def test_bench_runs_evaluate_and_the_baseline_on_the_same_rows() -> None:
    # Speed is reported by `make bench`, never asserted here.
    result = run_bench(ads=300, days=30, repeat=1)
    assert result.rows == 9_000
    assert result.evaluate_s > 0 and result.numpy_s > 0


def test_hourly_bench_runs_evaluate_on_hourly_rows() -> None:
    # Speed is reported by `make bench`, never asserted here.
    rows = hourly_load(ads=3, days=2)
    assert len(rows) == 3 * 48
    assert {r.granularity for r in rows} == {"hour"}
    result = run_hourly_bench(ads=20, days=10, repeat=1)
    assert result.rows == 20 * 240
    assert result.evaluate_s > 0
