"""The database file: WAL, foreign keys, migrations applied once, busy handling."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.store import Store, StoreBusy
from bot.store.database import Database
from bot.store.migrate import available


async def test_wal_and_foreign_keys_are_on(store: Store) -> None:
    assert await store.db.scalar("PRAGMA journal_mode") == "wal"
    assert await store.db.scalar("PRAGMA foreign_keys") == 1


async def test_migrations_apply_once_in_order(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    first = await Store.open(path)
    await first.close()
    second = await Store.open(path)
    rows = await second.db.fetchall("SELECT version FROM schema_migrations ORDER BY version")
    await second.close()
    assert [r[0] for r in rows] == [m.version for m in available()]


async def test_every_table_the_product_needs_exists(store: Store) -> None:
    rows = await store.db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    names = {r[0] for r in rows}
    assert {
        "comments",
        "comment_analyses",
        "drafts",
        "organic_posts",
        "profile_snapshots",
        "ad_metrics",
        "alerts",
        "notifications",
        "notification_log",
        "silences",
        "feed_checkpoints",
        "quarantine",
        "audit_log",
    } <= names


async def test_a_foreign_key_violation_is_refused(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        async with store.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO drafts (comment_key, brand, platform, action, text, status,"
                " created_at, updated_at) VALUES ('x:none', 'b', 'x', 'reply', 't', 'new',"
                " 'now', 'now')"
            )


async def test_a_database_locked_by_another_process_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    db = await Database.open(path, busy_timeout_ms=50)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusy, match="locked by another process"):
            async with db.transaction(attempts=2):
                pass
    finally:
        other.execute("ROLLBACK")
        other.close()
    # Once the other writer is gone the same store works again.
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO audit_log (at, actor, action, subject, detail)"
            " VALUES ('t', 'a', 'b', 'c', '{}')"
        )
    await db.close()


async def test_backup_copies_a_live_database(store: Store, tmp_path: Path) -> None:
    async with store.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO audit_log (at, actor, action, subject, detail)"
            " VALUES ('t', 'a', 'b', 'c', '{}')"
        )
    target = tmp_path / "backup" / "copy.db"
    await store.db.backup(target)
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == 1
    copy.close()
