"""Numbered SQL migrations applied in order at start."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

import aiosqlite

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def available() -> list[Migration]:
    """The migrations shipped with the package, in version order."""
    found: list[Migration] = []
    for entry in resources.files("bot.store.migrations").iterdir():
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
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    async with conn.execute("SELECT version FROM schema_migrations") as cur:
        # Each one by its number: one numbered below the newest applied (a branch merged
        # later) is still applied.
        done = {int(row[0]) for row in await cur.fetchall()}
    applied: list[int] = []
    for migration in available():
        if migration.version in done:
            continue
        # executescript commits first, so each migration runs in an explicit transaction.
        await conn.executescript(
            "BEGIN IMMEDIATE;\n"
            + migration.sql
            + "\nINSERT INTO schema_migrations (version, name, applied_at) VALUES "
            + f"({migration.version}, '{migration.name}', '{datetime.now(UTC).isoformat()}');\n"
            + "COMMIT;"
        )
        log.info("migration applied version=%d name=%s", migration.version, migration.name)
        applied.append(migration.version)
    return applied
