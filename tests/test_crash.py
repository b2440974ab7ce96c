"""`socialpulse run` killed with SIGKILL mid-ingest and restarted stores every record once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO

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


def write_comments(path: Path, count: int) -> None:
    # Comments the brand wrote itself: analysed, but no reply is drafted, so nothing is printed
    # per comment.
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
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


def start(folder: Path, log_name: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "SOCIALPULSE_WORKSPACE": str(folder / "workspace.yaml"),
        "SOCIALPULSE_DB_PATH": str(folder / "bot.db"),
        "SOCIALPULSE_OUTBOX_PATH": str(folder / "outbox.jsonl"),
        "SOCIALPULSE_LOG_LEVEL": "WARNING",
        "SOCIALPULSE_HTTP_PORT": "0",
    }
    with (folder / log_name).open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "--env-file", str(folder / "none.env"), "run"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
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
