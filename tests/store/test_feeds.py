"""Storing feed records: dedupe, restated ad rows, quarantine and checkpoints."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from bot.models import AdMetricRow, Comment, OrganicPost, ProfileSnapshot, Rejected
from bot.smm.columns import bucket_number
from bot.store import Checkpoint, Store
from bot.store.feeds import _AD_NUMBERS
from tests.conftest import NOW


def comment(n: int, text: str = "Love the new jacket!") -> Comment:
    return Comment(
        id=f"c{n}",
        platform="instagram",
        brand="alpenglow",
        post_id="p1",
        author=f"user{n}",
        text=text,
        created_at=datetime(2026, 11, 20, 10, n % 60, tzinfo=UTC),
    )


def ad_row(conversions: float = 3.0, clicks: int = 120) -> AdMetricRow:
    return AdMetricRow(
        bucket="2026-11-20",
        granularity="day",
        platform="meta",
        account="alpenglow-meta",
        campaign="Winter Shells",
        adset="Hikers 25-44",
        ad="Video A",
        impressions=10_000,
        clicks=clicks,
        spend=210.5,
        conversions=conversions,
        revenue=540.0,
    )


async def test_the_same_comment_twice_is_stored_once(store: Store) -> None:
    first = await store.feeds.ingest([comment(1), comment(2)], source="f", positions=[1, 2])
    again = await store.feeds.ingest([comment(2), comment(3)], source="f", positions=[2, 3])
    assert (first.stored, first.duplicate) == (2, 0)
    assert (again.stored, again.duplicate) == (1, 1)
    assert await store.db.scalar("SELECT COUNT(*) FROM comments") == 3
    assert await store.db.scalar("SELECT position FROM comments WHERE key = 'instagram:c3'") == 3


async def test_a_restated_ad_row_updates_the_stored_one(store: Store) -> None:
    first = await store.feeds.ingest([ad_row(conversions=3)])
    same = await store.feeds.ingest([ad_row(conversions=3)])
    restated = await store.feeds.ingest([ad_row(conversions=7)])
    assert (first.stored, same.duplicate, restated.updated) == (1, 1, 1)
    rows = await store.db.fetchall("SELECT conversions, revision FROM ad_metrics")
    assert [(r[0], r[1]) for r in rows] == [(7.0, 2)]


async def test_a_source_without_optional_columns_does_not_erase_them(store: Store) -> None:
    canonical = replace(ad_row(), leads=0.0, reach=8000, currency="USD")
    export = replace(ad_row(), leads=None, reach=None, currency=None)
    await store.feeds.ingest([canonical])
    again = await store.feeds.ingest([export])
    assert (again.duplicate, again.updated) == (1, 0)
    row = await store.db.fetchone("SELECT leads, reach, currency FROM ad_metrics")
    assert row is not None and tuple(row) == (0.0, 8000, "USD")


async def test_ad_rows_at_different_levels_are_different_keys(store: Store) -> None:
    campaign_level = replace(ad_row(), adset="", ad="")
    adset_level = replace(ad_row(), ad="")
    broken_down = replace(ad_row(), breakdown="age=25-34")
    counts = await store.feeds.ingest([ad_row(), campaign_level, adset_level, broken_down])
    assert counts.stored == 4


async def test_ad_rows_are_read_by_bucket_range_and_breakdown(store: Store) -> None:
    days = [replace(ad_row(), bucket=f"2026-11-{d}") for d in (19, 20, 21)]
    by_age = replace(ad_row(), breakdown="age=25-34")
    hours = [
        replace(ad_row(), granularity="hour", bucket=f"2026-11-{h}:00:00+00:00")
        for h in ("20T23", "21T00")
    ]
    await store.feeds.ingest([*days, by_age, *hours])

    totals = await store.feeds.ad_rows("2026-11-20", before="2026-11-21", breakdown="")
    assert [(r.bucket, r.breakdown) for r in totals] == [("2026-11-20", "")]
    every = await store.feeds.ad_rows("2026-11-20")
    assert [(r.bucket, r.breakdown) for r in every] == [
        ("2026-11-20", ""),
        ("2026-11-21", ""),
        ("2026-11-20", "age=25-34"),
    ]
    late = await store.feeds.ad_rows("2026-11-20", "hour", before="2026-11-21", breakdown="")
    assert [(r.bucket, r.day.isoformat()) for r in late] == [
        ("2026-11-20T23:00:00+00:00", "2026-11-20")
    ]


async def test_posts_update_metrics_and_profiles_dedupe(store: Store) -> None:
    post = OrganicPost(
        id="p1",
        platform="instagram",
        brand="alpenglow",
        published_at=datetime(2026, 11, 1, tzinfo=UTC),
        format="reel",
        text="Trail day",
        hashtags=("hiking",),
        impressions=100,
        likes=5,
    )
    snap = ProfileSnapshot(
        platform="instagram",
        brand="alpenglow",
        handle="alpenglow.outfitters",
        captured_at=datetime(2026, 11, 1, tzinfo=UTC),
        followers=1200,
        bio=None,
    )
    first = await store.feeds.ingest([post, snap])
    again = await store.feeds.ingest([post, snap])
    grown = await store.feeds.ingest([replace(post, impressions=900, likes=40)])
    assert (first.stored, again.duplicate, grown.updated) == (2, 2, 1)
    assert await store.db.scalar("SELECT impressions FROM organic_posts") == 900


async def test_quarantine_keeps_source_line_and_reason_once(store: Store) -> None:
    bad = Rejected("comments.jsonl", 7, '{"id": ', "invalid JSON at column 8")
    first = await store.feeds.ingest([], [bad])
    again = await store.feeds.ingest([], [bad])
    assert (first.quarantined, again.quarantined) == (1, 0)
    [kept] = await store.feeds.quarantined()
    assert (kept.source, kept.position, kept.reason) == (
        "comments.jsonl",
        7,
        "invalid JSON at column 8",
    )


async def test_checkpoint_is_saved_with_the_records(store: Store) -> None:
    mark = Checkpoint("/feeds/c.jsonl", offset=512, line=4, identity="1:2", header=None)
    await store.feeds.ingest([comment(1)], [], mark, source="/feeds/c.jsonl", positions=[4])
    assert await store.feeds.checkpoint("/feeds/c.jsonl") == mark
    assert await store.feeds.checkpoint("/feeds/other.jsonl") is None


async def test_checkpoint_keeps_the_fingerprint_of_the_bytes_read(store: Store) -> None:
    mark = Checkpoint("/feeds/c.jsonl", 512, 4, "1:2", None, fingerprint="512:ab12")
    await store.feeds.ingest([], [], mark)
    moved = Checkpoint("/feeds/c.jsonl", 900, 7, "1:2", None, fingerprint="900:cd34")
    await store.feeds.ingest([], [], moved)
    assert await store.feeds.checkpoint("/feeds/c.jsonl") == moved


def _hour(hour: str, clicks: int = 120) -> AdMetricRow:
    return replace(ad_row(clicks=clicks), granularity="hour", bucket=hour)


async def test_ad_columns_hold_each_row_sorted_by_entity_then_bucket(store: Store) -> None:
    # Stored a day at a time, as feeds deliver them: entity order is the read's doing.
    rows = [
        replace(ad_row(), bucket=f"2026-11-{d}", ad=ad, clicks=d * 10 + n, spend=d + n / 100)
        for d in (19, 20, 21)
        for n, ad in enumerate(("Video B", "Video A", "Carousel"))
    ]
    await store.feeds.ingest(rows)

    columns = await store.feeds.ad_columns("day", "2026-11-20")

    assert columns.granularity == "day"
    assert [k[4] for k in columns.keys] == ["Carousel", "Video A", "Video B"]
    assert [columns.keys[e][4] for e in columns.entity] == ["Carousel"] * 2 + ["Video A"] * 2 + [
        "Video B"
    ] * 2
    days = [bucket_number(f"2026-11-{d}") for d in (20, 21)]
    assert columns.bucket.tolist() == days * 3
    assert columns.clicks.tolist() == [202, 212, 201, 211, 200, 210]
    assert columns.spend.tolist() == [20.02, 21.02, 20.01, 21.01, 20.0, 21.0]
    assert columns.impressions.tolist() == [10_000.0] * 6
    assert columns.conversions.tolist() == [3.0] * 6
    assert columns.revenue.tolist() == [540.0] * 6


async def test_ad_columns_read_unreported_leads_and_reach_as_nan(store: Store) -> None:
    reported = replace(ad_row(), leads=4.0, reach=8000)
    blank = replace(ad_row(), bucket="2026-11-21", leads=None, reach=None)
    zero = replace(ad_row(), bucket="2026-11-22", leads=0.0, reach=0)
    await store.feeds.ingest([reported, blank, zero])

    columns = await store.feeds.ad_columns("day", "2026-11-01")

    assert columns.leads[0] == 4.0 and np.isnan(columns.leads[1]) and columns.leads[2] == 0.0
    assert columns.reach[0] == 8000 and np.isnan(columns.reach[1]) and columns.reach[2] == 0.0


async def test_ad_columns_have_no_entry_for_a_missing_day(store: Store) -> None:
    await store.feeds.ingest(
        [replace(ad_row(), bucket=day) for day in ("2026-11-18", "2026-11-20", "2026-11-23")]
    )
    columns = await store.feeds.ad_columns("day", "2026-11-19", before="2026-11-23")
    assert columns.bucket.tolist() == [bucket_number("2026-11-20")]
    assert columns.entity.tolist() == [0] and len(columns.keys) == 1


async def test_ad_columns_number_hours_as_the_engine_does(store: Store) -> None:
    hours = ["2026-11-20T23:00:00+00:00", "2026-11-21T00:00:00+00:00", "2026-11-21T01:00:00+00:00"]
    await store.feeds.ingest([_hour(h, clicks=n) for n, h in enumerate(hours)])
    await store.feeds.ingest([ad_row()])  # a daily row is not an hourly one

    columns = await store.feeds.ad_columns("hour", "2026-11-21T00")

    assert columns.granularity == "hour"
    assert columns.bucket.tolist() == [bucket_number(h) for h in hours[1:]]
    assert columns.clicks.tolist() == [1.0, 2.0]


async def test_an_empty_store_reads_as_empty_columns(store: Store) -> None:
    metrics = await store.feeds.ad_metrics("2026-08-01", "2026-11-20T00")
    assert len(metrics.daily) == 0 and len(metrics.hourly) == 0 and metrics.breakdowns == ()
    assert metrics.daily.granularity == "day" and metrics.hourly.granularity == "hour"


async def test_ad_metrics_keep_breakdowns_apart_as_rows(store: Store) -> None:
    by_age = replace(ad_row(), breakdown="age=25-34", clicks=7)
    by_hour_and_age = replace(_hour("2026-11-20T10:00:00+00:00"), breakdown="age=25-34")
    await store.feeds.ingest(
        [ad_row(), by_age, _hour("2026-11-20T10:00:00+00:00"), by_hour_and_age]
    )

    metrics = await store.feeds.ad_metrics("2026-11-20", "2026-11-20T00")

    assert len(metrics.daily) == 1 and metrics.daily.clicks.tolist() == [120.0]
    assert len(metrics.hourly) == 1
    # The engine reads daily breakdowns only (suggestions by age, placement…).
    assert metrics.breakdowns == (by_age,)


async def test_ad_columns_are_the_rows_ad_rows_reads(store: Store) -> None:
    rows = [
        replace(
            ad_row(conversions=float(n % 4), clicks=100 + n),
            bucket=f"2026-10-{1 + n % 28:02d}",
            campaign=f"C{n % 3}",
            adset=f"S{n % 2}" if n % 5 else "",
            ad="" if n % 5 == 0 else f"A{n % 7}",
            leads=None if n % 2 else float(n),
            reach=None if n % 3 else 5000 + n,
            spend=0.1 * n + 0.01,
        )
        for n in range(200)
    ]
    await store.feeds.ingest(rows)
    stored = await store.feeds.ad_rows("2026-10-01", "day", breakdown="")

    columns = await store.feeds.ad_columns("day", "2026-10-01")

    assert len(columns) == len(stored)
    for i, row in enumerate(stored):  # ad_rows reads them in the same order
        assert columns.keys[columns.entity[i]] == (
            row.platform,
            row.account,
            row.campaign,
            row.adset,
            row.ad,
        )
        assert columns.bucket[i] == bucket_number(row.bucket)
        assert (columns.clicks[i], columns.spend[i]) == (row.clicks, row.spend)
        assert columns.conversions[i] == row.conversions
        assert np.isnan(columns.leads[i]) if row.leads is None else columns.leads[i] == row.leads
        assert np.isnan(columns.reach[i]) if row.reach is None else columns.reach[i] == row.reach


async def test_sqlite_columnar_read_needs_no_sort_and_no_table_lookups(store: Store) -> None:
    # Rows arrive a day at a time, so an entity's rows lie far apart in the table: the read
    # must come from an index already in entity and bucket order, holding the numbers.
    where = "granularity = 'day' AND breakdown = '' AND bucket >= '2026-01-01'"
    for sql in (
        "SELECT platform, account, campaign, adset, ad, COUNT(*) FROM ad_metrics"
        f" WHERE {where} GROUP BY platform, account, campaign, adset, ad"
        " ORDER BY platform, account, campaign, adset, ad",
        f"SELECT {', '.join(_AD_NUMBERS)} FROM ad_metrics WHERE {where}"
        " ORDER BY platform, account, campaign, adset, ad, bucket",
    ):
        plan = " / ".join(str(r[3]) for r in await store.db.fetchall("EXPLAIN QUERY PLAN " + sql))
        assert "COVERING INDEX ad_metrics_entity" in plan, plan
        assert "TEMP B-TREE" not in plan, plan


async def test_a_stored_bucket_that_is_not_a_time_is_named(store: Store) -> None:
    await store.feeds.ingest([ad_row(), replace(ad_row(), bucket="2026-11-2x")])
    with pytest.raises(ValueError, match=r"day bucket '2026-11-2x' is not a date or an hour"):
        await store.feeds.ad_columns("day", "2026-11-01")


async def test_a_write_by_another_store_is_read_from_the_rows_it_wrote(
    store_target: Path | str,
) -> None:
    # Two processes on one database: the reader never saw the other's write, so it cannot
    # read again only "the buckets it wrote since" (SQLite's data_version; on PostgreSQL the
    # store's own write counter); it takes the columns saved at its first read and reads
    # again the buckets holding rows written after it (their `seq`).
    days = [replace(ad_row(), bucket=f"2026-11-{day:02d}") for day in range(10, 16)]
    reader = await Store.open(store_target, clock=lambda: NOW)
    writer = await Store.open(store_target, clock=lambda: NOW)
    try:
        await reader.feeds.ingest(days)
        await reader.feeds.ad_metrics("2026-11-01", "2026-11-20T00")
        await reader.feeds.ad_metrics("2026-11-01", "2026-11-20T00")
        assert reader.feeds.ad_rows_read["day"] == 0

        await writer.feeds.ingest([replace(days[2], conversions=42.0)])
        after = await reader.feeds.ad_metrics("2026-11-01", "2026-11-20T00")
        assert reader.feeds.ad_rows_read["day"] == 1
        assert after.daily.conversions.tolist().count(42.0) == 1

        # Its own write since: only that bucket is read again.
        await reader.feeds.ingest([replace(days[4], conversions=7.0)])
        again = await reader.feeds.ad_metrics("2026-11-01", "2026-11-20T00")
        assert reader.feeds.ad_rows_read["day"] == 1
        assert sorted(again.daily.conversions.tolist()) == [3.0, 3.0, 3.0, 3.0, 7.0, 42.0]
    finally:
        await reader.close()
        await writer.close()
