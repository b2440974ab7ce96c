"""Numbered SQL migrations applied in order at start: bot/store/migrations for SQLite, and
their PostgreSQL twins (same numbers, same gaps) in bot/store/migrations_pg."""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import TYPE_CHECKING

import aiosqlite

if TYPE_CHECKING:
    from bot.store.postgres import PgConnection

__all__ = [
    "POSTGRES_MIGRATIONS",
    "SQLITE_MIGRATIONS",
    "Migration",
    "apply",
    "apply_one",
    "apply_postgres",
    "available",
]

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


SQLITE_MIGRATIONS = "bot.store.migrations"
POSTGRES_MIGRATIONS = "bot.store.migrations_pg"
# Migrations are applied by one process at a time (a session-level advisory lock).
_MIGRATION_LOCK = 0x50C1A2

_SCHEMA_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
)


def available(package: str = SQLITE_MIGRATIONS) -> list[Migration]:
    """The migrations shipped with the package, in version order."""
    found: list[Migration] = []
    for entry in resources.files(package).iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two migrations share a number: {versions}")
    return found


async def apply(conn: aiosqlite.Connection) -> list[int]:
    """Apply every migration newer than the database; return the versions applied."""
    await conn.execute(_SCHEMA_TABLE)
    async with conn.execute("SELECT version FROM schema_migrations") as cur:
        # Each one by its number: one numbered below the newest applied (a branch merged
        # later) is still applied.
        done = {int(row[0]) for row in await cur.fetchall()}
    applied: list[int] = []
    for migration in available():
        if migration.version in done:
            continue
        if await apply_one(conn, migration):
            applied.append(migration.version)
    return applied


async def apply_one(conn: aiosqlite.Connection, migration: Migration) -> bool:
    """Apply `migration`; False when another process applied it since this one read the
    list (workers starting together on a new file: the other's BEGIN IMMEDIATE came first,
    and its tables are there now)."""
    try:
        # executescript commits first, so each migration runs in an explicit transaction.
        await conn.executescript(
            "BEGIN IMMEDIATE;\n"
            + migration.sql
            + "\nINSERT INTO schema_migrations (version, name, applied_at) VALUES "
            + f"({migration.version}, '{migration.name}', '{datetime.now(UTC).isoformat()}');\n"
            + "COMMIT;"
        )
    except sqlite3.Error:
        if conn.in_transaction:
            await conn.rollback()
        async with conn.execute(
            "SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,)
        ) as cur:
            if await cur.fetchone() is None:
                raise
        log.info(
            "migration applied by another process version=%d name=%s",
            migration.version,
            migration.name,
        )
        return False
    log.info("migration applied version=%d name=%s", migration.version, migration.name)
    return True


async def apply_postgres(conn: PgConnection) -> list[int]:
    """``apply`` on PostgreSQL, from bot/store/migrations_pg: each migration and its row in
    schema_migrations commit together, one process migrating at a time."""
    raw = conn.raw
    await raw.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
    try:
        await raw.execute(_SCHEMA_TABLE)
        cur = await raw.execute("SELECT version FROM schema_migrations")
        done = {int(row[0]) for row in await cur.fetchall()}
        applied: list[int] = []
        for migration in available(POSTGRES_MIGRATIONS):
            if migration.version in done:
                continue
            async with raw.transaction():
                # No parameters: the file's statements go to the server as one script.
                await raw.execute(migration.sql.encode("utf-8"))
                await raw.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (%s, %s, %s)",
                    (migration.version, migration.name, datetime.now(UTC).isoformat()),
                )
            log.info("migration applied version=%d name=%s", migration.version, migration.name)
            applied.append(migration.version)
        return applied
    finally:
        await raw.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))
