"""This worker's identity and the leases it holds, renewed while it lives (docs/workers.md)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import socket
import time
from collections.abc import Callable, Coroutine, Sequence
from datetime import datetime, timedelta
from typing import Any

from prometheus_client import CollectorRegistry, Gauge

from bot.clock import Clock, utcnow
from bot.notices import Notice
from bot.store import (
    Claims,
    CommentRow,
    LeaseDatabase,
    Leases,
    SendStarted,
    Store,
    coordination,
)

__all__ = [
    "DEFAULT_LEASE",
    "DRAFT_BATCH",
    "HEARTBEAT",
    "NOTICE_BATCH",
    "SHARED",
    "Worker",
    "worker_gauges",
    "worker_id",
]

log = logging.getLogger(__name__)

DEFAULT_LEASE = timedelta(seconds=30)
# The most notices claimed at a time by one worker's sender (fewer as timed: bot/batch_size.py).
NOTICE_BATCH = 50
# The most approved drafts claimed at a time by one worker's publisher: each is a call to a
# platform, so a round ends within seconds and the next one takes up what a dead worker left
# (fewer as timed: bot/batch_size.py).
DRAFT_BATCH = 10
# The lease each running worker holds on itself (`worker:<id>`): the workers alive.
HEARTBEAT = "worker:"
# Leases shared out among the workers alive: each takes at most its share (the polled
# comment accounts), so one worker does not poll every account while the others idle.
SHARED = "connectors:"
# Whatever the database answers instead of a lease (busy past its retries, gone, a driver's
# own error): the lease is then treated as not held, and the worker tries again next round;
# the renewal loop must outlive it.
_UNREACHABLE = (Exception,)


def worker_id(configured: str | None = None) -> str:
    """The configured id (SOCIALPULSE_WORKER_ID), else `hostname-pid`: unique per process."""
    return configured or f"{socket.gethostname()}-{os.getpid()}"


class Worker:
    """One socialpulse process among several on one database.

    A lease (`holds`) gives this worker a named piece of work alone: following a feed, a
    scheduled stage. It is renewed every third of `lease` (by `run`, or by `holds` itself
    when asked again), so a worker that dies loses it at most `lease` later. Claims on
    queued items (comments, notices, approved drafts) last as long and are extended with
    the leases. Times come from `clock`, the wall clock: leases measure processes alive.
    """

    def __init__(
        self,
        store: Store,
        id_: str | None = None,
        lease: timedelta = DEFAULT_LEASE,
        clock: Clock = utcnow,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.id = worker_id(id_)
        self.lease = lease
        # On the store's connection until `_coordinate` opens one of their own.
        self.claims = Claims.of(store)
        self._leases = Leases.of(store)
        self._store = store
        self._own: LeaseDatabase | None = None
        self._opening = asyncio.Lock()
        # Called when a lease was just taken or claims lapsed: the work starts now, not at
        # the next poll (the pipeline's nudge).
        self.wake: Callable[[], None] = lambda: None
        # Set (and replaced) each time a lease is taken: `while_holding` waits on it.
        self._taken = asyncio.Event()
        self._clock = clock
        self._monotonic = monotonic
        # Name → when (monotonic) the lease was last taken or renewed.
        self._held: dict[str, float] = {}
        # Name → which taking of it this holding is (numbered as they come): a lease lost
        # and taken again, as from a dead worker, is held under a new number.
        self._tenure: dict[str, int] = {}
        self._takings = 0
        # Every lease this worker has asked for: the renewal takes one as soon as it is free,
        # so a dead holder's work moves on within a lease, whatever this worker is doing.
        self._wanted: set[str] = set()
        # Queue (comments, notifications, drafts) → when (monotonic) this worker's claims on
        # it were taken, or last extended while surely still its own.
        self._claimed_at: dict[str, float] = {}
        # Queue → when (monotonic) this worker's current round on it claimed its items, and
        # when the watch last found claims on it lapsed (another worker's, dead or stalled):
        # `round_over` ends a round for the second after the first.
        self._round_began: dict[str, float] = {}
        self._lapsed_seen: dict[str, float] = {}
        # The receivers this worker's sender has paused (a channel down): their notices are
        # left to the other workers, not claimed ahead of the other receivers'.
        self.paused_receivers: Callable[[], Sequence[str]] = lambda: ()
        # The routes (`brand:platform`) this worker's publisher holds back after failures:
        # their drafts are not taken here, so their lapsed claims do not end its rounds.
        self.held_routes: Callable[[], Sequence[str]] = lambda: ()
        # Of the notices this worker claimed last, those that may have gone out unrecorded
        # (another worker's claim on them lapsed unsent, or a send begun on them is not
        # recorded): that one may be stalled or have died sending one, so it is waited for,
        # and a channel that can look, looks first. Read again from the database at each
        # claim (Claims.notices), never carried from one batch to the next: a worker started
        # again, or one that claims a notice another let go, knows it all the same, and the
        # set holds no more than a batch.
        self.taken_over: set[int] = set()
        # Notices an earlier run under this id left claimed (`forget_earlier_claims`), until
        # this worker claims them: it may have sent one in its last moment.
        self._forgotten: set[int] = set()
        self.reachable: bool | None = None
        self.lost: int = 0
        # How many workers are alive, this one included (their heartbeat leases), as last
        # read: the share of the SHARED leases this worker takes.
        self.live = 1
        self._live_read = False

    @property
    def _renew_every(self) -> float:
        return self.lease.total_seconds() / 3

    @property
    def _watch_every(self) -> float:
        # Between renewals, how often to look for leases and claims lapsed: a dead holder's
        # work moves on a tenth of a lease after its lease ends, whatever this worker does.
        return self.lease.total_seconds() / 10

    async def _coordinate(self) -> None:
        """Open the connection the leases and claims use from here on (once, by `run`: a
        worker that is only asked now and then, as in a one-off command, stays on the
        store's connection)."""
        if self._own is not None:
            return
        async with self._opening:
            if self._own is not None:
                return
            own = await coordination(self._store)
            if own is None:
                return
            self._own = own
            self.claims = Claims(own)
            self._leases = Leases(own)

    def held(self) -> list[str]:
        return sorted(self._held)

    def tenure(self, name: str) -> int | None:
        """Which taking of lease `name` this worker holds it under (None: not held). It
        changes when the lease was lost and taken again, as when it is taken over from a
        dead worker: work scheduled under it is then due at once, not at this worker's
        next round (the one that held it may have died in the middle of it)."""
        return self._tenure.get(name) if name in self._held else None

    def report(self) -> dict[str, Any]:
        """What /healthz shows of this worker."""
        database = {None: "unknown", True: "reachable", False: "unreachable"}[self.reachable]
        return {"id": self.id, "leases": self.held(), "database": database}

    def now(self) -> datetime:
        """Now on this worker's clock, the one its leases and claims are measured by."""
        return self._clock()

    def until(self) -> datetime:
        """When a claim taken now expires."""
        return self._clock() + self.lease

    async def release_notices(self, ids: Sequence[int]) -> None:
        """Let go of the notices `ids` this worker claimed but does not send now."""
        await self.claims.release_notices(self.id, ids)

    async def holds(self, name: str) -> bool:
        """True when this worker holds lease `name` (taken now if free or expired). A shared
        lease (SHARED) is taken only within this worker's share, and one held beyond it is
        answered False, to be let go (`let_go`) once the work under it stopped."""
        self._wanted.add(name)
        if name.startswith(SHARED) and not self._live_read:
            with contextlib.suppress(*_UNREACHABLE):
                await self._count_live()
        taken = self._held.get(name)
        if taken is not None and name in self._beyond_share():
            return False
        if taken is not None and self._monotonic() - taken < self._renew_every:
            return True
        return name in await self._acquire([name])

    def share(self) -> int:
        """How many of the shared leases this worker takes: its even part of those wanted
        (every worker wants them all), by the workers alive."""
        wanted = sum(1 for name in self._wanted if name.startswith(SHARED))
        return math.ceil(wanted / max(self.live, 1))

    def _beyond_share(self) -> list[str]:
        """The shared leases held beyond this worker's share (more workers came alive)."""
        held = sorted(name for name in self._held if name.startswith(SHARED))
        return held[self.share() :]

    def _within_share(self, names: Sequence[str]) -> list[str]:
        """Of `names`, those this worker may take or renew: all held ones and those not
        shared, and the shared ones not held only as far as its share has room."""
        room = self.share() - sum(1 for name in self._held if name.startswith(SHARED))
        kept: list[str] = []
        for name in names:
            if name.startswith(SHARED) and name not in self._held:
                if room <= 0:
                    continue
                room -= 1
            kept.append(name)
        return kept

    async def let_go(self, name: str) -> None:
        """Give up lease `name` now (a shared one beyond this worker's share, its work
        stopped): another worker takes it at its next watch."""
        if self._held.pop(name, None) is None:
            return
        try:
            await self._leases.release(name, self.id, self._clock())
        except _UNREACHABLE as exc:
            self._unreachable(exc)  # it lapses at its expiry instead
            return
        log.info("lease let go name=%s worker=%s share=%d", name, self.id, self.share())

    async def _count_live(self) -> None:
        """Read how many workers are alive (their heartbeats; this one always counts)."""
        alive = await self._leases.holders(HEARTBEAT, self._clock())
        self.live = len(alive | {self.id})
        self._live_read = True

    async def _acquire(self, names: list[str]) -> set[str]:
        names = self._within_share(names)
        if not names:
            return set()
        started = self._monotonic()
        try:
            got = await self._leases.acquire_many(names, self.id, self._clock(), self.lease)
        except _UNREACHABLE as exc:
            self._unreachable(exc)
            got = set()
        else:
            self.reachable = True
        taken = False
        for name in names:
            if name in got:
                # Held, but last taken or renewed a lease ago or more (this worker stalled):
                # it may have lapsed and been held by another meanwhile, which may have died
                # in the middle of its work.
                lapsed = started - self._held.get(name, started) >= self.lease.total_seconds()
                if name not in self._held or lapsed:
                    log.info("lease taken name=%s worker=%s", name, self.id)
                    taken = True
                    self._takings += 1
                    self._tenure[name] = self._takings
                self._held[name] = started
            elif name in self._held:
                del self._held[name]
                self.lost += 1
                log.warning("lease lost name=%s worker=%s", name, self.id)
        if taken:
            self._taken.set()
            self._taken = asyncio.Event()
            self.wake()
        return got

    def _unreachable(self, exc: BaseException) -> None:
        if self.reachable is not False:
            log.warning("database unreachable worker=%s error=%s", self.id, exc)
        self.reachable = False

    def claims_fresh(self, queue: str | None = None) -> bool:
        """Whether the claims on `queue` (every queue when None) taken or extended last are
        surely still this worker's: past that, another worker may have taken the items
        over, so none is started."""
        times = self._claimed_at.values() if queue is None else [self._claimed_at.get(queue)]
        # Renewed every third of a lease: past half of one, a renewal failed or this process
        # stalled; the other half is the margin for a send started now to be recorded.
        limit = self.lease.total_seconds() / 2
        return all(at is None or self._monotonic() - at < limit for at in times)

    def round_over(self, queue: str) -> bool:
        """Whether the round of work on `queue` under way (its items claimed by the last
        claim) should end after the item in hand, its other claims kept for the next round:
        the watch has found claims on `queue` lapsed since it began (another worker died or
        stalled). The next round, started at once, claims those first, so they wait for one
        item of this worker's, not for its whole round. (A round is not cut for time alone:
        each cut costs a claim, a write every worker waits for on SQLite, and on a starved
        machine every round would be cut after one item.)"""
        began = self._round_began.get(queue)
        return began is not None and self._lapsed_seen.get(queue, -math.inf) > began

    async def claim_comments(self, limit: int) -> list[CommentRow]:
        started = self._monotonic()
        rows = await self.claims.comments(self.id, limit, self._clock(), self.until())
        self._claimed_at["comments"] = started
        return rows

    async def release_comments(self) -> None:
        await self.claims.release_comments(self.id)

    async def claim_notices(self, limit: int) -> list[Notice]:
        started = self._monotonic()
        # Small batches: what a dead worker claimed is taken over at the next one.
        limit = min(limit, NOTICE_BATCH)
        taken_over: set[int] = set()
        notices = await self.claims.notices(
            self.id,
            limit,
            self._clock(),
            self.until(),
            skip=self.paused_receivers(),
            taken_over=taken_over,
        )
        claimed = {n.id for n in notices if n.id is not None}
        self.taken_over = taken_over | (self._forgotten & claimed)
        self._forgotten -= claimed
        self._claimed_at["notifications"] = self._round_began["notifications"] = started
        return notices

    async def claim_drafts(self, ids: list[int]) -> list[int]:
        started = self._monotonic()
        got = await self.claims.drafts(self.id, ids, self._clock(), self.until())
        self._claimed_at["drafts"] = self._round_began["drafts"] = started
        return got

    async def hold_notice(self, notice_id: int, sending: bool = False) -> datetime | None:
        """When this worker's claim on notice `notice_id` now ends, extended by a lease, or
        None when it no longer holds it (another worker took the notice over, or the claim
        lapsed: one may be taking it now): asked right before the send, so a worker that
        stalled past its claim does not send a notice another took over, and a send started
        has a whole lease to be made (the sender checks `time_left` again as the send starts).
        `sending` records the send as begun by this worker in the same write (a None answer
        may leave that record: the sender takes it back with `unstart`)."""
        now = self._clock()
        until = now + self.lease
        began = now if sending else None
        if await self.claims.hold_notice(self.id, notice_id, now, until, began) and self.time_left(
            until
        ):
            return until
        return None

    async def unstart(self, ids: Sequence[int]) -> None:
        """Take back the record of sends begun on the notices `ids`: not made after all."""
        await self.claims.unstart(self.id, ids)

    async def may_send_again(
        self, notice_id: int, looks_back: bool, abandoned_after: timedelta
    ) -> bool:
        """Whether this worker may send the notice `notice_id` it took over. Not while a send
        another worker began on it may yet be recorded by that worker: while its heartbeat
        lease is held it is alive (stalled past its claim, not dead), and `mark_sent` records
        its send even after the claim was lost. Once the heartbeat has lapsed, a channel that
        can look (`looks_back`) is looked in first; on one that cannot, the notice is sent
        again only after a further lease with neither heartbeat nor record (a stall that
        outlasted the heartbeat too ends within it, or the worker is dead); a heartbeat let go
        at a clean stop counts from the stop.

        A send begun `abandoned_after` ago or longer and still unrecorded is not waited for,
        even while its worker lives: that worker has lost track of it (a record the database
        refused for good, a bug), and the notice would wait as long as it runs.

        A send this worker began itself is not waited for: its call ended unanswered (a
        timeout, the call limit) and nothing more comes of it. Where the channel cannot look,
        the notice is sent again at once, and may show twice (at least once)."""
        started = await self.claims.send_started(notice_id, HEARTBEAT)
        if started is None:
            return True
        free = started.by == self.id or self._starter_gone(
            notice_id, started, looks_back, abandoned_after
        )
        if free and not looks_back:
            log.warning(
                "notice send begun and not recorded; sent again, it may show twice (the"
                " channel cannot look) id=%d started_by=%s",
                notice_id,
                started.by,
            )
        return free

    def _starter_gone(
        self, notice_id: int, started: SendStarted, looks_back: bool, abandoned_after: timedelta
    ) -> bool:
        """Whether the worker that began the send `started` (not this one) will not record it."""
        now = self._clock()
        alive = started.heartbeat_until is not None and started.heartbeat_until >= now
        if now - started.at >= abandoned_after:
            if alive:
                log.warning(
                    "notice send begun by a live worker and not recorded for %.0fs: taken as"
                    " abandoned id=%d started_by=%s",
                    (now - started.at).total_seconds(),
                    notice_id,
                    started.by,
                )
            return True
        if alive:
            return False
        if looks_back:
            return True
        gone = max(started.at, started.heartbeat_until or started.at)
        return now - gone >= self.lease

    def time_left(self, until: datetime) -> bool:
        """Whether a claim just extended to `until` still has over half a lease to run: the
        expiry is reckoned before the transaction, and one that waited long (behind another
        worker's, or in a stalled process) may have set it to a moment already near or past,
        when another worker may take the item."""
        return until - self._clock() > self.lease / 2

    async def renew(self) -> None:
        """Renew every lease held, take those wanted that are free, and extend the claims
        on work not yet done."""
        if self._wanted:
            with contextlib.suppress(*_UNREACHABLE):
                await self._count_live()
            await self._acquire(sorted(self._wanted))
        started = self._monotonic()
        try:
            await self.claims.extend(self.id, self.until())
        except _UNREACHABLE as exc:
            self._unreachable(exc)
            return
        self.reachable = True
        self._extended(started)

    def _extended(self, started: float) -> None:
        """After an extension begun at `started`: a queue's claims are this worker's until
        a lease past it only if the extension ran before they could lapse. Past that,
        another worker may have taken some over and the extension kept only the others:
        that batch stays stale (its sender stops), and the next claim starts afresh."""
        ended = self._monotonic()
        for queue, at in self._claimed_at.items():
            if ended - at < self.lease.total_seconds():
                self._claimed_at[queue] = started

    async def watch(self) -> None:
        """Take each wanted lease nobody holds any more, and wake the work when claims on
        open items have lapsed (another worker died or stalled with them): reads, but for
        the leases taken."""
        try:
            now = self._clock()
            free = await self._leases.free(sorted(self._wanted - set(self._held)), now)
            if any(name.startswith(SHARED) for name in free):
                await self._count_live()  # a worker may have died: its share is free
            lapsed = await self.claims.lapsed(now, self.paused_receivers(), self.held_routes())
        except _UNREACHABLE as exc:
            self._unreachable(exc)
            return
        if free:
            await self._acquire(free)  # wakes the work when it takes one
        if lapsed:
            seen = self._monotonic()
            for queue in lapsed:
                self._lapsed_seen[queue] = seen
            self.wake()

    async def run(self) -> None:
        """Renew every third of the lease, and watch for work another worker left every
        tenth of it, until cancelled. A stop does not end it: the worker still sends what it
        claimed while it drains, so its owner cancels this and calls `close()` only once
        that work is done (else another worker could take the same notices or replies while
        this one is still sending them)."""
        renew_at = self._monotonic()
        # This worker's heartbeat: the others count it among the workers alive.
        self._wanted.add(HEARTBEAT + self.id)
        while True:
            if self._own is None:
                try:
                    await self._coordinate()
                except _UNREACHABLE as exc:
                    self._unreachable(exc)
            if self._monotonic() >= renew_at:
                renew_at = self._monotonic() + self._renew_every
                await self.renew()
            else:
                await self.watch()
            wait = min(self._watch_every, renew_at - self._monotonic())
            await asyncio.sleep(max(wait, 0.0))

    async def forget_earlier_claims(self) -> None:
        """At start, let go of claims an earlier run under this id left behind (a crash,
        then a restart with the same id before they expired): nothing in this process is
        working on them, and renewing them would keep them from every worker for good.

        The notices among them are this worker's as a survivor's: the earlier run may have
        sent one just before it died, so a channel that can look, looks before sending
        (`taken_over`), here or on whichever worker takes them."""
        try:
            self._forgotten.update(await self.claims.forget(self.id))
        except _UNREACHABLE as exc:
            self._unreachable(exc)

    async def close(self) -> None:
        """Let go of the leases and claims (a clean stop): the next worker needs not wait."""
        held, self._held = self._held, {}
        self._wanted.clear()
        try:
            await self._leases.release_all(self.id, self._clock())
            await self.claims.release(self.id)
        except _UNREACHABLE as exc:
            log.warning("leases not released worker=%s error=%s held=%s", self.id, exc, held)
        own, self._own = self._own, None
        self.claims, self._leases = Claims.of(self._store), Leases.of(self._store)
        if own is not None:
            with contextlib.suppress(*_UNREACHABLE):
                await own.close()

    async def while_holding(
        self,
        name: str,
        work: Callable[[asyncio.Event], Coroutine[Any, Any, None]],
        stop: asyncio.Event,
    ) -> None:
        """Run `work` only while holding `name`: wait for the lease, run until `stop` or the
        lease is lost, then wait for it again (a connector loop that one worker runs)."""
        while not stop.is_set():
            taken = self._taken
            if not await self.holds(name):
                # Until the watch takes a lease (maybe this one), or the next renewal.
                await _first(stop, taken, self._renew_every)
                continue
            lost = asyncio.Event()
            task = asyncio.create_task(work(lost), name=f"socialpulse-{name}")
            try:
                while not task.done() and not stop.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(asyncio.shield(task), self._renew_every)
                    if not task.done() and not await self.holds(name):
                        break
            finally:
                lost.set()
                with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                    await asyncio.wait_for(task, self._renew_every)
            if task.done() and name in self._beyond_share():
                # Beyond this worker's share now that more workers are alive: its work
                # stopped, so another may take it over from the stored cursors.
                await self.let_go(name)
            failed = task.exception() if task.done() and not task.cancelled() else None
            if failed is not None:
                raise failed


async def _first(a: asyncio.Event, b: asyncio.Event, timeout: float) -> None:
    waiters = [asyncio.ensure_future(a.wait()), asyncio.ensure_future(b.wait())]
    try:
        await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


def worker_gauges(registry: CollectorRegistry, worker: Worker) -> Callable[[], None]:
    """Series of this worker on /metrics (its id, leases held, the database reachable);
    returns what refreshes them at scrape time."""
    leases = Gauge(
        "socialpulse_worker_lease",
        "Leases this worker holds (1 each), by worker id and lease name",
        ["worker", "lease"],
        registry=registry,
    )
    up = Gauge(
        "socialpulse_worker_database_up",
        "Whether this worker reached the database on its last lease renewal (1) or not (0)",
        ["worker"],
        registry=registry,
    )

    def refresh() -> None:
        leases.clear()
        for name in worker.held():
            leases.labels(worker=worker.id, lease=name).set(1)
        up.labels(worker=worker.id).set(1 if worker.reachable is not False else 0)

    return refresh
