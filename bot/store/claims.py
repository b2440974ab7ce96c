"""Claims on queued work: a worker takes a batch so no other takes the same items; a dead
worker's claims expire and its items are taken over."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.notices import Notice

if TYPE_CHECKING:
    from bot.store import Store
from bot.store.drafts import UNPROCESSED
from bot.store.leases import LeaseDatabase, millis, moment
from bot.store.outbox import notice_from_row
from bot.store.publications import DUE_FROM, due_to_publish
from bot.store.rows import CommentRow

__all__ = ["Claims", "SendStarted"]

# An item is free when nobody claimed it, or its claim has expired.
_FREE = "(claim_expires IS NULL OR claim_expires < ?)"
_PUBLISHABLE = "status IN ('approved', 'edited')"
_NOTICE_COLUMNS = "id, kind, receiver, subject, dedupe_key, payload"
# Each queue's table and what makes one of its items work not yet done.
_OPEN = (
    ("comments", "processed_at IS NULL"),
    ("notifications", "status = 'queued'"),
    ("drafts", _PUBLISHABLE),
)


def _marks(items: Sequence[object]) -> str:
    return ", ".join("?" for _ in items)


@dataclass(frozen=True, slots=True)
class SendStarted:
    """A queued notice's send begun by a worker (maybe stalled or dead since), and that
    worker's heartbeat as it stands."""

    # The worker that began it; None when it is known gone (a later run under its id began).
    by: str | None
    at: datetime
    # When its heartbeat lease ends, or ended (at a clean stop: when it was let go); None
    # when it holds none.
    heartbeat_until: datetime | None


class Claims:
    """Each claim is one transaction: the candidates are read, then claimed by an UPDATE whose
    WHERE checks again that each is still free, so two workers never claim one item (on
    PostgreSQL the re-check runs against the row as the other worker committed it)."""

    def __init__(self, db: LeaseDatabase) -> None:
        self._db = db
        # Claims never wait for rows another transaction is writing (PostgreSQL): they are
        # serialised among themselves, and one waiting would hold every worker's renewal.
        self._skip = db.dialect.skip_locked

    @classmethod
    def of(cls, store: Store) -> Claims:
        return cls(store.db)

    async def comments(
        self, worker: str, limit: int, now: datetime, until: datetime
    ) -> list[CommentRow]:
        """The next comments to analyse that no other worker holds, oldest first, claimed
        for `worker` until `until` (its own claims of earlier batches are not taken again)."""
        at = millis(now)
        async with self._db.transaction() as conn:
            async with conn.execute(
                UNPROCESSED + f" AND {_FREE} ORDER BY ingested_at, rowid LIMIT ?{self._skip}",
                (at, limit),
            ) as cur:
                rows = [tuple(r) for r in await cur.fetchall()]
            if not rows:
                return []
            keys = [f"{r[1]}:{r[0]}" for r in rows]
            async with conn.execute(
                "UPDATE comments SET claimed_by = ?, claim_expires = ?"
                f" WHERE key IN ({_marks(keys)}) AND processed_at IS NULL AND {_FREE}"
                " RETURNING key",
                (worker, millis(until), *keys, at),
            ) as cur:
                got = {r[0] for r in await cur.fetchall()}
        return [row for row, key in zip(rows, keys, strict=True) if key in got]

    async def notices(
        self,
        worker: str,
        limit: int,
        now: datetime,
        until: datetime,
        skip: Sequence[str] = (),
        taken_over: set[int] | None = None,
    ) -> list[Notice]:
        """Queued notices free or already `worker`'s, claimed until `until`: those another
        worker's lapsed claim left first, then the oldest; none
        for the receivers in `skip` (paused by this worker: their notices must not fill the
        batch ahead of the other receivers').

        The ids of those claimed that may have gone out unrecorded are added to `taken_over`:
        another worker had claimed them and left them unsent (its claim lapsed: it died,
        maybe in the middle of sending one), or a send was begun on them and not recorded
        (`send_started_at`, by any worker, this one included: a send that timed out, a
        worker stalled or gone). Read from the rows at each claim, so a worker started
        again, or one that claims a notice let go (a receiver paused), knows it as well as
        the worker that first took it over."""
        at = millis(now)
        mine = f"({_FREE} OR claimed_by = ?)"
        paused = f" AND receiver NOT IN ({_marks(skip)})" if skip else ""
        async with self._db.transaction() as conn:
            # Another worker's lapsed claims first (it died or stalled: its notices are the
            # ones waiting longest), then the oldest; this worker's own held ones that do not
            # fit stay its own for its next round.
            async with conn.execute(
                "SELECT id, claimed_by, send_started_at FROM notifications WHERE status ="
                f" 'queued' AND {mine}{paused} ORDER BY CASE WHEN claimed_by IS NOT NULL AND"
                f" claimed_by <> ? THEN 0 ELSE 1 END, id LIMIT ?{self._skip}",
                (at, worker, *skip, worker, limit),
            ) as cur:
                found = [(int(r[0]), r[1], r[2]) for r in await cur.fetchall()]
            ids = [notice_id for notice_id, _, _ in found]
            if not ids:
                return []
            async with conn.execute(
                "UPDATE notifications SET claimed_by = ?, claim_expires = ?"
                f" WHERE id IN ({_marks(ids)}) AND status = 'queued' AND {mine} RETURNING id",
                (worker, millis(until), *ids, at, worker),
            ) as cur:
                got = [int(r[0]) for r in await cur.fetchall()]
            if not got:
                return []
            if taken_over is not None:
                claimed = set(got)
                taken_over.update(
                    n
                    for n, by, started in found
                    if n in claimed and ((by is not None and by != worker) or started is not None)
                )
            async with conn.execute(
                f"SELECT {_NOTICE_COLUMNS} FROM notifications WHERE id IN ({_marks(got)})"
                " ORDER BY id",
                got,
            ) as cur:
                return [notice_from_row(r) for r in await cur.fetchall()]

    async def drafts(
        self, worker: str, ids: Sequence[int], now: datetime, until: datetime
    ) -> list[int]:
        """Of the approved drafts `ids`, those free or already `worker`'s, claimed until
        `until` (to publish them), in the order given."""
        if not ids:
            return []
        async with (
            self._db.transaction() as conn,
            conn.execute(
                "UPDATE drafts SET claimed_by = ?, claim_expires = ?"
                f" WHERE id IN (SELECT id FROM drafts WHERE id IN ({_marks(ids)})"
                f" AND {_PUBLISHABLE} AND ({_FREE} OR claimed_by = ?){self._skip}) RETURNING id",
                (worker, millis(until), *ids, millis(now), worker),
            ) as cur,
        ):
            got = {int(r[0]) for r in await cur.fetchall()}
        return [draft_id for draft_id in ids if draft_id in got]

    async def hold_notice(
        self,
        worker: str,
        notice_id: int,
        now: datetime,
        until: datetime,
        sending: datetime | None = None,
    ) -> bool:
        """Extend `worker`'s claim on the queued notice `notice_id` to `until`, asked right
        before it is sent (a fence): False when the claim is no longer its own — another
        worker took the notice over, or it was let go or sent — or has lapsed by `now` (any
        worker may be claiming it at this moment: the next round claims it again, the lapsed
        ones first), and then it must not be sent. One statement on the row's primary key. A
        row another transaction is writing counts as not held (its sender tries again next
        round) rather than hold every worker's claims behind it.

        With `sending`, the send is recorded as begun by `worker` at that moment, in the same
        statement: a worker that takes the notice over later knows it may have gone out."""
        stamp = ", send_started_at = ?, send_started_by = ?" if sending is not None else ""
        started = (millis(sending), worker) if sending is not None else ()
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                f"UPDATE notifications SET claim_expires = ?{stamp} WHERE id IN (SELECT id"
                " FROM notifications WHERE id = ? AND claimed_by = ? AND status = 'queued'"
                f" AND claim_expires >= ?{self._skip})",
                (millis(until), *started, notice_id, worker, millis(now)),
            )
            return bool(cur.rowcount == 1)

    async def unstart(self, worker: str, ids: Sequence[int]) -> None:
        """Take back `worker`'s record of sends begun on the queued notices `ids`: it did not
        call the channel after all (its claim ran short right after), so a worker taking them
        over need not wait for it."""
        if not ids:
            return
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE notifications SET send_started_at = NULL, send_started_by = NULL"
                f" WHERE id IN ({_marks(ids)}) AND send_started_by = ? AND status = 'queued'",
                (*ids, worker),
            )

    async def send_started(self, notice_id: int, heartbeat: str) -> SendStarted | None:
        """The send begun on the queued notice `notice_id`, if any, with the heartbeat lease
        (`heartbeat` + the worker's id) of the worker that began it: a read. A heartbeat let
        go at a clean stop (its expiry set to 0) ended when it was let go (`renewed_at`): a
        send abandoned at the stop's deadline may still be landing then."""
        rows = await self._db.fetchall_committed(
            "SELECT n.send_started_by, n.send_started_at, l.expires_at, l.renewed_at"
            " FROM notifications n"
            " LEFT JOIN leases l ON l.name = CAST(? AS TEXT) || n.send_started_by"
            " WHERE n.id = ? AND n.status = 'queued' AND n.send_started_at IS NOT NULL",
            (heartbeat, notice_id),
        )
        if not rows:
            return None
        by, at, until, renewed = rows[0]
        ended: datetime | None = None
        if until is not None:
            ended = moment(int(until) if int(until) > 0 else int(renewed))
        return SendStarted(None if by is None else str(by), moment(int(at)), ended)

    async def extend(self, worker: str, until: datetime) -> int:
        """Keep `worker`'s claims on work not yet done until `until`; how many it holds."""
        held = 0
        async with self._db.transaction() as conn:
            for table, open_ in _OPEN:
                key = "key" if table == "comments" else "id"
                # Rows another transaction is writing (this worker's own batch being saved,
                # a notice being marked sent) are passed over, never waited for: they are
                # being finished, and a renewal must not wait behind any write.
                cur = await conn.execute(
                    f"UPDATE {table} SET claim_expires = ? WHERE {key} IN (SELECT {key}"
                    f" FROM {table} WHERE claimed_by = ? AND {open_}{self._skip})",
                    (millis(until), worker),
                )
                held += max(cur.rowcount, 0)
        return held

    async def lapsed(
        self, now: datetime, skip: Sequence[str] = (), routes: Sequence[str] = ()
    ) -> list[str]:
        """The queues holding work whose claim has expired undone (its worker died or
        stalled) and that a worker would take now: not notices for the receivers in `skip`
        (paused here: this worker would not take them), and only drafts due to publish, as
        PublicationStore.due takes them (none on a paused account, in a retry's wait, or on
        the `routes` this worker holds back): one never taken would end every round early,
        for as long as it waits. Reads only, through each queue's index of open work, so a
        worker can watch for them often."""
        at = millis(now)
        found: list[str] = []
        for table, open_ in _OPEN:
            if table == "drafts":
                due, due_params = due_to_publish(self._db.now(), routes)
                sql = f"SELECT 1 FROM {DUE_FROM} WHERE {due} AND d.claim_expires < ? LIMIT 1"
                params: tuple[object, ...] = (*due_params, at)
            else:
                paused = ""
                if table == "notifications" and skip:
                    paused = f" AND receiver NOT IN ({_marks(skip)})"
                sql = f"SELECT 1 FROM {table} WHERE {open_} AND claim_expires < ?{paused} LIMIT 1"
                params = (at, *(skip if paused else ()))
            if await self._db.fetchall_committed(sql, params):
                found.append(table)
        return found

    async def release_comments(self, worker: str) -> None:
        """Let go of `worker`'s comments not analysed (a batch abandoned or failed)."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE comments SET claimed_by = NULL, claim_expires = NULL"
                " WHERE claimed_by = ? AND processed_at IS NULL",
                (worker,),
            )

    async def release_notices(self, worker: str, ids: Sequence[int]) -> None:
        """Let go of `worker`'s claims on the queued notices `ids` (for a receiver it paused:
        another worker, or this one once the pause ends, takes them)."""
        if not ids:
            return
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE notifications SET claimed_by = NULL, claim_expires = NULL"
                f" WHERE id IN ({_marks(ids)}) AND claimed_by = ? AND status = 'queued'",
                (*ids, worker),
            )

    async def forget(self, worker: str) -> list[int]:
        """At a worker's start, let go of what an earlier run under its id left claimed (it
        crashed): the comments and drafts are freed; the notices keep its name with the
        claim ended, so whoever sends them next (this worker or another) knows an earlier
        run may have sent them in its last moment. The ids of those notices."""
        async with self._db.transaction() as conn:
            for table, open_ in _OPEN:
                if table == "notifications":
                    continue
                await conn.execute(
                    f"UPDATE {table} SET claimed_by = NULL, claim_expires = NULL"
                    f" WHERE claimed_by = ? AND {open_}",
                    (worker,),
                )
            # A send this worker's earlier run began is known to have ended with that run:
            # whoever takes the notice need not wait for a heartbeat that is now this run's.
            await conn.execute(
                "UPDATE notifications SET send_started_by = NULL"
                " WHERE send_started_by = ? AND status = 'queued'",
                (worker,),
            )
            async with conn.execute(
                "UPDATE notifications SET claim_expires = 0"
                " WHERE claimed_by = ? AND status = 'queued' RETURNING id",
                (worker,),
            ) as cur:
                return sorted(int(r[0]) for r in await cur.fetchall())

    async def release(self, worker: str) -> None:
        """Let go of every claim of `worker` on work not done (a clean stop). Its queued
        notices keep its name with the claim ended, as `forget` leaves them: one may have gone
        out with its record refused, so whoever sends it next looks for it first."""
        async with self._db.transaction() as conn:
            for table, open_ in _OPEN:
                if table == "notifications":
                    await conn.execute(
                        "UPDATE notifications SET claim_expires = 0"
                        " WHERE claimed_by = ? AND status = 'queued'",
                        (worker,),
                    )
                    continue
                await conn.execute(
                    f"UPDATE {table} SET claimed_by = NULL, claim_expires = NULL"
                    f" WHERE claimed_by = ? AND {open_}",
                    (worker,),
                )
