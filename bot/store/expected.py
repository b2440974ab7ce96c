"""Whether a database is expected at a path, so a missing or empty file where one was kept
is refused instead of silently recreated (which would resend every review request)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from bot.store import files
from bot.store.errors import INIT_HINT, RESTORE_HINT, DatabaseMissing

__all__ = [
    "check",
    "evidence",
    "record",
]

log = logging.getLogger(__name__)


def evidence(db: Path, history: Iterable[Path] = ()) -> list[str]:
    """What shows a database was kept at `db`: its marker, a leftover WAL, or other files of
    the same data folder (`history`, e.g. the outbox of published replies) that are not empty."""
    found: list[str] = []
    mark = files.marker(db)
    if mark.is_file():
        first = mark.read_text(encoding="utf-8", errors="replace").partition("\n")[0].strip()
        found.append(f"{mark} says: {first}" if first else f"{mark} records it")
    if files.size(files.wal(db)):
        found.append(f"{files.wal(db)} holds {files.size(files.wal(db)):,} bytes of its writes")
    for path in history:
        if files.size(path):
            found.append(f"{path} holds what it already did")
    return found


def check(db: Path, now: datetime, *, init: bool = False, history: Iterable[Path] = ()) -> None:
    """Pass when `db` holds something or nothing says a database was kept there (a new
    install); otherwise raise DatabaseMissing, or with `init` clear the way for a new one."""
    current = files.size(db)
    if current:
        return
    reasons = evidence(db, history)
    if not reasons:
        return
    state = "is empty (0 bytes)" if db.exists() else "is missing"
    if not init:
        raise DatabaseMissing(
            db,
            f"{state}, but one was kept there ({'; '.join(reasons)})",
            "a new one would send every review request again and lose the decisions, "
            f"checkpoints and audit trail; {RESTORE_HINT}, or start on a new empty database "
            f"on purpose with {INIT_HINT}",
        )
    # A leftover WAL applied to a new database would corrupt it: the set is kept aside as it
    # was (empty file and WAL together), so nothing the WAL holds is lost.
    kept = files.set_aside(db, "before-init", now) if files.size(files.wal(db)) else []
    files.remove([files.shm(db), files.marker(db)])
    log.warning(
        "initialising a new database as asked path=%s state=%r evidence=%s kept=%s",
        db,
        state,
        "; ".join(reasons),
        ", ".join(str(p) for p in kept) or "-",
    )


def record(db: Path, now: datetime) -> None:
    """Write the marker beside `db` if it is not there yet (a first start, or a database
    made by an older socialpulse); a folder we may not write is left as it is."""
    mark = files.marker(db)
    if mark.exists():
        return
    try:
        mark.write_text(
            f"socialpulse database {db.name} in use since {now.isoformat(timespec='seconds')}\n"
            "socialpulse refuses to start on a missing or empty database while this file\n"
            "is here. Restore a backup (socialpulse restore BACKUP), or start afresh on\n"
            "purpose with `socialpulse --init-db run` (or SOCIALPULSE_DB_INIT=1).\n",
            encoding="utf-8",
        )
    except OSError as exc:
        log.debug("database marker not written path=%s error=%s", mark, exc)
