"""One direction of flow: feeds → store → engines → outbox → channels, as asyncio steps."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.delivery import Deliverer, DeliveryCounts
from bot.engagement import Analyst, LocalAnalyst, WorkerAnalyst
from bot.ingest.dropfolder import DropFolder
from bot.ingest.follower import FileFollower
from bot.publisher import Publisher, publish_approved
from bot.smo.engine import EngagementEngine
from bot.store import IngestCounts, Store
from bot.store.drafts import DraftStore
from bot.store.rows import Cursor, EngagementRows

log = logging.getLogger(__name__)

# Batches out with the engine at once: it analyses one while the rows of the other are written.
BATCHES_OUT = 2
# How long engagement waits for an ingest under way to store more comments before looking again.
INGEST_WAIT = 0.05

AdStage = Callable[[datetime], Awaitable[int]]


@dataclass(frozen=True, slots=True)
class Periodic:
    """A stage that runs every `every` seconds (SLA reminders, scheduled summaries)."""

    name: str
    every: float
    run: Callable[[datetime], Awaitable[int]]


@dataclass(slots=True)
class StepResult:
    ingested: IngestCounts = field(default_factory=IngestCounts)
    analysed: int = 0
    drafts_queued: int = 0
    alerts_changed: int = 0
    periodic: int = 0
    delivery: DeliveryCounts = field(default_factory=DeliveryCounts)
    published: int = 0

    @property
    def busy(self) -> bool:
        return bool(
            self.ingested.stored
            or self.ingested.updated
            or self.analysed
            or self.delivery.sent
            or self.published
        )


class Pipeline:
    """Runs each stage in order; every stage reads its work from the store, so a restart
    resumes wherever the last one stopped."""

    def __init__(
        self,
        store: Store,
        followers: Sequence[FileFollower],
        drop_folder: DropFolder | None,
        engagement: EngagementEngine,
        deliverer: Deliverer,
        publisher: Publisher,
        clock: Callable[[], datetime],
        ad_stage: AdStage | None = None,
        periodic: Sequence[Periodic] = (),
        batch_size: int = 500,
        engine_process: bool = True,
    ) -> None:
        self.store = store
        self._followers = list(followers)
        self._drop = drop_folder
        # The engine works in a process of its own unless told otherwise (see WorkerAnalyst).
        self._analyst: Analyst = (
            WorkerAnalyst(engagement.recipe) if engine_process else LocalAnalyst(engagement)
        )
        self._deliverer = deliverer
        self._publisher = publisher
        self._clock = clock
        self._ad_stage = ad_stage
        self._batch = batch_size
        self._ads_due = True
        self._wake = asyncio.Event()
        self._periodic = list(periodic)
        self._next_run: dict[str, float] = {}
        self.last_step_at: float | None = None
        self.observers: list[Callable[[StepResult], None]] = []

    def nudge(self) -> None:
        """Run the next step now (a person just acted; their message should update at once)."""
        self._wake.set()

    async def ingest(self) -> IngestCounts:
        total = IngestCounts()
        for follower in self._followers:
            total.add(await follower.poll())
        if self._drop is not None:
            total.add(await self._drop.poll())
        if total.by_kind.get("ad_metrics") or total.updated:
            self._ads_due = True
        return total

    def start(self) -> None:
        """Have the engine get ready now (in its worker) rather than for the first comment."""
        self._analyst.start()

    async def ready(self) -> None:
        """Return once the engine can analyse: the first comment is not kept waiting for it."""
        await self._analyst.ready()

    async def close(self) -> None:
        """Stop the engine's worker and let go of the feed files; a later step starts afresh."""
        for follower in self._followers:
            follower.close()
        await self._analyst.close()

    async def engage(
        self, ingesting: asyncio.Future[IngestCounts] | None = None
    ) -> tuple[int, int]:
        """Analyse every comment not yet analysed; returns (comments, review requests).

        Batches go to the engine in queue order, ``BATCHES_OUT`` at a time, and come back in
        that order; each is written in one transaction that marks its comments done. While
        ``ingesting`` runs, comments it stores are analysed as they come.
        """
        analysed = queued = 0
        cursor: Cursor | None = None
        out: deque[tuple[asyncio.Task[EngagementRows], int]] = deque()
        try:
            while True:
                if len(out) < BATCHES_OUT:
                    # Seen before reading, so nothing stored by then can be missed.
                    ingested = ingesting is None or ingesting.done()
                    rows = await self.store.drafts.unprocessed_rows(self._batch, cursor)
                    if rows:
                        cursor = DraftStore.cursor(rows[-1])
                        work = self._analyst.analyse(rows, self._clock())
                        out.append((asyncio.ensure_future(work), len(rows)))
                        continue
                    if not out and not ingested:
                        assert ingesting is not None
                        await asyncio.wait({ingesting}, timeout=INGEST_WAIT)
                        continue
                if not out:
                    return analysed, queued
                task, count = out.popleft()
                queued += await self.store.drafts.save_rows(await task)
                analysed += count
        finally:
            for task, _ in out:
                task.cancel()

    async def evaluate_ads(self, force: bool = False) -> int:
        if self._ad_stage is None or not (self._ads_due or force):
            return 0
        self._ads_due = False
        return await self._ad_stage(self._clock())

    async def deliver_pending(self) -> DeliveryCounts:
        return await self._deliverer.deliver()

    async def run_periodic(self, force: bool = False) -> int:
        """Run the periodic stages that are due (all of them when `force`)."""
        clock = asyncio.get_running_loop().time()
        done = 0
        for stage in self._periodic:
            if force or clock >= self._next_run.get(stage.name, 0.0):
                self._next_run[stage.name] = clock + stage.every
                done += await stage.run(self._clock())
        return done

    async def take_in(self) -> tuple[IngestCounts, int, int]:
        """Ingest and engage at once: the engine starts on the first comments stored while the
        rest are still read. Returns what was ingested, analysed and queued for review."""
        ingesting = asyncio.ensure_future(self.ingest())
        try:
            analysed, queued = await self.engage(ingesting)
        finally:
            ingested = await ingesting
        return ingested, analysed, queued

    async def step(self, force_ads: bool = False) -> StepResult:
        result = StepResult()
        result.ingested, result.analysed, result.drafts_queued = await self.take_in()
        result.alerts_changed = await self.evaluate_ads(force_ads)
        result.periodic = await self.run_periodic(force=force_ads)
        result.delivery = await self._deliverer.deliver()
        result.published = await publish_approved(self.store.drafts, self._publisher)
        return result

    async def drain(self) -> StepResult:
        """Step until nothing is left to do (used by `demo` and one-shot runs), then stop the
        engine's worker."""
        try:
            return await self._drain()
        finally:
            await self.close()

    async def _drain(self) -> StepResult:
        total = await self.step(force_ads=True)
        while True:
            more = await self.step()
            total.ingested.add(more.ingested)
            total.analysed += more.analysed
            total.drafts_queued += more.drafts_queued
            total.alerts_changed += more.alerts_changed
            total.delivery.sent += more.delivery.sent
            total.delivery.failed += more.delivery.failed
            total.published += more.published
            if not more.busy:
                total.delivery.deferred = more.delivery.deferred
                return total

    async def run(
        self, stop: asyncio.Event, poll_interval: float, ad_interval: float = 300.0
    ) -> None:
        """Step until `stop` is set; ads are re-evaluated on new rows and every `ad_interval`."""
        loop = asyncio.get_running_loop()
        next_ads = loop.time()
        self.start()
        try:
            while not stop.is_set():
                force = loop.time() >= next_ads
                if force:
                    next_ads = loop.time() + ad_interval
                try:
                    result = await self.step(force_ads=force)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    # One bad step must not stop the bot; the work stays in the store.
                    log.exception("pipeline step failed")
                    result = StepResult()
                self.last_step_at = loop.time()
                for observe in self.observers:
                    observe(result)
                if result.busy:
                    continue
                await self._idle(stop, poll_interval)
        finally:
            await self.close()

    async def _idle(self, stop: asyncio.Event, seconds: float) -> None:
        """Wait for the poll interval, a stop, or a nudge, whichever comes first."""
        waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())]
        try:
            await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
            self._wake.clear()
