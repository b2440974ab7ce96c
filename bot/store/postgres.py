"""One PostgreSQL connection (psycopg 3, async) with the surface the SQLite database has."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC
from typing import Any

import psycopg
from aiosqlite.context import Result
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus

from bot.clock import Clock, utcnow
from bot.redaction import url_userinfo
from bot.store import migrate
from bot.store.errors import DatabaseUnreachable, StoreBusy, StoreError
from bot.store.sql import POSTGRES, Connection, Params, pyformat
from bot.store.writes import WriteCounter

__all__ = ["PgConnection", "PgCursor", "PgRow", "PostgresDatabase", "is_postgres_url", "shown"]

log = logging.getLogger(__name__)

# Every write transaction takes this transaction-level advisory lock first: one writer at a
# time across every process on the database, as SQLite's BEGIN IMMEDIATE gives the SQLite
# store (the repositories count on it, e.g. to number drafts under the write lock).
_WRITER_LOCK = 0x50C1A1  # "SOCIAL"
# Lease and claim transactions take this one instead: they change only who works on what, so
# they neither wait behind the writers nor count as writes; they are serialised among
# themselves as the writers are (a claim reads its candidates, then takes them).
_COORDINATION_LOCK = 0x50C1A2
_LOCK_WAIT = "5s"


def is_postgres_url(target: object) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def shown(url: str) -> str:
    """The URL as it may be shown in a message or a log line: never its password.

    Only the user name, host, port and database are kept; the query (which may carry a
    ``password=``) is dropped.
    """
    userinfo, after = url_userinfo(url)
    user = re.split(r"[:@/?#]", userinfo, maxsplit=1)[0]
    place = re.split(r"[?#]", after, maxsplit=1)[0]
    return f"postgresql://{user + '@' if user else ''}{place}"


class PgRow(tuple[Any, ...]):
    """A row read by index like a tuple and by column name like sqlite3.Row."""

    _names: dict[str, int]

    def __new__(cls, values: Sequence[Any], names: dict[str, int]) -> PgRow:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return super().__getitem__(self._names[key])
        return super().__getitem__(key)

    def keys(self) -> list[str]:
        return list(self._names)


def _pg_rows(cursor: psycopg.AsyncCursor[Any]) -> Any:
    """psycopg's row factory making PgRow."""
    description = cursor.description
    if description is None:
        return tuple
    names = {column.name: index for index, column in enumerate(description)}
    return lambda values: PgRow(values, names)


def _params(params: Params | None) -> Params:
    if params is None:
        return ()
    return params if isinstance(params, dict) else tuple(params)


class PgCursor:
    """A psycopg cursor as the repositories use aiosqlite's (fetch*, rowcount, close)."""

    def __init__(self, cursor: psycopg.AsyncCursor[Any]) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    async def fetchone(self) -> PgRow | None:
        if self._cursor.description is None:
            return None
        row: PgRow | None = await self._cursor.fetchone()
        return row

    async def fetchall(self) -> list[PgRow]:
        if self._cursor.description is None:
            return []
        return list(await self._cursor.fetchall())

    async def fetchmany(self, size: int) -> list[PgRow]:
        if self._cursor.description is None:
            return []
        return list(await self._cursor.fetchmany(size))

    async def close(self) -> None:
        await self._cursor.close()


class PgConnection:
    """What a transaction hands out: ``execute``/``executemany`` with SQLite's placeholders."""

    def __init__(self, conn: psycopg.AsyncConnection[Any]) -> None:
        self.raw = conn

    def execute(self, sql: str, parameters: Params | None = None) -> Result[PgCursor]:
        return Result(self._execute(sql, parameters))

    def executemany(self, sql: str, parameters: Iterable[Params]) -> Result[PgCursor]:
        return Result(self._executemany(sql, parameters))

    async def _execute(self, sql: str, parameters: Params | None) -> PgCursor:
        cursor = self.raw.cursor(row_factory=_pg_rows)
        await cursor.execute(pyformat(sql), _params(parameters))
        return PgCursor(cursor)

    async def _executemany(self, sql: str, parameters: Iterable[Params]) -> PgCursor:
        cursor = self.raw.cursor(row_factory=_pg_rows)
        rows = [_params(p) for p in parameters]
        if rows:
            await cursor.executemany(pyformat(sql), rows)
        return _Counted(cursor, len(rows) and cursor.rowcount)


class _Counted(PgCursor):
    """An executemany's cursor: psycopg sums the rows each statement changed."""

    def __init__(self, cursor: psycopg.AsyncCursor[Any], count: int) -> None:
        super().__init__(cursor)
        self._count = count

    @property
    def rowcount(self) -> int:
        return self._count


class PostgresDatabase:
    """Owns the connection; every write goes through `transaction()`, one writer at a time."""

    dialect = POSTGRES

    def __init__(
        self,
        conn: psycopg.AsyncConnection[Any],
        url: str,
        clock: Clock,
        *,
        coordination: bool = False,
    ) -> None:
        self._conn = conn
        self._coordination = coordination
        self._url = url
        self._lock = asyncio.Lock()
        self.clock = clock
        self.shown = shown(url)
        # SQLite's data_version, kept by hand (bot/store/writes.py).
        self._writes = WriteCounter()
        # The task that has the connection (`_held`): its own reads run in its transaction;
        # another task's read waits for that transaction to end rather than run inside it,
        # where a read cancelled (a /metrics scrape timing out) would abort the writer's work.
        self._holder: asyncio.Task[Any] | None = None
        # Whether a transaction or snapshot of this store is open on the connection: any
        # other transaction found there was left behind (see `_ready`).
        self._open = False

    @classmethod
    async def open(cls, url: str, clock: Clock = utcnow) -> PostgresDatabase:
        """Connect to the database at `url` and bring its schema up to date; a StoreError
        naming the database (never its password) when the server cannot be used."""
        conn = await _connect(url)
        try:
            await migrate.apply_postgres(PgConnection(conn))
        except BaseException:
            await conn.close()
            raise
        return cls(conn, url, clock)

    async def coordination(self) -> PostgresDatabase:
        """A second connection to the same database for leases and claims (bot/store/leases.py):
        its transactions take the coordination lock, not the writers' one, and leave the
        write counter alone, so a renewal is not held up by a long write and readers of the
        data do not take it for a change."""
        conn = await _connect(self._url)
        return PostgresDatabase(conn, self._url, self.clock, coordination=True)

    async def close(self) -> None:
        async with self._held():
            await self._conn.close()

    @asynccontextmanager
    async def _held(self) -> AsyncIterator[None]:
        """The connection for the current task alone, until the block ends; at once when
        this task has it already (a read inside its own transaction)."""
        task = asyncio.current_task()
        if task is not None and self._holder is task:
            yield
            return
        async with self._lock:
            self._holder = task
            try:
                yield
            finally:
                self._holder = None

    def now(self) -> str:
        return self.clock().astimezone(UTC).isoformat()

    async def _ready(self) -> PgConnection:
        """The connection, made again when the server dropped it (a restart, a failover),
        and out of any transaction left open on it: a task cancelled while its BEGIN or
        ROLLBACK was on its way (the server runs it all the same), or a late cancel request
        that failed a ROLLBACK. Left there, the next failed statement would abort it, and
        every statement after with "current transaction is aborted"."""
        if self._conn.closed or self._conn.broken:
            log.warning("database connection lost; connecting again target=%s", self.shown)
            self._conn = await _connect(self._url)
        conn = PgConnection(self._conn)
        status = self._conn.info.transaction_status
        if not self._open and status in (TransactionStatus.INTRANS, TransactionStatus.INERROR):
            log.warning(
                "database connection found in a transaction left open; rolled back"
                " target=%s status=%s",
                self.shown,
                status.name,
            )
            await conn.execute("ROLLBACK")
        return conn

    async def _abandon(self, conn: PgConnection) -> None:
        """Roll back the transaction this store opened; should that fail too (a late cancel
        request), the next use of the connection rolls it back (`_ready`)."""
        if self._conn.closed or self._conn.broken:
            return
        try:
            await conn.execute("ROLLBACK")
        except psycopg.Error as exc:
            log.warning("rollback failed target=%s error=%s", self.shown, type(exc).__name__)

    @asynccontextmanager
    async def transaction(
        self, attempts: int = 3, *, counted: bool = True
    ) -> AsyncIterator[PgConnection]:
        """One write transaction; ``counted=False`` for one that changes no data others read
        (a saved copy of what they can read anyway): the write counter stays."""
        async with self._held():
            conn = await self._ready()
            bumped: int | None = None
            self._open = True
            try:
                try:
                    # Inside the try: a BEGIN cut short by a cancel may have reached the server.
                    await conn.execute("BEGIN")
                    await self._take_writer_lock(conn, attempts)
                    yield conn
                    if counted and not self._coordination:
                        bumped = await self._writes.bump(conn)
                except BaseException:
                    await self._abandon(conn)
                    raise
                await conn.execute("COMMIT")
            finally:
                self._open = False
            # Only once committed is the counter this connection's (see `committed`).
            self._writes.committed(bumped)

    async def _take_writer_lock(self, conn: PgConnection, attempts: int) -> None:
        key = _COORDINATION_LOCK if self._coordination else _WRITER_LOCK
        if attempts <= 1:
            cur = await conn.execute("SELECT pg_try_advisory_xact_lock(?)", (key,))
            row = await cur.fetchone()
            if row is not None and row[0]:
                return
            raise StoreBusy(self.shown, "is being written by another process", _BUSY_HINT)
        await conn.execute(f"SET LOCAL lock_timeout = '{_LOCK_WAIT}'")
        try:
            await conn.execute("SELECT pg_advisory_xact_lock(?)", (key,))
        except pg_errors.LockNotAvailable as exc:
            raise StoreBusy(
                self.shown, f"stayed locked by another writer ({_LOCK_WAIT})", _BUSY_HINT
            ) from exc

    async def data_version(self, conn: Connection) -> int:
        return await self._writes.read(conn)

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[PgConnection]:
        """Reads that see one state of the database, even while another process writes."""
        async with self._held():
            conn = await self._ready()
            self._open = True
            try:
                await conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                yield conn
            finally:
                try:
                    await self._abandon(conn)
                finally:
                    self._open = False

    async def fetchall_committed(self, sql: str, params: Params = ()) -> list[PgRow]:
        async with self._held():
            return await self.fetchall(sql, params)

    async def fetchall(self, sql: str, params: Params = ()) -> list[PgRow]:
        async with self._held():
            conn = await self._ready()
            async with conn.execute(sql, params) as cur:
                return await cur.fetchall()

    async def fetchone(self, sql: str, params: Params = ()) -> PgRow | None:
        async with self._held():
            conn = await self._ready()
            async with conn.execute(sql, params) as cur:
                return await cur.fetchone()

    async def scalar(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> int:
        async with self.transaction() as conn, conn.executemany(sql, rows) as cur:
            return cur.rowcount

    async def require_sound(self) -> None:
        """Nothing to check here: the server keeps its own data sound (and its checksums)."""

    async def backup(self, target: object) -> None:
        raise StoreError(
            self.shown,
            "is a PostgreSQL database: socialpulse backs up only its SQLite file",
            f"back it up with `pg_dump --format=custom --file {target} DBNAME` and restore "
            "with `pg_restore`",
        )


_BUSY_HINT = "wait for the other command to finish, or stop the program holding it, then retry"


async def _connect(url: str) -> psycopg.AsyncConnection[Any]:
    userinfo, _ = url_userinfo(url)
    if re.search(r"[@/?#]", userinfo):
        # libpq would split such a URL in the wrong place and quote the pieces, password
        # included, in its error; it could not connect with it anyway.
        raise DatabaseUnreachable(
            shown(url),
            "has an unencoded @, /, ? or # in its user name or password",
            "percent-encode them (@ as %40, / as %2F, ? as %3F, # as %23) in SOCIALPULSE_DB_URL",
        )
    try:
        # Autocommit: transactions are opened by `transaction()` and `snapshot()` only, so a
        # plain read never holds one open. Times are text the store writes in UTC.
        return await psycopg.AsyncConnection.connect(
            url, autocommit=True, options="-c TimeZone=UTC"
        )
    except psycopg.OperationalError as exc:
        raise DatabaseUnreachable(
            shown(url),
            f"cannot be reached ({_first_line(exc)})",
            "check SOCIALPULSE_DB_URL, that the server runs and that it lets this user in",
        ) from exc
    except psycopg.Error as exc:
        # Refused before any connection (a malformed URL): psycopg's message quotes the part
        # it could not read, which may be the password, so only its kind is told.
        raise DatabaseUnreachable(
            shown(url),
            f"is not a connection URL psycopg can read ({type(exc).__name__})",
            "check SOCIALPULSE_DB_URL; a password with %, @, : or / must be percent-encoded",
        ) from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
