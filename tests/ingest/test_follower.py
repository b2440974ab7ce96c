"""Following a feed file: growth, partial lines, quarantine, restart, rotation, truncation."""

from __future__ import annotations

import json
import logging
import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from bot.feeds.screen import Screen
from bot.ingest.follower import FileFollower
from bot.store import IngestCounts, Store
from tests.conftest import NOW


def comment_line(n: int, text: str = "Great boots!") -> str:
    return json.dumps(
        {
            "id": f"c{n}",
            "platform": "instagram",
            "brand": "alpenglow",
            "post_id": "p1",
            "author": f"hiker{n}",
            "text": text,
            "created_at": "2026-11-20T10:00:00+00:00",
        }
    )


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


async def settle(follower: FileFollower, polls: int = 3) -> int:
    """Poll as the bot does, a few times over; returns how many records were stored."""
    stored = 0
    for _ in range(polls):
        stored += (await follower.poll()).stored
    return stored


async def stored_ids(store: Store) -> list[str]:
    return [r[0] for r in await store.db.fetchall("SELECT id FROM comments ORDER BY rowid")]


async def test_follows_a_growing_file_and_waits_for_the_end_of_a_partial_line(
    store: Store, tmp_path: Path
) -> None:
    feed = tmp_path / "comments.jsonl"
    append(feed, comment_line(1) + "\n" + comment_line(2)[:25])
    follower = FileFollower(feed, "comments", store.feeds)
    assert (await follower.poll()).stored == 1
    assert (await follower.poll()).stored == 0
    append(feed, comment_line(2)[25:] + "\n" + comment_line(3) + "\n")
    assert (await follower.poll()).stored == 2
    assert await stored_ids(store) == ["c1", "c2", "c3"]
    positions = await store.db.fetchall("SELECT position FROM comments ORDER BY rowid")
    assert [r[0] for r in positions] == [1, 2, 3]


async def test_a_malformed_line_is_quarantined_with_its_line_and_the_rest_goes_on(
    store: Store, tmp_path: Path
) -> None:
    feed = tmp_path / "comments.jsonl"
    append(feed, comment_line(1) + "\n{not json\n\n" + comment_line(2) + "\n")
    feed.write_bytes(feed.read_bytes() + b'{"id": "\xff\xfe"}\n')
    counts = await FileFollower(feed, "comments", store.feeds).poll()
    assert (counts.stored, counts.quarantined) == (2, 2)
    bad = sorted((q.position, q.reason) for q in await store.feeds.quarantined())
    assert bad[0][0] == 2 and "JSON" in bad[0][1]
    assert bad[1][0] == 5 and "UTF-8" in bad[1][1]


async def test_a_restart_resumes_from_the_checkpoint(tmp_path: Path) -> None:
    feed = tmp_path / "comments.jsonl"
    append(feed, "".join(comment_line(n) + "\n" for n in range(1, 4)))
    db = tmp_path / "s.db"
    first = await Store.open(db)
    await FileFollower(feed, "comments", first.feeds).poll()
    await first.close()
    append(feed, comment_line(4) + "\n")
    second = await Store.open(db)
    counts = await FileFollower(feed, "comments", second.feeds).poll()
    assert (counts.stored, counts.duplicate) == (1, 0)
    assert await stored_ids(second) == ["c1", "c2", "c3", "c4"]
    await second.close()


async def test_a_rotated_file_is_read_from_its_start(store: Store, tmp_path: Path) -> None:
    feed = tmp_path / "comments.jsonl"
    append(feed, comment_line(1) + "\n" + comment_line(2) + "\n")
    follower = FileFollower(feed, "comments", store.feeds, rotation_grace=0)
    await follower.poll()
    os.rename(feed, tmp_path / "comments.jsonl.1")
    append(feed, comment_line(3) + "\n")
    assert await settle(follower) == 1
    assert await stored_ids(store) == ["c1", "c2", "c3"]


async def test_a_truncated_file_is_read_again_and_duplicates_are_not_stored(
    store: Store, tmp_path: Path
) -> None:
    feed = tmp_path / "comments.jsonl"
    append(feed, "".join(comment_line(n) + "\n" for n in range(1, 4)))
    follower = FileFollower(feed, "comments", store.feeds)
    await follower.poll()
    with feed.open("r+", encoding="utf-8") as handle:
        handle.truncate(0)
    append(feed, comment_line(1) + "\n" + comment_line(9) + "\n")
    counts = await follower.poll()
    assert (counts.stored, counts.duplicate) == (1, 1)


async def test_batches_larger_than_one_read_are_all_ingested(store: Store, tmp_path: Path) -> None:
    feed = tmp_path / "comments.jsonl"
    append(feed, "".join(comment_line(n) + "\n" for n in range(500)))
    counts = await FileFollower(feed, "comments", store.feeds, max_batch_bytes=4096).poll()
    assert counts.stored == 500


async def test_csv_feed_keeps_its_header_across_polls_and_restated_rows_update(
    store: Store, tmp_path: Path
) -> None:
    feed = tmp_path / "daily.csv"
    header = "date,platform,account,campaign,adset,ad,impressions,clicks,spend,conversions,revenue"
    append(feed, header + "\n2026-11-20,meta,acc,Spring,Set A,Ad 1,1000,30,50.5,2,120\n")
    follower = FileFollower(feed, "ad_metrics", store.feeds)
    assert (await follower.poll()).stored == 1
    append(feed, "2026-11-20,meta,acc,Spring,Set A,Ad 1,1000,30,50.5,5,300\n")
    assert (await follower.poll()).updated == 1
    assert await store.db.scalar("SELECT conversions FROM ad_metrics") == 5.0


async def test_a_csv_with_an_unknown_column_is_refused_once_with_the_columns_named(
    store: Store, tmp_path: Path
) -> None:
    feed = tmp_path / "daily.csv"
    append(
        feed,
        "date,platform,account,campaign,impressions,clicks,spend,conversions,revenue,"
        "mood\n2026-11-20,meta,acc,Spring,1,1,1,0,0,happy\n",
    )
    follower = FileFollower(feed, "ad_metrics", store.feeds)
    counts = await follower.poll()
    again = await follower.poll()
    assert (counts.quarantined, again.quarantined) == (1, 0)
    [refused] = await store.feeds.quarantined()
    assert "mood" in refused.reason


# --- Rotation drills: the file is renamed, truncated or copied away while it is followed ------


def lines(numbers: range) -> str:
    return "".join(comment_line(n) + "\n" for n in numbers)


async def test_lines_written_just_before_a_rename_are_read_before_the_new_file(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    feed = tmp_path / "comments.jsonl"
    append(feed, lines(range(1, 3)))
    follower = FileFollower(feed, "comments", store.feeds, rotation_grace=0)
    await follower.poll()
    offset = feed.stat().st_size
    append(feed, lines(range(3, 6)))  # written after the last poll, just before the rename
    os.rename(feed, tmp_path / "comments.jsonl.1")
    append(feed, lines(range(6, 8)))
    with caplog.at_level(logging.INFO, logger="bot.ingest"):
        assert await settle(follower) == 5
    assert await stored_ids(store) == [f"c{n}" for n in range(1, 8)]
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "rotated" in warning.getMessage() and str(feed) in warning.getMessage()
    assert f"offset={offset}" in warning.getMessage()


async def test_a_writer_still_appending_to_the_renamed_file_is_followed_until_it_stops(
    store: Store, tmp_path: Path
) -> None:
    feed = tmp_path / "comments.jsonl"
    append(feed, lines(range(1, 3)))
    follower = FileFollower(feed, "comments", store.feeds, rotation_grace=0)
    await follower.poll()
    with feed.open("a", encoding="utf-8") as writer:
        os.rename(feed, tmp_path / "comments.jsonl.1")
        append(feed, lines(range(10, 12)))
        await follower.poll()
        # The writer has not reopened its file yet: its next line still goes to the old one.
        writer.write(comment_line(3) + "\n")
    assert await settle(follower) >= 1
    assert sorted(await stored_ids(store)) == sorted(["c1", "c2", "c3", "c10", "c11"])


async def test_truncated_in_place_and_refilled_past_the_old_offset_reads_every_new_line(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    feed = tmp_path / "comments.jsonl"
    append(feed, lines(range(1, 3)))
    follower = FileFollower(feed, "comments", store.feeds)
    await follower.poll()
    offset = feed.stat().st_size
    with feed.open("r+", encoding="utf-8") as handle:
        handle.truncate(0)
    append(feed, lines(range(11, 21)))  # ten new lines, well past the old offset
    assert feed.stat().st_size > offset
    with caplog.at_level(logging.WARNING, logger="bot.ingest"):
        assert await settle(follower) == 10
    assert await store.db.scalar("SELECT COUNT(*) FROM quarantine") == 0
    assert await stored_ids(store) == ["c1", "c2", *(f"c{n}" for n in range(11, 21))]
    [warning] = caplog.records
    assert "truncated" in warning.getMessage() and f"offset={offset}" in warning.getMessage()


async def test_copytruncate_reads_the_lines_that_went_into_the_copy_then_the_new_ones(
    store: Store, tmp_path: Path
) -> None:
    feed = tmp_path / "comments.jsonl"
    append(feed, lines(range(1, 4)))
    follower = FileFollower(feed, "comments", store.feeds, rotation_grace=0)
    await follower.poll()
    append(feed, lines(range(4, 6)))  # after the last poll: these end up only in the copy
    shutil.copyfile(feed, tmp_path / "comments.jsonl.1")
    with feed.open("r+", encoding="utf-8") as handle:
        handle.truncate(0)
    append(feed, lines(range(6, 8)))
    assert await settle(follower) == 4
    assert await stored_ids(store) == [f"c{n}" for n in range(1, 8)]


async def test_a_file_rotated_while_the_bot_was_stopped_is_finished_after_the_restart(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    feed = tmp_path / "comments.jsonl"
    db = tmp_path / "s.db"
    append(feed, lines(range(1, 3)))
    first = await Store.open(db)
    await FileFollower(feed, "comments", first.feeds).poll()
    await first.close()
    append(feed, lines(range(3, 5)))
    os.rename(feed, tmp_path / "comments.jsonl.1")
    append(feed, lines(range(5, 7)))
    second = await Store.open(db)
    with caplog.at_level(logging.WARNING, logger="bot.ingest"):
        restarted = FileFollower(feed, "comments", second.feeds, rotation_grace=0)
        assert await settle(restarted) == 4
    assert await stored_ids(second) == [f"c{n}" for n in range(1, 7)]
    assert "comments.jsonl.1" in caplog.text
    await second.close()


async def test_a_file_truncated_and_refilled_while_the_bot_was_stopped_is_read_again(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "comments.jsonl"
    db = tmp_path / "s.db"
    append(feed, lines(range(1, 3)))
    first = await Store.open(db)
    await FileFollower(feed, "comments", first.feeds).poll()
    await first.close()
    with feed.open("r+", encoding="utf-8") as handle:
        handle.truncate(0)
    append(feed, lines(range(11, 21)))
    second = await Store.open(db)
    assert await settle(FileFollower(feed, "comments", second.feeds)) == 10
    await second.close()


async def test_a_file_gone_while_the_bot_was_stopped_is_named_in_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    feed = tmp_path / "comments.jsonl"
    db = tmp_path / "s.db"
    append(feed, lines(range(1, 3)))
    first = await Store.open(db)
    await FileFollower(feed, "comments", first.feeds).poll()
    await first.close()
    feed.unlink()
    append(feed, lines(range(3, 5)))
    second = await Store.open(db)
    with caplog.at_level(logging.WARNING, logger="bot.ingest"):
        assert await settle(FileFollower(feed, "comments", second.feeds)) == 2
    assert "gone" in caplog.text and "offset=" in caplog.text
    await second.close()


async def test_a_csv_truncated_and_refilled_without_its_header_keeps_the_header(
    store: Store, tmp_path: Path
) -> None:
    feed = tmp_path / "daily.csv"
    header = "date,platform,account,campaign,impressions,clicks,spend,conversions,revenue"
    append(feed, header + "\n2026-11-20,meta,acc,Spring,1000,30,50.5,2,120\n")
    follower = FileFollower(feed, "ad_metrics", store.feeds, rotation_grace=0)
    await follower.poll()
    append(feed, "2026-11-21,meta,acc,Spring,1000,30,50.5,2,120\n")
    shutil.copyfile(feed, tmp_path / "daily.csv.1")
    with feed.open("r+", encoding="utf-8") as handle:
        handle.truncate(0)
    # The writer goes on appending rows, without a header of their own; the first is bad.
    append(feed, "2026-11-22,meta,acc,Spring,1000,-30,50.5,2,120\n")
    append(feed, "2026-11-23,meta,acc,Spring,1000,30,50.5,2,120\n")
    assert await settle(follower) == 2
    days = await store.db.fetchall("SELECT bucket FROM ad_metrics ORDER BY bucket")
    assert [r[0] for r in days] == ["2026-11-20", "2026-11-21", "2026-11-23"]
    [bad] = await store.feeds.quarantined()
    assert (bad.position, bad.reason) == (1, "clicks: must be ≥ 0, got -30")


async def test_a_csv_rewritten_with_a_new_header_is_read_with_it(
    store: Store, tmp_path: Path
) -> None:
    feed = tmp_path / "daily.csv"
    append(feed, "date,platform,account,campaign,impressions,clicks,spend,conversions,revenue\n")
    append(feed, "2026-11-20,meta,acc,Spring,1000,30,50.5,2,120\n")
    follower = FileFollower(feed, "ad_metrics", store.feeds)
    await follower.poll()
    feed.write_text(
        "platform,account,campaign,date,impressions,clicks,spend,conversions,revenue,reach\n"
        "meta,acc,Spring,2026-11-21,1000,30,50.5,2,120,800\n"
        "meta,acc,Spring,2026-11-22,1000,30,50.5,2,120,800\n",
        encoding="utf-8",
    )
    assert await settle(follower) == 2
    assert await store.db.scalar("SELECT COUNT(*) FROM ad_metrics WHERE reach = 800") == 2


# --- Size limits --------------------------------------------------------------------------------


@pytest.mark.slow
async def test_a_ten_megabyte_comment_is_quarantined_by_its_length_and_the_rest_goes_on(
    store: Store, tmp_path: Path
) -> None:
    feed = tmp_path / "comments.jsonl"
    huge = comment_line(2, text="spam " * 2_097_152)  # 10 MB of text in one line
    append(feed, comment_line(1) + "\n" + huge + "\n" + comment_line(3) + "\n")
    counts = await FileFollower(feed, "comments", store.feeds).poll()
    assert (counts.stored, counts.quarantined) == (2, 1)
    [bad] = await store.feeds.quarantined()
    assert bad.position == 2
    assert bad.reason == f"line longer than 1,048,576 bytes ({len(huge):,} bytes)"
    assert bad.raw.startswith('{"id": "c2"') and len(bad.raw) <= 2000
    assert await stored_ids(store) == ["c1", "c3"]


async def test_a_long_line_still_being_written_is_quarantined_once_it_ends(
    store: Store, tmp_path: Path
) -> None:
    feed = tmp_path / "comments.jsonl"
    follower = FileFollower(feed, "comments", store.feeds, max_line_bytes=4096)
    append(feed, comment_line(1) + "\n" + '{"id": "c2", "text": "' + "x" * 10_000)
    assert (await follower.poll()).stored == 1
    append(feed, "x" * 10_000 + '"}\n' + comment_line(3) + "\n")
    counts = await follower.poll()
    assert (counts.stored, counts.quarantined) == (1, 1)
    [bad] = await store.feeds.quarantined()
    assert (bad.position, bad.reason) == (2, "line longer than 4,096 bytes (20,024 bytes)")


async def test_a_comment_longer_than_the_limit_is_quarantined_naming_the_field(
    store: Store, tmp_path: Path
) -> None:
    feed = tmp_path / "comments.jsonl"
    append(feed, comment_line(1, "a" * 10_000) + "\n" + comment_line(2, "b" * 10_001) + "\n")
    counts = await FileFollower(feed, "comments", store.feeds).poll()
    assert (counts.stored, counts.quarantined) == (1, 1)
    [bad] = await store.feeds.quarantined()
    assert bad.reason == "text: 10,001 characters, more than the 10,000 a comment may have"


# --- The screen: brands of the workspace, dates not ahead of the clock --------------------------


def screen() -> Screen:
    return Screen(frozenset({"alpenglow", "lumora"}), lambda: NOW)


async def test_a_comment_for_a_brand_not_in_the_workspace_is_quarantined_and_logged(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    feed = tmp_path / "comments.jsonl"
    stray = json.loads(comment_line(2))
    stray["brand"] = "northwind"
    append(feed, comment_line(1) + "\n" + json.dumps(stray) + "\n")
    with caplog.at_level(logging.WARNING, logger="bot.ingest"):
        counts = await FileFollower(feed, "comments", store.feeds, screen=screen()).poll()
    assert (counts.stored, counts.quarantined) == (1, 1)
    reason = "brand 'northwind' is not in the workspace (known: alpenglow, lumora)"
    [bad] = await store.feeds.quarantined()
    assert (bad.position, bad.reason) == (2, reason)
    assert json.loads(bad.raw)["brand"] == "northwind"
    assert reason in caplog.text
    assert await stored_ids(store) == ["c1"]


async def test_a_comment_dated_more_than_a_day_ahead_is_quarantined(
    store: Store, tmp_path: Path
) -> None:
    feed = tmp_path / "comments.jsonl"
    soon, later = json.loads(comment_line(1)), json.loads(comment_line(2))
    soon["created_at"] = (NOW + timedelta(hours=23)).isoformat()
    later["created_at"] = "2031-01-01T00:00:00Z"
    append(feed, json.dumps(soon) + "\n" + json.dumps(later) + "\n")
    counts = await FileFollower(feed, "comments", store.feeds, screen=screen()).poll()
    assert (counts.stored, counts.quarantined) == (1, 1)
    [bad] = await store.feeds.quarantined()
    assert bad.reason == (
        "created_at: 2031-01-01T00:00:00+00:00 is more than 1 day ahead of the bot's clock"
        " (2026-11-25T08:00:00+00:00)"
    )


async def test_an_ad_row_for_a_day_ahead_of_tomorrow_is_quarantined(
    store: Store, tmp_path: Path
) -> None:
    feed = tmp_path / "daily.csv"
    append(
        feed,
        "date,platform,account,campaign,impressions,clicks,spend,conversions,revenue\n"
        "2026-11-26,meta,acc,Spring,1000,30,50.5,2,120\n"
        "2026-11-27,meta,acc,Spring,1000,30,50.5,2,120\n",
    )
    counts = await FileFollower(feed, "ad_metrics", store.feeds, screen=screen()).poll()
    assert (counts.stored, counts.quarantined) == (1, 1)
    [bad] = await store.feeds.quarantined()
    assert bad.position == 3 and bad.reason.startswith("date: 2026-11-27 is more than 1 day")


async def test_a_file_replaced_by_a_longer_copy_of_itself_is_read_on_from_the_offset(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    feed = tmp_path / "comments.jsonl"
    db = tmp_path / "s.db"
    append(feed, lines(range(1, 3)))
    store = await Store.open(db)
    follower = FileFollower(feed, "comments", store.feeds, rotation_grace=0)
    await follower.poll()
    # Replaced atomically, as editors and some exporters write: a new file, the same beginning.
    (tmp_path / "tmp").write_text(lines(range(1, 5)), encoding="utf-8")
    os.replace(tmp_path / "tmp", feed)
    total = IngestCounts()
    for _ in range(3):
        total.add(await follower.poll())
    assert (total.stored, total.duplicate) == (2, 0)
    await store.close()
    # And while the bot is stopped.
    (tmp_path / "tmp").write_text(lines(range(1, 7)), encoding="utf-8")
    os.replace(tmp_path / "tmp", feed)
    store = await Store.open(db)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="bot.ingest"):
        counts = await FileFollower(feed, "comments", store.feeds).poll()
    assert (counts.stored, counts.duplicate) == (2, 0)
    assert caplog.text == ""
    assert await stored_ids(store) == [f"c{n}" for n in range(1, 7)]
    await store.close()
