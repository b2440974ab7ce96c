"""Following a feed file: growth, partial lines, quarantine, restart, rotation, truncation."""

from __future__ import annotations

import json
import os
from pathlib import Path

from bot.ingest.follower import FileFollower
from bot.store import Store


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
    follower = FileFollower(feed, "comments", store.feeds)
    await follower.poll()
    os.rename(feed, tmp_path / "comments.jsonl.1")
    append(feed, comment_line(3) + "\n")
    counts = await follower.poll()
    assert counts.stored == 1
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
