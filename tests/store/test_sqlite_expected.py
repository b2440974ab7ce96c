"""A missing or empty database where one was kept is refused, not silently recreated; a new
install still starts on its own."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.store import DatabaseDamaged, DatabaseMissing, Store
from bot.store.expected import check
from tests.conftest import NOW

AUDIT = (
    "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ('t', 'a', 'b', 'c', '{}')"
)


async def kept_database(path: Path) -> None:
    store = await Store.open(path, clock=lambda: NOW)
    await store.db.execute_many(AUDIT, [()])
    await store.close()


async def test_a_new_install_starts_on_its_own_and_records_its_database(tmp_path: Path) -> None:
    db = tmp_path / "data" / "bot.db"
    store = await Store.open(db, clock=lambda: NOW)
    await store.close()
    assert db.stat().st_size > 0
    assert "in use since 2026-11-25T08:00:00+00:00" in (
        tmp_path / "data" / "bot.db.created"
    ).read_text(encoding="utf-8")


async def test_a_deleted_database_is_refused_and_not_recreated(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    await kept_database(db)
    db.unlink()
    with pytest.raises(DatabaseMissing) as refused:
        await Store.open(db, clock=lambda: NOW)
    message = str(refused.value)
    assert f"the database {db} is missing, but one was kept there" in message
    assert "bot.db.created" in message
    assert "socialpulse restore BACKUP" in message and "--init-db" in message
    assert not db.exists()


async def test_an_emptied_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    await kept_database(db)
    db.write_bytes(b"")
    with pytest.raises(DatabaseMissing, match=r"is empty \(0 bytes\)"):
        await Store.open(db, clock=lambda: NOW)
    assert db.stat().st_size == 0


async def test_init_starts_afresh_and_keeps_a_leftover_wal_aside(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    await kept_database(db)
    db.unlink()
    leftover = b"writes of the lost database" * 100
    (tmp_path / "bot.db-wal").write_bytes(leftover)
    (tmp_path / "bot.db.created").unlink()
    # A WAL alone shows a database was kept (an install older than the marker).
    with pytest.raises(DatabaseMissing, match=r"bot\.db-wal holds 2,700 bytes"):
        await Store.open(db, clock=lambda: NOW)

    store = await Store.open(db, clock=lambda: NOW, init=True)
    assert await store.db.scalar("SELECT COUNT(*) FROM audit_log") == 0
    await store.close()
    kept = list(tmp_path.glob("bot.db.before-init-*-wal"))
    assert [p.read_bytes() for p in kept] == [leftover]
    assert (tmp_path / "bot.db.created").exists()


async def test_a_database_from_before_the_marker_gets_one(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    await kept_database(db)
    (tmp_path / "bot.db.created").unlink()
    store = await Store.open(db, clock=lambda: NOW)
    await store.close()
    assert (tmp_path / "bot.db.created").exists()


def test_other_files_of_the_data_folder_show_a_database_was_kept(tmp_path: Path) -> None:
    db, outbox = tmp_path / "bot.db", tmp_path / "outbox.jsonl"
    outbox.write_text("", encoding="utf-8")
    check(db, NOW, history=[outbox])  # an empty outbox says nothing
    outbox.write_text('{"draft_id": 1}\n', encoding="utf-8")
    with pytest.raises(DatabaseMissing, match=f"{outbox} holds what it already did"):
        check(db, NOW, history=[outbox])
    check(db, NOW, init=True, history=[outbox])


async def test_a_damaged_database_is_named_with_a_hint(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    db.write_bytes(b"this is not a database, it only has the name of one" * 100)
    with pytest.raises(DatabaseDamaged) as refused:
        await Store.open(db, clock=lambda: NOW)
    assert str(refused.value) == (
        f"the database {db} is damaged (file is not a database); restore a backup with "
        "`socialpulse restore BACKUP`; the bot cannot run on it as it is"
    )


async def test_require_sound_finds_damage_that_opening_does_not(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    store = await Store.open(db, clock=lambda: NOW)
    await store.db.execute_many(AUDIT, [()] * 2000)
    await store.db.require_sound()
    (root,) = await store.db.fetchone(
        "SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'"
    ) or (0,)
    page_size = int(await store.db.scalar("PRAGMA page_size"))
    await store.close()
    with db.open("r+b") as handle:  # garble the cell pointers of the table's root page
        handle.seek((root - 1) * page_size + 12)
        handle.write(b"\xff" * 32)
    store = await Store.open(db, clock=lambda: NOW)
    try:
        with pytest.raises(DatabaseDamaged, match=r"is damaged \(SQLite's quick check: "):
            await store.db.require_sound()
    finally:
        await store.close()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] >= 1
    conn.close()
