"""Rows as columns: totals by granularity, breakdowns apart, unreported numbers as NaN."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import numpy as np
import pytest

from bot.smm.columns import (
    AdColumns,
    bucket_number,
    bucket_numbers,
    columns_from_rows,
    prefixes,
    stored_bucket_numbers,
)
from bot.smm.engine import evaluate, evaluate_columns
from bot.smm.frame import day_index, hour_index
from bot.smm.rules import BUILTIN_RULES

from .helpers import NOW, daily, hourly, target
from .test_frame import day_row, hour_row


def test_rows_split_into_daily_and_hourly_totals_and_breakdown_rows() -> None:
    by_age = day_row("2026-11-23", breakdown="age=25-34")
    rows = [
        day_row("2026-11-23", ad="A", clicks=3),
        hour_row("2026-11-23T10:00:00+00:00", clicks=2),
        by_age,
        day_row("2026-11-22", ad="B", clicks=5),
    ]
    metrics = columns_from_rows(rows)
    assert metrics.daily.clicks.tolist() == [3.0, 5.0]
    assert [metrics.daily.keys[e][4] for e in metrics.daily.entity] == ["A", "B"]
    assert metrics.daily.bucket.tolist() == [
        date(2026, 11, 23).toordinal(),
        date(2026, 11, 22).toordinal(),
    ]
    assert metrics.hourly.clicks.tolist() == [2.0]
    assert metrics.breakdowns == (by_age,)


def test_unreported_leads_and_reach_are_nan() -> None:
    row = day_row("2026-11-23")
    metrics = columns_from_rows([replace(row, leads=2.0, reach=900), row])
    assert metrics.daily.leads[0] == 2.0 and np.isnan(metrics.daily.leads[1])
    assert metrics.daily.reach[0] == 900.0 and np.isnan(metrics.daily.reach[1])


def test_bucket_numbers_are_the_frames_day_and_hour_indexes() -> None:
    moment = datetime(2026, 11, 23, 10, tzinfo=UTC)
    assert bucket_number("2026-11-23") == day_index(moment.date())
    assert bucket_number("2026-11-23T10:00:00+00:00") == hour_index(moment)
    assert bucket_number("2026-11-23T12:00:00+02:00") == hour_index(moment)
    seconds = np.array([int(moment.timestamp()), int(moment.timestamp()) + 3599])
    assert bucket_numbers(seconds, "hour").tolist() == [hour_index(moment)] * 2
    midnight = int(datetime(2026, 11, 23, tzinfo=UTC).timestamp())
    assert bucket_numbers(np.array([midnight]), "day").tolist() == [day_index(moment.date())]


def test_columns_of_unequal_length_are_refused_by_name() -> None:
    good = columns_from_rows([day_row("2026-11-23")]).daily
    with pytest.raises(ValueError, match=r"AdColumns\.spend: shape \(2,\), expected \(1,\)"):
        replace(good, spend=np.zeros(2))
    with pytest.raises(ValueError, match=r"AdColumns\.entity: indexes outside the 1 keys"):
        replace(good, entity=np.array([3]))


def test_a_prefix_of_the_rows_reads_as_the_columns_of_that_prefix() -> None:
    rows = [
        day_row("2026-11-20"),
        hour_row("2026-11-21T01:00:00+00:00"),
        day_row("2026-11-21", breakdown="age=18-24"),
        day_row("2026-11-21", clicks=40),
        hour_row("2026-11-21T02:00:00+00:00"),
    ]
    cut = prefixes(rows)
    for n in range(len(rows) + 1):
        expected, got = columns_from_rows(rows[:n]), cut.first(n)
        for part in ("daily", "hourly"):
            a: AdColumns = getattr(expected, part)
            b: AdColumns = getattr(got, part)
            assert b.bucket.tolist() == a.bucket.tolist()
            assert b.clicks.tolist() == a.clicks.tolist()
            assert [b.keys[e] for e in b.entity] == [a.keys[e] for e in a.entity]
        assert got.breakdowns == expected.breakdowns


@pytest.mark.slow
def test_evaluating_columns_gives_the_alerts_of_evaluating_the_rows() -> None:
    rows = [
        *daily(campaign="Shoes", effect=lambda age: {"cvr": 0.3} if age <= 2 else {}),
        *daily(campaign="Boots", seed=3),
        *hourly(campaign="Boots", account="acct-2"),
    ]
    targets = [target("Shoes", target_cpa=16.0), target("Boots", target_cpa=16.0)]
    alerts = evaluate(rows, targets, BUILTIN_RULES, NOW)
    assert alerts, "the planted drop should alert"
    assert evaluate_columns(columns_from_rows(rows), targets, BUILTIN_RULES, NOW) == alerts


def test_stored_buckets_are_numbered_once_per_text_and_a_bad_one_is_named() -> None:
    known: dict[str, int] = {}
    texts = ["2026-11-23T10:00:00+00:00", "2026-11-23T12:00:00+02:00", "2026-11-23T10:30:00"]
    moment = datetime(2026, 11, 23, 10, tzinfo=UTC)
    assert stored_bucket_numbers(texts, "hour", known).tolist() == [hour_index(moment)] * 3
    assert (
        stored_bucket_numbers(["2026-11-23"] * 2, "day", known).tolist()
        == [day_index(moment.date())] * 2
    )
    assert len(known) == 4
    with pytest.raises(ValueError, match=r"hour bucket '2026-11-2x' is not a date or an hour"):
        stored_bucket_numbers(["2026-11-23T10:00:00+00:00", "2026-11-2x"], "hour", {})
