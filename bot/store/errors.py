"""Database problems a person can act on: which file, what is wrong with it, what to do."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

__all__ = [
    "EXPECTED_FAILURES",
    "INIT_HINT",
    "RESTORE_HINT",
    "BackupRejected",
    "DatabaseDamaged",
    "DatabaseInUse",
    "DatabaseMissing",
    "DatabaseReadOnly",
    "DatabaseUnreachable",
    "StoreBusy",
    "StoreError",
    "explain",
    "translated",
]

RESTORE_HINT = "restore a backup with `socialpulse restore BACKUP`"
INIT_HINT = "socialpulse --init-db run (or SOCIALPULSE_DB_INIT=1)"


class StoreError(RuntimeError):
    """A database that cannot be used as it is; `str()` is one line naming the file."""

    noun = "the database"

    def __init__(self, path: Path | str, problem: str, hint: str) -> None:
        # A file for SQLite; for PostgreSQL the database's URL as it may be shown (no password).
        super().__init__(f"{self.noun} {path} {problem}; {hint}")
        self.path = path
        self.problem = problem
        self.hint = hint


class StoreBusy(StoreError):
    """The database stayed locked by another process longer than we are willing to wait."""


class DatabaseReadOnly(StoreError):
    """The file, or the folder its journal lives in, cannot be written by this user."""


class DatabaseDamaged(StoreError):
    """The file is not a sound SQLite database (malformed, truncated, or not one at all)."""


class DatabaseMissing(StoreError):
    """The file is missing or empty where the data folder shows a database was kept."""


class DatabaseInUse(StoreError):
    """Another socialpulse process has the database open (restore), or a restore is running."""


class DatabaseUnreachable(StoreError):
    """The PostgreSQL server cannot be reached or refuses the connection (down, restarting,
    a wrong URL): at start the bot refuses to run; while it runs, the step is retried."""


class BackupRejected(StoreError):
    """A file offered to `restore` that is not a sound socialpulse database."""

    noun = "the backup"


# Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
_BUSY, _LOCKED, _READONLY, _PERM = 5, 6, 8, 3
_CORRUPT, _NOTADB, _CANTOPEN, _FULL, _IOERR = 11, 26, 14, 13, 10


EXPECTED_FAILURES: tuple[type[BaseException], ...] = (
    sqlite3.Error,
    psycopg.OperationalError,
    StoreBusy,
    DatabaseUnreachable,
)
"""What the database raises when the world around the bot fails (a locked or full database,
a file it may not write, a PostgreSQL server gone or refusing) rather than its code: retried
later without a traceback."""


def _code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    # Without a code (older drivers), the message is all there is.
    text = str(exc).lower()
    for needle, guessed in (
        ("readonly", _READONLY),
        ("locked", _BUSY),
        ("malformed", _CORRUPT),
        ("not a database", _NOTADB),
        ("unable to open", _CANTOPEN),
        ("disk is full", _FULL),
        ("disk i/o", _IOERR),
    ):
        if needle in text:
            return guessed
    return None


def explain(exc: sqlite3.Error, path: Path) -> StoreError | None:
    """The StoreError a person can act on for `exc` raised on `path`; None for anything else
    (a constraint or a programming error is a bug, and keeps its traceback)."""
    code = _code(exc)
    detail = str(exc)
    if code in (_READONLY, _PERM):
        return DatabaseReadOnly(
            path,
            f"cannot be written ({detail})",
            "let the user socialpulse runs as write the file and its folder "
            "(SQLite keeps its -wal and -shm files beside it)",
        )
    if code in (_BUSY, _LOCKED):
        return StoreBusy(
            path,
            f"is locked by another process ({detail})",
            "wait for the other command to finish, or stop the program holding it, then retry",
        )
    if code in (_CORRUPT, _NOTADB):
        return DatabaseDamaged(
            path,
            f"is damaged ({detail})",
            f"{RESTORE_HINT}; the bot cannot run on it as it is",
        )
    if code == _CANTOPEN:
        return StoreError(
            path,
            f"cannot be opened ({detail})",
            "check that the path is right and that its folder exists and is writable",
        )
    if code in (_FULL, _IOERR):
        return StoreError(
            path,
            f"could not be read or written ({detail})",
            "check the free space and the health of the disk it lives on",
        )
    return None


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """Raise SQLite's refusals inside the block as the StoreError that explains them."""
    try:
        yield
    except sqlite3.Error as exc:
        better = explain(exc, path)
        if better is None:
            raise
        raise better from exc
