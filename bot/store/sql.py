"""What the repositories see of a database connection, whichever engine is behind it."""

from __future__ import annotations

import functools
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar

import aiosqlite

from bot.clock import Clock

__all__ = [
    "POSTGRES",
    "SQLITE",
    "Connection",
    "Cursor",
    "Dialect",
    "Params",
    "Pending",
    "Row",
    "SqlDatabase",
    "plain_rows",
    "pyformat",
]

Params = Sequence[Any] | dict[str, Any]

_C_co = TypeVar("_C_co", covariant=True)


class Row(Protocol):
    """A result row: read by index (``r[0]``), by column name (``r["text"]``) or iterated."""

    def __getitem__(self, key: Any, /) -> Any: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Any]: ...


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...
    async def fetchone(self) -> Row | None: ...
    async def fetchall(self) -> Iterable[Row]: ...
    async def fetchmany(self, size: int, /) -> Iterable[Row]: ...
    async def close(self) -> None: ...


class Pending(Protocol[_C_co]):
    """A statement sent: awaited, or used as ``async with`` (which closes the cursor after)."""

    def __await__(self) -> Generator[Any, None, _C_co]: ...
    async def __aenter__(self) -> _C_co: ...
    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any, /) -> None: ...


class Connection(Protocol):
    """The connection a transaction hands out: aiosqlite's, or the PostgreSQL store's
    (bot/store/postgres.py), which takes the same ``?`` placeholders."""

    def execute(self, sql: str, parameters: Params = ..., /) -> Pending[Cursor]: ...
    def executemany(self, sql: str, parameters: Iterable[Params], /) -> Pending[Cursor]: ...


class SqlDatabase(Protocol):
    """The database the repositories are given: the SQLite one (bot/store/database.py) or
    the PostgreSQL one (bot/store/postgres.py). Every write goes through ``transaction()``."""

    @property
    def clock(self) -> Clock: ...
    @property
    def dialect(self) -> Dialect: ...
    def now(self) -> str: ...
    def transaction(
        self, attempts: int = 3, *, counted: bool = True
    ) -> AbstractAsyncContextManager[Connection]: ...
    def snapshot(self) -> AbstractAsyncContextManager[Connection]: ...
    async def fetchall(self, sql: str, params: Params = ()) -> Sequence[Row]: ...
    async def fetchall_committed(self, sql: str, params: Params = ()) -> Sequence[Row]: ...
    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...
    async def scalar(self, sql: str, params: Params = ()) -> Any: ...
    async def execute_many(self, sql: str, rows: Iterable[Params]) -> int: ...
    async def close(self) -> None: ...
    async def data_version(self, conn: Connection) -> int:
        """Inside ``snapshot()``: a number that changes whenever another connection (another
        process) has committed a write since the last call, and only then."""
        ...


@dataclass(frozen=True, slots=True)
class Dialect:
    """The few SQL fragments the two engines spell differently; everything else the
    repositories write is SQL both speak."""

    name: Literal["sqlite", "postgres"]
    # Whether the first text contains the second (both SQL expressions).
    contains_template: str
    # Prefix that keeps the planner from using an index on a column (SQLite's unary plus).
    unindexed: str
    # Suffix of a SELECT that locks the rows it returns, passing over those another
    # transaction has locked (PostgreSQL; SQLite has one writer at a time and no row locks).
    skip_locked: str = ""
    # Suffix of a SELECT that locks the rows it returns until the transaction ends, waiting
    # for another transaction's lock (PostgreSQL; SQLite's writer lock already serialises).
    for_update: str = ""

    def contains(self, text: str, part: str) -> str:
        return self.contains_template.format(text, part)


SQLITE = Dialect(
    name="sqlite",
    contains_template="instr({}, {}) > 0",
    unindexed="+",
)

POSTGRES = Dialect(
    name="postgres",
    contains_template="strpos({}, {}) > 0",
    unindexed="",
    skip_locked=" FOR UPDATE SKIP LOCKED",
    for_update=" FOR UPDATE",
)


def plain_rows(cursor: Cursor) -> None:
    """From here on, fetch plain tuples where the driver makes row objects (sqlite3.Row):
    a read that turns its rows into arrays at once is a sixth faster on them. (PostgreSQL's
    rows are tuples already.)"""
    if isinstance(cursor, aiosqlite.Cursor):
        cursor.row_factory = None


@functools.lru_cache(maxsize=4096)
def pyformat(sql: str) -> str:
    """``sql`` with SQLite's placeholders (``?``, ``:name``) as psycopg's (``%s``,
    ``%(name)s``), and every literal ``%`` doubled, as psycopg then reads ``%`` as its own.

    Text in quotes ('…' strings, "…" names) and ``--`` comments is kept as it is (but for
    the doubled ``%``); ``::`` (a PostgreSQL cast) is not a named placeholder."""
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"":
            end = _closing(sql, i, ch)
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif ch == "-" and sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif ch == "%":
            out.append("%%")
            i += 1
        elif ch == "?":
            out.append("%s")
            i += 1
        elif ch == ":" and sql.startswith("::", i):
            out.append("::")
            i += 2
        elif ch == ":" and i + 1 < n and (sql[i + 1].isalpha() or sql[i + 1] == "_"):
            j = i + 1
            while j < n and (sql[j].isalnum() or sql[j] == "_"):
                j += 1
            out.append(f"%({sql[i + 1 : j]})s")
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _closing(sql: str, start: int, quote: str) -> int:
    """The index just past the quote that closes the one at ``start`` (a doubled quote is
    part of the text); the end of ``sql`` when it is never closed."""
    i = start + 1
    while True:
        i = sql.find(quote, i)
        if i < 0:
            return len(sql)
        if sql.startswith(quote * 2, i):
            i += 2
            continue
        return i + 1
