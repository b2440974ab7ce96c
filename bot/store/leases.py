"""Leases: one worker at a time does a named piece of work; a dead holder's lease lapses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from bot.store import Store
    from bot.store.sql import Dialect

__all__ = ["Lease", "LeaseDatabase", "Leases", "coordination", "millis", "moment"]


class LeaseDatabase(Protocol):
    """What leases and claims use of the database: SQLite's or PostgreSQL's alike."""

    @property
    def dialect(self) -> Dialect: ...

    def transaction(self, attempts: int = 3) -> AbstractAsyncContextManager[Any]: ...

    async def fetchall_committed(self, sql: str, params: Any = ()) -> Sequence[Any]: ...

    def now(self) -> str: ...

    async def close(self) -> None: ...


async def coordination(store: Store) -> LeaseDatabase | None:
    """A connection of its own for the leases and claims on `store`'s database, so a
    renewal never waits behind this process's own writes queued on the store's connection
    (a batch of drafts, a stand-up): on PostgreSQL one whose transactions neither wait for
    the writers' lock nor count as writes (bot/store/postgres.py); on SQLite a second
    connection to the file, which waits only for the write SQLite is doing at that moment.
    None for a store on anything else. The caller closes it."""
    from bot.store.database import Database
    from bot.store.postgres import PostgresDatabase

    db = store.db
    if isinstance(db, PostgresDatabase):
        return await db.coordination()
    if isinstance(db, Database):
        return await Database.open(db.path, db.clock, coordination=True)
    return None


def millis(at: datetime) -> int:
    """`at` as epoch milliseconds: how the leases and claims store time (both databases
    compare plain numbers the same way)."""
    return int(at.timestamp() * 1000)


def moment(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


@dataclass(frozen=True, slots=True)
class Lease:
    name: str
    holder: str
    expires_at: datetime
    acquired_at: datetime
    renewed_at: datetime


# One statement takes a free or expired lease, or renews the caller's own: concurrent workers
# cannot both get it (SQLite serialises writers; PostgreSQL re-checks the WHERE on conflict).
_ACQUIRE = (
    "INSERT INTO leases (name, holder, expires_at, acquired_at, renewed_at)"
    " VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,"
    " expires_at = excluded.expires_at, renewed_at = excluded.renewed_at,"
    " acquired_at = CASE WHEN leases.holder = excluded.holder AND leases.expires_at >= ?"
    " THEN leases.acquired_at ELSE excluded.acquired_at END"
    " WHERE leases.expires_at < ? OR leases.holder = ?"
)


class Leases:
    """Take, renew and let go of leases; `now` is the caller's clock, never the database's."""

    def __init__(self, db: LeaseDatabase) -> None:
        self._db = db

    @classmethod
    def of(cls, store: Store) -> Leases:
        return cls(store.db)

    async def acquire(self, name: str, holder: str, now: datetime, period: timedelta) -> bool:
        """Take `name` for `period` from `now`, or renew it when `holder` has it already;
        False when another holder's lease has not expired."""
        at = millis(now)
        until = millis(now + period)
        async with self._db.transaction() as conn:
            cur = await conn.execute(_ACQUIRE, (name, holder, until, at, at, at, at, holder))
            return bool(cur.rowcount == 1)

    async def acquire_many(
        self, names: Iterable[str], holder: str, now: datetime, period: timedelta
    ) -> set[str]:
        """`acquire` for each of `names` in one transaction; the names now held."""
        at = millis(now)
        until = millis(now + period)
        held: set[str] = set()
        async with self._db.transaction() as conn:
            for name in names:
                cur = await conn.execute(_ACQUIRE, (name, holder, until, at, at, at, at, holder))
                if cur.rowcount == 1:
                    held.add(name)
        return held

    async def free(self, names: Iterable[str], now: datetime) -> list[str]:
        """Of `names`, those nobody holds at `now` (never taken, let go, or expired): a read,
        so a worker can watch for them often without writing."""
        wanted = list(names)
        if not wanted:
            return []
        marks = ", ".join("?" for _ in wanted)
        rows = await self._db.fetchall_committed(
            f"SELECT name FROM leases WHERE name IN ({marks}) AND expires_at >= ?",
            (*wanted, millis(now)),
        )
        held = {str(r[0]) for r in rows}
        return [name for name in wanted if name not in held]

    async def holders(self, prefix: str, now: datetime) -> set[str]:
        """Who holds a lease named `prefix…` at `now` (the workers alive, by their heartbeat
        leases): a read."""
        rows = await self._db.fetchall_committed(
            "SELECT DISTINCT holder FROM leases WHERE substr(name, 1, ?) = ? AND expires_at >= ?",
            (len(prefix), prefix, millis(now)),
        )
        return {str(r[0]) for r in rows}

    async def release(self, name: str, holder: str, now: datetime) -> bool:
        """Let go of `name` at once (another worker may take it now); False when not held."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE leases SET expires_at = ?, renewed_at = ? WHERE name = ? AND holder = ?",
                (0, millis(now), name, holder),
            )
            return bool(cur.rowcount == 1)

    async def release_all(self, holder: str, now: datetime) -> int:
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE leases SET expires_at = ?, renewed_at = ? WHERE holder = ?"
                " AND expires_at >= ?",
                (0, millis(now), holder, millis(now)),
            )
            return int(cur.rowcount)

    async def all(self) -> list[Lease]:
        rows = await self._db.fetchall_committed(
            "SELECT name, holder, expires_at, acquired_at, renewed_at FROM leases ORDER BY name"
        )
        return [
            Lease(r[0], r[1], moment(int(r[2])), moment(int(r[3])), moment(int(r[4]))) for r in rows
        ]
