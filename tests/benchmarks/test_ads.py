"""The ad benchmark: its loads, the store they are written to, and the figures it reports."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest

from benchmarks.ads import BENCH_NOW, daily_load, fill, hourly_load, measure, numpy_pass
from bot.smm.columns import AdColumns, AdMetrics
from bot.store import Store


def test_the_daily_load_has_one_row_per_ad_and_day_and_a_target_per_campaign() -> None:
    load = daily_load(ads=45, days=10)
    assert len(load.columns) == 450 and len(load.columns.keys) == 45
    assert len(load.targets) == 3
    assert load.columns.keys == tuple(sorted(load.columns.keys))
    assert np.all(np.diff(load.columns.entity) >= 0)


def test_the_hourly_load_has_one_row_per_line_and_hour() -> None:
    load = hourly_load(ads=3, days=2)
    assert len(load.columns) == 3 * 48 and load.columns.granularity == "hour"
    assert load.buckets == 48 and load.texts[0].endswith("+00:00")


async def _read(db: Path, granularity: str) -> AdColumns:
    store = await Store.open(db)
    try:
        return await store.feeds.ad_columns(granularity, "2000-01-01")  # type: ignore[arg-type]
    finally:
        await store.close()


def test_a_load_written_to_the_store_reads_back_as_the_same_columns(tmp_path: Path) -> None:
    for load, name in ((daily_load(ads=30, days=9), "day"), (hourly_load(ads=4, days=2), "hour")):
        db = tmp_path / f"{name}.db"
        assert fill(db, load) == len(load.columns)
        read = asyncio.run(_read(db, name))
        assert read.keys == load.columns.keys
        for column in ("entity", "bucket", "impressions", "clicks", "spend", "revenue"):
            assert getattr(read, column).tolist() == getattr(load.columns, column).tolist()
        assert np.array_equal(read.reach, load.columns.reach, equal_nan=True)


def test_the_numpy_pass_runs_every_detectors_maths() -> None:
    load = daily_load(ads=60, days=60)
    out = numpy_pass(
        AdMetrics(load.columns, AdColumns.empty("hour")), BENCH_NOW, list(load.targets)
    )
    assert set(out) >= {"rules", "anomaly", "outage", "pacing", "fatigue.ad", "shift.daily"}
    assert out["rules"].shape == (3,) and out["fatigue.ad"].shape == (60,)
    hourly = hourly_load(ads=10, days=12)
    out = numpy_pass(AdMetrics(AdColumns.empty("day"), hourly.columns), BENCH_NOW, [])
    assert out["shift.hourly"].shape == (10,)


@pytest.mark.slow
def test_the_bench_times_the_store_read_evaluation_and_baseline_in_one_run() -> None:
    # Speed is reported by `make bench`, never asserted here.
    figures = measure(daily_load(ads=100, days=40), "daily", repeat=1, with_rows=True)
    assert figures.rows == figures.read_rows == 4_000
    assert figures.read.wall > 0 and figures.evaluate.cpu > 0 and figures.numpy.cpu > 0
    assert figures.total.wall == figures.read.wall + figures.evaluate.wall
    assert figures.ratio > figures.engine_ratio > 0
    assert figures.rows_path_alerts == figures.alerts
    hourly = measure(hourly_load(ads=5, days=10), "hourly", repeat=1)
    assert hourly.rows == 5 * 240 and hourly.read_rows > 0
    assert "numpy-only pass" in str(hourly)


@pytest.mark.slow
def test_a_later_repeat_reads_the_columns_saved_by_the_first_and_checks_them() -> None:
    figures = measure(daily_load(ads=40, days=30), "daily", repeat=2)
    assert figures.whole_read is not None and figures.whole_read.cpu > 0
    assert figures.first_as_whole_read is True and figures.next_as_whole_read is True
    assert "read of every row (first repeat, none saved)" in str(figures)
