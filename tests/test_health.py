"""`run` serves /healthz and /metrics, and stops cleanly when asked."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
from rich.console import Console

from bot.app import build_runtime, run_until_stopped
from bot.settings import Settings
from bot.workspace import load_workspace
from handlers.channels import build_channels
from tests.ingest.test_follower import comment_line

HANG_GUARD_S = 120.0


async def test_health_and_metrics_while_running(tmp_path: Path) -> None:
    (tmp_path / "comments.jsonl").write_text(
        "".join(comment_line(n) + "\n" for n in range(25)), encoding="utf-8"
    )
    ws_path = tmp_path / "ws.yaml"
    ws_path.write_text(
        "brands:\n  - {id: alpenglow, name: Alpenglow}\n"
        "receivers:\n  - {name: console, kind: console}\n"
        "feeds:\n  poll_interval: 50ms\n  watch:\n    - {path: comments.jsonl, kind: comments}\n",
        encoding="utf-8",
    )
    workspace = load_workspace(ws_path)
    settings = Settings(
        workspace=ws_path,
        db_path=tmp_path / "h.db",
        outbox_path=tmp_path / "out.jsonl",
        http_port=0,
    )
    quiet = Console(file=open(tmp_path / "screen.txt", "w"), width=100)  # noqa: SIM115
    runtime = await build_runtime(
        settings,
        workspace,
        lambda store, _nudge: build_channels(settings, workspace, store, quiet),
        lambda: datetime.now(UTC),
    )
    stop, started = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(run_until_stopped(runtime, stop, started))
    try:
        await asyncio.wait_for(started.wait(), HANG_GUARD_S)
        base = f"http://127.0.0.1:{runtime.health_port}"
        async with aiohttp.ClientSession() as http:
            metrics = ""
            for _ in range(int(HANG_GUARD_S / 0.05)):
                async with http.get(f"{base}/metrics") as response:
                    assert response.status == 200
                    metrics = await response.text()
                if 'socialpulse_records_ingested_total{kind="comments"} 25.0' in metrics:
                    break
                await asyncio.sleep(0.05)
            assert 'socialpulse_records_ingested_total{kind="comments"} 25.0' in metrics
            assert 'socialpulse_drafts{status="pending_review"}' in metrics
            assert "socialpulse_queue_depth" in metrics
            assert "socialpulse_feed_last_seen_timestamp_seconds" in metrics
            async with http.get(f"{base}/healthz") as response:
                body = json.loads(await response.text())
                assert response.status == 200, body
            assert body["status"] == "ok"
            assert set(body["checks"]) == {"feeds", "store", "channel:console"}
    finally:
        stop.set()
        await asyncio.wait_for(task, HANG_GUARD_S)
        await runtime.close()
        quiet.file.close()
