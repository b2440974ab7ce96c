"""Delete a database socialpulse made, with the files SQLite and socialpulse keep beside it,
and nothing else (a file of the same name that is not ours is refused, not deleted)."""

from __future__ import annotations

from pathlib import Path

from bot.store import files, lock
from bot.store.errors import DatabaseInUse
from bot.store.inspect import brief, inspect

__all__ = [
    "discard",
]


def discard(db: Path) -> list[Path]:
    """Remove `db`, its WAL, SHM, marker and lock; return what was removed.

    Raises DatabaseInUse while another process has it open, and DatabaseInUse too when
    `db` is a file socialpulse did not make (it is someone else's, so it is kept)."""
    if not db.exists() and not files.wal(db).exists():
        return files.remove([files.shm(db), files.marker(db), files.lock(db)])
    held = lock.exclusive(db)
    try:
        if files.size(db):
            found = inspect(db, quick=True)
            if not found.sound:
                raise DatabaseInUse(
                    db,
                    f"is not a database socialpulse made ({brief(found.problems, 2)})",
                    "it was left as it is; move it, or choose another folder",
                )
        gone = files.remove([db, *files.journal(db), files.marker(db), files.lock(db)])
    finally:
        held.release()
    if gone:
        files.sync_folder(db.parent)
    return gone
