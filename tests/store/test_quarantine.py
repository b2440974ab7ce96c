"""Reading the quarantine: newest first, by time and file, one record, and a window's tally."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.models import Rejected
from bot.store import Store
from bot.store.quarantine import QuarantineGroup


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


T0 = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


async def _filled(target: Path | str) -> tuple[Store, Clock]:
    clock = Clock(T0)
    store = await Store.open(target, clock)
    batches = [
        (T0, "/feeds/comments.jsonl", [(3, "author: missing"), (7, "author: missing")]),
        (T0 + timedelta(hours=5), "/drop/100%_real.csv", [(4, "clicks: must be ≥ 0, got -5")]),
        (T0 + timedelta(hours=30), "/drop/meta.xlsx", [(0, "xlsx exports are not read yet")]),
    ]
    for at, source, lines in batches:
        clock.now = at
        await store.feeds.ingest([], [Rejected(source, n, f"raw {n}", why) for n, why in lines])
    return store, clock


async def test_records_come_newest_first_filtered_by_time_and_file(
    store_target: Path | str,
) -> None:
    store, _ = await _filled(store_target)
    try:
        every = await store.quarantine.select()
        assert [(q.source, q.position) for q in every] == [
            ("/drop/meta.xlsx", 0),
            ("/drop/100%_real.csv", 4),
            ("/feeds/comments.jsonl", 7),
            ("/feeds/comments.jsonl", 3),
        ]
        recent = await store.quarantine.select(since=T0 + timedelta(hours=5))
        assert [q.position for q in recent] == [0, 4]
        assert [q.position for q in await store.quarantine.select(source="COMMENTS")] == [7, 3]
        # `%` and `_` in a name are the characters themselves, not LIKE wildcards.
        assert [q.source for q in await store.quarantine.select(source="100%_")] == [
            "/drop/100%_real.csv"
        ]
        assert await store.quarantine.select(source="100%.") == []
        assert len(await store.quarantine.select(limit=1)) == 1
        one = every[1]
        assert await store.quarantine.get(one.id) == one
        assert await store.quarantine.get(one.id + 100) is None
    finally:
        await store.close()


async def test_a_tally_counts_a_half_open_window_by_reason(store_target: Path | str) -> None:
    store, _ = await _filled(store_target)
    try:
        day = await store.quarantine.tally(T0, T0 + timedelta(days=1))
        assert (day.records, day.files) == (3, 0)
        assert day.groups == (
            QuarantineGroup("/feeds/comments.jsonl", "author: missing", False, 2),
            QuarantineGroup("/drop/100%_real.csv", "clicks: must be ≥ 0, got -5", False, 1),
        )
        later = await store.quarantine.tally(T0 + timedelta(hours=5), T0 + timedelta(days=2))
        assert (later.records, later.files) == (1, 1)  # the xlsx is a whole file
        assert [g.source for g in later.groups] == ["/drop/100%_real.csv", "/drop/meta.xlsx"]
        end = await store.quarantine.tally(T0 + timedelta(hours=5), T0 + timedelta(hours=30))
        assert [g.source for g in end.groups] == ["/drop/100%_real.csv"]  # `until` is excluded
        empty = await store.quarantine.tally(T0 - timedelta(days=2), T0)
        assert (empty.records, empty.files, empty.groups) == (0, 0, ())
    finally:
        await store.close()
