"""Put a backup in place of the database: only with the bot stopped, the backup checked first,
the current database and its WAL kept aside, the new file copied, synced and renamed in."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.store import expected, files, lock
from bot.store.errors import BackupRejected, DatabaseDamaged
from bot.store.inspect import Inspection, brief, inspect

__all__ = [
    "Restored",
    "restore",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Restored:
    """What `restore` did: the backup now at `database`, what was there before kept in `kept`."""

    database: Path
    backup: Path
    inspection: Inspection
    kept: list[Path]


def restore(backup: Path, db: Path, now: datetime) -> Restored:
    """Replace `db` with a checked copy of `backup`.

    Raises BackupRejected (the backup is not a sound socialpulse database; nothing changed),
    DatabaseInUse (a bot or another command has the database open; nothing changed) or
    DatabaseDamaged (the copy failed its check once in place; the previous database is kept
    aside and named in the message)."""
    _check_backup_file(backup, db)
    db.parent.mkdir(parents=True, exist_ok=True)
    held = lock.exclusive(db)
    try:
        return _replace(backup, db, now)
    finally:
        held.release()


def _check_backup_file(backup: Path, db: Path) -> None:
    if not backup.exists():
        raise BackupRejected(backup, "does not exist", "give the path of a backup file")
    if not backup.is_file():
        raise BackupRejected(backup, "is not a file", "give the path of a backup file")
    if not files.size(backup):
        raise BackupRejected(
            backup, "is empty (0 bytes)", "nothing was changed; pick another backup"
        )
    if db.exists() and os.path.samefile(backup, db):
        raise BackupRejected(backup, "is the database itself", "give the path of a backup file")
    if files.size(files.wal(backup)):
        # Its WAL may be its own latest writes (copied while in use) or a stale one from an
        # earlier file of that name; applying the wrong one corrupts it, so a person decides.
        raise BackupRejected(
            backup,
            f"has a WAL file beside it ({files.wal(backup)}), so the file alone may be incomplete",
            "make backups with `socialpulse backup PATH`; if this WAL belongs to the backup, "
            "open the backup once with the sqlite3 shell (which folds the WAL in), then retry",
        )


def _replace(backup: Path, db: Path, now: datetime) -> Restored:
    # The copy is made and checked beside the database, so the final rename stays on one
    # file system (atomic) and what is checked is exactly what goes in.
    incoming = files.free_name(db.with_name(f"{db.name}.restoring-{files.stamp(now)}"))
    try:
        files.copy_synced(backup, incoming)
        _keep_owner(db, incoming)
        checked = inspect(incoming)
        if checked.sound and checked.version == 0:
            checked = Inspection(problems=["it holds no socialpulse schema (version 0)"])
        if not checked.sound:
            raise BackupRejected(
                backup,
                "is not a sound socialpulse database: " + brief(checked.problems),
                "nothing was changed; pick another backup",
            )
        # A WAL or SHM left by a crash belongs to the old file; beside the new one SQLite
        # would replay it into the restored database. They go aside with the old file.
        kept = files.set_aside(db, "before-restore", now)
        os.replace(incoming, db)
        files.sync_folder(db.parent)
    finally:
        files.remove([incoming, *files.journal(incoming)])
    log.info("database restored path=%s backup=%s kept=%s", db, backup, kept)
    after = inspect(db)
    if not after.sound:
        raise DatabaseDamaged(
            db,
            "failed its integrity check after the restore: " + brief(after.problems),
            "the previous database is kept as " + (str(kept[0]) if kept else "(none was there)"),
        )
    expected.record(db, now)
    return Restored(db, backup, after, kept)


def _keep_owner(db: Path, incoming: Path) -> None:
    """Give the new file the old one's mode and, when run as root, its owner, so the bot's
    own user can still write it."""
    try:
        old = db.stat()
    except FileNotFoundError:
        return
    os.chmod(incoming, old.st_mode & 0o777)
    if os.geteuid() == 0:
        os.chown(incoming, old.st_uid, old.st_gid)
