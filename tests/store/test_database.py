"""The database: WAL and foreign keys (SQLite), migrations applied once, one writer, busy
handling, backups; on both engines where both have the thing."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import traceback
from pathlib import Path

import psycopg
import pytest

from bot.redaction import url_secrets
from bot.store import EXPECTED_FAILURES, Store, StoreBusy, StoreError
from bot.store.database import Database
from bot.store.migrate import POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS, available
from bot.store.postgres import PostgresDatabase, shown


async def test_sqlite_wal_and_foreign_keys_are_on(store: Store) -> None:
    assert await store.db.scalar("PRAGMA journal_mode") == "wal"
    assert await store.db.scalar("PRAGMA foreign_keys") == 1


async def test_migrations_apply_once_in_order(store_target: Path | str) -> None:
    first = await Store.open(store_target)
    await first.close()
    second = await Store.open(store_target)
    rows = await second.db.fetchall("SELECT version FROM schema_migrations ORDER BY version")
    package = SQLITE_MIGRATIONS if second.engine == "sqlite" else POSTGRES_MIGRATIONS
    await second.close()
    assert [r[0] for r in rows] == [m.version for m in available(package)]


def test_every_migration_has_its_postgresql_twin() -> None:
    sqlite = [(m.version, m.name) for m in available(SQLITE_MIGRATIONS)]
    postgres = [(m.version, m.name) for m in available(POSTGRES_MIGRATIONS)]
    assert postgres == sqlite, "add bot/store/migrations_pg/NNNN_name.sql beside each migration"


async def test_every_table_the_product_needs_exists(store: Store) -> None:
    catalog = (
        "SELECT name FROM sqlite_master WHERE type = 'table'"
        if store.engine == "sqlite"
        else "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    )
    names = {r[0] for r in await store.db.fetchall(catalog)}
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
    with pytest.raises((sqlite3.IntegrityError, psycopg.errors.ForeignKeyViolation)):
        async with store.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO drafts (comment_key, brand, platform, action, text, status,"
                " created_at, updated_at) VALUES ('x:none', 'b', 'x', 'reply', 't', 'new',"
                " 'now', 'now')"
            )


async def test_sqlite_database_locked_by_another_process_gives_a_clear_error(
    tmp_path: Path,
) -> None:
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


async def test_sqlite_backup_copies_a_live_database(store: Store, tmp_path: Path) -> None:
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


async def test_postgres_has_one_writer_at_a_time_across_processes(postgres_url: str) -> None:
    db = await PostgresDatabase.open(postgres_url)
    other = await PostgresDatabase.open(postgres_url)
    try:
        async with other.transaction():
            # Another process writing: a write that may not wait is refused, naming the
            # database and never a password.
            with pytest.raises(StoreBusy, match="being written by another process") as caught:
                async with db.transaction(attempts=1):
                    pass
            assert "postgresql://socialpulse@127.0.0.1" in str(caught.value)
        async with db.transaction(attempts=1) as conn:
            await conn.execute(
                "INSERT INTO audit_log (at, actor, action, subject, detail)"
                " VALUES ('t', 'a', 'b', 'c', '{}')"
            )
        assert await other.scalar("SELECT COUNT(*) FROM audit_log") == 1
    finally:
        await db.close()
        await other.close()


async def test_postgres_backup_is_pg_dumps_job(postgres_url: str, tmp_path: Path) -> None:
    store = await Store.open(postgres_url)
    try:
        with pytest.raises(StoreError, match="pg_dump") as caught:
            await store.backup(tmp_path / "copy.dump")
    finally:
        await store.close()
    assert not (tmp_path / "copy.dump").exists()
    assert str(caught.value).startswith("the database postgresql://socialpulse@127.0.0.1:")


async def test_postgres_connects_again_after_the_server_dropped_it(postgres_url: str) -> None:
    server, name = postgres_url.rsplit("/", 1)
    db = await PostgresDatabase.open(postgres_url)
    try:
        pid = await db.scalar("SELECT pg_backend_pid()")
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        # The step that was running, and the next ones while the server refuses, fail as the
        # world failing (retried later, without a traceback)…
        with pytest.raises(EXPECTED_FAILURES):
            await db.scalar("SELECT 1")
        with pytest.raises(EXPECTED_FAILURES, match="cannot be reached"):
            await db.scalar("SELECT 1")
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        # …and once it takes connections again, the next step finds a new one.
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO audit_log (at, actor, action, subject, detail)"
                " VALUES ('t', 'a', 'b', 'c', '{}')"
            )
        assert await db.scalar("SELECT COUNT(*) FROM audit_log") == 1
        assert await db.scalar("SELECT pg_backend_pid()") != pid
    finally:
        await db.close()


async def test_postgres_url_psycopg_cannot_read_is_refused_without_its_password(
    postgres_url: str,
) -> None:
    # A password with a bare % (not percent-encoded): psycopg quotes the part it cannot read.
    server = postgres_url.split("@", 1)[1]
    url = f"postgresql://socialpulse:s3cr%ZZet@{server}"
    with pytest.raises(StoreError) as caught:
        await Store.open(url)
    told = "".join(traceback.format_exception(caught.value))  # as a log line shows it
    assert "s3cr" not in told and "ZZet" not in told
    assert "percent-encoded" in str(caught.value)


@pytest.mark.parametrize(
    "password", ["k9Fz/q+Lm3xR8vTw2=", "qxzv@w0rd99", "zqk?ret99x", "zqk#ret99y"]
)
async def test_postgres_url_with_an_unencoded_separator_in_its_password_is_refused_unshown(
    password: str,
) -> None:
    # Base64 passwords often hold a "/": a URL parser then splits the URL in the wrong place,
    # and the connection error would quote the pieces, password included.
    url = f"postgresql://socialpulse:{password}@127.0.0.1:9/socialpulse"
    with pytest.raises(StoreError) as caught:
        await Store.open(url)
    told = "".join(traceback.format_exception(caught.value))
    for piece in re.split(r"[/@?#]", password):
        assert piece not in told
    assert "percent-encode" in str(caught.value)
    assert "postgresql://socialpulse@127.0.0.1:9/socialpulse" in str(caught.value)


def test_a_database_url_is_shown_without_its_password_whatever_it_holds() -> None:
    for url in (
        "postgresql://sp:k9Fz/q+Lm3x@db.internal:5432/social",
        "postgresql://sp:p@ss@db.internal:5432/social",
        "postgresql://sp@db.internal:5432/social?password=hunter22&sslmode=require",
    ):
        assert shown(url) == "postgresql://sp@db.internal:5432/social"
    assert url_secrets("postgresql://sp:p@ss@h/d") == ["p@ss"]
    assert url_secrets("postgresql://sp@h/d?sslmode=require&password=hunter22") == ["hunter22"]


@pytest.mark.slow
async def test_sqlite_workers_starting_together_on_a_new_file_both_open_it(
    tmp_path: Path,
) -> None:
    # Each reads the migrations applied before taking the write lock: the one that waited
    # finds them applied by the other, and passes over them.
    for n in range(5):
        path = tmp_path / f"new{n}.db"
        opened = await asyncio.gather(
            *(Database.open(path, init=True) for _ in range(3)), return_exceptions=True
        )
        try:
            assert [o for o in opened if isinstance(o, BaseException)] == []
        finally:
            for o in opened:
                if isinstance(o, Database):
                    await o.close()
        check = await Database.open(path)
        try:
            rows = await check.fetchall("SELECT version FROM schema_migrations ORDER BY 1")
            assert [r[0] for r in rows] == [m.version for m in available(SQLITE_MIGRATIONS)]
        finally:
            await check.close()
