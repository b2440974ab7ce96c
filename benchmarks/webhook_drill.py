"""Crash drill for the Meta webhook: N signed deliveries (a share of them repeats of earlier
ones, as Meta repeats deliveries) to `socialpulse run`, which is killed with SIGKILL in the
middle and started again. A delivery not answered 200 is sent again, as Meta does. Counts the
comments lost and doubled (and the review requests doubled), and the p50 / p95 time from a
POST to its 200 (the comment is stored before the answer) on loopback.

    python -m benchmarks.webhook_drill [--deliveries 10000] [--duplicates 0.10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bot.connectors.signatures import sign

REPO = Path(__file__).resolve().parent.parent
APP_SECRET = "drill-app-secret-0123456789"
PAGE_ID = "1020304050"
# A guard against a hung child process, not a performance limit.
HANG_GUARD_S = 900.0
CONCURRENCY = 8


@dataclass(frozen=True, slots=True)
class DrillResult:
    deliveries: int
    unique: int
    stored: int
    lost: int
    doubled: int
    reviews: int
    reviews_doubled: int
    killed_after: int
    resent: int
    p50_ms: float
    p95_ms: float
    seconds: float


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_workspace(folder: Path) -> None:
    (folder / "workspace.yaml").write_text(
        "brands:\n  - {id: alpenglow, name: Alpenglow Outfitters, voice: friendly}\n"
        "receivers:\n  - {name: console, kind: console}\n"
        "feeds:\n  poll_interval: 100ms\n"
        "comments_in:\n  accounts:\n"
        f"    - {{brand: alpenglow, platform: facebook, id: '{PAGE_ID}', token_env: DRILL_PAGE}}\n",
        encoding="utf-8",
    )


def environment(folder: Path, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "SOCIALPULSE_WORKSPACE": str(folder / "workspace.yaml"),
        "SOCIALPULSE_DB_PATH": str(folder / "bot.db"),
        "SOCIALPULSE_OUTBOX_PATH": str(folder / "outbox.jsonl"),
        "SOCIALPULSE_LOG_LEVEL": "WARNING",
        "SOCIALPULSE_HTTP_PORT": str(port),
        "META_APP_SECRET": APP_SECRET,
        "META_VERIFY_TOKEN": "drill-verify-token",
    }


def start(folder: Path, port: int, name: str) -> subprocess.Popen[bytes]:
    with (folder / name).open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "--env-file", str(folder / "none.env"), "run"],
            cwd=REPO,
            env=environment(folder, port),
            stdout=subprocess.DEVNULL,
            stderr=log,
        )


def delivery(n: int, created: int) -> bytes:
    value = {
        "from": {"id": str(100_000 + n), "name": f"Walker {n}"},
        "post": {"id": f"{PAGE_ID}_1", "status_type": "added_photos"},
        "message": f"Does the jacket {n} come in blue?",
        "post_id": f"{PAGE_ID}_1",
        "comment_id": f"1_{n}",
        "created_time": created,
        "item": "comment",
        "parent_id": f"{PAGE_ID}_1",
        "verb": "add",
    }
    entry = {"id": PAGE_ID, "time": created, "changes": [{"field": "feed", "value": value}]}
    return json.dumps({"object": "page", "entry": [entry]}).encode()


def plan(deliveries: int, share: float, seed: int = 7) -> list[int]:
    """Comment numbers in delivery order: each unique once, and `share` of all deliveries a
    repeat of one delivered earlier."""
    rng = random.Random(seed)
    repeats = round(deliveries * share)
    order = list(range(deliveries - repeats))
    for _ in range(repeats):
        at = rng.randrange(1, len(order) + 1)
        order.insert(at, rng.choice(order[:at]))
    return order


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db, timeout=60)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


async def wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + HANG_GUARD_S
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(log.read_text(encoding="utf-8", errors="replace"))
            try:
                async with session.get(f"{url}/healthz") as response:
                    await response.read()
                    return
            except aiohttp.ClientError:
                await asyncio.sleep(0.05)
    raise RuntimeError("the bot did not start")


async def drill(folder: Path, deliveries: int, share: float) -> DrillResult:
    write_workspace(folder)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    order = plan(deliveries, share)
    created = int(time.time()) - 60
    bodies = {n: delivery(n, created) for n in set(order)}
    kill_after = deliveries // 2
    procs = [start(folder, port, "first.log")]
    await wait_healthy(url, procs[0], folder / "first.log")
    acked = 0
    resent = 0
    latencies: list[float] = []
    killed = asyncio.Event()
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in order:
        queue.put_nowait(n)

    async def restart() -> None:
        procs[0].send_signal(signal.SIGKILL)
        procs[0].wait()
        killed.set()
        procs.append(start(folder, port, "second.log"))
        await wait_healthy(url, procs[-1], folder / "second.log")

    async def sender(session: aiohttp.ClientSession) -> None:
        nonlocal acked, resent
        while not queue.empty():
            n = queue.get_nowait()
            body = bodies[n]
            headers = {"X-Hub-Signature-256": sign(APP_SECRET, body)}
            while True:
                began = time.perf_counter()
                try:
                    async with session.post(f"{url}/hooks/meta", data=body, headers=headers) as r:
                        await r.read()
                        ok = r.status == 200
                except (TimeoutError, aiohttp.ClientError):
                    ok = False
                if ok:
                    latencies.append(time.perf_counter() - began)
                    acked += 1
                    if acked == kill_after and not killed.is_set():
                        await restart()
                    break
                # Not answered 200: delivered again after a pause, as Meta does.
                resent += 1
                await asyncio.sleep(0.1)

    began = time.perf_counter()
    try:
        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            await asyncio.gather(*(sender(session) for _ in range(CONCURRENCY)))
        seconds = time.perf_counter() - began
        db = folder / "bot.db"
        unique = len(bodies)
        deadline = time.monotonic() + HANG_GUARD_S
        while count(db, "SELECT COUNT(*) FROM comments WHERE processed_at IS NULL") > 0:
            if time.monotonic() > deadline:
                raise RuntimeError("the comments were never analysed")
            await asyncio.sleep(0.2)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=HANG_GUARD_S)
    stored = count(db, "SELECT COUNT(DISTINCT key) FROM comments WHERE source = 'webhook:meta'")
    rows = count(db, "SELECT COUNT(*) FROM comments")
    expected = {f"facebook:1_{n}" for n in bodies}
    conn = sqlite3.connect(db)
    try:
        keys = {r[0] for r in conn.execute("SELECT key FROM comments")}
        reviews = conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT subject) FROM notifications WHERE kind = 'draft'"
        ).fetchone()
    finally:
        conn.close()
    ordered = sorted(latencies)
    return DrillResult(
        deliveries=len(order),
        unique=unique,
        stored=stored,
        lost=len(expected - keys),
        doubled=rows - len(keys),
        reviews=int(reviews[1]),
        reviews_doubled=int(reviews[0]) - int(reviews[1]),
        killed_after=kill_after,
        resent=resent,
        p50_ms=statistics.median(ordered) * 1000,
        p95_ms=ordered[int(0.95 * (len(ordered) - 1))] * 1000,
        seconds=seconds,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deliveries", type=int, default=10_000)
    parser.add_argument("--duplicates", type=float, default=0.10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = asyncio.run(drill(Path(tmp), args.deliveries, args.duplicates))
    print(
        f"{result.deliveries:,} deliveries ({result.unique:,} comments,"
        f" {result.deliveries - result.unique:,} repeats), SIGKILL after {result.killed_after:,}"
        f" answered, {result.resent:,} sent again: stored {result.stored:,}, lost {result.lost},"
        f" doubled {result.doubled}; review requests {result.reviews:,}, doubled"
        f" {result.reviews_doubled};"
        f" POST → stored (200) p50 {result.p50_ms:.1f} ms, p95 {result.p95_ms:.1f} ms;"
        f" {result.seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
