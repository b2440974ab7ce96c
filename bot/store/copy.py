"""Copy a SQLite store into an empty PostgreSQL one, every table, checked row for row."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from bot.store.database import Database
from bot.store.errors import StoreError
from bot.store.postgres import PgConnection, PostgresDatabase
from bot.store.sql import Connection

__all__ = ["CopiedTable", "CopyMismatch", "TargetNotEmpty", "copy_store"]

log = logging.getLogger(__name__)

# Kept by each engine for itself: the migrations applied, the write counter, and what is
# dated by it: the ad columns saved and each ad-metric row's `seq` (bot/store/ad_snapshots.py;
# PostgreSQL's trigger dates each row copied by its own counter).
_OWN_TABLES = frozenset(
    {"schema_migrations", "store_writes", "ad_column_snapshots", "ad_snapshot_drops"}
)
_OWN_COLUMNS = frozenset({("ad_metrics", "seq")})
_CHUNK = 5_000


class TargetNotEmpty(StoreError):
    """The PostgreSQL database already holds socialpulse data: a copy never merges."""


class CopyMismatch(StoreError):
    """What arrived in PostgreSQL is not what the SQLite file holds (nothing was kept)."""


@dataclass(frozen=True, slots=True)
class CopiedTable:
    table: str
    rows: int
    checksum: str


@dataclass(frozen=True, slots=True)
class _Table:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]


async def copy_store(source: Path, target_url: str) -> list[CopiedTable]:
    """Copy every table of the SQLite store at `source` into the PostgreSQL database at
    `target_url` (its schema made by the store's migrations), in one transaction: rows by
    COPY, identity sequences moved past the copied ids, then each table's row count and
    checksum compared on both sides before it commits. Raises TargetNotEmpty when the
    target holds rows, CopyMismatch (and keeps nothing) when a table differs."""
    if not source.is_file():
        raise StoreError(source, "does not exist", "give the path of the SQLite file to copy")
    sqlite = await Database.open(source)
    try:
        target = await PostgresDatabase.open(target_url)
        try:
            async with sqlite.snapshot() as read, target.transaction() as write:
                tables = await _tables(read, write, target.shown)
                await _require_empty(write, tables, target.shown)
                copied: list[CopiedTable] = []
                for table in tables:
                    try:
                        rows, checksum = await _copy(read, write, table)
                    except psycopg.DataError as exc:
                        raise StoreError(
                            target.shown,
                            f"refused a row of table {table.name} from {source} "
                            f"({_first_line(exc)}); nothing was kept",
                            "fix or delete that row in the SQLite file, then copy again",
                        ) from exc
                    await _restart_identity(write, table)
                    arrived = await _checksum(write, table)
                    if arrived != (rows, checksum):
                        raise CopyMismatch(
                            target.shown,
                            f"did not receive table {table.name} as it is in {source}: "
                            f"{rows} rows (md5 {checksum}) sent, {arrived[0]} rows "
                            f"(md5 {arrived[1]}) there; nothing was kept",
                            "tell the socialpulse team which table, with both files' versions",
                        )
                    log.info("table copied table=%s rows=%d", table.name, rows)
                    copied.append(CopiedTable(table.name, rows, checksum))
        finally:
            await target.close()
    finally:
        await sqlite.close()
    return copied


async def _all(conn: Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    async with conn.execute(sql, params) as cur:
        return list(await cur.fetchall())


async def _tables(read: Connection, write: Connection, shown: str) -> list[_Table]:
    """The SQLite file's tables, parents before the tables that refer to them, each with
    the columns the PostgreSQL twin has (its comments keep SQLite's rowid as a column)."""
    names = [
        str(r[0])
        for r in await _all(
            read,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name",
        )
        if str(r[0]) not in _OWN_TABLES
    ]
    parents = {
        name: {str(r[2]) for r in await _all(read, f"PRAGMA foreign_key_list({name})")} - {name}
        for name in names
    }
    tables: list[_Table] = []
    for name in _parents_first(parents):
        columns = tuple(
            str(r[0])
            for r in await _all(
                write,
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name = ?"
                " ORDER BY ordinal_position",
                (name,),
            )
            if (name, str(r[0])) not in _OWN_COLUMNS
        )
        if not columns:
            raise StoreError(
                shown,
                f"has no table {name}, which the SQLite file has",
                "run the same socialpulse version on both (its migrations make the tables)",
            )
        kept = {str(r[1]) for r in await _all(read, f"PRAGMA table_info({name})")} | {"rowid"}
        missing = [c for c in columns if c not in kept]
        if missing:
            raise StoreError(
                shown,
                f"has columns {', '.join(missing)} in table {name} that the SQLite file lacks",
                "run the same socialpulse version on both (its migrations make the tables)",
            )
        key = await _primary_key(write, name)
        tables.append(_Table(name, columns, key or columns))
    return tables


def _parents_first(parents: dict[str, set[str]]) -> list[str]:
    ordered: list[str] = []
    placed: set[str] = set()

    def place(name: str, path: tuple[str, ...]) -> None:
        if name in placed or name in path:
            return
        for parent in sorted(parents.get(name, set())):
            place(parent, (*path, name))
        placed.add(name)
        ordered.append(name)

    for name in sorted(parents):
        place(name, ())
    return ordered


async def _primary_key(write: Connection, table: str) -> tuple[str, ...]:
    rows = await _all(
        write,
        "SELECT a.attname FROM pg_index i"
        " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
        " WHERE i.indrelid = CAST(? AS regclass) AND i.indisprimary"
        " ORDER BY array_position(i.indkey, a.attnum)",
        (table,),
    )
    return tuple(str(r[0]) for r in rows)


async def _require_empty(write: Connection, tables: Iterable[_Table], shown: str) -> None:
    holding = []
    for table in tables:
        rows = await _all(write, f"SELECT COUNT(*) FROM {_quoted(table.name)}")
        if int(rows[0][0]):
            n = int(rows[0][0])
            holding.append(f"{table.name} ({n} row{'' if n == 1 else 's'})")
    if holding:
        raise TargetNotEmpty(
            shown,
            f"is not empty: {', '.join(holding)}",
            "copy into a new, empty database (createdb), or drop this one's tables first",
        )


def _quoted(*names: str) -> str:
    """Names as SQL identifiers both engines read (a column may be a keyword: "offset")."""
    return ", ".join('"' + name.replace('"', '""') + '"' for name in names)


def _select(table: _Table) -> str:
    return (
        f"SELECT {_quoted(*table.columns)} FROM {_quoted(table.name)}"
        f" ORDER BY {_quoted(*table.key)}"
    )


async def _copy(read: Connection, write: Connection, table: _Table) -> tuple[int, str]:
    """COPY the table's rows into PostgreSQL; their count and checksum as read."""
    assert isinstance(write, PgConnection)
    digest = hashlib.md5(usedforsecurity=False)
    count = 0
    statement = f"COPY {_quoted(table.name)} ({_quoted(*table.columns)}) FROM STDIN"
    async with (
        read.execute(_select(table)) as cur,
        write.raw.cursor() as pg,
        pg.copy(statement.encode("utf-8")) as copy,
    ):
        while chunk := list(await cur.fetchmany(_CHUNK)):
            for row in chunk:
                values = tuple(row)
                await copy.write_row(values)
                digest.update(_line(values))
            count += len(chunk)
    return count, digest.hexdigest()


async def _checksum(conn: Connection, table: _Table) -> tuple[int, str]:
    """The table's row count and checksum, computed as ``_copy`` computes it."""
    digest = hashlib.md5(usedforsecurity=False)
    count = 0
    async with conn.execute(_select(table)) as cur:
        while chunk := list(await cur.fetchmany(_CHUNK)):
            for row in chunk:
                digest.update(_line(tuple(row)))
            count += len(chunk)
    return count, digest.hexdigest()


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _line(values: tuple[Any, ...]) -> bytes:
    """One row as the checksum reads it: each value with its Python type, so 3 and 3.0 or
    "3" differ, and a float is compared exactly."""
    return (repr(tuple(float.hex(v) if isinstance(v, float) else v for v in values)) + "\n").encode(
        "utf-8", "surrogatepass"
    )


async def _restart_identity(write: Connection, table: _Table) -> None:
    """Move each identity column's sequence past the highest id copied."""
    for r in await _all(
        write,
        "SELECT column_name FROM information_schema.columns WHERE table_schema ="
        " current_schema() AND table_name = ? AND is_identity = 'YES'",
        (table.name,),
    ):
        column = str(r[0])
        await write.execute(
            f"SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX({_quoted(column)}), 0)"
            f" + 1, false) FROM {_quoted(table.name)}",
            (table.name, column),
        )
