"""The evaluation's read of the ad metrics: kept between evaluations, read again by bucket."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import psycopg
import pytest

from bot.models import AdMetricRow
from bot.smm.columns import AdColumns, columns_from_rows
from bot.store import Store, ad_snapshots
from tests.conftest import NOW

_FIRST = date(2026, 10, 1)


def _day(n: int) -> str:
    return (_FIRST + timedelta(days=n)).isoformat()


def _hour(n: int) -> str:
    return f"2026-11-{20 + n // 24:02d}T{n % 24:02d}:00:00+00:00"


def _row(bucket: str, ad: str, n: int, *, hourly: bool = False) -> AdMetricRow:
    return AdMetricRow(
        bucket=bucket,
        granularity="hour" if hourly else "day",
        platform="meta",
        account="acct",
        campaign="Shoes",
        adset="Runners",
        ad=ad,
        impressions=1000 + n,
        clicks=10 + n % 7,
        spend=10.0 + n / 100,
        conversions=float(n % 3),
        revenue=25.5 * (n % 3),
        leads=None if n % 2 else float(n % 5),
        reach=None if n % 3 else 800 + n,
    )


def _same(held: AdColumns, fresh: AdColumns) -> None:
    assert held.granularity == fresh.granularity
    assert held.keys == fresh.keys
    for name in (
        "entity",
        "bucket",
        "impressions",
        "clicks",
        "spend",
        "conversions",
        "revenue",
        "leads",
        "reach",
    ):
        np.testing.assert_array_equal(getattr(held, name), getattr(fresh, name), err_msg=name)


async def test_the_next_read_reads_again_only_the_buckets_written_since(store: Store) -> None:
    await store.feeds.ingest(
        [_row(_day(d), ad, 10 * d + i) for d in range(10) for i, ad in enumerate("ACE")]
    )
    first = await store.feeds.ad_metrics(_day(0), "2026-11-20T00")
    assert store.feeds.ad_rows_read["day"] == 30
    # A new day with a new ad that sorts between the others, a day restated by late
    # conversions, and an identical re-read of an older day, which changes nothing.
    await store.feeds.ingest(
        [_row(_day(10), ad, 100 + i) for i, ad in enumerate("ABCE")]
        + [replace(_row(_day(8), "C", 81), conversions=9.0, leads=None)]
        + [_row(_day(2), ad, 20 + i) for i, ad in enumerate("ACE")]
    )

    second = await store.feeds.ad_metrics(_day(0), "2026-11-20T00")

    assert store.feeds.ad_rows_read["day"] == 4 + 3  # day 10, and day 8 for its restated row
    _same(second.daily, await store.feeds.ad_columns("day", _day(0)))
    assert len(second.daily) == len(first.daily) + 4
    assert 9.0 in second.daily.conversions.tolist()


async def test_nothing_written_since_reads_nothing(store: Store) -> None:
    await store.feeds.ingest([_row(_day(d), "A", d) for d in range(5)])
    first = await store.feeds.ad_metrics(_day(0), "2026-11-20T00")
    await store.feeds.ingest([_row(_day(d), "A", d) for d in range(5)])  # the same again

    again = await store.feeds.ad_metrics(_day(0), "2026-11-20T00")

    assert store.feeds.ad_rows_read == {"day": 0, "hour": 0}
    _same(again.daily, first.daily)


async def test_a_later_window_drops_the_old_days_and_ads_without_rows(store: Store) -> None:
    rows = [_row(_day(d), "A", d) for d in range(6)] + [_row(_day(1), "0-retired", 99)]
    await store.feeds.ingest(rows)
    await store.feeds.ad_metrics(_day(0), "2026-11-20T00")
    await store.feeds.ingest([_row(_day(6), "A", 6)])

    moved = await store.feeds.ad_metrics(_day(3), "2026-11-20T00")

    assert store.feeds.ad_rows_read["day"] == 1
    _same(moved.daily, await store.feeds.ad_columns("day", _day(3)))
    assert moved.daily.keys == (("meta", "acct", "Shoes", "Runners", "A"),)


async def test_an_earlier_window_reads_everything_again(store: Store) -> None:
    await store.feeds.ingest([_row(_day(d), "A", d) for d in range(6)])
    await store.feeds.ad_metrics(_day(3), "2026-11-20T00")

    wider = await store.feeds.ad_metrics(_day(0), "2026-11-20T00")

    assert store.feeds.ad_rows_read["day"] == 6
    _same(wider.daily, await store.feeds.ad_columns("day", _day(0)))


async def test_sqlite_write_by_another_store_reads_again_only_its_buckets(store: Store) -> None:
    # Another process ingesting into the same file: this store never saw those buckets written.
    # Its data writes move the file's write counter (a lease renewal does not); the rows it
    # wrote carry the counter, so the columns saved at the first read and the buckets holding
    # those rows give the columns.
    await store.feeds.ingest([_row(_day(d), ad, d) for d in range(4) for ad in "AB"])
    await store.feeds.ad_metrics(_day(0), "2026-11-20T00")
    other = await Store.open(store.db.path)
    try:
        await other.feeds.ingest([replace(_row(_day(1), ad, 1), conversions=42.0) for ad in "AB"])
    finally:
        await other.close()

    after = await store.feeds.ad_metrics(_day(0), "2026-11-20T00")

    assert store.feeds.ad_rows_read["day"] == 2
    assert after.daily.conversions.tolist().count(42.0) == 2
    _same(after.daily, await store.feeds.ad_columns("day", _day(0)))


async def test_hours_are_kept_and_read_again_the_same_way(store: Store) -> None:
    await store.feeds.ingest([_row(_hour(h), ad, h, hourly=True) for h in range(30) for ad in "AB"])
    await store.feeds.ad_metrics(_day(0), _hour(2)[:13])
    await store.feeds.ingest(
        [_row(_hour(30), "A", 300, hourly=True), _row(_hour(29), "B", 7, hourly=True)]
    )

    later = await store.feeds.ad_metrics(_day(0), _hour(5)[:13])

    assert store.feeds.ad_rows_read["hour"] == 1 + 2
    _same(later.hourly, await store.feeds.ad_columns("hour", _hour(5)[:13]))


async def test_breakdown_rows_do_not_count_as_totals_written(store: Store) -> None:
    await store.feeds.ingest([_row(_day(d), "A", d) for d in range(3)])
    await store.feeds.ad_metrics(_day(0), "2026-11-20T00")
    by_age = replace(_row(_day(3), "A", 3), breakdown="age=25-34")
    await store.feeds.ingest([by_age])

    after = await store.feeds.ad_metrics(_day(0), "2026-11-20T00")

    assert store.feeds.ad_rows_read["day"] == 0
    assert after.breakdowns == (by_age,)


async def test_sqlite_the_read_works_out_buckets_once_not_by_strftime(store: Store) -> None:
    # Buckets are read as stored and turned into numbers once per distinct text, not by
    # SQLite's strftime on every row (the same read then runs on PostgreSQL: the store tests
    # run on both).
    await store.feeds.ingest([_row(_day(d), "A", d) for d in range(3)])
    said: list[str] = []
    await store.db._conn.set_trace_callback(said.append)
    try:
        await store.feeds.ad_metrics(_day(0), "2026-11-20T00")
    finally:
        await store.db._conn.set_trace_callback(None)  # type: ignore[arg-type]
    reads = [sql for sql in said if "FROM ad_metrics" in sql]
    assert reads
    assert not [sql for sql in reads if re.search(r"strftime|ifnull", sql, re.IGNORECASE)]


@pytest.mark.parametrize(("leads", "reach"), [(None, None), (None, 900), (4.0, None), (4.0, 900)])
async def test_leads_or_reach_no_row_reports_are_read_as_not_reported(
    store: Store, leads: float | None, reach: int | None
) -> None:
    rows = [replace(_row(_day(d), ad, d), leads=None, reach=None) for ad in "AB" for d in range(4)]
    rows[5] = replace(rows[5], leads=leads, reach=reach)
    await store.feeds.ingest(rows)

    read = await store.feeds.ad_columns("day", _day(0))

    _same(read, columns_from_rows(rows).daily)


# --- Columns saved in the store (bot/store/ad_snapshots.py) ----------------------------------


def _mixed(days: range, ads: str = "ABC") -> list[AdMetricRow]:
    rows = [_row(_day(d), ad, d * 7 + i) for d in days for i, ad in enumerate(ads)]
    rows += [_row(_hour(h), ad, h, hourly=True) for h in range(6) for ad in "XY"]
    return rows


async def _plain(store: Store, day_since: str, hour_since: str) -> tuple[AdColumns, AdColumns]:
    """The totals read row by row from every row stored."""
    return (
        await store.feeds.ad_columns("day", day_since),
        await store.feeds.ad_columns("hour", hour_since),
    )


async def test_a_store_just_opened_loads_the_saved_columns_and_reads_only_rows_since(
    store_target: Path | str,
) -> None:
    first = await Store.open(store_target, clock=lambda: NOW)
    try:
        await first.feeds.ingest(_mixed(range(10)))
        await first.feeds.ad_metrics(_day(0), _hour(0)[:13])
        assert first.feeds.ad_rows_read == {"day": 30, "hour": 12}
        # Written after the columns were saved: a new day, a restated one, a new ad, an hour.
        await first.feeds.ingest(
            [
                _row(_day(10), "A", 500),
                replace(_row(_day(4), "B", 29), conversions=42.0, reach=None),
                _row(_day(7), "AA", 3),
                replace(_row(_hour(2), "Y", 2, hourly=True), spend=0.25),
            ]
        )
    finally:
        await first.close()

    later = await Store.open(store_target, clock=lambda: NOW)
    try:
        read = await later.feeds.ad_metrics(_day(2), _hour(1)[:13])
        # The buckets holding rows written since: days 4, 7 and 10, hour 2.
        assert later.feeds.ad_rows_read == {"day": 3 + 4 + 1, "hour": 2}
        daily, hourly = await _plain(later, _day(2), _hour(1)[:13])
        _same(read.daily, daily)
        _same(read.hourly, hourly)
        assert read.daily.conversions.tolist().count(42.0) == 1
    finally:
        await later.close()


async def test_columns_saved_by_one_store_serve_another_after_a_third_wrote(
    store_target: Path | str,
) -> None:
    # Workers on one database: one saves, another writes, a third starts and loads.
    saver = await Store.open(store_target, clock=lambda: NOW)
    writer = await Store.open(store_target, clock=lambda: NOW)
    try:
        await writer.feeds.ingest(_mixed(range(6)))
        await saver.feeds.ad_metrics(_day(0), _hour(0)[:13])
        await writer.feeds.ingest([replace(_row(_day(2), "C", 1), clicks=99)])
        await saver.feeds.ad_metrics(_day(0), _hour(0)[:13])
        await writer.feeds.ingest([_row(_day(6), "D", 1)])
        starter = await Store.open(store_target, clock=lambda: NOW)
        try:
            read = await starter.feeds.ad_metrics(_day(0), _hour(0)[:13])
            # The saver's second read saved nothing (one bucket read again): the columns of
            # its first, with day 2 (3 ads) and day 6 read again.
            assert starter.feeds.ad_rows_read["day"] == 3 + 1
            daily, hourly = await _plain(starter, _day(0), _hour(0)[:13])
            _same(read.daily, daily)
            _same(read.hourly, hourly)
        finally:
            await starter.close()
    finally:
        await saver.close()
        await writer.close()


async def _saved(store: Store) -> int:
    return int(await store.db.scalar("SELECT COUNT(*) FROM ad_column_snapshots"))


async def test_a_row_deleted_or_moved_drops_the_saved_columns(store_target: Path | str) -> None:
    # Neither is told by a row's `seq`: the next store just opened reads every row.
    for change in (
        "DELETE FROM ad_metrics WHERE ad = 'B' AND bucket = ?",
        "UPDATE ad_metrics SET bucket = '2026-09-01' WHERE ad = 'B' AND bucket = ?",
    ):
        first = await Store.open(store_target, clock=lambda: NOW)
        try:
            await first.feeds.ingest(_mixed(range(4)))
            await first.feeds.ad_metrics(_day(0), _hour(0)[:13])
            assert await _saved(first) == 2
            async with first.db.transaction() as conn:
                await conn.execute(change, (_day(1),))
            assert await _saved(first) == 0
        finally:
            await first.close()
        later = await Store.open(store_target, clock=lambda: NOW)
        try:
            read = await later.feeds.ad_metrics(_day(0), _hour(0)[:13])
            assert later.feeds.ad_rows_read["day"] == 11
            _same(read.daily, (await _plain(later, _day(0), _hour(0)[:13]))[0])
        finally:
            await later.close()


async def test_a_row_another_program_writes_is_dated_for_the_saved_columns(
    store_target: Path | str,
) -> None:
    # A writer that leaves `seq` alone (a script, a manual fix): the triggers set it.
    first = await Store.open(store_target, clock=lambda: NOW)
    try:
        await first.feeds.ingest(_mixed(range(4)))
        await first.feeds.ad_metrics(_day(0), _hour(0)[:13])
        async with first.db.transaction() as conn:
            await conn.execute(
                "UPDATE ad_metrics SET spend = 1.5 WHERE ad = 'A' AND bucket = ?", (_day(2),)
            )
            await conn.execute(
                "INSERT INTO ad_metrics (bucket, granularity, platform, account, campaign,"
                " adset, ad, impressions, clicks, spend, conversions, revenue, first_seen_at,"
                " updated_at) VALUES (?, 'day', 'meta', 'acct', 'Shoes', 'Runners', 'Z',"
                " 10, 1, 2.0, 0, 0, 'x', 'x')",
                (_day(3),),
            )
    finally:
        await first.close()
    later = await Store.open(store_target, clock=lambda: NOW)
    try:
        read = await later.feeds.ad_metrics(_day(0), _hour(0)[:13])
        assert later.feeds.ad_rows_read["day"] == 3 + 4
        _same(read.daily, (await _plain(later, _day(0), _hour(0)[:13]))[0])
        assert 1.5 in read.daily.spend.tolist()
    finally:
        await later.close()


async def test_saved_columns_that_do_not_decode_are_not_used(store_target: Path | str) -> None:
    first = await Store.open(store_target, clock=lambda: NOW)
    try:
        await first.feeds.ingest(_mixed(range(4)))
        await first.feeds.ad_metrics(_day(0), _hour(0)[:13])
        async with first.db.transaction() as conn:
            await conn.execute("UPDATE ad_column_snapshots SET columns = ?", (b"not arrays",))
    finally:
        await first.close()
    later = await Store.open(store_target, clock=lambda: NOW)
    try:
        read = await later.feeds.ad_metrics(_day(0), _hour(0)[:13])
        assert later.feeds.ad_rows_read == {"day": 12, "hour": 12}
        _same(read.daily, (await _plain(later, _day(0), _hour(0)[:13]))[0])
    finally:
        await later.close()


async def test_an_earlier_window_than_the_saved_one_reads_every_row(
    store_target: Path | str,
) -> None:
    first = await Store.open(store_target, clock=lambda: NOW)
    try:
        await first.feeds.ingest(_mixed(range(6)))
        await first.feeds.ad_metrics(_day(3), _hour(0)[:13])
    finally:
        await first.close()
    later = await Store.open(store_target, clock=lambda: NOW)
    try:
        read = await later.feeds.ad_metrics(_day(1), _hour(0)[:13])
        assert later.feeds.ad_rows_read["day"] == 15
        _same(read.daily, (await _plain(later, _day(1), _hour(0)[:13]))[0])
        # What it read is saved in place of the narrower columns.
        since = "SELECT since FROM ad_column_snapshots WHERE granularity = 'day'"
        assert await later.db.scalar(since) == _day(1)
    finally:
        await later.close()


async def test_sqlite_the_rows_written_since_are_found_through_their_seq(store: Store) -> None:
    # A few rows among many: through the `seq` index, never a pass over every row.
    await store.feeds.ingest(_mixed(range(3)))
    await store.feeds.ad_metrics(_day(0), _hour(0)[:13])
    await store.feeds.ingest([_row(_day(3), "A", 1)])
    later = await Store.open(store.db.path, clock=lambda: NOW)  # type: ignore[attr-defined]
    said: list[str] = []
    await later.db._conn.set_trace_callback(said.append)  # type: ignore[attr-defined]
    try:
        await later.feeds.ad_metrics(_day(0), _hour(0)[:13])
    finally:
        await later.db._conn.set_trace_callback(None)  # type: ignore[attr-defined]
    try:
        reads = [sql for sql in said if "seq >" in sql or "breakdown >" in sql]
        assert len(reads) == 3  # the day's and the hour's rows since, the breakdown rows
        for sql in reads:
            plan = " / ".join(
                str(r[3]) for r in await later.db.fetchall("EXPLAIN QUERY PLAN " + sql)
            )
            assert "SCAN" not in plan, plan
            assert "INDEX ad_metrics_seq (seq>?)" in plan or "breakdown>?" in plan, plan
    finally:
        await later.close()


async def test_sqlite_columns_kept_by_a_process_are_not_saved_over_another_programs_write(
    store: Store,
) -> None:
    # Another program changes a row without moving the write counter: a running store does not
    # know (it keeps its columns), but what it saves comes from the store, which dates the row.
    await store.feeds.ingest(_mixed(range(4)))
    await store.feeds.ad_metrics(_day(0), _hour(0)[:13])
    with sqlite3.connect(store.db.path) as other:  # type: ignore[attr-defined]
        other.execute("UPDATE ad_metrics SET spend = 0.5 WHERE ad = 'A' AND bucket = ?", (_day(1),))
    other.close()
    for day in range(4, 22):  # enough buckets read again to take the columns afresh and save
        await store.feeds.ingest([_row(_day(day), "A", day)])
        kept = await store.feeds.ad_metrics(_day(0), _hour(0)[:13])
    assert 0.5 in kept.daily.spend.tolist()

    later = await Store.open(store.db.path, clock=lambda: NOW)  # type: ignore[attr-defined]
    try:
        read = await later.feeds.ad_metrics(_day(0), _hour(0)[:13])
        assert later.feeds.ad_rows_read["day"] < 12
        _same(read.daily, (await _plain(later, _day(0), _hour(0)[:13]))[0])
        assert 0.5 in read.daily.spend.tolist()
    finally:
        await later.close()


class _ChangeOnClock:
    """The store's clock, which once armed makes ``change`` through a connection of its own
    (another program, leaving the write counter alone) the next time the store asks the time:
    a read's save asks it after the read has closed, before it writes."""

    def __init__(self, target: Path | str, change: str, bucket: str) -> None:
        self.target, self.change, self.bucket = target, change, bucket
        self.armed = False

    def __call__(self) -> datetime:
        if self.armed:
            self.armed = False
            if isinstance(self.target, Path):
                with contextlib.closing(sqlite3.connect(self.target)) as conn:
                    conn.execute(self.change, (self.bucket,))
                    conn.commit()
            else:
                with psycopg.connect(self.target, autocommit=True) as conn:
                    conn.execute(self.change.replace("?", "%s"), (self.bucket,))
        return NOW


@pytest.mark.parametrize(
    "change",
    [
        "DELETE FROM ad_metrics WHERE ad = 'B' AND bucket = ?",
        "UPDATE ad_metrics SET bucket = '2026-09-01' WHERE ad = 'B' AND bucket = ?",
    ],
)
async def test_a_row_deleted_or_moved_between_a_read_and_its_save_is_not_saved(
    store_target: Path | str, change: str
) -> None:
    clock = _ChangeOnClock(store_target, change, _day(1))
    first = await Store.open(store_target, clock=clock)
    try:
        await first.feeds.ingest(_mixed(range(4)))
        clock.armed = True
        read = await first.feeds.ad_metrics(_day(0), _hour(0)[:13])
        assert not clock.armed
        assert len(read.daily) == 12  # read before the change
    finally:
        await first.close()
    later = await Store.open(store_target, clock=lambda: NOW)
    try:
        read = await later.feeds.ad_metrics(_day(0), _hour(0)[:13])
        daily, hourly = await _plain(later, _day(0), _hour(0)[:13])
        assert len(daily) == 11
        _same(read.daily, daily)
        _same(read.hourly, hourly)
    finally:
        await later.close()


async def test_columns_saved_for_a_narrower_window_leave_those_of_a_wider_one(
    store_target: Path | str,
) -> None:
    # Two deployments evaluating different windows: the narrower one's save does not make the
    # wider one read every row again.
    wide = await Store.open(store_target, clock=lambda: NOW)
    try:
        await wide.feeds.ingest(_mixed(range(4)))
        await wide.feeds.ad_metrics(_day(0), _hour(0)[:13])
        # Enough new days that the next read from the store saves what it read.
        await wide.feeds.ingest([_row(_day(d), ad, d) for d in range(4, 20) for ad in "ABC"])
    finally:
        await wide.close()
    narrow = await Store.open(store_target, clock=lambda: NOW)
    try:
        read = await narrow.feeds.ad_metrics(_day(2), _hour(0)[:13])
        assert narrow.feeds.ad_rows_read["day"] == 16 * 3
        _same(read.daily, (await _plain(narrow, _day(2), _hour(0)[:13]))[0])
        since = "SELECT since FROM ad_column_snapshots WHERE granularity = 'day' ORDER BY since"
        assert [r[0] for r in await narrow.db.fetchall(since)] == [_day(0), _day(2)]
    finally:
        await narrow.close()
    again = await Store.open(store_target, clock=lambda: NOW)
    try:
        read = await again.feeds.ad_metrics(_day(0), _hour(0)[:13])
        assert again.feeds.ad_rows_read["day"] == 16 * 3
        _same(read.daily, (await _plain(again, _day(0), _hour(0)[:13]))[0])
    finally:
        await again.close()


async def test_a_granularity_keeps_the_latest_saved_columns_of_a_few_windows(store: Store) -> None:
    await store.feeds.ingest(_mixed(range(4)))
    for n in range(ad_snapshots.KEPT + 1):
        columns = await store.feeds.ad_columns("day", _day(n))
        async with store.db.transaction(counted=False) as conn:
            saved = ad_snapshots.Saved(_day(n), 10 + n, columns)
            assert await ad_snapshots.save(conn, saved, store.db.now())
    rows = await store.db.fetchall("SELECT since, mark FROM ad_column_snapshots ORDER BY since")
    assert [tuple(r) for r in rows] == [(_day(n), 10 + n) for n in range(1, ad_snapshots.KEPT + 1)]
    # Columns from an earlier bucket that saw a later counter make the narrower ones useless.
    columns = await store.feeds.ad_columns("day", _day(0))
    async with store.db.transaction(counted=False) as conn:
        saved = ad_snapshots.Saved(_day(0), 20, columns)
        assert await ad_snapshots.save(conn, saved, store.db.now())
    rows = await store.db.fetchall("SELECT since, mark FROM ad_column_snapshots")
    assert [tuple(r) for r in rows] == [(_day(0), 20)]
