"""`socialpulse run` killed with SIGKILL: a restart stores every record once, and a backup
restored over the crashed database comes back whole and lets the bot resume."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

# A guard against a hung child process, not a performance limit.
HANG_GUARD_S = 600.0
COMMENTS = 30_000


def write_workspace(folder: Path) -> Path:
    path = folder / "workspace.yaml"
    path.write_text(
        "brands:\n"
        "  - {id: alpenglow, name: Alpenglow Outfitters, voice: friendly}\n"
        "  - {id: elsewhere, name: Elsewhere, handles: {x: elsewhere_team}}\n"
        "receivers:\n  - {name: console, kind: console}\n"
        "feeds:\n  poll_interval: 50ms\n  watch:\n"
        "    - {path: comments.jsonl, kind: comments}\n",
        encoding="utf-8",
    )
    return path


def write_comments(path: Path, count: int, first: int = 0) -> None:
    # Comments the brand wrote itself: analysed, but no reply is drafted, so nothing is printed
    # per comment.
    with path.open("a" if first else "w", encoding="utf-8") as handle:
        for n in range(first, first + count):
            handle.write(
                json.dumps(
                    {
                        "id": f"k{n}",
                        "platform": "x",
                        "brand": "elsewhere",
                        "post_id": "p1",
                        "author": "elsewhere_team",
                        "text": f"Does the jacket {n} come in blue?",
                        "created_at": "2026-11-20T10:00:00Z",
                    }
                )
                + "\n"
            )


def environment(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "SOCIALPULSE_WORKSPACE": str(folder / "workspace.yaml"),
        "SOCIALPULSE_DB_PATH": str(folder / "bot.db"),
        "SOCIALPULSE_OUTBOX_PATH": str(folder / "outbox.jsonl"),
        "SOCIALPULSE_LOG_LEVEL": "WARNING",
        "SOCIALPULSE_HTTP_PORT": "0",
    }


def start(folder: Path, log_name: str) -> subprocess.Popen[bytes]:
    with (folder / log_name).open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "--env-file", str(folder / "none.env"), "run"],
            cwd=REPO,
            env=environment(folder),
            stdout=subprocess.DEVNULL,
            stderr=log,
        )


def socialpulse(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A one-shot command, as an operator types it beside the running bot."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "--env-file", str(folder / "none.env"), *args],
        cwd=REPO,
        env=environment(folder),
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        check=False,
    )


def count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db, timeout=30)
    try:
        return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def wait_for(
    db: Path, sql: str, predicate: object, proc: subprocess.Popen[bytes], log: Path
) -> int:
    deadline = time.monotonic() + HANG_GUARD_S
    while time.monotonic() < deadline:
        value = count(db, sql)
        if predicate(value):  # type: ignore[operator]
            return value
        assert proc.poll() is None, log.read_text(encoding="utf-8", errors="replace")
        time.sleep(0.01)
    raise AssertionError(f"gave up waiting on {sql!r}")


def test_sigkill_during_ingest_then_restart_stores_each_record_once(tmp_path: Path) -> None:
    write_workspace(tmp_path)
    write_comments(tmp_path / "comments.jsonl", COMMENTS)
    db = tmp_path / "bot.db"
    first = start(tmp_path, "first.log")
    try:
        stored = wait_for(
            db, "SELECT COUNT(*) FROM comments", lambda n: n > 0, first, tmp_path / "first.log"
        )
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    assert stored < COMMENTS, "the kill came after the ingest finished; nothing was tested"

    second = start(tmp_path, "second.log")
    try:
        wait_for(
            db,
            "SELECT COUNT(*) FROM comment_analyses",
            lambda n: n >= COMMENTS,
            second,
            tmp_path / "second.log",
        )
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=HANG_GUARD_S) == 0
    assert count(db, "SELECT COUNT(*) FROM comments") == COMMENTS
    assert count(db, "SELECT COUNT(DISTINCT id) FROM comments") == COMMENTS
    assert count(db, "SELECT COUNT(*) FROM drafts") == count(
        db, "SELECT COUNT(DISTINCT comment_key) FROM drafts"
    )
    assert count(db, "SELECT COUNT(*) FROM quarantine") == 0
    assert count(db, "SELECT COUNT(*) FROM comments WHERE processed_at IS NULL") == 0


def test_restore_after_sigkill_puts_the_backup_back_and_the_bot_resumes(tmp_path: Path) -> None:
    write_workspace(tmp_path)
    before, after = 2_000, 1_000
    write_comments(tmp_path / "comments.jsonl", before)
    db, backup = tmp_path / "bot.db", tmp_path / "backups" / "bot-backup.db"
    first = start(tmp_path, "first.log")
    try:
        wait_for(db, "SELECT COUNT(*) FROM comments", bool, first, tmp_path / "first.log")
        made = socialpulse(tmp_path, "backup", str(backup))
        assert made.returncode == 0, made.stderr
        backed = count(backup, "SELECT COUNT(*) FROM comments")
        assert backed > 0

        refused = socialpulse(tmp_path, "restore", str(backup))
        assert refused.returncode == 4
        assert f"{db} is in use by process {first.pid}" in refused.stderr
        assert "stop the bot first" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1

        # The bot writes on after the backup; then it dies and leaves its WAL behind.
        write_comments(tmp_path / "comments.jsonl", after, first=before)
        crashed = wait_for(
            db, "SELECT COUNT(*) FROM comments", lambda n: n > backed, first, tmp_path / "first.log"
        )
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    assert (tmp_path / "bot.db-wal").stat().st_size > 0, "no WAL was left; nothing was tested"

    restored = socialpulse(tmp_path, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "before-restore" in restored.stdout

    # The backup's rows, a sound file, and no WAL of the crashed file replayed into it.
    assert count(db, "SELECT COUNT(*) FROM comments") == backed
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    # The crashed database is kept with its WAL, and still holds everything it had.
    kept = [
        p for p in tmp_path.glob("bot.db.before-restore-*") if not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(kept) == 1
    assert count(kept[0], "SELECT COUNT(*) FROM comments") >= crashed

    second = start(tmp_path, "second.log")
    try:
        wait_for(
            db,
            "SELECT COUNT(*) FROM comment_analyses",
            lambda n: n >= before + after,
            second,
            tmp_path / "second.log",
        )
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=HANG_GUARD_S) == 0
    assert count(db, "SELECT COUNT(*) FROM comments") == before + after
    assert count(db, "SELECT COUNT(DISTINCT id) FROM comments") == before + after
