"""Comments as connectors deliver them: added, edited or removed, in any order, any number of
times, each stored once and each change applied once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.models import ChangeCounts, Checkpoint, CommentChange, DraftStatus, Rejected
from bot.notices import Notice
from bot.store import audit, outbox
from bot.store.feeds import FeedStore
from bot.store.sql import Connection, SqlDatabase

__all__ = ["CommentChanges"]

# Who withdrew a draft, in the audit log and on the review message.
ACTOR = "connector"
_OPEN = (DraftStatus.NEW.value, DraftStatus.PENDING_REVIEW.value)


class CommentChanges:
    """Applies a delivery's changes, its quarantined items and its checkpoint in one
    transaction: a comment is added through the same path as a feed file's line (dedupe by
    platform + id), an edit replaces its text, a removal leaves a mark that outlives late
    deliveries. A draft still waiting for review is withdrawn (rejected, with the reason, and
    its review message updated) when its comment is removed, or edited after it was written:
    nobody may approve a reply to words the customer took back."""

    def __init__(self, db: SqlDatabase, feeds: FeedStore) -> None:
        self._db = db
        # New comments go through the feeds' own write (dedup key, quarantine, checkpoint).
        self._feeds = feeds

    async def apply(
        self,
        changes: Sequence[CommentChange],
        rejected: Sequence[Rejected] = (),
        source: str = "",
        checkpoint: Checkpoint | None = None,
    ) -> ChangeCounts:
        now = self._db.now()
        counts = ChangeCounts()
        async with self._db.transaction() as conn:
            for change in changes:
                await self._apply_one(conn, change, source, now, counts)
            written = await self._feeds.write(conn, now, (), rejected, checkpoint, source)
            counts.quarantined += written.quarantined
        return counts

    async def _apply_one(
        self,
        conn: Connection,
        change: CommentChange,
        source: str,
        now: str,
        counts: ChangeCounts,
    ) -> None:
        async with conn.execute(
            "SELECT changed_at, removed FROM comment_changes WHERE key = ?", (change.key,)
        ) as cur:
            mark = await cur.fetchone()
        if mark is not None and int(mark[1]):
            # Removed already: a late add or edit must not bring it back.
            counts.stale += 1
            return
        at = change.changed_at.isoformat()
        stored = await _stored_text(conn, change.key)
        if change.verb == "add":
            if stored is not None:
                counts.duplicate += 1
                return
            await self._insert(conn, change, source, now, counts)
            return
        if mark is not None and datetime.fromisoformat(mark[0]) >= change.changed_at:
            counts.stale += 1
            return
        await conn.execute(
            "INSERT INTO comment_changes (key, changed_at, removed, source, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
            " changed_at = excluded.changed_at, removed = excluded.removed,"
            " source = excluded.source, updated_at = excluded.updated_at",
            (change.key, at, int(change.verb == "remove"), source, now),
        )
        if change.verb == "remove":
            counts.removed += 1
            if stored is None:
                return
            # Not analysed yet: it never will be, so no draft is made for it.
            await conn.execute(
                "UPDATE comments SET processed_at = ? WHERE key = ? AND processed_at IS NULL",
                (now, change.key),
            )
            platform = change.key.split(":", 1)[0]
            reason = f"withdrawn: the comment was removed on {platform}"
            counts.withdrawn += await _withdraw(conn, change.key, reason, now)
            return
        if stored is None:
            # An edit that overtook its add: the edited comment is the comment.
            await self._insert(conn, change, source, now, counts)
            return
        assert change.comment is not None
        if stored == change.comment.text:
            counts.duplicate += 1
            return
        await conn.execute(
            "UPDATE comments SET text = ? WHERE key = ?", (change.comment.text, change.key)
        )
        counts.edited += 1
        reason = "withdrawn: the comment was edited after this draft was written; it now reads: "
        counts.withdrawn += await _withdraw(conn, change.key, reason + change.comment.text, now)

    async def _insert(
        self,
        conn: Connection,
        change: CommentChange,
        source: str,
        now: str,
        counts: ChangeCounts,
    ) -> None:
        assert change.comment is not None
        written = await self._feeds.write(
            conn, now, [change.comment], (), None, source, [change.position]
        )
        counts.stored += written.stored
        counts.duplicate += written.duplicate


async def _stored_text(conn: Connection, key: str) -> str | None:
    async with conn.execute("SELECT text FROM comments WHERE key = ?", (key,)) as cur:
        row = await cur.fetchone()
    return None if row is None else str(row[0])


async def _withdraw(conn: Connection, key: str, reason: str, now: str) -> int:
    """Reject the comment's draft if it still waits for a decision; update its review
    messages. A draft decided already is left as it is (publishing checks the comment)."""
    async with conn.execute(
        "SELECT d.id, d.action, d.text, d.brand, d.platform, c.author, c.text FROM drafts d"
        " JOIN comments c ON c.key = d.comment_key"
        f" WHERE d.comment_key = ? AND d.status IN {_OPEN}",
        (key,),
    ) as cur:
        row = await cur.fetchone()
    if row is None:
        return 0
    draft_id = int(row[0])
    status = DraftStatus.REJECTED.value
    await conn.execute(
        "UPDATE drafts SET status = ?, reason = ?, decided_by = ?, decided_at = ?,"
        " updated_at = ? WHERE id = ?",
        (status, reason, ACTOR, now, now, draft_id),
    )
    await audit.record(conn, now, ACTOR, f"draft.{status}", f"draft:{draft_id}", {"reason": reason})
    async with conn.execute(
        "SELECT DISTINCT receiver FROM notifications WHERE kind = 'draft' AND subject = ?"
        " AND status = 'sent' AND message_ref IS NOT NULL ORDER BY receiver",
        (str(draft_id),),
    ) as cur:
        receivers = [str(r[0]) for r in await cur.fetchall()]
    for receiver in receivers:
        notice = Notice(
            kind="decision",
            receiver=receiver,
            subject=str(draft_id),
            dedupe_key=f"decision:{draft_id}:{status}",
            data={
                "draft_id": draft_id,
                "status": status,
                "action": row[1],
                "by": ACTOR,
                "at": now,
                "text": row[2],
                "reason": reason,
                "brand": row[3],
                "platform": row[4],
                "author": row[5],
                "comment_text": row[6],
            },
        )
        await outbox.queue(conn, notice, now)
    return 1
