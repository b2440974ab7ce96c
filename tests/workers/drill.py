"""The failover drill: real `socialpulse run` workers on one database, SIGKILLed one at a time
in the middle of each kind of work; what was lost, what was done twice, how soon it moved on.

The database is a URL, `sqlite:///…` or `postgresql://…`: the same drill runs on either."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import re
import signal
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

from bot.models import DraftStatus
from bot.store import Store
from bot.store.errors import StoreBusy
from bot.store.leases import moment
from bot.store.postgres import is_postgres_url
from bot.store.sql import pyformat
from tests.connectors.fake_platforms import ENV, FakePlatforms, workspace_yaml
from tests.store.test_drafts import engagement, on_platform, queued

REPO = Path(__file__).resolve().parents[2]
# A guard against a hung drill, not a performance limit.
HANG_GUARD_S = 600.0
# The console prints each notice as a panel titled `<kind> → <receiver> · message <id>`.
_TITLE = re.compile(r"(\w+) → (\w+) · message (\d+)")
RECEIVERS = ("console", "ops")


@dataclass(slots=True)
class Backend:
    """Where the workers keep their state: a database URL, `sqlite:///…` or `postgresql://…`.
    The drill reads it beside the workers (a plain connection, outside the store); `close`
    lets that connection go."""

    url: str
    _pg: psycopg.Connection[tuple[Any, ...]] | None = None

    @property
    def postgres(self) -> bool:
        return is_postgres_url(self.url)

    @property
    def path(self) -> Path:
        if not self.url.startswith("sqlite:///"):
            raise ValueError(f"not a sqlite:/// URL: {self.url.split(':', 1)[0]}")
        return Path(self.url.removeprefix("sqlite://"))

    def env(self) -> dict[str, str]:
        if self.postgres:
            return {"SOCIALPULSE_DB_URL": self.url}
        return {"SOCIALPULSE_DB_PATH": str(self.path)}

    async def open(self) -> Store:
        return await Store.open(self.url if self.postgres else self.path)

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.postgres:
            return self._pg_rows(sql, params)
        if not self.path.exists():
            return []
        conn = sqlite3.connect(self.path, timeout=30)
        try:
            return [tuple(r) for r in conn.execute(sql, params).fetchall()]
        except sqlite3.OperationalError:
            return []  # not created yet
        finally:
            conn.close()

    def _pg_rows(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        # One autocommit connection for the whole drill: it polls every few milliseconds,
        # and a new server process a poll would cost the workers their CPU.
        if self._pg is None or self._pg.closed:
            self._pg = psycopg.connect(self.url, autocommit=True)
        try:
            return [tuple(r) for r in self._pg.execute(pyformat(sql), params).fetchall()]
        except psycopg.errors.UndefinedTable:
            return []  # not created yet

    def value(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        found = self.rows(sql, params)
        return int(found[0][0] or 0) if found else 0

    def close(self) -> None:
        if self._pg is not None:
            self._pg.close()
            self._pg = None


@dataclass(slots=True)
class Kill:
    """One SIGKILL: what the worker held, and how long until another took it over."""

    kind: str
    worker: str
    at: float
    leases: list[str]
    claims: int
    takeover_s: float | None = None
    # Of what it held (its leases; its claims on each queue), how long until each part was
    # taken over: which one the takeover waited for.
    parts: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Outcome:
    comments: int
    kills: list[Kill]
    lost: dict[str, int]
    doubled: dict[str, int]
    # Notices printed by a worker killed right after printing, then printed again by the one
    # that took its claim over (at-least-once at the instant of a kill; see docs/workers.md):
    # one for each kill that struck a send in flight.
    resent_after_kill: int
    # The most notices resent because of any one kill (one send is in flight at a time).
    most_resent_per_kill: int
    lease_s: float
    seconds: float
    standups: int = 0
    published: int = 0
    notices: int = 0

    def line(self) -> str:
        takeovers = ", ".join(
            f"{k.kind} {k.takeover_s:.2f}s" if k.takeover_s is not None else f"{k.kind} -"
            for k in self.kills
        )
        return (
            f"{len(self.kills)} kills, lease {self.lease_s:g}s; {self.comments} comments,"
            f" {self.notices} notices, {self.published} replies, {self.standups} stand-ups in"
            f" {self.seconds:.1f}s; lost {sum(self.lost.values())} {self.lost}; doubled"
            f" {sum(self.doubled.values())} {self.doubled}; resent after a kill"
            f" {self.resent_after_kill}; takeover {takeovers}"
        )


def comment_line(n: int) -> str:
    return json.dumps(
        {
            "id": f"f{n}",
            "platform": "instagram",
            "brand": "alpenglow",
            "post_id": f"post{n % 97}",
            "author": f"buyer{n}",
            "text": f"Where is my order #{4000 + n}? Two weeks now.",
            "created_at": "2026-11-20T10:00:00Z",
        }
    )


@dataclass(slots=True)
class Drill:
    """Workers `w1`, `w2`, … on `backend`, with a lease of `lease_s` seconds."""

    folder: Path
    backend: Backend
    platforms: FakePlatforms
    base_url: str
    lease_s: float = 2.0
    approved: int = 100
    procs: dict[str, asyncio.subprocess.Process] = field(default_factory=dict)
    replies: dict[int, str] = field(default_factory=dict)
    # Drafts to approve for the later publishing kills (draft id, comment id).
    later: list[tuple[int, str]] = field(default_factory=list)
    written: int = 0
    _next: int = 1

    @property
    def feed(self) -> Path:
        return self.folder / "comments.jsonl"

    async def prepare(self, kills: int) -> None:
        """The workspace, drafts to publish (approved now, and for each later publishing
        kill its own, approved then) and two stand-ups owed today."""
        schedules = "".join(
            f"  - {{receiver: {r}, at: '00:00', timezone: UTC,"
            " days: [mon, tue, wed, thu, fri, sat, sun]}\n"
            for r in RECEIVERS
        )
        (self.folder / "workspace.yaml").write_text(
            workspace_yaml(self.base_url, ("facebook",))
            + "feeds:\n  poll_interval: 50ms\n  watch:\n"
            "    - {path: comments.jsonl, kind: comments}\n"
            "schedules:\n" + schedules,
            encoding="utf-8",
        )
        self.feed.write_text("", encoding="utf-8")
        store = await self.backend.open()
        try:
            rounds = 1 + sum(1 for i in range(kills) if KINDS[i % len(KINDS)] == "publish")
            for n in range(1, self.approved * rounds + 1):
                # Stored before the workers start: none of them analyses these comments.
                item = on_platform(engagement(n), "facebook")
                draft_id = await queued(store, item)
                if n <= self.approved:
                    await store.drafts.decide(draft_id, DraftStatus.APPROVED, "ana")
                    self.replies[draft_id] = f"c{n}"
                else:
                    self.later.append((draft_id, f"c{n}"))
            # The review requests of the seeded drafts are not part of the drill.
            await store.db.execute_many(
                "UPDATE notifications SET status = 'sent' WHERE id = ?",
                [(r[0],) for r in await store.db.fetchall("SELECT id FROM notifications")],
            )
            # Watched since yesterday: today's 00:00 stand-up is owed to each receiver.
            await store.summary_runs.track(
                [(r, "daily") for r in RECEIVERS], datetime.now(UTC) - timedelta(days=1)
            )
        finally:
            await store.close()

    def write(self, count: int) -> None:
        with self.feed.open("a", encoding="utf-8") as handle:
            for n in range(self.written, self.written + count):
                handle.write(comment_line(n) + "\n")
        self.written += count

    async def start(self) -> str:
        name = f"w{self._next}"
        self._next += 1
        env = {
            **os.environ,
            **ENV,
            **self.backend.env(),
            "PYTHONUNBUFFERED": "1",
            "SOCIALPULSE_WORKER_ID": name,
            "SOCIALPULSE_LEASE_SECONDS": str(self.lease_s),
            "SOCIALPULSE_WORKSPACE": str(self.folder / "workspace.yaml"),
            "SOCIALPULSE_OUTBOX_PATH": str(self.folder / "outbox.jsonl"),
            "SOCIALPULSE_CHART_DIR": str(self.folder / "charts"),
            "SOCIALPULSE_LOG_LEVEL": "WARNING",
            "SOCIALPULSE_HTTP_PORT": "0",
            "COLUMNS": "200",
        }
        with (
            (self.folder / f"{name}.out").open("wb") as out,
            (self.folder / f"{name}.log").open("wb") as err,
        ):
            self.procs[name] = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "--env-file",
                str(self.folder / "none.env"),
                "run",
                cwd=REPO,
                env=env,
                stdout=out,
                stderr=err,
            )
        return name

    def alive(self) -> list[str]:
        return [n for n, p in self.procs.items() if p.returncode is None]

    def holder(self, lease: str) -> str | None:
        found = self.backend.rows(
            "SELECT holder FROM leases WHERE name = ? AND expires_at > ?",
            (lease, int(time.time() * 1000)),
        )
        return str(found[0][0]) if found else None

    def claims(self, worker: str) -> int:
        now = int(time.time() * 1000)
        return sum(
            self.backend.value(
                f"SELECT COUNT(*) FROM {table} WHERE claimed_by = ? AND claim_expires > ?"
                f" AND {open_}",
                (worker, now),
            )
            for table, open_ in _OPEN_WORK
        )

    def leases_of(self, worker: str) -> list[str]:
        rows = self.backend.rows(
            "SELECT name FROM leases WHERE holder = ? AND expires_at > ?",
            (worker, int(time.time() * 1000)),
        )
        # A worker's heartbeat (`worker:<id>`) is its own: nobody takes it over.
        return sorted(str(r[0]) for r in rows if not str(r[0]).startswith("worker:"))

    def running(self) -> bool:
        """Whether every worker alive has started its work (it holds its heartbeat lease,
        taken once its engine is ready): a kill before then strikes a worker whose only
        survivors are still starting, and would time their start, not a takeover."""
        rows = self.backend.rows(
            "SELECT holder FROM leases WHERE substr(name, 1, 7) = 'worker:' AND expires_at > ?",
            (int(time.time() * 1000),),
        )
        return set(self.alive()) <= {str(r[0]) for r in rows}

    def busiest(self, table: str, open_: str) -> str | None:
        """The live worker holding the most claims on open items of `table`."""
        now = int(time.time() * 1000)
        rows = self.backend.rows(
            f"SELECT claimed_by, COUNT(*) FROM {table} WHERE claim_expires > ? AND {open_}"
            " GROUP BY claimed_by ORDER BY COUNT(*) DESC",
            (now,),
        )
        alive = set(self.alive())
        return next((str(r[0]) for r in rows if r[0] in alive), None)

    async def kill(self, kind: str, worker: str) -> Kill:
        kill = Kill(kind, worker, time.time(), self.leases_of(worker), self.claims(worker))
        proc = self.procs[worker]
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGKILL)
        await proc.wait()
        return kill

    async def taken_over(self, kill: Kill) -> None:
        """Wait until nothing the dead worker held is still its own: its leases held by
        others (or let go), its claims taken or done; note how long that took, in all and
        for each part."""
        held = {
            table: self.backend.value(
                f"SELECT COUNT(*) FROM {table} WHERE claimed_by = ? AND {open_}", (kill.worker,)
            )
            for table, open_ in _OPEN_WORK
        }
        deadline = time.monotonic() + HANG_GUARD_S
        while time.monotonic() < deadline:
            leases = [n for n in kill.leases if self.holder(n) in (None, kill.worker)]
            left = {
                table: self.backend.value(
                    f"SELECT COUNT(*) FROM {table} WHERE claimed_by = ? AND {open_}",
                    (kill.worker,),
                )
                for table, open_ in _OPEN_WORK
            }
            now = time.time()
            if kill.leases and not leases:
                kill.parts.setdefault("leases", now - kill.at)
            for table, count in left.items():
                if held.get(table) and not count:
                    kill.parts.setdefault(table, now - kill.at)
            if not leases and not any(left.values()):
                kill.takeover_s = now - kill.at
                return
            await asyncio.sleep(0.02)
        raise AssertionError(f"nothing took over from {kill.worker}: {self.folder}")

    async def until(self, check: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + HANG_GUARD_S
        while time.monotonic() < deadline:
            if check():
                return
            for name, proc in self.procs.items():
                if proc.returncode not in (None, -signal.SIGKILL):
                    log = (self.folder / f"{name}.log").read_text(errors="replace")
                    raise AssertionError(f"worker {name} exited {proc.returncode}:\n{log}")
            await asyncio.sleep(0.02)
        raise AssertionError(f"gave up waiting for {what} in {self.folder}")

    async def stop(self, check: bool = True) -> None:
        """Stop the workers still running (SIGTERM; SIGKILL for one that hangs); `check`
        that each stopped cleanly (or was killed by the drill, or stopped while starting)."""
        for proc in self.procs.values():
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
        for name, proc in self.procs.items():
            try:
                code = await asyncio.wait_for(proc.wait(), HANG_GUARD_S)
            except BaseException:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                raise
            if check:
                allowed = (0, -signal.SIGKILL, -signal.SIGTERM)
                assert code in allowed, (self.folder / f"{name}.log").read_text()

    def printed(self) -> dict[str, list[int]]:
        """Each worker's printed notices, message ids in the order printed."""
        found: dict[str, list[int]] = {}
        for name in self.procs:
            text = (self.folder / f"{name}.out").read_text(encoding="utf-8", errors="replace")
            found[name] = [int(m[3]) for m in _TITLE.finditer(text)]
        return found

    def everything_done(self) -> bool:
        b = self.backend
        return (
            b.value("SELECT COUNT(*) FROM comments WHERE key LIKE 'instagram:f%'") == self.written
            and b.value("SELECT COUNT(*) FROM comments WHERE processed_at IS NULL") == 0
            and b.value("SELECT COUNT(*) FROM notifications WHERE status = 'queued'") == 0
            and b.value("SELECT COUNT(*) FROM drafts WHERE status = 'approved'") == 0
            and b.value("SELECT COUNT(*) FROM notifications WHERE kind = 'summary'") >= 2
        )

    def outcome(self, kills: list[Kill], seconds: float) -> Outcome:
        b = self.backend
        order = self.printed()
        printed = {w: Counter(ids) for w, ids in order.items()}
        total: Counter[int] = Counter()
        for counts in printed.values():
            total.update(counts)
        # The send in flight when a worker died is the last thing it printed.
        in_flight = {k.worker: order[k.worker][-1] for k in kills if order.get(k.worker)}
        resent = doubled_notices = 0
        resent_by: Counter[str] = Counter()
        recorded = {
            int(r[0]): r[1]
            for r in b.rows("SELECT id, claimed_by FROM notifications WHERE status = 'sent'")
        }
        for message, times in total.items():
            if times < 2:
                continue
            by = [w for w, counts in printed.items() if counts[message]]
            # Printed once by the worker that recorded the send, and once by each worker killed
            # with it in flight (printed last, not recorded): a notice taken over after a kill
            # can be struck by the next kill too. Anything else is a notice two workers took.
            unrecorded = [w for w in by if w != recorded.get(message)]
            if (
                times == len(by)
                and len(unrecorded) == times - 1
                and all(in_flight.get(w) == message for w in unrecorded)
            ):
                resent += len(unrecorded)
                resent_by.update(unrecorded)
            else:
                doubled_notices += 1
        sent = {int(r[0]) for r in b.rows("SELECT id FROM notifications WHERE status = 'sent'")}
        seeded = {
            int(r[0])
            for r in b.rows(
                "SELECT id FROM notifications WHERE sent_at IS NULL AND status = 'sent'"
            )
        }
        stored = b.value("SELECT COUNT(*) FROM comments WHERE key LIKE 'instagram:f%'")
        replies = [self.platforms.reply_count(c) for c in self.replies.values()]
        per_slot = b.rows(
            "SELECT receiver, subject, COUNT(*) FROM notifications WHERE kind = 'summary'"
            " GROUP BY receiver, subject"
        )
        return Outcome(
            comments=stored,
            kills=kills,
            lost={
                "comments": self.written - stored,
                "analyses": stored
                - b.value(
                    "SELECT COUNT(*) FROM comment_analyses WHERE comment_key LIKE 'instagram:f%'"
                ),
                "notices": len(sent - seeded - set(total)),
                "replies": sum(n == 0 for n in replies),
                "standups": len(RECEIVERS) - len(per_slot),
            },
            doubled={
                "drafts": b.value("SELECT COUNT(*) FROM drafts")
                - b.value("SELECT COUNT(DISTINCT comment_key) FROM drafts"),
                "notices": doubled_notices,
                "replies": sum(n > 1 for n in replies),
                "standups": sum(int(r[2]) - 1 for r in per_slot),
            },
            resent_after_kill=resent,
            most_resent_per_kill=max(resent_by.values(), default=0),
            lease_s=self.lease_s,
            seconds=seconds,
            standups=len(per_slot),
            published=sum(n > 0 for n in replies),
            notices=len(sent - seeded),
        )


_OPEN_WORK = (
    ("comments", "processed_at IS NULL"),
    ("notifications", "status = 'queued'"),
    ("drafts", "status IN ('approved', 'edited')"),
)


KINDS = ("standup", "feed", "analyse", "deliver", "publish")


async def run_drill(drill: Drill, kills: int, burst: int = 25, workers: int = 3) -> Outcome:
    """Start `workers` workers, kill one in the middle of each kind of work in turn
    (stand-up, feed, analysis, delivery, publishing) `kills` times in all, a new worker
    started for each one killed; then let the survivors finish and count.

    Comments are appended to the feed in bursts (`burst` every half second) as the drill
    goes, so a feed is being followed and comments analysed at each kill."""
    started = time.monotonic()
    try:
        for _ in range(workers):
            await drill.start()
        done = await _kill_in_turn(drill, kills, burst)
        await drill.until(drill.everything_done, "the survivors to finish")
    except BaseException:
        await drill.stop(check=False)
        raise
    await drill.stop()
    return drill.outcome(done, time.monotonic() - started)


async def _kill_in_turn(drill: Drill, kills: int, burst: int) -> list[Kill]:
    writing = True

    async def writer() -> None:
        while writing:
            drill.write(burst)
            await asyncio.sleep(0.5)

    feeding = asyncio.ensure_future(writer())
    done: list[Kill] = []
    try:
        for index in range(kills):
            kind = KINDS[index % len(KINDS)]
            # The worker started after the last kill is running too: each kill leaves
            # survivors at work to take over, not only workers still starting.
            await drill.until(drill.running, f"every worker to start (kill {index + 1})")
            if kind == "publish":
                # Approved now, so the kill strikes the publishing of these.
                await _approve_more(drill)
            victim = await _victim(drill, kind, index)
            kill = await drill.kill(kind, victim)
            await drill.start()
            await drill.taken_over(kill)
            done.append(kill)
            # As it goes: the survivors' finish can take long on a loaded machine.
            parts = ", ".join(f"{part} {s:.2f}s" for part, s in sorted(kill.parts.items()))
            print(
                f"kill {index + 1} {kind} {victim}: taken over in {kill.takeover_s:.2f}s ({parts})",
                file=sys.stderr,
                flush=True,
            )
    finally:
        writing = False
        await feeding
    return done


async def _victim(drill: Drill, kind: str, index: int) -> str:
    """The worker to kill for `kind`: the one doing that work right now."""
    result: list[str] = []

    def found() -> bool:
        if kind == "standup":
            who = drill.holder("schedule:summaries")
        elif kind == "feed":
            who = drill.holder("feed:comments.jsonl")
        elif kind == "analyse":
            who = drill.busiest("comments", "processed_at IS NULL")
        elif kind == "deliver":
            who = drill.busiest("notifications", "status = 'queued'")
        else:
            who = drill.busiest("drafts", "status IN ('approved', 'edited')")
        if who is not None and who in drill.alive():
            result.append(who)
            return True
        return False

    await drill.until(found, f"a worker to {kind} (kill {index + 1})")
    return result[0]


async def _approve_more(drill: Drill) -> None:
    """Approve drafts for the next publishing kill to strike (their decision notices are
    sent by the workers like any other)."""
    batch, drill.later = drill.later[: drill.approved], drill.later[drill.approved :]
    store = await drill.backend.open()
    try:
        for draft_id, comment_id in batch:
            # The drill's own write waits its turn among the workers' like a person's click,
            # however long the busy machine keeps the database locked.
            for attempt in itertools.count(1):
                try:
                    await store.drafts.decide(draft_id, DraftStatus.APPROVED, "ana")
                    break
                except StoreBusy:
                    if attempt >= 20:
                        raise
            drill.replies[draft_id] = comment_id
    finally:
        await store.close()


def leases_seen(backend: Backend) -> list[tuple[str, str, datetime]]:
    return [
        (str(r[0]), str(r[1]), moment(int(r[2])))
        for r in backend.rows("SELECT name, holder, expires_at FROM leases ORDER BY name")
    ]
