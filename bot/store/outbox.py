"""The outbox: notices queued in the transaction that caused them, sent once, refs kept."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import cast

from bot.channel import MessageRef
from bot.notices import Notice, NoticeKind
from bot.store.sql import Connection, Row, SqlDatabase

__all__ = [
    "ClaimLost",
    "Outbox",
    "notice_from_row",
    "queue",
    "queue_many",
]


async def queue(conn: Connection, notice: Notice, now: str) -> bool:
    """Queue inside the caller's transaction; False when the same notice was queued before."""
    cur = await conn.execute(
        "INSERT INTO notifications (receiver, kind, subject, dedupe_key, payload,"
        " status, created_at) VALUES (?, ?, ?, ?, ?, 'queued', ?) ON CONFLICT DO NOTHING",
        (notice.receiver, notice.kind, notice.subject, notice.dedupe_key, notice.payload(), now),
    )
    return cur.rowcount > 0


def notice_from_row(r: Row) -> Notice:
    """A queued notice from a row of the notifications table, in the outbox's column order."""
    return Notice(
        kind=cast(NoticeKind, r[1]),
        receiver=r[2],
        subject=r[3],
        dedupe_key=r[4],
        data=json.loads(r[5]),
        id=int(r[0]),
    )


async def queue_many(conn: Connection, notices: Sequence[Notice], now: str) -> None:
    """Queue a batch inside the caller's transaction; repeats are ignored."""
    await conn.executemany(
        "INSERT INTO notifications (receiver, kind, subject, dedupe_key, payload,"
        " status, created_at) VALUES (?, ?, ?, ?, ?, 'queued', ?) ON CONFLICT DO NOTHING",
        [(n.receiver, n.kind, n.subject, n.dedupe_key, n.payload(), now) for n in notices],
    )


class ClaimLost(Exception):
    """A claim this worker no longer holds: the notice is not sent (its claim is checked
    right before), or, sent while it passed to another worker, not marked sent here. Also
    raised by a publication begun without the draft's claim (bot/store/publications.py)."""


class Outbox:
    """Reads and settles queued notices; the sender loop is its only consumer."""

    def __init__(self, db: SqlDatabase, holder: str | None = None) -> None:
        self._db = db
        # The worker whose claims this outbox marks sent: only notices still its own.
        self._holder = holder

    def held_by(self, worker: str) -> Outbox:
        """This outbox for `worker`'s sender: a notice whose claim another worker took
        meanwhile is not marked sent (ClaimLost), so the sender stops its batch."""
        return Outbox(self._db, worker)

    async def queue(self, notice: Notice) -> bool:
        async with self._db.transaction() as conn:
            return await queue(conn, notice, self._db.now())

    async def due(self, limit: int = 100, skip: Sequence[str] = ()) -> list[Notice]:
        """The oldest queued notices but those for the receivers in `skip` (paused)."""
        paused = f" AND receiver NOT IN ({', '.join('?' for _ in skip)})" if skip else ""
        rows = await self._db.fetchall(
            "SELECT id, kind, receiver, subject, dedupe_key, payload FROM notifications"
            f" WHERE status = 'queued'{paused} ORDER BY id LIMIT ?",
            (*skip, limit),
        )
        return [notice_from_row(r) for r in rows]

    async def mark_sent(self, notice_id: int, ref: MessageRef | None) -> None:
        """Record the send. For a worker's sender (`held_by`), a notice whose claim another
        worker took meanwhile is still recorded when that one has not sent it yet (it was
        sent: nobody may send it again), then ClaimLost stops the sender's batch."""
        lost = False
        async with self._db.transaction() as conn:
            if self._holder is not None:
                # Locked: a claim by another worker (which passes over locked rows) cannot
                # take the notice between this read and the update below.
                async with conn.execute(
                    "SELECT claimed_by FROM notifications WHERE id = ?"
                    + self._db.dialect.for_update,
                    (notice_id,),
                ) as cur:
                    row = await cur.fetchone()
                lost = row is not None and row[0] not in (None, self._holder)
            await conn.execute(
                "UPDATE notifications SET status = 'sent', sent_at = ?, attempts = attempts + 1,"
                " message_ref = ?, error = NULL WHERE id = ?"
                + (" AND status = 'queued'" if lost else ""),
                (self._db.now(), ref.to_json() if ref else None, notice_id),
            )
        if lost:
            raise ClaimLost(f"notice {notice_id} is claimed by another worker")

    async def mark_failed(
        self, notice_id: int, error: str, give_up_after: int | None, maybe_sent: bool = False
    ) -> None:
        """Count a failed attempt; after `give_up_after` attempts the notice is marked failed.
        For a worker's sender (`held_by`) its record of the send as begun is taken back, but
        for a failure that `maybe_sent` the notice (a timeout): kept, a worker taking the
        notice over waits for it as for a send under way (bot/workers.py, may_send_again)."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE notifications SET attempts = attempts + 1, error = ?,"
                " status = CASE WHEN CAST(? AS INTEGER) IS NOT NULL"
                " AND attempts + 1 >= CAST(? AS INTEGER) THEN 'failed'"
                " ELSE status END WHERE id = ?",
                (error[:500], give_up_after, give_up_after, notice_id),
            )
            if self._holder is not None and not maybe_sent:
                # The send this worker began failed: no worker taking the notice over need
                # wait for this one to record it.
                await conn.execute(
                    "UPDATE notifications SET send_started_at = NULL, send_started_by = NULL"
                    " WHERE id = ? AND send_started_by = ?",
                    (notice_id, self._holder),
                )

    async def find(self, kind: NoticeKind, subject: str) -> Notice | None:
        """The first notice of this kind about `subject`, whatever its status."""
        rows = await self._db.fetchall(
            "SELECT id, kind, receiver, subject, dedupe_key, payload FROM notifications"
            " WHERE kind = ? AND subject = ? ORDER BY id LIMIT 1",
            (kind, subject),
        )
        return notice_from_row(rows[0]) if rows else None

    async def refs(self, kind: NoticeKind, subject: str) -> list[MessageRef]:
        """Where the notices about `subject` were posted (to edit them after a decision)."""
        rows = await self._db.fetchall(
            "SELECT message_ref FROM notifications WHERE kind = ? AND subject = ?"
            " AND status = 'sent' AND message_ref IS NOT NULL ORDER BY id",
            (kind, subject),
        )
        return [MessageRef.from_json(r[0]) for r in rows]

    async def sent_mentioning(self, kind: NoticeKind, word: str) -> list[tuple[MessageRef, Notice]]:
        """The messages of this kind whose notice mentions `word` (an alert's fingerprint), with
        that notice: to edit each message a command changed after it was posted."""
        rows = await self._db.fetchall(
            "SELECT id, kind, receiver, subject, dedupe_key, payload, message_ref FROM"
            " notifications WHERE kind = ? AND status = 'sent' AND message_ref IS NOT NULL"
            f" AND {self._db.dialect.contains('payload', '?')} ORDER BY id",
            (kind, word),
        )
        return [(MessageRef.from_json(r[6]), notice_from_row(r)) for r in rows]

    async def queued_for(self, receivers: Sequence[str]) -> int:
        """How many notices wait for `receivers`."""
        marks = ", ".join("?" for _ in receivers)
        return int(
            await self._db.scalar(
                "SELECT COUNT(*) FROM notifications WHERE status = 'queued'"
                f" AND receiver IN ({marks})",
                tuple(receivers),
            )
        )

    async def depth(self) -> int:
        return int(
            await self._db.scalar("SELECT COUNT(*) FROM notifications WHERE status = 'queued'")
        )

    async def counts(self) -> dict[str, int]:
        rows = await self._db.fetchall("SELECT status, COUNT(*) FROM notifications GROUP BY status")
        return {r[0]: int(r[1]) for r in rows}
