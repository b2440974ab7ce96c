"""The engagement engine run for the pipeline: in this process, or in a worker process."""

from __future__ import annotations

import asyncio
import atexit
import gc
import logging
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Protocol

from bot.review_message import review_payload
from bot.smo.engine import EngagementEngine, EngineRecipe
from bot.store import CommentRow, EngagementRows, comment_from_row, engagement_rows

__all__ = ["Analyst", "LocalAnalyst", "WorkerAnalyst"]

log = logging.getLogger(__name__)

# How often the worker checks that the process that started it is still there.
_PARENT_CHECK_SECONDS = 1.0
# The worker's garbage collector thresholds (Python's own are 700, 10, 10).
_GC_THRESHOLDS = (50_000, 50, 1_000)


class Analyst(Protocol):
    """Stored comments in, rows for the store out; one engine sees every comment in order."""

    def start(self) -> None: ...

    async def ready(self) -> None:
        """Return once the engine is built and warm (raises if it cannot be built)."""
        ...

    async def analyse(self, rows: Sequence[CommentRow], now: datetime) -> EngagementRows: ...

    async def close(self) -> None: ...


def _analyse(engine: EngagementEngine, rows: Sequence[CommentRow], now: datetime) -> EngagementRows:
    return engagement_rows(engine.run([comment_from_row(r) for r in rows], now), review_payload)


class LocalAnalyst:
    """The engine on a thread of this process (it holds the interpreter lock while it works).

    One thread, so batches are analysed one at a time in the order they are sent: the engine's
    memories are not shared between threads.
    """

    def __init__(self, engine: EngagementEngine) -> None:
        self._engine = engine
        self._thread: ThreadPoolExecutor | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="engagement")

    async def ready(self) -> None:
        self.start()
        assert self._thread is not None
        await asyncio.get_running_loop().run_in_executor(self._thread, self._engine.warm_up)

    async def analyse(self, rows: Sequence[CommentRow], now: datetime) -> EngagementRows:
        self.start()
        assert self._thread is not None
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread, _analyse, self._engine, rows, now)

    async def close(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            await asyncio.to_thread(thread.shutdown, wait=True, cancel_futures=True)


class WorkerAnalyst:
    """The engine in one worker process, built there from its recipe, so analysing a batch runs
    on another core while this process ingests and writes the previous one.

    A single process owns the engine and takes batches in the order they are sent, so its
    memories (texts seen recently, the last reply to each author) stay those of one engine.
    The worker is started by ``start`` (or the first batch) and stopped by ``close``; it exits
    by itself if this process dies.
    """

    def __init__(self, recipe: EngineRecipe) -> None:
        self._recipe = recipe
        self._executor: ProcessPoolExecutor | None = None
        self._building: Future[None] | None = None

    def start(self) -> None:
        """Start the worker and have it build the engine now (about a second's work that
        overlaps whatever this process does next)."""
        if self._executor is not None:
            return
        # Spawned, not forked: this process runs threads (the database's, asyncio's).
        self._executor = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self._recipe, os.getpid()),
        )
        self._building = self._executor.submit(_build)

    async def ready(self) -> None:
        self.start()
        assert self._building is not None
        await asyncio.wrap_future(self._building)

    async def analyse(self, rows: Sequence[CommentRow], now: datetime) -> EngagementRows:
        self.start()
        assert self._executor is not None
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, _analyse_in_worker, list(rows), now)
        except BrokenProcessPool:
            # The worker died (killed, out of memory): the next batch starts a fresh one, with
            # empty memories, as after a restart.
            log.error("engagement worker died; starting a new one for the next batch")
            await self.close()
            raise

    async def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.to_thread(executor.shutdown, wait=True, cancel_futures=True)


_engine: EngagementEngine | None = None
_recipe: EngineRecipe | None = None


def _start_worker(recipe: EngineRecipe, parent: int) -> None:
    global _recipe
    _recipe = recipe
    # The parent's id is passed in: it may die (and the worker be adopted) before this runs.
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    # Tearing down the engine's objects one by one takes most of a second; the worker has
    # nothing to save, so it ends at once when told to stop.
    atexit.register(_exit_now)


def _exit_now() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _build() -> None:
    global _engine
    if _engine is None:
        assert _recipe is not None
        _engine = _recipe.build()
        _engine.warm_up()
        # The engine's models, lexicons and templates live as long as the process: leave them
        # out of every collection from now on; and collect less often, as analysing a batch
        # makes many small objects and few cycles (about a tenth of the engine's time).
        gc.freeze()
        gc.set_threshold(*_GC_THRESHOLDS)


def _analyse_in_worker(rows: list[CommentRow], now: datetime) -> EngagementRows:
    _build()
    assert _engine is not None
    return _analyse(_engine, rows, now)


def _exit_with(parent: int) -> None:
    """End this worker once its parent is gone (killed, say), rather than wait forever."""
    while os.getppid() == parent:
        time.sleep(_PARENT_CHECK_SECONDS)
    os._exit(0)
