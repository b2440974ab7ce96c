"""Comment analyses and reply drafts, and the review lifecycle they go through."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.draft_review import (
    BY_HAND,
    HIDE_ACTIONS,
    DraftChanged,
    DraftNotFound,
    DraftRecord,
    InvalidTransition,
    UnfitDecision,
    decision_problem,
    takes_reply,
)
from bot.models import DRAFT_TRANSITIONS, Comment, DraftStatus, Engagement
from bot.notices import Notice
from bot.store import audit, outbox
from bot.store.rows import (
    CommentRow,
    Cursor,
    EngagementRows,
    ReviewPayload,
    comment_from_row,
    engagement_rows,
)
from bot.store.sql import Connection, Row, SqlDatabase

__all__ = ["UNPROCESSED", "DraftStore"]

_SELECT = (
    "SELECT d.id, d.comment_key, d.brand, d.platform, d.action, d.text, d.note, d.status,"
    " d.reason, d.decided_by, d.decided_at, d.published_at, d.created_at, c.author, c.text,"
    " c.created_at, c.post_id, COALESCE(a.priority, 0), COALESCE(a.intents, '[]'),"
    " COALESCE(a.sentiment, '') FROM drafts d JOIN comments c ON c.key = d.comment_key"
    " LEFT JOIN comment_analyses a ON a.comment_key = d.comment_key"
)


def _record(r: Row) -> DraftRecord:
    return DraftRecord(
        id=int(r[0]),
        comment_key=r[1],
        brand=r[2],
        platform=r[3],
        action=r[4],
        text=r[5],
        note=r[6],
        status=DraftStatus(r[7]),
        reason=r[8],
        decided_by=r[9],
        decided_at=r[10],
        published_at=r[11],
        created_at=r[12],
        author=r[13],
        comment_text=r[14],
        comment_created_at=r[15],
        post_id=r[16],
        priority=float(r[17]),
        intents=tuple(json.loads(r[18])),
        sentiment=r[19],
    )


# The comments no worker has analysed yet, in the columns a CommentRow is built from.
# rowid: SQLite's own row number; the PostgreSQL schema has a column of that name for it.
UNPROCESSED = (
    "SELECT id, platform, brand, post_id, author, text, created_at, parent_id, author_followers,"
    " url, lang, ingested_at, rowid FROM comments WHERE processed_at IS NULL"
)


# A customer's thread: the key of one of its comments (the group's first, as found).
_Thread = str
# Drafts still waiting for a decision; a new comment in their thread updates them.
_OPEN = ("new", "pending_review")
_CHUNK = 400
# How far up a reply chain (customer, brand, customer…) a comment's thread is looked for.
_CHAIN_DEPTH = 8


@dataclass(slots=True)
class _Threads:
    """The thread of each comment being saved (with its text), and the open reply draft of
    each of those threads (its id and the text of the comment it answers).

    A customer's thread is their comments on one post, and the comments they chain by replying
    (to their own comment, or to the brand's answer to it): a follow-up on X is a post of its
    own, joined to the first by its parent."""

    of: dict[str, tuple[_Thread, str]]
    open: dict[_Thread, tuple[int, str]]

    def get(self, key: str, default: tuple[None, str]) -> tuple[_Thread | None, str]:
        return self.of.get(key, default)


class _Groups:
    """Union-find over comment keys: comments found to share a thread end in one group."""

    def __init__(self) -> None:
        self._up: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = key
        while (parent := self._up.get(root, root)) != root:
            root = parent
        while key != root:
            self._up[key], key = root, self._up.get(key, key)
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._up[rb] = ra


async def _threads(conn: Connection, keys: Sequence[str]) -> _Threads:
    groups = _Groups()
    texts: dict[str, str] = {}
    by_post: dict[tuple[str, str, str, str], str] = {}
    replies: list[str] = []
    for start in range(0, len(keys), _CHUNK):
        part = list(keys[start : start + _CHUNK])
        marks = ", ".join("?" for _ in part)
        async with conn.execute(
            f"SELECT key, brand, platform, post_id, author, text, parent_id FROM comments"
            f" WHERE key IN ({marks})",
            part,
        ) as cur:
            for r in await cur.fetchall():
                texts[r[0]] = r[5]
                post = (r[1], r[2], r[3], r[4])
                groups.join(by_post.setdefault(post, r[0]), r[0])
                if r[6] is not None:
                    replies.append(r[0])
    open_drafts: dict[str, tuple[int, str]] = {}
    await _open_on_posts(conn, by_post, groups, open_drafts)
    # Only replies have a chain to walk up.
    await _open_up_chains(conn, replies, groups, open_drafts)
    found = _Threads({}, {})
    for key, text in texts.items():
        found.of[key] = (groups.find(key), text)
    for key, (draft_id, said) in sorted(open_drafts.items(), key=lambda item: item[1][0]):
        # The newest open draft of a thread is the one its next comment takes over.
        found.open[groups.find(key)] = (draft_id, said)
    return found


async def _open_on_posts(
    conn: Connection,
    by_post: dict[tuple[str, str, str, str], str],
    groups: _Groups,
    open_drafts: dict[str, tuple[int, str]],
) -> None:
    """The open reply drafts on the comments each author of the batch left on the same post."""
    pairs = sorted({(t[2], t[3]) for t in by_post})
    hides = ", ".join(f"'{a}'" for a in sorted(HIDE_ACTIONS))
    for start in range(0, len(pairs), _CHUNK):
        some = pairs[start : start + _CHUNK]
        values = ", ".join("(?, ?)" for _ in some)
        async with conn.execute(
            # Threads first, then their comments by the thread index, then each one's draft:
            # the work follows the batch, not the number of drafts waiting. (SQLite joins
            # in CROSS JOIN order; the join conditions sit in WHERE, where PostgreSQL too
            # takes them with a CROSS JOIN.)
            f"WITH t (post_id, author) AS (VALUES {values})"
            " SELECT d.id, c.brand, c.platform, c.post_id, c.author, c.text, c.key FROM t"
            " CROSS JOIN comments c CROSS JOIN drafts d"
            " WHERE c.post_id = t.post_id AND c.author = t.author AND d.comment_key = c.key"
            f" AND d.status IN {_OPEN} AND d.action NOT IN ({hides}) ORDER BY d.id",
            [v for pair in some for v in pair],
        ) as cur:
            for r in await cur.fetchall():
                member = by_post.get((r[1], r[2], r[3], r[4]))
                if member is not None:
                    groups.join(member, r[6])
                    open_drafts[r[6]] = (int(r[0]), r[5])


async def _open_up_chains(
    conn: Connection,
    keys: Sequence[str],
    groups: _Groups,
    open_drafts: dict[str, tuple[int, str]],
) -> None:
    """Join each comment of the batch to the comments its author left higher up its reply
    chain (through the brand's answers), and note the open reply drafts found there."""
    for start in range(0, len(keys), _CHUNK):
        part = list(keys[start : start + _CHUNK])
        marks = ", ".join("?" for _ in part)
        async with conn.execute(
            # Each step is a lookup by primary key: the work follows the batch and its chains.
            "WITH RECURSIVE up (start, author, brand, platform, key, depth) AS ("
            " SELECT c.key, c.author, c.brand, c.platform, c.platform || ':' || c.parent_id, 1"
            f" FROM comments c WHERE c.key IN ({marks}) AND c.parent_id IS NOT NULL"
            " UNION ALL SELECT up.start, up.author, up.brand, up.platform,"
            " p.platform || ':' || p.parent_id, up.depth + 1 FROM up"
            " JOIN comments p ON p.key = up.key"
            f" WHERE p.parent_id IS NOT NULL AND up.depth < {_CHAIN_DEPTH})"
            " SELECT up.start, c.key, c.text, d.id, d.status, d.action FROM up"
            " JOIN comments c ON c.key = up.key AND c.author = up.author"
            " AND c.brand = up.brand AND c.platform = up.platform"
            " LEFT JOIN drafts d ON d.comment_key = c.key",
            part,
        ) as cur:
            for r in await cur.fetchall():
                groups.join(r[0], r[1])
                if r[3] is not None and r[4] in _OPEN and r[5] not in HIDE_ACTIONS:
                    open_drafts[r[1]] = (int(r[3]), r[2])


@dataclass(slots=True)
class _Slot:
    """The one draft of a customer's thread while a batch is written: a new row (``row``) or
    an update of an open draft (``update``), its review request if any, the text of the
    thread's latest comment so far, and whether a review message already showed the draft."""

    draft_id: int
    row: int | None
    update: int | None
    notice: int | None
    said: str
    shown: bool


def _thread_note(earlier: str, note: str) -> str:
    """The note of a draft a newer comment in its thread took over: what was said before."""
    context = (
        f"updated: the customer wrote again in this thread; earlier: \u201c{_gist(earlier)}\u201d"
    )
    return f"{context}; {note}" if note else context


def _gist(text: str) -> str:
    said = " ".join(text.split())
    return said[:157] + "…" if len(said) > 160 else said


def _with_thread(payload: str, earlier: str, shown: bool) -> str:
    """A review request's payload with the thread it continues: the earlier comment, and
    whether the draft was shown for review before (its message now says it was updated)."""
    data = json.loads(payload)
    data["thread"] = {"earlier": _gist(earlier), "updated": shown}
    return json.dumps(data, sort_keys=True, default=str)


async def _retire_review_messages(
    conn: Connection,
    draft_id: int,
    key: str,
    said: str,
    action: str,
    text: str,
    brand: str,
    platform: str,
    now: str,
) -> bool:
    """A newer comment takes over open draft ``draft_id``: its review requests not yet sent
    are dropped (the new one replaces them), and each message already posted is edited to say
    the draft was updated, with no buttons, so no one approves what they did not see. Returns
    whether any message had been posted."""
    subject = str(draft_id)
    await conn.execute(
        "DELETE FROM notifications WHERE kind = 'draft' AND subject = ? AND status = 'queued'",
        (subject,),
    )
    async with conn.execute(
        "SELECT DISTINCT receiver FROM notifications WHERE kind = 'draft' AND subject = ?"
        " AND status = 'sent'",
        (subject,),
    ) as cur:
        receivers = [r[0] for r in await cur.fetchall()]
    async with conn.execute("SELECT author FROM comments WHERE key = ?", (key,)) as cur:
        row = await cur.fetchone()
    for receiver in receivers:
        # A decision-kind notice edits the draft's earlier messages; this one queues before
        # the new review request, so it never reaches the message that request posts.
        await outbox.queue(
            conn,
            Notice(
                kind="decision",
                receiver=receiver,
                subject=subject,
                dedupe_key=f"updated:{draft_id}:{key}",
                data={
                    "draft_id": draft_id,
                    "status": "updated",
                    "action": action,
                    "by": "",
                    "at": now,
                    "text": text,
                    "reason": None,
                    "brand": brand,
                    "platform": platform,
                    "author": row[0] if row else "",
                    "comment_text": said,
                },
            ),
            now,
        )
    return bool(receivers)


class DraftStore:
    def __init__(self, db: SqlDatabase) -> None:
        self._db = db

    async def unprocessed(self, limit: int = 500) -> list[Comment]:
        return [comment_from_row(r) for r in await self.unprocessed_rows(limit)]

    async def unprocessed_rows(
        self, limit: int = 500, after: Cursor | None = None
    ) -> list[CommentRow]:
        """The next comments not yet analysed, oldest first; ``after`` a row's cursor (see
        ``cursor``) to skip what is already being analysed."""
        sql = UNPROCESSED
        params: list[object] = [limit]
        if after is not None:
            sql = UNPROCESSED + " AND (ingested_at, rowid) > (?, ?)"
            params = [after[0], after[1], limit]
        sql += " ORDER BY ingested_at, rowid LIMIT ?"
        return [tuple(r) for r in await self._db.fetchall_committed(sql, params)]

    @staticmethod
    def cursor(row: CommentRow) -> Cursor:
        """Where the queue of unprocessed comments stands after ``row``."""
        return (row[11], row[12])

    async def save_engagement(
        self, items: Sequence[Engagement], payload: ReviewPayload
    ) -> list[Notice]:
        """Persist analyses and drafts, queue review requests (their JSON encoded by
        ``payload``), mark the comments done."""
        with_draft = [item for item in items if item.draft is not None]
        queued: list[Notice] = []
        rows = engagement_rows(items, payload)
        for index, draft_id, dedupe_key, said in await self._write(rows):
            item = with_draft[index]
            assert item.draft is not None and item.review_receiver is not None
            queued.append(
                Notice(
                    kind="draft",
                    receiver=item.review_receiver,
                    subject=str(draft_id),
                    dedupe_key=dedupe_key,
                    data=json.loads(said),
                )
            )
        return queued

    async def save_rows(self, rows: EngagementRows) -> int:
        """``save_engagement`` for rows made by ``engagement_rows``; returns how many review
        requests were queued."""
        return len(await self._write(rows))

    async def _write(self, rows: EngagementRows) -> list[tuple[int, int, str, str]]:
        """Write a batch in one transaction, the comments marked done with it (so each is
        analysed once across a crash); returns (index in ``rows.drafts``, draft id) of each
        review request queued (and its dedupe key). A draft already saved for a comment is kept
        as it is; a comment in a customer's thread (their comments on one post) whose reply
        draft is still open takes that draft over, the earlier comment quoted in its note."""
        now = self._db.now()
        queued: list[tuple[int, int, str, str]] = []
        async with self._db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO comment_analyses (comment_key, sentiment,"
                " sentiment_score, intents, priority, priority_reason, language, evidence,"
                " entities, analysed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (comment_key) DO UPDATE SET sentiment = excluded.sentiment,"
                " sentiment_score = excluded.sentiment_score, intents = excluded.intents,"
                " priority = excluded.priority, priority_reason = excluded.priority_reason,"
                " language = excluded.language, evidence = excluded.evidence,"
                " entities = excluded.entities, analysed_at = excluded.analysed_at",
                [(*row, now) for row in rows.analyses],
            )
            # One statement per table for the whole batch: ids are given here, under the
            # write lock, so each review request can name its draft without a round trip.
            keys = [row[0] for row in rows.drafts]
            existing: set[str] = set()
            for start in range(0, len(keys), 500):
                part = keys[start : start + 500]
                marks = ", ".join("?" for _ in part)
                async with conn.execute(
                    f"SELECT comment_key FROM drafts WHERE comment_key IN ({marks})", part
                ) as cur:
                    existing.update(r[0] for r in await cur.fetchall())
            threads = await _threads(conn, keys)
            async with conn.execute("SELECT COALESCE(MAX(id), 0) FROM drafts") as cur:
                row = await cur.fetchone()
            next_id = int(row[0]) + 1 if row else 1
            draft_rows: list[tuple[object, ...]] = []
            notice_rows: list[tuple[object, ...] | None] = []
            # One open draft per customer thread: a thread's later comment takes over its draft.
            updates: list[tuple[object, ...]] = []
            slots: dict[_Thread, _Slot] = {}
            earlier_said: str | None
            for index, (
                key,
                brand,
                platform,
                action,
                text,
                note,
                receiver,
                head,
                tail,
            ) in enumerate(rows.drafts):
                if key in existing:
                    continue
                thread, said = threads.get(key, (None, ""))
                status = DraftStatus.PENDING_REVIEW if receiver else DraftStatus.NEW
                group = None if thread is None or not takes_reply(action) else thread
                slot = slots.get(group) if group is not None else None
                if slot is None and group is not None and group in threads.open:
                    draft_id, earlier_said = threads.open.pop(group)
                    shown = await _retire_review_messages(
                        conn, draft_id, key, said, action, text, brand, platform, now
                    )
                    slot = _Slot(draft_id, None, len(updates), None, earlier_said, shown)
                    updates.append(())
                    slots[group] = slot
                if slot is not None:
                    draft_id = slot.draft_id
                    thread_note = _thread_note(slot.said, note)
                    if slot.row is not None:
                        draft_rows[slot.row] = (
                            *(draft_id, key, brand, platform, action, text, thread_note),
                            *(status.value, now, now),
                        )
                    else:
                        assert slot.update is not None
                        updates[slot.update] = (key, action, text, thread_note, now, draft_id)
                    if slot.notice is not None:
                        # The review request of the thread's earlier comment is not sent: the
                        # one for this comment, with the draft as it is now, replaces it.
                        notice_rows[slot.notice] = None
                        queued[:] = [q for q in queued if q[1] != draft_id]
                        slot.notice = None
                    earlier_said, slot.said = slot.said, said
                else:
                    draft_id = next_id
                    next_id += 1
                    earlier_said = None
                    if group is not None:
                        slot = _Slot(draft_id, len(draft_rows), None, None, said, False)
                        slots[group] = slot
                    draft_rows.append(
                        (draft_id, key, brand, platform, action, text, note, status.value, now, now)
                    )
                if receiver is not None:
                    first = slot is None or slot.row is not None
                    dedupe = f"draft:{draft_id}" if first else f"draft:{draft_id}:{key}"
                    payload = f"{head}{draft_id}{tail}"
                    if earlier_said is not None:
                        assert slot is not None
                        payload = _with_thread(payload, earlier_said, slot.shown)
                    queued.append((index, draft_id, dedupe, payload))
                    if slot is not None:
                        slot.notice = len(notice_rows)
                    notice_rows.append((receiver, "draft", str(draft_id), dedupe, payload, now))
            await conn.executemany(
                "UPDATE drafts SET comment_key = ?, action = ?, text = ?, note = ?,"
                " updated_at = ? WHERE id = ?",
                updates,
            )
            await conn.executemany(
                "INSERT INTO drafts (id, comment_key, brand, platform, action, text, note,"
                " status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                draft_rows,
            )
            # What `outbox.queue_many` writes, with each payload already encoded.
            await conn.executemany(
                "INSERT INTO notifications (receiver, kind, subject, dedupe_key,"
                " payload, status, created_at) VALUES (?, ?, ?, ?, ?, 'queued', ?)"
                " ON CONFLICT DO NOTHING",
                [n for n in notice_rows if n is not None],
            )
            await conn.executemany(
                "INSERT INTO leads (comment_key, brand, platform, author, text,"
                " created_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [(*row, now) for row in rows.leads],
            )
            await conn.executemany(
                "UPDATE comments SET processed_at = ? WHERE key = ?",
                [(now, key) for key in rows.keys],
            )
        return queued

    async def get(self, draft_id: int) -> DraftRecord:
        row = await self._db.fetchone(_SELECT + " WHERE d.id = ?", (draft_id,))
        if row is None:
            raise DraftNotFound(f"no draft with id {draft_id}")
        return _record(row)

    async def select(
        self,
        statuses: Sequence[DraftStatus] = (DraftStatus.PENDING_REVIEW,),
        brand: str | None = None,
        limit: int = 20,
    ) -> list[DraftRecord]:
        marks = ", ".join("?" for _ in statuses)
        params: list[object] = [s.value for s in statuses]
        sql = _SELECT + f" WHERE d.status IN ({marks})"
        if brand:
            sql += " AND d.brand = ?"
            params.append(brand)
        sql += " ORDER BY COALESCE(a.priority, 0) DESC, d.id LIMIT ?"
        params.append(limit)
        return [_record(r) for r in await self._db.fetchall(sql, params)]

    async def count_by_status(self) -> dict[str, int]:
        rows = await self._db.fetchall("SELECT status, COUNT(*) FROM drafts GROUP BY status")
        return {r[0]: int(r[1]) for r in rows}

    async def decide(
        self,
        draft_id: int,
        to: DraftStatus,
        actor: str,
        text: str | None = None,
        reason: str | None = None,
        notify: Sequence[str] = (),
        seen: str | None = None,
    ) -> DraftRecord:
        """Approve, edit or reject; audit it and queue an update for each review message.

        ``seen``: the ``fingerprint`` of the draft as the deciding person was shown it (None
        when the decision carries none, as older review messages do); a decision on a draft
        that has changed since raises DraftChanged, checked in the same transaction."""
        now = self._db.now()
        async with self._db.transaction() as conn:
            async with conn.execute(_SELECT + " WHERE d.id = ?", (draft_id,)) as cur:
                row = await cur.fetchone()
            if row is None:
                raise DraftNotFound(f"no draft with id {draft_id}")
            current = _record(row)
            if to not in DRAFT_TRANSITIONS[current.status]:
                raise InvalidTransition(current, to)
            if seen is not None and not current.shown_as(seen):
                raise DraftChanged(current)
            problem = decision_problem(current, to, text)
            if problem is not None:
                raise UnfitDecision(problem)
            new_text = text if text is not None else current.text
            # A reply written for a draft to answer by hand makes it a reply like any other.
            action = "reply" if text is not None and current.action == BY_HAND else current.action
            await conn.execute(
                "UPDATE drafts SET status = ?, action = ?, text = ?, reason = ?, decided_by = ?,"
                " decided_at = ?, updated_at = ? WHERE id = ?",
                (to.value, action, new_text, reason, actor, now, now, draft_id),
            )
            await audit.record(
                conn,
                now,
                actor,
                f"draft.{to.value}",
                f"draft:{draft_id}",
                {"reason": reason, "edited": text is not None},
            )
            for receiver in notify:
                await outbox.queue(
                    conn,
                    Notice(
                        kind="decision",
                        receiver=receiver,
                        subject=str(draft_id),
                        dedupe_key=f"decision:{draft_id}:{to.value}",
                        data={
                            "draft_id": draft_id,
                            "status": to.value,
                            "action": action,
                            "by": actor,
                            "at": now,
                            "text": new_text,
                            "reason": reason,
                            "brand": current.brand,
                            "platform": current.platform,
                            "author": current.author,
                            "comment_text": current.comment_text,
                        },
                    ),
                    now,
                )
        return await self.get(draft_id)

    async def publishable(self, limit: int = 100) -> list[DraftRecord]:
        """Approved drafts not yet published: hides, and replies that have a text (a draft to
        answer by hand approved with no reply, as older versions allowed, is never published)."""
        hides = sorted(HIDE_ACTIONS)
        marks = ", ".join("?" for _ in hides)
        rows = await self._db.fetchall(
            _SELECT + " WHERE d.status IN ('approved', 'edited')"
            f" AND (d.action IN ({marks}) OR TRIM(d.text) != '') ORDER BY d.id LIMIT ?",
            (*hides, limit),
        )
        return [_record(r) for r in rows]

    async def mark_published(self, draft_id: int, actor: str = "publisher") -> None:
        now = self._db.now()
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE drafts SET status = 'published', published_at = ?, updated_at = ?"
                " WHERE id = ? AND status IN ('approved', 'edited')",
                (now, now, draft_id),
            )
            if cur.rowcount:
                await audit.record(conn, now, actor, "draft.published", f"draft:{draft_id}")

    async def first_responses(self, since: str) -> list[tuple[str, str, float]]:
        """(brand, platform, seconds from comment to published reply) for replies since."""
        rows = await self._db.fetchall(
            "SELECT d.brand, d.platform, c.created_at, d.published_at FROM drafts d"
            " JOIN comments c ON c.key = d.comment_key"
            " WHERE d.status = 'published' AND d.action = 'reply' AND d.published_at >= ?",
            (since,),
        )
        return [
            (
                r[0],
                r[1],
                (datetime.fromisoformat(r[3]) - datetime.fromisoformat(r[2])).total_seconds(),
            )
            for r in rows
        ]

    async def waiting_unreminded(self, created_before: datetime | None = None) -> list[DraftRecord]:
        """Drafts waiting for review that no SLA reminder has named yet, oldest first; only
        those created before `created_before` when given. The SLA check asks every minute:
        reading every draft waiting (thousands in a backlog) held the worker's loop for
        seconds on a loaded machine, long enough for its leases to lapse while it lived."""
        since = ""
        params: tuple[str, ...] = ()
        if created_before is not None:
            # Stamps are UTC ISO text (`now()`), ordered as text ("C" collation on PostgreSQL).
            since = " AND d.created_at < ?"
            params = (created_before.astimezone(UTC).isoformat(),)
        rows = await self._db.fetchall(
            _SELECT + " WHERE d.status = 'pending_review'"
            f" AND d.id NOT IN (SELECT draft_id FROM sla_reminders){since}"
            " ORDER BY d.created_at",
            params,
        )
        return [_record(r) for r in rows]

    async def remind(self, notices: Sequence[Notice], draft_ids: Sequence[int]) -> None:
        """Queue SLA reminders and mark their drafts reminded, in one transaction."""
        now = self._db.now()
        async with self._db.transaction() as conn:
            for notice in notices:
                await outbox.queue(conn, notice, now)
            await conn.executemany(
                "INSERT INTO sla_reminders (draft_id, reminded_at) VALUES (?, ?)"
                " ON CONFLICT DO NOTHING",
                [(draft_id, now) for draft_id in draft_ids],
            )
