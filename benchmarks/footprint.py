"""Start-up time and peak memory of `socialpulse run` with 1,000,000 comments in the store.

Baseline, in the same run: the same command on an empty store (what the code and libraries
cost on their own). Start-up = process start until /healthz answers 200. Peak RSS is read once
the engine is ready in its worker, per process and summed over the process and any it started.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

from bot.store import Store

REPO = Path(__file__).resolve().parent.parent
# A hang guard for the engine's start in its worker (a second or two on a quiet machine).
READY_WAIT = 300.0


def fill(db: Path, count: int) -> None:
    asyncio.run(_create(db))
    conn = sqlite3.connect(db)
    now = "2026-11-25T08:00:00+00:00"
    rows = (
        (
            f"x:f{n}",
            f"f{n}",
            "x",
            "alpenglow",
            f"p{n % 5000}",
            None,
            f"fan{n % 40000}",
            n % 9000,
            f"Comment number {n} about the trail boots",
            now,
            None,
            None,
            "bench",
            n,
            now,
            now,
        )
        for n in range(count)
    )
    with conn:
        conn.executemany(
            "INSERT INTO comments (key, id, platform, brand, post_id, parent_id, author,"
            " author_followers, text, created_at, url, lang, source, position, ingested_at,"
            " processed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    conn.close()


async def _create(db: Path) -> None:
    store = await Store.open(db)
    await store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def descendants(pid: int) -> list[int]:
    """Every live process started by ``pid``, and theirs (an engine worker, say)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found += [int(child), *descendants(int(child))]
    return found


def tree_peak_rss_mb(pid: int) -> list[float]:
    """Each process's own peak, the bot's first, then those it started (their sum is what
    the bot's processes may hold at once)."""
    return [peak_rss_mb(p) for p in [pid, *descendants(pid)]]


def _each(peaks: list[float]) -> str:
    return " + ".join(f"{p:.0f}" for p in peaks)


def run_once(folder: Path, db: Path) -> tuple[float, float, list[float]]:
    """Seconds until /healthz answers, seconds until the engine is ready (the bot logs that it
    is running), and each process's peak RSS after a few /metrics requests: the engine is
    built in its worker after /healthz first answers, and its models weigh most."""
    # The samples' workspace: three brands with voices and FAQs, as a real team has; no feeds.
    spec = yaml.safe_load((REPO / "samples" / "workspace.yaml").read_text(encoding="utf-8"))
    spec.pop("feeds", None)
    ws = folder / "ws.yaml"
    ws.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    port = free_port()
    env = {
        **os.environ,
        "SOCIALPULSE_WORKSPACE": str(ws),
        "SOCIALPULSE_DB_PATH": str(db),
        "SOCIALPULSE_HTTP_PORT": str(port),
        "SOCIALPULSE_LOG_LEVEL": "INFO",
        "SOCIALPULSE_OUTBOX_PATH": str(folder / "out.jsonl"),
    }
    log = folder / f"run-{db.stem}.log"
    started = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "--env-file", str(folder / "x.env"), "run"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None:
                raise RuntimeError("socialpulse run exited during start-up")
            time.sleep(0.02)
        startup = time.perf_counter() - started
        waited_until = time.monotonic() + READY_WAIT
        while b"socialpulse running" not in log.read_bytes():
            if proc.poll() is not None or time.monotonic() > waited_until:
                raise RuntimeError(f"socialpulse run never said it was running; see {log}")
            time.sleep(0.05)
        ready = time.perf_counter() - started
        for _ in range(3):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30).read()
        time.sleep(2)
        return startup, ready, tree_peak_rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--comments", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        empty = folder / "empty.db"
        asyncio.run(_create(empty))
        base_start, base_ready, base_rss = run_once(folder, empty)
        full = folder / "full.db"
        fill(full, args.comments)
        size = full.stat().st_size / 1e6
        start, ready, rss = run_once(folder, full)
    print(
        f"run with {args.comments:,} comments in the store ({size:,.0f} MB file): start-up "
        f"{start:.2f} s (engine ready {ready:.2f} s), peak RSS {sum(rss):.0f} MB "
        f"({_each(rss)}); empty store: start-up {base_start:.2f} s (engine ready "
        f"{base_ready:.2f} s), peak RSS {sum(base_rss):.0f} MB ({_each(base_rss)}); ratios "
        f"{start / base_start:.2f}× and {sum(rss) / sum(base_rss):.2f}×"
    )


if __name__ == "__main__":
    main()
