"""One direction of flow: feeds → store → engines → outbox → channels, as asyncio steps."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.delivery import Deliverer, DeliveryCounts
from bot.ingest.dropfolder import DropFolder
from bot.ingest.follower import FileFollower
from bot.models import Comment, Engagement
from bot.publisher import Publisher, publish_approved
from bot.store import IngestCounts, Store

log = logging.getLogger(__name__)


class EngagementEngine(Protocol):
    """Pure: comments in, analyses and drafts out."""

    def run(self, comments: Sequence[Comment], now: datetime) -> list[Engagement]: ...


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
    ) -> None:
        self.store = store
        self._followers = list(followers)
        self._drop = drop_folder
        self._engine = engagement
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

    async def engage(self) -> tuple[int, int]:
        """Analyse every comment not yet analysed; returns (comments, review requests)."""
        analysed = queued = 0
        while True:
            comments = await self.store.drafts.unprocessed(self._batch)
            if not comments:
                return analysed, queued
            results = await asyncio.to_thread(self._engine.run, comments, self._clock())
            notices = await self.store.drafts.save_engagement(results)
            analysed += len(comments)
            queued += len(notices)

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

    async def step(self, force_ads: bool = False) -> StepResult:
        result = StepResult()
        result.ingested = await self.ingest()
        result.analysed, result.drafts_queued = await self.engage()
        result.alerts_changed = await self.evaluate_ads(force_ads)
        result.periodic = await self.run_periodic(force=force_ads)
        result.delivery = await self._deliverer.deliver()
        result.published = await publish_approved(self.store.drafts, self._publisher)
        return result

    async def drain(self) -> StepResult:
        """Step until nothing is left to do (used by `demo` and one-shot runs)."""
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
        while not stop.is_set():
            force = loop.time() >= next_ads
            if force:
                next_ads = loop.time() + ad_interval
            try:
                result = await self.step(force_ads=force)
            except asyncio.CancelledError:
                raise
            except Exception:
                # One bad step must not stop the bot; the work stays in the store for the next.
                log.exception("pipeline step failed")
                result = StepResult()
            self.last_step_at = loop.time()
            for observe in self.observers:
                observe(result)
            if result.busy:
                continue
            await self._idle(stop, poll_interval)

    async def _idle(self, stop: asyncio.Event, seconds: float) -> None:
        """Wait for the poll interval, a stop, or a nudge, whichever comes first."""
        waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())]
        try:
            await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
            self._wake.clear()
