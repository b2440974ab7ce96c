"""Publications: each approved draft's call to its platform, recorded before it is made."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, cast

from bot.draft_review import HIDE_ACTIONS
from bot.notices import Notice
from bot.store import audit, outbox
from bot.store.leases import millis
from bot.store.outbox import ClaimLost
from bot.store.sql import Row, SqlDatabase

__all__ = ["DUE_FROM", "Publication", "PublicationState", "PublicationStore", "due_to_publish"]

PublicationState = Literal["sending", "waiting", "done", "closed"]
ACTOR = "publisher"


@dataclass(frozen=True, slots=True)
class Publication:
    """A draft's publication as stored (see migration 0009 for what each state means)."""

    draft_id: int
    platform: str
    account: str
    comment_id: str
    action: str
    text: str
    state: PublicationState
    attempts: int
    reply_id: str | None
    not_before: str | None
    error: str | None


_COLUMNS = (
    "draft_id, platform, account, comment_id, action, text, state, attempts, reply_id,"
    " not_before, error"
)


def _publication(r: Row) -> Publication:
    return Publication(
        draft_id=int(r[0]),
        platform=r[1],
        account=r[2],
        comment_id=r[3],
        action=r[4],
        text=r[5],
        state=cast(PublicationState, r[6]),
        attempts=int(r[7]),
        reply_id=r[8],
        not_before=r[9],
        error=r[10],
    )


# The tables `due_to_publish` reads: each draft with its publication, if it has one.
DUE_FROM = "drafts d LEFT JOIN publications p ON p.draft_id = d.id"


def due_to_publish(now: str, skip: Sequence[str] = ()) -> tuple[str, tuple[object, ...]]:
    """The condition on `DUE_FROM` of a draft due to publish at `now` (the store's clock),
    and its parameters: approved, with something to publish; never tried, or tried and due
    again, and not on a paused account (a draft with no publication yet is due even then:
    its first look records it as waiting); not on the routes in `skip` (`brand:platform`).
    One definition for the drafts a worker takes and those it watches for (Claims.lapsed)."""
    hides = sorted(HIDE_ACTIONS)
    routes = ""
    if skip:
        routes = f" AND d.brand || ':' || d.platform NOT IN ({', '.join('?' for _ in skip)})"
    return (
        "d.status IN ('approved', 'edited')"
        f" AND (d.action IN ({', '.join('?' for _ in hides)}) OR TRIM(d.text) != ''){routes}"
        " AND (p.draft_id IS NULL OR p.state = 'done'"
        "  OR (p.state IN ('sending', 'waiting')"
        "   AND (p.not_before IS NULL OR p.not_before <= ?)"
        "   AND p.account NOT IN (SELECT account FROM publishing_pauses)))",
        (*hides, *skip, now),
    )


class PublicationStore:
    """Every change is one transaction; the clock is the database's (the store's clock)."""

    def __init__(self, db: SqlDatabase) -> None:
        self._db = db

    async def get(self, draft_id: int) -> Publication | None:
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} FROM publications WHERE draft_id = ?", (draft_id,)
        )
        return _publication(row) if row else None

    async def due(
        self,
        limit: int = 100,
        claimable: tuple[str, datetime] | None = None,
        skip: Sequence[str] = (),
    ) -> list[int]:
        """Approved drafts to publish now, oldest first (with `claimable`, those another
        worker's lapsed claim left before all others): never tried, or tried and due again,
        and not on a paused account (a draft with no publication yet is picked even then:
        its first look records it as waiting). With `claimable` (a worker and its clock's
        now), only those no other worker holds a claim on; none of the routes in `skip`
        (`brand:platform`, whose account this worker holds back for now)."""
        due, due_params = due_to_publish(self._db.now(), skip)
        free = ""
        free_params: tuple[object, ...] = ()
        first = ""
        first_params: tuple[object, ...] = ()
        if claimable is not None:
            worker, now = claimable
            free = " AND (d.claim_expires IS NULL OR d.claim_expires < ? OR d.claimed_by = ?)"
            free_params = (millis(now), worker)
            # Another worker's lapsed claims first (it died or stalled): ahead of the drafts
            # this worker still holds from a round it ended early.
            first = "CASE WHEN d.claimed_by IS NOT NULL AND d.claimed_by <> ? THEN 0 ELSE 1 END, "
            first_params = (worker,)
        rows = await self._db.fetchall(
            f"SELECT d.id FROM {DUE_FROM} WHERE {due}{free} ORDER BY {first}d.id LIMIT ?",
            (*due_params, *free_params, *first_params, limit),
        )
        return [int(r[0]) for r in rows]

    async def begin(
        self,
        draft_id: int,
        platform: str,
        account: str,
        comment_id: str,
        action: str,
        text: str,
        claim: tuple[str, datetime] | None = None,
    ) -> Publication:
        """Record the intent to call the platform (state 'sending', one more attempt), committed
        before the call is made; the comment, action and text of the first intent are kept.

        With `claim` (a worker, and when a claim taken now would expire): only while that
        worker still holds its claim on the draft, which is extended to then in the same
        transaction, so the call is made under a claim good for a whole lease; ClaimLost when
        another worker took the draft over meanwhile (its claim lapsed: this worker stalled),
        and nothing is recorded: that one publishes it."""
        now = self._db.now()
        async with self._db.transaction() as conn:
            if claim is not None:
                worker, until = claim
                # Waits for a claim under way on this row (PostgreSQL re-reads it once that
                # commits): the draft is this worker's only if nobody took it over.
                cur = await conn.execute(
                    "UPDATE drafts SET claim_expires = ? WHERE id = ? AND claimed_by = ?"
                    " AND status IN ('approved', 'edited')",
                    (millis(until), draft_id, worker),
                )
                if cur.rowcount != 1:
                    raise ClaimLost(f"draft {draft_id} is no longer claimed by {worker}")
            await conn.execute(
                "INSERT INTO publications (draft_id, platform, account, comment_id, action, text,"
                " state, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'sending', 1,"
                " ?, ?) ON CONFLICT (draft_id) DO UPDATE SET state = 'sending',"
                " account = excluded.account, attempts = publications.attempts + 1,"
                " not_before = NULL,"
                " updated_at = excluded.updated_at",
                (draft_id, platform, account, comment_id, action, text, now, now),
            )
        found = await self.get(draft_id)
        assert found is not None
        return found

    async def hold(
        self,
        draft_id: int,
        platform: str,
        account: str,
        comment_id: str,
        action: str,
        text: str,
        error: str,
    ) -> None:
        """Record a publication that waits with no call made (its account is paused)."""
        now = self._db.now()
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO publications (draft_id, platform, account, comment_id, action, text,"
                " state, attempts, error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?,"
                " 'waiting', 0, ?, ?, ?) ON CONFLICT (draft_id) DO UPDATE SET"
                " account = excluded.account, error = excluded.error,"
                " updated_at = excluded.updated_at"
                " WHERE publications.state IN ('sending', 'waiting')",
                (draft_id, platform, account, comment_id, action, text, error[:500], now, now),
            )

    async def later(self, draft_id: int, until: str | None, error: str, unsure: bool) -> None:
        """Not done this time: due again at `until`. `unsure` keeps it 'sending' (the call may
        have been carried out: look before calling again); else it is 'waiting'."""
        state = "sending" if unsure else "waiting"
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE publications SET state = ?, not_before = ?, error = ?, updated_at = ?"
                " WHERE draft_id = ? AND state IN ('sending', 'waiting')",
                (state, until, error[:500], self._db.now(), draft_id),
            )

    async def done(self, draft_id: int, reply_id: str | None) -> None:
        """The platform did it: keep its id of the reply and mark the draft published, at once."""
        now = self._db.now()
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE publications SET state = 'done', reply_id = ?, error = NULL, done_at = ?,"
                " updated_at = ? WHERE draft_id = ?",
                (reply_id, now, now, draft_id),
            )
            cur = await conn.execute(
                "UPDATE drafts SET status = 'published', published_at = ?, updated_at = ?"
                " WHERE id = ? AND status IN ('approved', 'edited')",
                (now, now, draft_id),
            )
            if cur.rowcount:
                await audit.record(
                    conn, now, ACTOR, "draft.published", f"draft:{draft_id}", {"reply": reply_id}
                )

    async def close(self, draft_id: int, reason: str) -> None:
        """It never will be published (the comment is gone, the platform refuses it): the
        publication is closed and the draft too, with `reason`, at once."""
        now = self._db.now()
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE publications SET state = 'closed', error = ?, updated_at = ?"
                " WHERE draft_id = ?",
                (reason[:500], now, draft_id),
            )
            cur = await conn.execute(
                "UPDATE drafts SET status = 'rejected', reason = ?, decided_by = ?,"
                " decided_at = ?, updated_at = ? WHERE id = ? AND status IN ('approved', 'edited')",
                (reason[:500], ACTOR, now, now, draft_id),
            )
            if cur.rowcount:
                await audit.record(
                    conn, now, ACTOR, "draft.closed", f"draft:{draft_id}", {"reason": reason}
                )

    async def pause(
        self, account: str, platform: str, reason: str, token_mark: str, alert: Notice
    ) -> bool:
        """Pause the account and queue `alert`, once per refused token; False when it was
        paused already."""
        now = self._db.now()
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO publishing_pauses (account, platform, reason, token_mark,"
                " paused_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (account, platform, reason[:500], token_mark, now),
            )
            if not cur.rowcount:
                return False
            await outbox.queue(conn, alert, now)
            await audit.record(
                conn, now, ACTOR, "publishing.paused", f"{platform}:{account}", {"reason": reason}
            )
        return True

    async def pauses(self) -> dict[str, str]:
        """Paused accounts and the mark of the token that was refused."""
        rows = await self._db.fetchall("SELECT account, token_mark FROM publishing_pauses")
        return {r[0]: r[1] for r in rows}

    async def resume(self, account: str) -> None:
        now = self._db.now()
        async with self._db.transaction() as conn:
            cur = await conn.execute("DELETE FROM publishing_pauses WHERE account = ?", (account,))
            if cur.rowcount:
                await audit.record(conn, now, ACTOR, "publishing.resumed", account)

    async def counts(self) -> dict[str, int]:
        rows = await self._db.fetchall("SELECT state, COUNT(*) FROM publications GROUP BY state")
        return {r[0]: int(r[1]) for r in rows}
