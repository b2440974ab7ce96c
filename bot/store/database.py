"""One SQLite connection in WAL mode, one writer at a time, transactions that retry when busy."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import UTC
from pathlib import Path
from typing import Any

import aiosqlite

from bot.clock import Clock, utcnow
from bot.store import expected, lock, migrate
from bot.store.errors import RESTORE_HINT, DatabaseDamaged, StoreBusy, explain
from bot.store.inspect import brief, problem_lines
from bot.store.sql import SQLITE, Connection, Params
from bot.store.writes import WriteCounter

__all__ = ["Clock", "Database", "Params", "utcnow"]

log = logging.getLogger(__name__)


class Database:
    """Owns the connection; every write goes through `transaction()`, so there is one writer."""

    dialect = SQLITE

    def __init__(
        self,
        conn: aiosqlite.Connection,
        path: Path,
        clock: Clock,
        held: lock.Lock | None = None,
        *,
        coordination: bool = False,
    ) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self._held = held
        self.path = path
        self.clock = clock
        # A worker's connection for leases and claims (bot/store/leases.py): its commits are
        # not counted as writes, as they change no data.
        self._coordination = coordination
        self._writes = WriteCounter()

    @classmethod
    async def open(
        cls,
        path: Path,
        clock: Clock = utcnow,
        busy_timeout_ms: int = 5000,
        *,
        init: bool = False,
        coordination: bool = False,
    ) -> Database:
        """Open (or, on a new install, create) the database at `path`.

        Raises a StoreError naming the file: DatabaseMissing when it is missing or empty but
        was kept there before (unless `init`), DatabaseInUse while `restore` replaces it,
        DatabaseDamaged, DatabaseReadOnly or StoreBusy when SQLite cannot use it."""
        path.parent.mkdir(parents=True, exist_ok=True)
        held = lock.shared(path)
        try:
            expected.check(path, clock(), init=init)
            conn = await _connect(path, busy_timeout_ms)
        except BaseException:
            held.release()
            raise
        expected.record(path, clock())
        return cls(conn, path, clock, held, coordination=coordination)

    async def close(self) -> None:
        async with self._lock:
            try:
                await self._conn.close()
            finally:
                if self._held is not None:
                    self._held.release()

    def now(self) -> str:
        return self.clock().astimezone(UTC).isoformat()

    @asynccontextmanager
    async def transaction(
        self, attempts: int = 3, *, counted: bool = True
    ) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction; ``counted=False`` for one that changes no data others read
        (a saved copy of what they can read anyway): the write counter stays."""
        async with self._lock:
            begin = asyncio.ensure_future(self._begin(attempts))
            try:
                await asyncio.shield(begin)
            except asyncio.CancelledError:
                # A BEGIN already handed to aiosqlite's thread runs all the same: end what it
                # opened (the rollback runs after it, in order) before the connection is let
                # go, or the next transaction would find one open.
                begin.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await begin
                with contextlib.suppress(Exception):
                    await self._conn.rollback()
                raise
            bumped: int | None = None
            try:
                yield self._conn
                if counted and not self._coordination:
                    bumped = await self._writes.bump(self._conn)
            except BaseException:
                await self._conn.rollback()
                raise
            await self._conn.commit()
            self._writes.committed(bumped)

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[aiosqlite.Connection]:
        """Reads that see one state of the database: a read transaction between writes, so
        several queries agree even while another process writes."""
        async with self._lock:
            await self._conn.execute("BEGIN DEFERRED")
            try:
                yield self._conn
            finally:
                await self._conn.rollback()

    async def data_version(self, conn: Connection) -> int:
        """How many times another connection was found to have written data since this one
        last wrote or looked: the write counter, not SQLite's PRAGMA data_version, which
        moves with every commit of another connection (a worker's lease renewals too)."""
        return await self._writes.read(conn)

    async def _begin(self, attempts: int) -> None:
        for attempt in range(1, attempts + 1):
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                log.warning("database busy attempt=%d path=%s", attempt, self.path)
                if attempt == attempts:
                    raise StoreBusy(
                        self.path,
                        f"is locked by another process (gave up after {attempts} attempts: {exc})",
                        "wait for the other command to finish, or stop the program holding "
                        "it, then retry",
                    ) from exc
                await asyncio.sleep(0.2 * attempt)

    async def fetchall_committed(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        """``fetchall`` between transactions: the connection is shared, so a plain read can
        see the rows of a transaction another task has open and may yet roll back."""
        async with self._lock:
            return await self.fetchall(sql, params)

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        async with self._conn.execute(sql, params) as cur:
            return list(await cur.fetchall())

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        async with self._conn.execute(sql, params) as cur:
            return await cur.fetchone()

    async def scalar(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> int:
        async with self.transaction() as conn, conn.executemany(sql, rows) as cur:
            return int(cur.rowcount)

    async def require_sound(self) -> None:
        """Raise DatabaseDamaged unless SQLite's quick check (every page and record, without
        the slower cross-check of indexes) finds the file sound."""
        try:
            async with self._lock:
                rows = await self.fetchall("PRAGMA quick_check(20)")
            problems = problem_lines([str(row[0]) for row in rows])
        except sqlite3.DatabaseError as exc:  # damage bad enough to stop the check itself
            problems = [str(exc)]
        if problems:
            raise DatabaseDamaged(
                self.path, f"is damaged (SQLite's quick check: {brief(problems)})", RESTORE_HINT
            )

    async def backup(self, target: Path) -> None:
        """Copy the live database with SQLite's online backup API."""
        target.parent.mkdir(parents=True, exist_ok=True)
        async with self._lock, aiosqlite.connect(target) as dest:
            await self._conn.backup(dest)


async def _connect(path: Path, busy_timeout_ms: int) -> aiosqlite.Connection:
    """A connection in WAL mode with the schema up to date; SQLite's refusals become a
    StoreError naming the file."""
    try:
        conn = await aiosqlite.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise explain(exc, path) or exc from exc
    conn.row_factory = aiosqlite.Row
    try:
        await conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        await _enter_wal(conn, busy_timeout_ms)
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute("PRAGMA synchronous=NORMAL")
        await migrate.apply(conn)
    except BaseException as exc:
        await conn.close()
        translated = explain(exc, path) if isinstance(exc, sqlite3.Error) else None
        if translated is not None:
            raise translated from exc
        raise
    return conn


async def _enter_wal(conn: aiosqlite.Connection, busy_timeout_ms: int) -> None:
    """Switch the file to WAL, waiting out another process doing the same.

    Workers starting together on a new file each switch it: the switch needs the file to
    themselves, and SQLite refuses at once (no busy wait) the one that already reads it while
    another waits to write, since waiting could deadlock. Retried here, within the busy
    timeout, until the other's switch is done."""
    deadline = time.monotonic() + busy_timeout_ms / 1000
    pause = 0.01
    while True:
        try:
            await conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        await asyncio.sleep(pause)
        pause = min(pause * 2, 0.2)
