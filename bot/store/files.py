"""The files that make up one database on disk: the file itself and what lives beside it."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

__all__ = [
    "copy_synced",
    "free_name",
    "journal",
    "lock",
    "marker",
    "remove",
    "set_aside",
    "shm",
    "size",
    "stamp",
    "sync_folder",
    "wal",
]


def wal(db: Path) -> Path:
    """SQLite's write-ahead log: committed writes not yet copied into the file."""
    return db.with_name(db.name + "-wal")


def shm(db: Path) -> Path:
    """SQLite's shared-memory index of the WAL; rebuilt from the WAL when missing."""
    return db.with_name(db.name + "-shm")


def marker(db: Path) -> Path:
    """Written when socialpulse first creates the database: from then on one is expected here."""
    return db.with_name(db.name + ".created")


def lock(db: Path) -> Path:
    """The advisory lock every user of the database holds shared and `restore` holds alone."""
    return db.with_name(db.name + ".lock")


def journal(db: Path) -> tuple[Path, Path]:
    """The WAL and shared-memory files, which belong to this exact file and no other."""
    return wal(db), shm(db)


def size(path: Path) -> int:
    """The size of `path` in bytes, 0 when there is no such file."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def stamp(now: datetime) -> str:
    """A file-name-safe UTC timestamp, e.g. 20261125T080000Z."""
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def free_name(base: Path) -> Path:
    """`base`, or `base` with -2, -3 … appended if that name is taken."""
    candidate, n = base, 1
    while candidate.exists() or wal(candidate).exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def set_aside(db: Path, label: str, now: datetime) -> list[Path]:
    """Rename the database and its WAL and SHM to `<db>.<label>-<timestamp>` (WAL and SHM keep
    their -wal / -shm suffix, so the set still opens as it was); return the new names."""
    target = free_name(db.with_name(f"{db.name}.{label}-{stamp(now)}"))
    moved: list[Path] = []
    for source, dest in ((db, target), (wal(db), wal(target)), (shm(db), shm(target))):
        if source.exists():
            os.replace(source, dest)
            moved.append(dest)
    if moved:
        sync_folder(db.parent)
    return moved


def copy_synced(source: Path, target: Path) -> None:
    """Copy `source` to the new file `target` and flush it to disk before returning."""
    with source.open("rb") as src, target.open("xb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
        dst.flush()
        os.fsync(dst.fileno())


def sync_folder(folder: Path) -> None:
    """Make renames and deletions in `folder` durable (a crash may otherwise undo them)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove(paths: list[Path]) -> list[Path]:
    """Delete the files that exist among `paths`; return the ones deleted."""
    gone: list[Path] = []
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        gone.append(path)
    return gone
