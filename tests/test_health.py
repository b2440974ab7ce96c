"""`run` serves /healthz and /metrics: each part's real state, answered from memory."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from rich.console import Console

from bot.app import Runtime, build_runtime, run_until_stopped
from bot.config.loading import load_workspace
from bot.health_state import HealthLimits, HealthState
from bot.settings import Settings
from handlers.channels import build_channels
from tests.ingest.test_follower import comment_line

pytestmark = pytest.mark.slow

# Guards against a hang, not performance limits.
HANG_GUARD_S = 120.0
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
# Every failure counts at once: the tests need not wait out the production thresholds.
AT_ONCE = HealthLimits(channel_failing=0.0, stage_failing=0.0, probe_every=0.1)

CONSOLE_WORKSPACE = (
    "brands:\n  - {id: alpenglow, name: Alpenglow}\n"
    "receivers:\n  - {name: console, kind: console}\n"
    "feeds:\n  poll_interval: 50ms\n  watch:\n    - {path: comments.jsonl, kind: comments}\n"
)


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Running:
    runtime: Runtime
    base: str
    http: aiohttp.ClientSession

    async def get(self, path: str) -> tuple[int, str]:
        timeout = aiohttp.ClientTimeout(total=HANG_GUARD_S)
        async with self.http.get(f"{self.base}{path}", timeout=timeout) as response:
            return response.status, await response.text()

    async def health(self) -> tuple[int, dict[str, Any]]:
        status, text = await self.get("/healthz")
        return status, json.loads(text)

    async def health_until(
        self, wanted: Callable[[int, dict[str, Any]], bool]
    ) -> tuple[int, dict[str, Any]]:
        for _ in range(int(HANG_GUARD_S / 0.05)):
            status, body = await self.health()
            if wanted(status, body):
                return status, body
            await asyncio.sleep(0.05)
        raise AssertionError(f"/healthz never showed it; last answer {status}: {body}")


@asynccontextmanager
async def running(
    tmp_path: Path,
    workspace_text: str = CONSOLE_WORKSPACE,
    limits: HealthLimits | None = None,
    **values: Any,
) -> AsyncIterator[Running]:
    ws_path = tmp_path / "ws.yaml"
    ws_path.write_text(workspace_text, encoding="utf-8")
    workspace = load_workspace(ws_path)
    fields: dict[str, Any] = {
        "workspace": ws_path,
        "db_path": tmp_path / "h.db",
        "outbox_path": tmp_path / "out.jsonl",
        "http_port": 0,
        **values,
    }
    settings = Settings(_env_file=None, **fields)  # type: ignore[call-arg]
    screen = (tmp_path / "screen.txt").open("w", encoding="utf-8")
    runtime = await build_runtime(
        settings,
        workspace,
        lambda store, nudge: build_channels(
            settings, workspace, store, Console(file=screen, width=100), nudge=nudge
        ),
        lambda: datetime.now(UTC),
        health_limits=limits,
    )
    stop, started = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(run_until_stopped(runtime, stop, started))
    try:
        await asyncio.wait_for(started.wait(), HANG_GUARD_S)
        async with aiohttp.ClientSession() as http:
            yield Running(runtime, f"http://127.0.0.1:{runtime.health_port}", http)
    finally:
        stop.set()
        await asyncio.wait_for(task, HANG_GUARD_S)
        await runtime.close()
        screen.close()


async def test_health_and_metrics_while_running(tmp_path: Path) -> None:
    (tmp_path / "comments.jsonl").write_text(
        "".join(comment_line(n) + "\n" for n in range(25)), encoding="utf-8"
    )
    async with running(tmp_path) as bot:
        metrics = ""
        for _ in range(int(HANG_GUARD_S / 0.05)):
            status, metrics = await bot.get("/metrics")
            assert status == 200
            if 'socialpulse_records_ingested_total{kind="comments"} 25.0' in metrics:
                break
            await asyncio.sleep(0.05)
        assert 'socialpulse_records_ingested_total{kind="comments"} 25.0' in metrics
        assert 'socialpulse_drafts{status="pending_review"}' in metrics
        assert "socialpulse_queue_depth" in metrics
        assert 'socialpulse_feed_last_seen_timestamp_seconds{feed="comments.jsonl"}' in metrics
        status, body = await bot.health_until(lambda _s, b: b["checks"]["store"]["checked"])
        assert status == 200, body
        assert body["status"] == "ok" and body["failing"] == []
        checks = body["checks"]
        assert {"loop", "store", "outbox", "feed:comments.jsonl", "channel:console"} <= set(checks)
        assert checks["channel:console"]["channel"] == "console"
        assert checks["channel:console"]["last_success"] is not None
        assert checks["feed:comments.jsonl"]["last_data"] is not None
        assert checks["store"]["detail"] == "writable"
        assert checks["outbox"]["detail"] == "writable"


async def test_a_slack_channel_that_cannot_be_reached_is_named_and_fails_the_check(
    tmp_path: Path,
) -> None:
    (tmp_path / "comments.jsonl").write_text(comment_line(1) + "\n", encoding="utf-8")
    workspace = (
        "brands:\n  - {id: alpenglow, name: Alpenglow, review_receiver: community}\n"
        "receivers:\n  - {name: console, kind: console}\n"
        "  - {name: community, kind: slack, channel: C05COMMUN1}\n"
        "feeds:\n  poll_interval: 50ms\n  watch:\n    - {path: comments.jsonl, kind: comments}\n"
    )
    async with running(
        tmp_path,
        workspace,
        AT_ONCE,
        slack_bot_token="xoxb-1111-2222-healthcheck",
        slack_signing_secret="health-signing-secret",
        slack_mode="http",
        slack_http_port=0,
        slack_http_host="127.0.0.1",
        slack_api_url=f"http://127.0.0.1:{closed_port()}/api/",
    ) as bot:
        _status, body = await bot.health_until(lambda s, _b: s == 503)
    assert body["failing"] == ["channel:community"], body
    community = body["checks"]["channel:community"]
    assert community["channel"] == "slack"
    assert community["last_success"] is None and community["last_error"] is not None
    assert community["error"] == "SlackCallError from ClientConnectorError"
    assert "unreachable" in community["detail"]
    assert "xoxb-" not in json.dumps(body)
    assert body["checks"]["channel:console"]["ok"] is True


async def test_healthz_answers_while_a_write_holds_the_store(tmp_path: Path) -> None:
    (tmp_path / "comments.jsonl").write_text("", encoding="utf-8")
    limits = HealthLimits(store_waiting=0.2, probe_every=0.1)
    async with running(tmp_path, limits=limits) as bot:
        await bot.health_until(lambda s, b: s == 200 and b["checks"]["store"]["checked"])
        # A write that does not end (one stuck behind another process's lock, say): the page
        # is read from memory, so it answers, and says the store is not answering.
        async with bot.runtime.store.db.transaction():
            _status, body = await bot.health_until(lambda s, _b: s == 503)
        assert body["failing"] == ["store"], body
        assert "not answering" in body["checks"]["store"]["detail"]
        await bot.health_until(lambda s, _b: s == 200)


async def test_a_database_locked_by_another_process_is_reported(tmp_path: Path) -> None:
    (tmp_path / "comments.jsonl").write_text("", encoding="utf-8")
    limits = HealthLimits(probe_every=0.1)
    async with running(tmp_path, limits=limits) as bot:
        await bot.health_until(lambda s, b: s == 200 and b["checks"]["store"]["checked"])
        other = sqlite3.connect(tmp_path / "h.db", isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")
            status, body = await bot.health_until(
                lambda _s, b: "StoreBusy" in b["checks"]["store"]["detail"]
            )
            assert status == 503 and "store" in body["failing"]
            assert "locked" in body["checks"]["store"]["detail"]
        finally:
            other.execute("ROLLBACK")
            other.close()
        await bot.health_until(lambda s, _b: s == 200)


async def test_a_full_disk_is_reported_for_the_store_and_the_outbox(tmp_path: Path) -> None:
    (tmp_path / "comments.jsonl").write_text("", encoding="utf-8")
    free = shutil.disk_usage(tmp_path).free
    # The disk has less room than the bot is told it needs: as good as full.
    limits = HealthLimits(probe_every=0.1, min_free_bytes=free + (1 << 30))
    async with running(tmp_path, limits=limits) as bot:
        _status, body = await bot.health_until(lambda s, _b: s == 503)
    assert body["failing"] == ["outbox", "store"], body
    assert body["checks"]["store"]["detail"].startswith("disk full:")
    assert body["checks"]["outbox"]["detail"].startswith("disk full:")


async def test_a_write_refused_by_a_full_database_fails_the_feed(tmp_path: Path) -> None:
    feed = tmp_path / "comments.jsonl"
    feed.write_text("", encoding="utf-8")
    async with running(tmp_path, limits=AT_ONCE) as bot:
        db = bot.runtime.store.db
        # SQLite refuses to grow the file past max_page_count with the error a full disk gives.
        pages = await db.scalar("PRAGMA page_count")
        await db.scalar(f"PRAGMA max_page_count = {int(pages)}")
        feed.write_text("".join(comment_line(n) + "\n" for n in range(2000)), encoding="utf-8")
        _status, body = await bot.health_until(lambda s, _b: s == 503)
        assert "feed:comments.jsonl" in body["failing"], body
        check = body["checks"]["feed:comments.jsonl"]
        assert check["error"] == "OperationalError"
        assert "database or disk is full" in check["detail"]
        await db.scalar("PRAGMA max_page_count = 1073741823")
        await bot.health_until(lambda s, _b: s == 200)


async def test_an_outbox_that_cannot_be_written_is_reported(tmp_path: Path) -> None:
    (tmp_path / "comments.jsonl").write_text("", encoding="utf-8")
    # A file where the outbox's folder should be: no one (not even root) can write there.
    (tmp_path / "blocked").write_text("", encoding="utf-8")
    async with running(
        tmp_path, limits=AT_ONCE, outbox_path=tmp_path / "blocked" / "outbox.jsonl"
    ) as bot:
        _status, body = await bot.health_until(lambda s, _b: s == 503)
    assert body["failing"] == ["outbox"], body
    assert "NotADirectoryError" in body["checks"]["outbox"]["detail"]


async def test_progress_within_one_long_step_is_reported(tmp_path: Path) -> None:
    """A backlog is analysed in one step; each batch written counts as progress, so the loop's
    last progress moves on while the step still runs."""
    (tmp_path / "comments.jsonl").write_text(
        "".join(comment_line(n) + "\n" for n in range(6000)), encoding="utf-8"
    )
    async with running(tmp_path) as bot:
        seen: set[str] = set()
        db = sqlite3.connect(tmp_path / "h.db", timeout=HANG_GUARD_S)
        try:
            for _ in range(int(HANG_GUARD_S / 0.05)):
                _status, body = await bot.health()
                done = db.execute("SELECT COUNT(*) FROM comments WHERE processed_at IS NOT NULL")
                if done.fetchone()[0] == 6000:
                    break
                if body["checks"]["loop"]["last_progress"] is not None:
                    seen.add(body["checks"]["loop"]["last_progress"])
                await asyncio.sleep(0.05)
        finally:
            db.close()
    assert len(seen) >= 2, seen


async def test_metrics_name_feeds_as_configured_and_count_the_drop_folder_once(
    tmp_path: Path,
) -> None:
    (tmp_path / "comments.jsonl").write_text(comment_line(1) + "\n", encoding="utf-8")
    (tmp_path / "exports").mkdir()
    for export in sorted((SAMPLES / "exports").glob("*.csv")):
        shutil.copy(export, tmp_path / "exports" / export.name)
    workspace = CONSOLE_WORKSPACE + "  drop_folder: exports\n"
    async with running(tmp_path, workspace) as bot:
        series: list[str] = []
        for _ in range(int(HANG_GUARD_S / 0.05)):
            _status, metrics = await bot.get("/metrics")
            series = [
                line
                for line in metrics.splitlines()
                if line.startswith("socialpulse_feed_last_seen_timestamp_seconds{")
            ]
            imported = await bot.runtime.store.db.scalar(
                "SELECT COUNT(*) FROM feed_checkpoints WHERE source LIKE 'drop:%'"
            )
            if imported == 2 and len(series) >= 2:
                break
            await asyncio.sleep(0.05)
        _status, body = await bot.health()
    assert [line.split("}")[0] for line in series] == [
        'socialpulse_feed_last_seen_timestamp_seconds{feed="comments.jsonl"',
        'socialpulse_feed_last_seen_timestamp_seconds{feed="exports"',
    ]
    assert str(tmp_path) not in metrics
    assert {"feed:comments.jsonl", "feed:exports"} <= set(body["checks"])
    assert body["checks"]["feed:exports"]["last_data"] is not None


def test_the_state_goes_down_only_past_each_threshold() -> None:
    clock = [1000.0]
    state = HealthState(
        HealthLimits(liveness=10.0, channel_failing=30.0),
        redact=lambda text: text.replace("s3cret", "***"),
        monotonic=lambda: clock[0],
    )
    state.watch_channel("community", "slack")
    assert state.healthy(state.report())
    clock[0] += 11
    assert state.report()["loop"].ok is False  # never made progress since it started
    state.beat()
    state.channel_failed("community", "slack", ConnectionError("token s3cret refused"))
    report = state.report()
    assert report["loop"].ok and report["channel:community"].ok
    assert "***" in report["channel:community"].detail
    assert "s3cret" not in report["channel:community"].detail
    clock[0] += 9
    state.beat()
    clock[0] += 22
    report = state.report()
    assert report["loop"].ok is False
    assert report["channel:community"].ok is False
    state.beat()
    state.channel_ok("community", "slack")
    assert state.healthy(state.report())
    # One notice refused as written says nothing of the channel: shown, but not down.
    state.channel_failed("community", "slack", ValueError("msg_too_long"), down=False)
    clock[0] += 60
    state.beat()
    report = state.report()
    assert report["channel:community"].ok
    assert report["channel:community"].detail == "working (last error: ValueError)"
