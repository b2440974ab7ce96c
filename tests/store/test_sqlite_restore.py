"""restore: a checked backup replaces the database only when nothing has it open, and the
database it replaces is kept with its WAL."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store import BackupRejected, DatabaseInUse, Store
from bot.store.restore import restore
from tests.conftest import NOW

AUDIT = "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ('t', 'a', ?, 'c', '{}')"
# A guard against a hung child process, not a performance limit.
HANG_GUARD_S = 120.0


async def make_store(path: Path, rows: int) -> None:
    store = await Store.open(path, clock=lambda: NOW)
    try:
        await store.db.execute_many(AUDIT, [(f"row{n}",) for n in range(rows)])
    finally:
        await store.close()


def audit_rows(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
async def live_and_backup(tmp_path: Path) -> tuple[Path, Path]:
    """A database with 12 audit rows, and a backup of it taken when it had 5."""
    db, backup = tmp_path / "data" / "bot.db", tmp_path / "backup.db"
    await make_store(db, 5)
    store = await Store.open(db, clock=lambda: NOW)
    await store.db.backup(backup)
    await store.db.execute_many(AUDIT, [(f"late{n}",) for n in range(7)])
    await store.close()
    return db, backup


async def test_restore_puts_the_backup_in_place_and_keeps_the_old_database(
    live_and_backup: tuple[Path, Path],
) -> None:
    db, backup = live_and_backup
    done = restore(backup, db, NOW)
    assert audit_rows(db) == 5
    assert done.inspection.rows["audit_log"] == 5
    assert [p.name for p in done.kept] == ["bot.db.before-restore-20261125T080000Z"]
    assert audit_rows(done.kept[0]) == 12
    # Opened by the bot afterwards, it is the backup's data.
    store = await Store.open(db, clock=lambda: NOW)
    assert await store.db.scalar("SELECT COUNT(*) FROM audit_log") == 5
    await store.close()


async def test_restore_is_refused_while_a_store_has_the_database_open(
    live_and_backup: tuple[Path, Path],
) -> None:
    db, backup = live_and_backup
    before = db.read_bytes()
    store = await Store.open(db, clock=lambda: NOW)
    try:
        with pytest.raises(DatabaseInUse, match="stop the bot first") as refused:
            restore(backup, db, NOW)
    finally:
        await store.close()
    assert str(db) in str(refused.value)
    assert db.read_bytes() == before
    assert not list(db.parent.glob("*.before-restore-*"))


# Holds the database from a subprocess.
@pytest.mark.slow
async def test_restore_is_refused_while_another_program_has_the_database_open(
    live_and_backup: tuple[Path, Path],
) -> None:
    db, backup = live_and_backup
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"conn = sqlite3.connect({str(db)!r})\n"
            "conn.execute('SELECT COUNT(*) FROM audit_log').fetchall()\n"
            "print('open', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"open\n"
        with pytest.raises(DatabaseInUse, match=f"is open in process {holder.pid}"):
            restore(backup, db, NOW)
    finally:
        holder.communicate(timeout=HANG_GUARD_S)
    assert audit_rows(db) == 12


async def test_a_store_is_not_opened_while_restore_holds_the_database(tmp_path: Path) -> None:
    from bot.store import lock

    db = tmp_path / "bot.db"
    await make_store(db, 1)
    held = lock.exclusive(db)
    try:
        with pytest.raises(DatabaseInUse, match="being replaced by `socialpulse restore`"):
            await Store.open(db, clock=lambda: NOW)
    finally:
        held.release()
    store = await Store.open(db, clock=lambda: NOW)
    await store.close()


def other_sqlite_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda p: p.write_bytes(b"not a database at all" * 100), "file is not a database"),
        (lambda p: p.write_bytes(b""), "is empty"),
        (other_sqlite_database, "not socialpulse's"),
    ],
    ids=["garbage", "empty", "other-sqlite"],
)
async def test_a_backup_that_is_not_a_socialpulse_database_changes_nothing(
    live_and_backup: tuple[Path, Path], make: object, reason: str
) -> None:
    db, _ = live_and_backup
    offered = db.parent.parent / "offered.db"
    make(offered)  # type: ignore[operator]
    before = db.read_bytes()
    with pytest.raises(BackupRejected, match=reason) as rejected:
        restore(offered, db, NOW)
    assert str(offered) in str(rejected.value)
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) == [
        "bot.db",
        "bot.db.created",
        "bot.db.lock",
    ]


async def test_a_backup_failing_the_integrity_check_is_refused(
    live_and_backup: tuple[Path, Path],
) -> None:
    db, backup = live_and_backup
    conn = sqlite3.connect(backup)
    conn.execute("CREATE INDEX audit_action ON audit_log (action)")
    conn.commit()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'audit_action'"
    ).fetchone()
    conn.close()
    # Rewrite one key inside the index page: the table and its index now disagree.
    data = bytearray(backup.read_bytes())
    page = data[(root - 1) * page_size : root * page_size]
    at = page.find(b"row3")
    assert at > 0
    data[(root - 1) * page_size + at : (root - 1) * page_size + at + 4] = b"wor3"
    backup.write_bytes(bytes(data))
    with pytest.raises(BackupRejected, match="not a sound socialpulse database"):
        restore(backup, db, NOW)
    assert audit_rows(db) == 12


async def test_a_backup_with_a_wal_beside_it_is_refused(
    live_and_backup: tuple[Path, Path],
) -> None:
    db, backup = live_and_backup
    (backup.parent / "backup.db-wal").write_bytes(b"\0" * 4096)
    with pytest.raises(BackupRejected, match="WAL file beside it"):
        restore(backup, db, NOW)
    assert audit_rows(db) == 12
