"""Several workers on one database: throughput with 1, 2 and 4 workers, and the kill drill.

1. Comments through ingest → analyse → draft → persist (and their review requests sent to the
   console) by 1, 2 and 4 `socialpulse run` workers on one database: comments per second
   on the wall clock, and CPU seconds of the workers and their engine processes (from /proc),
   counted from the moment the comments are appended, once every worker is ready.
2. Feed line → chat: a comment appended to the feed until its review request is printed by
   the console, with 2 workers, one comment at a time (`--latency` comments): p50 and p95.
3. The failover drill (tests/workers/drill.py) with `--kills` SIGKILLs (20): comments,
   notices, replies and stand-ups lost and doubled, and each takeover's time.

The database is a SQLite file, or with `--postgres` a new database on a throwaway
PostgreSQL cluster (tests/postgres.py) for each run; the cluster's CPU is counted too.

    python -m benchmarks.workers [--comments 4000] [--workers 1 2 4] [--latency 50]
        [--kills 20] [--burst 25] [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.workers.drill import Backend

REPO = Path(__file__).resolve().parents[1]
_TICK = os.sysconf("SC_CLK_TCK")
HANG_GUARD_S = 900.0


def _cpu_seconds(pid: int) -> float:
    """CPU time of `pid` and its live descendants (the engine's process), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        # Each thread lists the children it started (the engine's pool starts its own).
        children = [
            word
            for task in Path(f"/proc/{pid}/task").iterdir()
            for word in (task / "children").read_text().split()
        ]
    except OSError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / _TICK
    return own + sum(_cpu_seconds(int(child)) for child in children)


def _workspace(folder: Path) -> None:
    (folder / "workspace.yaml").write_text(
        "brands:\n  - {id: alpenglow, name: Alpenglow Outfitters, voice: friendly}\n"
        "receivers:\n  - {name: console, kind: console}\n"
        "feeds:\n  poll_interval: 50ms\n  watch:\n    - {path: comments.jsonl, kind: comments}\n",
        encoding="utf-8",
    )
    (folder / "comments.jsonl").write_text("", encoding="utf-8")


def _comments(path: Path, count: int) -> None:
    with path.open("a", encoding="utf-8") as handle:
        for n in range(count):
            handle.write(
                json.dumps(
                    {
                        "id": f"b{n}",
                        "platform": "instagram",
                        "brand": "alpenglow",
                        "post_id": f"p{n % 50}",
                        "author": f"walker{n}",
                        "text": f"My order #{4000 + n} never arrived, where is it?",
                        "created_at": "2026-11-20T10:00:00Z",
                    }
                )
                + "\n"
            )


def _server_pids(port: int) -> list[int]:
    """The PostgreSQL server processes listening on `port` (the postmaster and its
    children), so their CPU is counted with the workers'."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = stat.read_bytes().split(b"\0")
        except OSError:
            continue
        if words and words[0].endswith(b"postgres") and f"-p {port}".encode() in b" ".join(words):
            pids.append(int(stat.parent.name))
    return pids


# A new, empty database for each run: its URL (`sqlite:///…` in the folder given).
Databases = Callable[[Path], str]


def _start(folder: Path, backend: Backend, workers: int) -> list[subprocess.Popen[bytes]]:
    """`workers` workers `w0`, `w1`, … on `backend`, each printing to `w<n>.out`; returned
    once each says it is running."""
    env = {
        **os.environ,
        **backend.env(),
        "SOCIALPULSE_WORKSPACE": str(folder / "workspace.yaml"),
        "SOCIALPULSE_OUTBOX_PATH": str(folder / "outbox.jsonl"),
        "SOCIALPULSE_LOG_LEVEL": "INFO",
        "SOCIALPULSE_HTTP_PORT": "0",
        "PYTHONUNBUFFERED": "1",
        "COLUMNS": "200",
    }
    procs = []
    for n in range(workers):
        with (folder / f"w{n}.out").open("wb") as out, (folder / f"w{n}.log").open("wb") as log:
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "bot", "--env-file", str(folder / "none"), "run"],
                    cwd=REPO,
                    env={**env, "SOCIALPULSE_WORKER_ID": f"w{n}"},
                    stdout=out,
                    stderr=log,
                )
            )
    deadline = time.monotonic() + HANG_GUARD_S
    while not all(
        "socialpulse running" in (folder / f"w{n}.log").read_text(errors="replace")
        for n in range(workers)
    ):
        if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
            _stop(procs)
            logs = "".join(
                f"--- w{n}\n" + (folder / f"w{n}.log").read_text(errors="replace")[-1500:]
                for n in range(workers)
            )
            raise RuntimeError(f"the workers did not start:\n{logs}")
        time.sleep(0.05)
    return procs


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in procs:
        p.wait(timeout=HANG_GUARD_S)


def latency(samples: int, database: Databases, workers: int = 2) -> list[float]:
    """Seconds from a comment's line appended to the feed to its review request printed by
    the console, one comment at a time, with `workers` workers."""
    with tempfile.TemporaryDirectory(prefix="socialpulse-latency-") as tmp:
        folder = Path(tmp)
        _workspace(folder)
        backend = Backend(database(folder))
        procs = _start(folder, backend, workers)
        seen: list[float] = []
        try:
            for n in range(samples):
                marker = f"parcel {n} never"
                line = json.dumps(
                    {
                        "id": f"l{n}",
                        "platform": "instagram",
                        "brand": "alpenglow",
                        "post_id": "p1",
                        "author": f"walker{n}",
                        "text": f"My parcel {n} never arrived, where is it?",
                        "created_at": "2026-11-20T10:00:00Z",
                    }
                )
                with (folder / "comments.jsonl").open("a", encoding="utf-8") as handle:
                    handle.write(line + "\n")
                started = time.perf_counter()
                deadline = time.monotonic() + HANG_GUARD_S
                while not any(
                    marker in (folder / f"w{w}.out").read_text(errors="replace")
                    for w in range(workers)
                ):
                    assert time.monotonic() < deadline, "the review request never came"
                    time.sleep(0.005)
                seen.append(time.perf_counter() - started)
        finally:
            backend.close()
            _stop(procs)
        return seen


def throughput(
    workers: int, comments: int, database: Databases, server: list[int]
) -> tuple[float, float, dict[str, int]]:
    """(comments per second, CPU seconds, comments analysed per worker)."""
    with tempfile.TemporaryDirectory(prefix="socialpulse-workers-") as tmp:
        folder = Path(tmp)
        _workspace(folder)
        backend = Backend(database(folder))
        procs = _start(folder, backend, workers)
        try:
            deadline = time.monotonic() + HANG_GUARD_S
            # The server (PostgreSQL's postmaster: its children serve the workers) counts too.
            pids = [p.pid for p in procs] + server
            cpu0 = sum(_cpu_seconds(pid) for pid in pids)
            started = time.perf_counter()
            _comments(folder / "comments.jsonl", comments)
            sql = "SELECT COUNT(*) FROM comments WHERE processed_at IS NOT NULL"
            while backend.value(sql) < comments:
                assert time.monotonic() < deadline, "the workers did not finish"
                time.sleep(0.02)
            wall = time.perf_counter() - started
            cpu = sum(_cpu_seconds(pid) for pid in pids) - cpu0
            # Who analysed what: each batch is claimed by one worker (claimed_by stays).
            shares = backend.rows("SELECT claimed_by, COUNT(*) FROM comments GROUP BY claimed_by")
        finally:
            backend.close()
            _stop(procs)
        return comments / wall, cpu, {str(k): int(v) for k, v in shares}


async def drill(
    kills: int, lease: float, database: Databases, keep: Path | None = None, burst: int = 25
) -> str:
    with tempfile.TemporaryDirectory(prefix="socialpulse-drill-") as tmp:
        folder = Path(tmp)
        try:
            return await _drill_in(folder, kills, lease, database, burst)
        finally:
            if keep is not None:
                # The workers' logs and console output, to read after the run.
                keep.mkdir(parents=True, exist_ok=True)
                for path in folder.glob("w*.*"):
                    shutil.copy(path, keep / path.name)


async def _drill_in(folder: Path, kills: int, lease: float, database: Databases, burst: int) -> str:
    from tests.connectors.fake_platforms import FakePlatforms, serving
    from tests.workers.drill import Drill, run_drill

    platforms = FakePlatforms()
    backend = Backend(database(folder))
    try:
        async with serving(platforms) as base:
            run = Drill(folder, backend, platforms, base, lease)
            await run.prepare(kills)
            outcome = await run_drill(run, kills, burst)
    finally:
        backend.close()
    times = [k.takeover_s for k in outcome.kills if k.takeover_s is not None]
    by_kind: dict[str, list[float]] = {}
    for k in outcome.kills:
        if k.takeover_s is not None:
            by_kind.setdefault(k.kind, []).append(k.takeover_s)
    kinds = ", ".join(
        f"{kind} {statistics.median(t):.2f}/{max(t):.2f}s" for kind, t in by_kind.items()
    )
    by_part: dict[str, list[float]] = {}
    for k in outcome.kills:
        for part, seconds in k.parts.items():
            by_part.setdefault(part, []).append(seconds)
    parts = ", ".join(
        f"{part} {statistics.median(t):.2f}/{max(t):.2f}s" for part, t in sorted(by_part.items())
    )
    return (
        f"{outcome.line()}\n  takeover p50 {statistics.median(times):.2f}s,"
        f" max {max(times):.2f}s ({max(times) / lease:.1f} lease periods);"
        f" by kind (p50/max) {kinds};\n  each part of what the killed worker held taken"
        f" over in (p50/max) {parts}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=4000)
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2, 4])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--lease", type=float, default=2.0)
    parser.add_argument(
        "--latency", type=int, default=50, help="comments timed one at a time (0: none)"
    )
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="run on a throwaway PostgreSQL cluster (tests/postgres.py), a database a run",
    )
    parser.add_argument(
        "--keep-logs", type=Path, help="copy the drill's worker logs to this folder"
    )
    parser.add_argument(
        "--burst",
        type=int,
        default=25,
        help="comments appended to the feed every half second during the drill (fewer on a"
        " machine too busy for the survivors to catch up)",
    )
    args = parser.parse_args()
    cluster = None
    server: list[int] = []
    database: Databases = lambda folder: f"sqlite:///{folder}/bot.db"  # noqa: E731
    where = "one SQLite file"
    if args.postgres:
        from tests import postgres

        cluster = postgres.start()
        database = lambda folder: cluster.new_database("bench")  # noqa: E731
        where = f"PostgreSQL {_server_version(cluster.url('postgres'))} (its CPU counted)"
    try:
        if args.workers:
            print(f"ingest → analyse → draft → persist, {args.comments} comments, {where}")
        base: float | None = None
        for workers in args.workers:
            if cluster is not None:
                server = _server_pids(cluster.port)
            rate, cpu, shares = throughput(workers, args.comments, database, server)
            base = base or rate
            # CPU seconds over wall seconds: how many of the machine's cores the run kept busy.
            busy = cpu * rate / args.comments
            print(
                f"  {workers} worker(s): {rate:8.0f} comments/s ({rate / base:.2f}×),"
                f" CPU {cpu:6.1f}s ({1000 * cpu / args.comments:.2f} ms per comment,"
                f" {busy:.2f} of {os.cpu_count()} cores busy); analysed by {shares}"
            )
        if args.latency:
            seen = sorted(latency(args.latency, database))
            p95 = seen[math.ceil(0.95 * len(seen)) - 1]  # nearest rank
            print(
                f"feed line → console review request, 2 workers, {len(seen)} comments one at a"
                f" time: p50 {1000 * statistics.median(seen):.0f} ms,"
                f" p95 {1000 * p95:.0f} ms, max {1000 * seen[-1]:.0f} ms"
            )
        if args.kills:
            print(f"failover drill, {args.kills} kills, {where}:")
            print(
                "  "
                + asyncio.run(drill(args.kills, args.lease, database, args.keep_logs, args.burst))
            )
    finally:
        if cluster is not None:
            cluster.stop()


def _server_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]).split()[0] if row else "?"


if __name__ == "__main__":
    main()
