"""Each receiver's last scheduled summary, persisted and claimed with the notice it queues."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import cast

import aiosqlite

from bot.store import Store
from bot.summary.schedule import Mark, Slot, SummaryKind

__all__ = ["claim", "marks", "track"]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


async def marks(store: Store) -> dict[tuple[str, str], Mark]:
    """Every (receiver, kind) seen so far with the last slot handled."""
    rows = await store.db.fetchall(
        "SELECT receiver, kind, tracked_since, slot_at, sent_at FROM summary_runs"
    )
    return {
        (r[0], r[1]): Mark(
            receiver=r[0],
            kind=cast(SummaryKind, r[1]),
            tracked_since=datetime.fromisoformat(r[2]),
            slot_at=datetime.fromisoformat(r[3]) if r[3] else None,
            sent_at=datetime.fromisoformat(r[4]) if r[4] else None,
        )
        for r in rows
    }


async def track(store: Store, keys: Iterable[tuple[str, str]], now: datetime) -> int:
    """Start watching schedules seen for the first time; returns how many were new."""
    new = 0
    async with store.db.transaction() as conn:
        for receiver, kind in keys:
            cur = await conn.execute(
                "INSERT OR IGNORE INTO summary_runs (receiver, kind, tracked_since)"
                " VALUES (?, ?, ?)",
                (receiver, kind, _iso(now)),
            )
            new += cur.rowcount
    return new


async def claim(
    conn: aiosqlite.Connection, slot: Slot, covered: date, late: bool, now: datetime
) -> bool:
    """Mark `slot` handled inside the caller's transaction; False when it already was
    (another process, or a step that raced this one)."""
    cur = await conn.execute(
        "UPDATE summary_runs SET slot_at = ?, slot_day = ?, covered_day = ?, sent_at = ?,"
        " late = ? WHERE receiver = ? AND kind = ? AND (slot_at IS NULL OR slot_at < ?)",
        (
            _iso(slot.at),
            slot.local_day.isoformat(),
            covered.isoformat(),
            _iso(now),
            int(late),
            slot.receiver,
            slot.kind,
            _iso(slot.at),
        ),
    )
    return cur.rowcount == 1
