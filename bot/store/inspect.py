"""Checks of a database file before it is trusted: sound SQLite, socialpulse's, which schema."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from bot.store import migrate

__all__ = [
    "COUNTED",
    "Inspection",
    "brief",
    "inspect",
    "problem_lines",
]

# Shown after a restore so a person sees at a glance that the right backup came back.
COUNTED = ("comments", "drafts", "alerts", "notifications", "audit_log")


@dataclass(frozen=True, slots=True)
class Inspection:
    """What a check found: `problems` is empty for a sound socialpulse database."""

    problems: list[str] = field(default_factory=list)
    version: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def sound(self) -> bool:
        return not self.problems


def problem_lines(rows: list[str]) -> list[str]:
    """SQLite's check result as one problem a line; [] for "ok"."""
    lines = [line.strip() for row in rows for line in row.splitlines()]
    return [line for line in lines if line and line != "ok" and not line.startswith("***")]


def brief(problems: list[str], shown: int = 3) -> str:
    """The first few problems on one line, and how many more there are."""
    text = "; ".join(problems[:shown])
    more = len(problems) - shown
    return f"{text}; and {more} more" if more > 0 else text


def inspect(path: Path, *, quick: bool = False) -> Inspection:
    """Run SQLite's integrity check on `path` (`quick`: every page and record, without the
    slower cross-check of indexes against tables) and read its schema version and row counts.

    The file is opened read-write but never written; it must exist."""
    uri = path.resolve().as_uri() + "?mode=rw"
    try:
        with closing(sqlite3.connect(uri, uri=True, timeout=10)) as conn:
            check = "quick_check" if quick else "integrity_check"
            found = problem_lines([str(row[0]) for row in conn.execute(f"PRAGMA {check}(20)")])
            if found:
                return Inspection(problems=found)
            return _contents(conn)
    except sqlite3.DatabaseError as exc:
        # "file is not a database", "database disk image is malformed", "unable to open"…
        return Inspection(problems=[str(exc)])


def _contents(conn: sqlite3.Connection) -> Inspection:
    tables = {
        str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if "schema_migrations" not in tables:
        return Inspection(
            problems=["it is an SQLite database but not socialpulse's (no schema_migrations)"]
        )
    (version,) = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
    version = int(version)
    known = max((m.version for m in migrate.available()), default=0)
    if version > known:
        return Inspection(
            problems=[
                f"it was made by a newer socialpulse (schema version {version}; "
                f"this one knows up to {known}): upgrade socialpulse first"
            ],
            version=version,
        )
    rows = {
        table: int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        for table in COUNTED
        if table in tables
    }
    return Inspection(version=version, rows=rows)
