"""Latency from a signed Meta webhook POST to (a) its 200 (the comment is stored first) and
(b) the console channel receiving the comment's review request, p50 and p95 over N comments
sent one at a time on loopback, with default settings.

    python -m benchmarks.webhook_latency [--comments 500] [--gap-ms 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
from rich.console import Console

from benchmarks.latency import TimedConsole, percentiles
from benchmarks.webhook_drill import APP_SECRET, PAGE_ID, delivery
from bot.app import build_runtime, run_until_stopped
from bot.config.loading import load_workspace
from bot.connectors.signatures import sign
from bot.rendering import Renderer
from bot.settings import Settings


async def measure(folder: Path, count: int, gap: float) -> tuple[list[float], list[float]]:
    os.environ["META_APP_SECRET"] = APP_SECRET
    ws_path = folder / "ws.yaml"
    ws_path.write_text(
        "brands:\n  - {id: alpenglow, name: Alpenglow}\n"
        "receivers:\n  - {name: console, kind: console}\n"
        "comments_in:\n  accounts:\n"
        f"    - {{brand: alpenglow, platform: facebook, id: '{PAGE_ID}', token_env: UNUSED}}\n",
        encoding="utf-8",
    )
    workspace = load_workspace(ws_path)
    settings = Settings(
        workspace=ws_path, db_path=folder / "lat.db", outbox_path=folder / "out.jsonl", http_port=0
    )
    screen = (folder / "screen.txt").open("w", encoding="utf-8")
    channel = TimedConsole(Renderer(), Console(file=screen, width=100))
    runtime = await build_runtime(
        settings, workspace, lambda _s, _n: {"console": channel}, lambda: datetime.now(UTC)
    )
    stop, started = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(run_until_stopped(runtime, stop, started))
    await started.wait()
    url = f"http://127.0.0.1:{runtime.health_port}/hooks/meta"
    posted: dict[str, float] = {}
    stored: list[float] = []
    created = int(time.time()) - 60
    async with aiohttp.ClientSession() as session:
        for n in range(count):
            body = delivery(n, created)
            headers = {"X-Hub-Signature-256": sign(APP_SECRET, body)}
            began = time.perf_counter()
            async with session.post(url, data=body, headers=headers) as response:
                await response.read()
                assert response.status == 200, response.status
            stored.append(time.perf_counter() - began)
            posted[f"facebook:1_{n}"] = began
            await asyncio.sleep(gap)
    while len(channel.received) < count:
        await asyncio.sleep(0.05)
    stop.set()
    await task
    await runtime.close()
    screen.close()
    return stored, [channel.received[k] - posted[k] for k in posted]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--comments", type=int, default=500)
    parser.add_argument("--gap-ms", type=float, default=10.0, help="time between deliveries")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        stored, review = asyncio.run(measure(Path(tmp), args.comments, args.gap_ms / 1000))
    s50, s95 = percentiles(stored)
    r50, r95 = percentiles(review)
    print(
        f"Meta webhook, {args.comments:,} comments one at a time: POST → stored (200) p50"
        f" {s50 * 1000:.1f} ms, p95 {s95 * 1000:.1f} ms; POST → review request in the console"
        f" p50 {r50 * 1000:.0f} ms, p95 {r95 * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
