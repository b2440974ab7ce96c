"""An advisory lock beside the database: every process using it holds it shared, `restore`
holds it alone, so a restore never replaces the file under a running bot."""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import struct
from pathlib import Path

from bot.store import files
from bot.store.errors import DatabaseInUse, DatabaseReadOnly

__all__ = [
    "STOP_HINT",
    "Lock",
    "exclusive",
    "holders_of",
    "shared",
    "sqlite_users",
]

log = logging.getLogger(__name__)

STOP_HINT = (
    "stop the bot first (systemctl stop socialpulse, or docker compose stop), "
    "let other socialpulse commands finish, then run restore again"
)


class Lock:
    """A held lock on `<db>.lock`; the kernel releases it if the process dies (SIGKILL too)."""

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path = path
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None


def _open(path: Path) -> int | None:
    """The lock file opened for locking, or None when it cannot be created here (a folder
    this user may not write: no restore can replace the database in it either)."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
    try:
        # Created by another user (root running restore, say): a read-only descriptor locks too.
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except (FileNotFoundError, PermissionError):
        return None


def shared(db: Path) -> Lock:
    """Hold the database's lock shared for as long as it is open; refused while a restore
    replaces the file."""
    path = files.lock(db)
    fd = _open(path)
    if fd is None:
        log.debug("database lock not available path=%s", path)
        return Lock(path, None)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise DatabaseInUse(
            db,
            "is being replaced by `socialpulse restore`",
            "wait for the restore to finish, then start again",
        ) from None
    return Lock(path, fd)


def exclusive(db: Path) -> Lock:
    """Hold the database's lock alone; refused while any socialpulse process has it open."""
    path = files.lock(db)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise DatabaseReadOnly(
            db,
            f"cannot be replaced: {path} cannot be created ({exc.strerror})",
            "run restore as the user that owns the database folder",
        ) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        holders = ", ".join(holders_of(path)) or "another socialpulse process"
        raise DatabaseInUse(db, f"is in use by {holders}", STOP_HINT) from None
    # Programs that do not take our lock (the sqlite3 shell, an older socialpulse) still
    # show in SQLite's own locks.
    others = sqlite_users(db)
    if others:
        os.close(fd)
        raise DatabaseInUse(db, f"is open in {', '.join(others)}", STOP_HINT)
    return Lock(path, fd)


# struct flock on 64-bit Linux: l_type, l_whence, l_start, l_len, l_pid (+ padding).
_FLOCK = "hhqqi4x"
# Every SQLite connection to a WAL database holds a read lock on this byte of the -shm file
# for as long as it is open (the "DMS" byte of SQLite's unix VFS: 120 + 8 lock slots).
_SHM_DMS = 128


def sqlite_users(db: Path) -> list[str]:
    """Other processes with an SQLite connection open on `db` (WAL mode), as `process 123 (…)`.

    Call it only while this process has no connection of its own to `db`: closing any
    descriptor of a file drops all of this process's POSIX locks on it (the exclusive lock
    held before this call ensures that)."""
    try:
        fd = os.open(files.shm(db), os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return []  # no -shm file: no connection in WAL mode
    try:
        asked = struct.pack(_FLOCK, fcntl.F_WRLCK, os.SEEK_SET, _SHM_DMS, 1, 0)
        kind, _, _, _, pid = struct.unpack(_FLOCK, fcntl.fcntl(fd, fcntl.F_GETLK, asked))
    except (OSError, struct.error):
        return []
    finally:
        os.close(fd)
    if kind == fcntl.F_UNLCK:
        return []
    return [f"process {pid}{_command_of(str(pid))}"]


def holders_of(path: Path) -> list[str]:
    """The processes holding a lock on `path`, as `process 123 (socialpulse run)`; Linux only,
    best effort (another PID namespace, a container, shows nothing)."""
    try:
        inode = path.stat().st_ino
        table = Path("/proc/locks").read_text(encoding="ascii", errors="replace")
    except OSError:
        return []
    found: list[str] = []
    for line in table.splitlines():
        fields = line.split()
        if len(fields) > 1 and fields[1] == "->":
            continue  # a waiter, not a holder
        if len(fields) < 6 or fields[1] != "FLOCK" or not fields[4].isdigit():
            continue
        if fields[5].rsplit(":", 1)[-1] != str(inode) or int(fields[4]) == os.getpid():
            continue
        found.append(f"process {fields[4]}{_command_of(fields[4])}")
    return sorted(set(found))


def _command_of(pid: str) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    words = [w.decode(errors="replace") for w in raw.split(b"\0") if w]
    if not words:
        return ""
    # `…/python -m bot run` or `…/socialpulse run`: the program's name and its arguments.
    shown = [Path(words[0]).name, *words[1:]]
    return f" ({' '.join(shown)[:80]})"
