"""One direction of flow: feeds → store → engines → outbox → channels, as asyncio steps."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

from bot.backoff import Backoff
from bot.batch_size import BatchSize
from bot.delivery import Deliverer, DeliveryCounts
from bot.engine_runner import Analyst, LocalAnalyst, WorkerAnalyst
from bot.feed_names import FeedNames
from bot.health_state import HealthState
from bot.ingest.dropfolder import DropFolder
from bot.ingest.follower import FileFollower
from bot.publisher import Publisher, publish_approved
from bot.review_message import review_payload
from bot.smo.engine import EngagementEngine
from bot.smo.llm.drafter import LlmDrafter
from bot.store import EngagementRows, IngestCounts, Store, draft_row
from bot.summary.schedule import ad_hour
from bot.workers import Worker

__all__ = [
    "BATCHES_OUT",
    "INGEST_WAIT",
    "AdStage",
    "Periodic",
    "Pipeline",
    "StepResult",
    "T",
]

log = logging.getLogger(__name__)

T = TypeVar("T")

# Batches out with the engine at once: it analyses one while the rows of the other are written.
BATCHES_OUT = 2
# How long engagement waits for an ingest under way to store more comments before looking again.
INGEST_WAIT = 0.05
# A step claims comments for at most this share of a lease, then ends once its batches out are
# written: under a backlog the stages after it (the ads, the schedules such as a stand-up) and
# the next read of the feeds still come round that often, so a schedule a dead worker held is
# run by a survivor soon after its lease lapses, not once the whole backlog is analysed.
STEP_SHARE = 0.5

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
    # A feed's read ended at the step's share of a lease with more to read: the next step
    # reads on at once, whatever this one stored (a backlog of duplicates stores nothing).
    read_on: bool = False

    @property
    def busy(self) -> bool:
        return bool(
            self.ingested.stored
            or self.ingested.updated
            or self.analysed
            or self.delivery.sent
            or self.published
            or self.read_on
        )


class _Pace:
    """Times the engine on each batch sent to it (they queue there, one at a time): from when
    it could start on the batch (sent, or the one before done) to when it was done. The first
    batch is not timed: it waits for the engine to be built."""

    def __init__(self, size: BatchSize) -> None:
        self._size = size
        self._free_at = 0.0
        self._first = True

    def sent(self, work: asyncio.Future[EngagementRows], count: int) -> None:
        loop = asyncio.get_running_loop()
        at = loop.time()

        def done(task: asyncio.Future[EngagementRows]) -> None:
            ended = loop.time()
            if not task.cancelled() and task.exception() is None and not self._first:
                self._size.timed(count, ended - max(at, self._free_at))
            self._first = False
            self._free_at = ended

        work.add_done_callback(done)


class Pipeline:
    """Runs each stage in order; every stage reads its work from the store, so a restart
    resumes wherever the last one stopped.

    `run` (the bot) sends notices beside the steps, so review requests go out as each batch
    is written rather than after a whole backlog; a stage that fails is logged, reported to
    `health` and tried again after a back-off while the others go on. `step` and `drain`
    (the demo, one-shot runs) do everything in order and let a failure through.
    """

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
        health: HealthState | None = None,
        feed_names: FeedNames | None = None,
        redrafter: LlmDrafter | None = None,
        worker: Worker | None = None,
    ) -> None:
        self.store = store
        # Leases and claims: what this process does alone among the workers on the database.
        self.worker = worker or Worker(store)
        # A lease just taken or claims left by a dead worker: step now, not at the next poll.
        self.worker.wake = self.nudge
        # Rewrites the engine's reply drafts with a language model, when one is configured.
        self.redrafter = redrafter
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
        # Up to `batch_size` comments a batch, fewer when the engine's pace would make a batch
        # outlast a fifth of a lease (a dead worker's comments wait for a batch slot to free).
        # Small until timed: the first batches wait for the engine to be built, and two whole
        # batches claimed by a worker that dies starting would wait for the survivors' rounds.
        self._batch = BatchSize(batch_size, self.worker.lease, start_small=True)
        self._pace = _Pace(self._batch)
        # A one-shot replay (`drain`): feeds read whole, then full batches, whatever the pace.
        self._replay = False
        self._ads_due = True
        self._ads_hour: datetime | None = None
        # When a step's read of the feeds ends, on the worker's clock (None: a read to the
        # end, as a one-shot ingest does): a long feed is read on over the next steps.
        self._read_until: datetime | None = None
        # Whether a read of the step under way ended there with more to read.
        self._read_cut = False
        # The stored ad rows as of the last evaluation here: rows another worker stores move
        # it, so the holder of the ads schedule judges them at its next step too.
        self._ads_mark: tuple[int, int] | None = None
        # The holding of the ads schedule's lease the ads were last judged under.
        self._ads_under: int | None = None
        self._wake = asyncio.Event()
        self._queued = asyncio.Event()
        # Set by a nudge (a decision, a lease taken, claims left by a dead worker): the
        # publisher looks for approved drafts now, not at the next poll.
        self._approved = asyncio.Event()
        self._periodic = list(periodic)
        self._next_run: dict[str, float] = {}
        # The holding of each schedule's lease its stage last ran under (Worker.tenure).
        self._ran_under: dict[str, int | None] = {}
        self.health = health or HealthState()
        self._names = feed_names
        self._backoff = Backoff(log)
        # Set by `run`: failures are contained per stage instead of raised.
        self._guarded = False
        self._stop: asyncio.Event | None = None
        self.observers: list[Callable[[StepResult], None]] = []

    @property
    def stopping(self) -> bool:
        """A stop was asked for: no new batch, feed chunk or stage is started."""
        return self._stop is not None and self._stop.is_set()

    def nudge(self) -> None:
        """Run the next step now (a person just acted; their message should update at once)."""
        self._wake.set()
        self._queued.set()
        self._approved.set()

    # --- ingest ----------------------------------------------------------------------------

    def _feed_name(self, source: str) -> str:
        name = self._names.of(source) if self._names is not None else None
        return name or source

    def _drop_name(self, drop: DropFolder) -> str:
        name = self._names.drop_folder if self._names is not None else None
        return name or str(drop.folder)

    def _chunk_stored(self) -> bool:
        """Between two stored chunks of a feed: progress for liveness; True ends the read (a
        stop, or the step's share of a lease spent: the checkpoint says where to go on)."""
        self.health.beat()
        late = self._read_until is not None and self.worker.now() >= self._read_until
        # Asked only while the feed has more: a read ended for time is cut short.
        self._read_cut = self._read_cut or late
        return self.stopping or late

    async def ingest(self) -> IngestCounts:
        total = IngestCounts()
        for follower in self._followers:
            if self.stopping:
                break
            # Named as configured (the same on every worker, whatever its folders).
            name = self._feed_name(follower.source)
            if not await self.worker.holds(f"feed:{name}"):
                follower.close()  # another worker follows it; the checkpoint says where
                continue
            total.add(await self._read(name, partial(follower.poll, self._chunk_stored)))
        drop = self._drop
        if drop is not None and not self.stopping:
            name = self._drop_name(drop)
            if await self.worker.holds(f"feed:{name}"):
                total.add(await self._read(name, drop.poll))
        if total.by_kind.get("ad_metrics") or total.updated:
            self._ads_due = True
        return total

    async def _read(self, name: str, poll: Callable[[], Awaitable[IngestCounts]]) -> IngestCounts:
        """One feed's poll; a feed that cannot be read does not stop the others."""
        key = f"feed {name}"
        if not self._backoff.due(key):
            return IngestCounts()
        try:
            counts = await poll()
        except Exception as exc:
            self.health.feed_failed(name, exc)
            if not self._guarded:
                raise
            self._backoff.failed(key, exc)
            return IngestCounts()
        self._backoff.succeeded(key)
        lines = counts.stored + counts.updated + counts.duplicate + counts.quarantined
        self.health.feed_read(name, got_data=lines > 0)
        return counts

    # --- engagement ------------------------------------------------------------------------

    def start(self) -> None:
        """Have the engine get ready now (in its worker) rather than for the first comment."""
        self._analyst.start()

    async def ready(self) -> None:
        """Return once the engine can analyse: the first comment is not kept waiting for it."""
        await self._analyst.ready()

    async def close(self, let_go: bool = True) -> None:
        """Stop the engine's worker and let go of the feed files; a later step starts afresh.
        `let_go`: the worker's leases and claims too (else its owner does, once the other
        work under them, the pollers, has stopped)."""
        for follower in self._followers:
            follower.close()
        await self._analyst.close()
        if self.redrafter is not None:
            await self.redrafter.close()
        if let_go:
            await self.worker.close()

    async def engage(
        self,
        ingesting: asyncio.Future[IngestCounts] | None = None,
        claiming_for: timedelta | None = None,
    ) -> tuple[int, int]:
        """Analyse every comment not yet analysed, or those claimed within `claiming_for`
        (the rest are left to the next call); returns (comments, review requests).

        Batches go to the engine in queue order, ``BATCHES_OUT`` at a time, and come back in
        that order; each is written in one transaction that marks its comments done. While
        ``ingesting`` runs, comments it stores are analysed as they come. Once a stop is asked
        for no batch is sent or written: what was out is analysed again after the restart.
        """
        analysed = queued = 0
        out: deque[tuple[asyncio.Task[EngagementRows], int]] = deque()
        claim_until = None if claiming_for is None else self.worker.now() + claiming_for
        try:
            while not self.stopping:
                # Seen before reading, so nothing stored by then can be missed.
                ingested = ingesting is None or ingesting.done()
                # While the feeds are still read, their comments are analysed as they come.
                claiming = not ingested or claim_until is None or self.worker.now() < claim_until
                if len(out) < BATCHES_OUT and claiming:
                    # Claimed: no other worker analyses these; the batches out are ours.
                    rows = await self.worker.claim_comments(self._batch.next())
                    if rows:
                        work = asyncio.ensure_future(self._analyst.analyse(rows, self._clock()))
                        self._pace.sent(work, len(rows))
                        out.append((work, len(rows)))
                        continue
                    if not out and not ingested:
                        assert ingesting is not None
                        await asyncio.wait({ingesting}, timeout=INGEST_WAIT)
                        continue
                if not out:
                    break
                task, count = out.popleft()
                done = await task
                if self.stopping:
                    break
                if not await self._redraft(done):
                    break
                review = await self.store.drafts.save_rows(done)
                queued += review
                analysed += count
                self.health.beat()
                if review:
                    # The sender takes these now, while the rest of the backlog is analysed.
                    self._queued.set()
            return analysed, queued
        finally:
            for task, _ in out:
                task.cancel()
            # What was claimed and not written (a stop, a failure) is free for any worker;
            # if the database refuses, the claims lapse by themselves.
            try:
                await asyncio.shield(self.worker.release_comments())
            except Exception as exc:
                log.warning("comment claims kept until they expire error=%s", exc)

    async def _redraft(self, rows: EngagementRows) -> bool:
        """The language model's drafts in place of the template ones it may rewrite; False
        when a stop came first (the batch is then not written, and analysed after a restart)."""
        if self.redrafter is None or not rows.briefs:
            return True
        briefs = [brief for _, brief in rows.briefs]
        work = asyncio.ensure_future(self.redrafter.redraft_all(briefs))
        if self._stop is not None:
            # A slow endpoint must not hold the shutdown: the stop wins over the answers.
            stopped = asyncio.ensure_future(self._stop.wait())
            await asyncio.wait({work, stopped}, return_when=asyncio.FIRST_COMPLETED)
            stopped.cancel()
            if not work.done():
                work.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await work
                return False
        drafts = await work
        for (index, brief), draft in zip(rows.briefs, drafts, strict=True):
            receiver = rows.drafts[index][6]
            rows.drafts[index] = draft_row(
                brief.comment, brief.analysis, draft, receiver, review_payload
            )
        return True

    async def take_in(self) -> tuple[IngestCounts, int, int]:
        """Ingest and engage at once: the engine starts on the first comments stored while the
        rest are still read; the feeds are read, and batches claimed, for `STEP_SHARE` of a
        lease at most. Returns what was ingested, analysed and queued for review."""
        if self._replay:
            # A one-shot replay (`drain`): the feeds are read to the end before a comment is
            # claimed, so the batches hold the same comments however loaded the machine is.
            # What the engine reads across comments (the same text from several authors, the
            # turn a reply answers) then does not hang on when each one was stored.
            ingested = await self.ingest()
            analysed, queued = await self._stage("engage", self.engage, (0, 0))
            return ingested, analysed, queued
        share = self.worker.lease * STEP_SHARE
        # The read of the feeds ends within the step's share too: while it lasts comments are
        # claimed whatever the time, and a long feed (a burst, a backlog) kept the step going.
        self._read_until = self.worker.now() + share
        self._read_cut = False
        ingesting = asyncio.ensure_future(self.ingest())
        analysed = queued = 0
        engage = partial(self.engage, ingesting, share)
        try:
            analysed, queued = await self._stage("engage", engage, (0, 0))
        finally:
            try:
                ingested = await ingesting
            finally:
                self._read_until = None
        return ingested, analysed, queued

    # --- the other stages ------------------------------------------------------------------

    async def evaluate_ads(self, force: bool = False) -> int:
        """Judge the ads when new rows came in, and once in every UTC hour regardless."""
        now = self._clock()
        new_hour = ad_hour(now) != self._ads_hour
        if self._ad_stage is None:
            return 0
        # Taken over from another worker (which may have died judging them): judged now.
        # A lease lost to another worker has no tenure here: no takeover, and no write each step.
        tenure = self.worker.tenure("schedule:ads")
        taken_over = tenure is not None and tenure != self._ads_under
        if not (self._ads_due or force or new_hour or taken_over or await self._ads_written()):
            return 0
        if not await self.worker.holds("schedule:ads"):
            return 0  # another worker judges the ads
        self._ads_under = self.worker.tenure("schedule:ads")
        # Read before judging: rows stored meanwhile are judged at the next step.
        mark = await self.store.feeds.ad_mark()
        self._ads_due, self._ads_hour = False, ad_hour(now)
        moved = await self._ad_stage(now)
        self._ads_mark = mark
        return moved

    async def _ads_written(self) -> bool:
        """Whether ad rows were stored or restated since the last evaluation here (by another
        worker: this one's own ingest says so itself); asked of the holder of the schedule."""
        if self._ads_mark is None or self.worker.tenure("schedule:ads") is None:
            return False  # lost or never held: the watch takes it back when it lapses
        if not await self.worker.holds("schedule:ads"):
            return False
        return await self.store.feeds.ad_mark() != self._ads_mark

    async def run_periodic(self, force: bool = False) -> int:
        """Run the periodic stages that are due (all of them when `force`)."""
        clock = asyncio.get_running_loop().time()
        done = 0
        for stage in self._periodic:
            lease = f"schedule:{stage.name}"
            # A schedule taken over (from a dead worker, or again after this one lost it) is
            # run at the next step: its holder may have died in the middle of a stand-up, and
            # this worker's own next run may be a whole period away.
            tenure = self.worker.tenure(lease)
            taken_over = tenure is not None and tenure != self._ran_under.get(stage.name)
            if force or taken_over or clock >= self._next_run.get(stage.name, 0.0):
                if not await self.worker.holds(lease):
                    continue  # another worker runs this schedule
                self._ran_under[stage.name] = self.worker.tenure(lease)
                self._next_run[stage.name] = clock + stage.every
                done += await stage.run(self._clock())
        return done

    async def _stage(
        self,
        name: str,
        run: Callable[[], Awaitable[T]],
        idle: T,
        while_stopping: bool = False,
    ) -> T:
        """Run one stage unless stopping or backing off after failures; report how it went."""
        key = f"stage {name}"
        if (self.stopping and not while_stopping) or not self._backoff.due(key):
            return idle
        try:
            result = await run()
        except Exception as exc:
            self.health.stage_failed(name, exc)
            if not self._guarded:
                raise
            self._backoff.failed(key, exc)
            return idle
        self._backoff.succeeded(key)
        self.health.stage_ok(name)
        self.health.beat()
        return result

    async def step(
        self, force_ads: bool = False, deliver: bool = True, publish: bool = True
    ) -> StepResult:
        result = StepResult()
        result.ingested, result.analysed, result.drafts_queued = await self.take_in()
        result.read_on = self._read_cut
        result.alerts_changed = await self._stage("ads", partial(self.evaluate_ads, force_ads), 0)
        result.periodic = await self._stage("periodic", partial(self.run_periodic, force_ads), 0)
        if deliver:
            result.delivery = await self._stage(
                "deliver", self._deliverer.deliver, DeliveryCounts()
            )
        if publish:
            result.published = await self._publish_round()
        if result.alerts_changed or result.periodic or result.published:
            self._queued.set()
        return result

    async def drain(self) -> StepResult:
        """Step until nothing is left to do (used by `demo` and one-shot runs), then stop the
        engine's worker."""
        try:
            return await self._drain()
        finally:
            await self.close()

    async def _drain(self) -> StepResult:
        # Every batch full, not sized by the engine's pace on this machine (see `take_in`).
        self._replay = True
        self._batch = BatchSize(self._batch.most, self.worker.lease, least=self._batch.most)
        self._pace = _Pace(self._batch)
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

    # --- the running bot -------------------------------------------------------------------

    async def run(
        self,
        stop: asyncio.Event,
        poll_interval: float,
        ad_interval: float = 300.0,
        drain_seconds: float | None = None,
        let_go: bool = True,
    ) -> None:
        """Step until `stop` is set, sending notices and publishing approved drafts beside the
        steps; ads are re-evaluated on new rows and every `ad_interval`.

        Once `stop` is set no new work is taken (the batch or feed chunk under way ends the
        step); queued notices are then sent for at most `drain_seconds`, and the rest stays
        queued for the next start. `let_go`: close the worker at the end (see `close`).
        """
        loop = asyncio.get_running_loop()
        self._stop = stop
        self._guarded = True
        next_ads = loop.time()
        stopped = asyncio.ensure_future(stop.wait())
        stopped.add_done_callback(partial(self._stopping, drain_seconds))
        self.start()
        await self.worker.forget_earlier_claims()
        renewer = asyncio.create_task(self.worker.run(), name="socialpulse-leases")
        sender = asyncio.create_task(self._send(stop, poll_interval), name="socialpulse-sender")
        publisher = asyncio.create_task(
            self._publish(stop, poll_interval), name="socialpulse-publisher"
        )
        try:
            while not stop.is_set():
                force = loop.time() >= next_ads
                if force:
                    next_ads = loop.time() + ad_interval
                result = await self.step(force_ads=force, deliver=False, publish=False)
                self.health.beat()
                for observe in self.observers:
                    observe(result)
                if result.busy:
                    continue
                await self._idle(stop, poll_interval)
            await publisher
            await sender
        finally:
            stopped.cancel()
            if not publisher.done():
                publisher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await publisher
            if not sender.done():
                # The Deliverer's store writes are shielded: cancelling it loses no outcome.
                sender.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sender
            if not renewer.done():
                renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewer
            await self.close(let_go)

    def _stopping(self, drain_seconds: float | None, stopped: asyncio.Future[object]) -> None:
        """The stop was asked for: start the clock on the drain (not when `run` itself ends
        without a stop, which cancels the waiter)."""
        if stopped.cancelled():
            return
        self.health.stopping()
        if drain_seconds is not None:
            self._deliverer.finish_in(drain_seconds)

    async def _send(self, stop: asyncio.Event, poll_interval: float) -> None:
        """Deliver whenever notices are queued (woken by each written batch, alert change or
        person's action, else every poll); once stopped, until the outbox holds only what
        must wait, or the deadline."""
        while not stop.is_set():
            self._queued.clear()
            counts = await self._send_round()
            if counts.sent or counts.failed:
                continue
            await self._wait(self._queued, stop, timeout=poll_interval)
        while not self._deliverer.out_of_time():
            counts = await self._send_round()
            if not (counts.sent or counts.failed):
                return

    async def _publish(self, stop: asyncio.Event, poll_interval: float) -> None:
        """Publish approved drafts apart from the steps, so a round starts whenever one ends
        with work done, a nudge comes (an approval, claims a dead worker left) or the poll
        interval passes, not behind a step's ingest and analysis; until `stop` (the round
        under way ends first)."""
        while not stop.is_set():
            self._approved.clear()
            published = await self._publish_round()
            if published:
                for observe in self.observers:
                    observe(StepResult(published=published))
                self._queued.set()
                continue
            await self._wait(self._approved, stop, timeout=poll_interval)

    async def _publish_round(self) -> int:
        return await self._stage(
            "publish", partial(publish_approved, self.store.drafts, self._publisher), 0
        )

    async def _send_round(self) -> DeliveryCounts:
        counts = await self._stage(
            "deliver", self._deliverer.deliver, DeliveryCounts(), while_stopping=True
        )
        if counts.sent or counts.failed:
            for observe in self.observers:
                observe(StepResult(delivery=counts))
        return counts

    async def _idle(self, stop: asyncio.Event, seconds: float) -> None:
        """Wait for the poll interval, a stop, or a nudge, whichever comes first."""
        await self._wait(self._wake, stop, timeout=seconds)
        self._wake.clear()

    @staticmethod
    async def _wait(event: asyncio.Event, stop: asyncio.Event, timeout: float) -> None:
        waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(event.wait())]
        try:
            await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
