"""Each receiver's last scheduled summary, claimed in the transaction that queues its notice."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Protocol, cast

from bot.models import Mark, SummaryKind
from bot.notices import Notice
from bot.store import outbox
from bot.store.sql import Connection, SqlDatabase

__all__ = ["ScheduledSend", "SummaryRuns"]


class ScheduledSend(Protocol):
    """One scheduled send of a summary (`bot.summary.schedule.Slot`)."""

    @property
    def receiver(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def at(self) -> datetime: ...

    @property
    def local_day(self) -> date: ...


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


async def _claim(
    conn: Connection, slot: ScheduledSend, covered: date, late: bool, now: datetime
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


class SummaryRuns:
    """The schedules watched, the last send of each, and sending one exactly once."""

    def __init__(self, db: SqlDatabase) -> None:
        self._db = db

    async def marks(self) -> dict[tuple[str, str], Mark]:
        """Every (receiver, kind) seen so far with the last slot handled."""
        rows = await self._db.fetchall(
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

    async def track(self, keys: Iterable[tuple[str, str]], now: datetime) -> int:
        """Start watching schedules seen for the first time; returns how many were new."""
        new = 0
        async with self._db.transaction() as conn:
            for receiver, kind in keys:
                cur = await conn.execute(
                    "INSERT INTO summary_runs (receiver, kind, tracked_since)"
                    " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    (receiver, kind, _iso(now)),
                )
                new += cur.rowcount
        return new

    async def claim(self, slot: ScheduledSend, covered: date, late: bool, now: datetime) -> bool:
        """Mark `slot` handled, in a transaction of its own; False when it already was
        (another process, or a step that raced this one)."""
        async with self._db.transaction() as conn:
            return await _claim(conn, slot, covered, late, now)

    async def send_once(
        self, slot: ScheduledSend, covered: date, late: bool, now: datetime, notice: Notice
    ) -> bool:
        """Claim `slot` and queue its `notice` in one transaction; True when the notice was
        queued, False when the slot was claimed before or the notice was queued already."""
        async with self._db.transaction() as conn:
            if not await _claim(conn, slot, covered, late, now):
                return False
            return await outbox.queue(conn, notice, self._db.now())
