"""Latency from a line appended to a feed file to the console channel receiving its review
request, p50 and p95 over 1,000 lines, with default settings.

Baseline, in the same run: the time from appending a line to a plain polling reader (same
poll interval, no parsing, no store) seeing it — the floor that polling itself sets.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from bot.app import build_runtime, run_until_stopped
from bot.channel import MessageRef
from bot.config.loading import load_workspace
from bot.config.workspace import Workspace
from bot.notices import Notice
from bot.rendering import Renderer
from bot.settings import Settings
from handlers.console import ConsoleChannel


class TimedConsole(ConsoleChannel):
    """The real console channel, noting when each review request reaches it."""

    def __init__(self, renderer: Renderer, console: Console) -> None:
        super().__init__(renderer, console)
        self.received: dict[str, float] = {}

    async def send(self, notice: Notice) -> MessageRef:
        ref = await super().send(notice)
        if notice.kind == "draft":
            self.received[notice.data["comment"]["key"]] = time.perf_counter()
        return ref


def line(n: int) -> str:
    return (
        json.dumps(
            {
                "id": f"lat{n}",
                "platform": "instagram",
                "brand": "alpenglow",
                "post_id": "p1",
                "author": f"walker{n}",
                "text": f"My order #{4000 + n} never arrived, where is it?",
                "created_at": datetime.now(UTC).isoformat(),
            }
        )
        + "\n"
    )


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


async def measure(folder: Path, count: int, gap: float) -> tuple[list[float], Workspace]:
    feed = folder / "comments.jsonl"
    feed.write_text("", encoding="utf-8")
    ws_path = folder / "ws.yaml"
    ws_path.write_text(
        "brands:\n  - {id: alpenglow, name: Alpenglow}\n"
        "receivers:\n  - {name: console, kind: console}\n"
        "feeds:\n  watch:\n    - {path: comments.jsonl, kind: comments}\n",
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
    written: dict[str, float] = {}
    with feed.open("a", encoding="utf-8") as handle:
        for n in range(count):
            handle.write(line(n))
            handle.flush()
            written[f"instagram:lat{n}"] = time.perf_counter()
            await asyncio.sleep(gap)
    while len(channel.received) < count:
        await asyncio.sleep(0.05)
    stop.set()
    await task
    await runtime.close()
    screen.close()
    return [channel.received[k] - written[k] for k in written], workspace


async def polling_floor(folder: Path, count: int, gap: float, interval: float) -> list[float]:
    feed = folder / "floor.jsonl"
    feed.write_text("", encoding="utf-8")
    seen: dict[int, float] = {}
    written: dict[int, float] = {}

    async def reader() -> None:
        offset = 0
        while len(seen) < count:
            data = feed.read_bytes()[offset:]
            cut = data.rfind(b"\n")
            if cut >= 0:
                for raw in data[: cut + 1].splitlines():
                    seen[int(json.loads(raw)["id"][3:])] = time.perf_counter()
                offset += cut + 1
            await asyncio.sleep(interval)

    task = asyncio.create_task(reader())
    with feed.open("a", encoding="utf-8") as handle:
        for n in range(count):
            handle.write(line(n))
            handle.flush()
            written[n] = time.perf_counter()
            await asyncio.sleep(gap)
    await task
    return [seen[n] - written[n] for n in written]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--gap-ms", type=float, default=10.0, help="time between appends")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        lat, workspace = asyncio.run(measure(Path(tmp), args.lines, args.gap_ms / 1000))
        interval = workspace.feeds.poll_interval.total_seconds()
        floor = asyncio.run(polling_floor(Path(tmp), args.lines, args.gap_ms / 1000, interval))
    p50, p95 = percentiles(lat)
    f50, f95 = percentiles(floor)
    print(
        f"feed line → console, {args.lines:,} lines, poll interval {interval * 1000:.0f} ms: "
        f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; polling floor p50 "
        f"{f50 * 1000:.0f} ms, p95 {f95 * 1000:.0f} ms; p95 ratio {p95 / f95:.2f}× the floor"
    )


if __name__ == "__main__":
    main()
