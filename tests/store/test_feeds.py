"""Storing feed records: dedupe, restated ad rows, quarantine and checkpoints."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.models import AdMetricRow, Comment, OrganicPost, ProfileSnapshot, Rejected
from bot.store import Checkpoint, Store


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
    row = await store.db.fetchone("SELECT conversions, revision, COUNT(*) FROM ad_metrics")
    assert row is not None
    assert (row[0], row[1], row[2]) == (7.0, 2, 1)


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
