"""A running worker renews its heartbeat, leases and claims in a task of its own: a channel
call that never returns holds none of them (real stores, both engines; clocks moved by hand)."""

from __future__ import annotations

import asyncio
import io
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial
from pathlib import Path

from rich.console import Console

from bot.channel import Channel, MessageRef
from bot.delivery import Deliverer
from bot.notices import Notice
from bot.pipeline import Pipeline
from bot.publisher import OutboxFilePublisher
from bot.rendering import Renderer
from bot.smo.brand import BrandProfile
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.store import Store
from bot.store.leases import millis
from bot.workers import HEARTBEAT
from handlers.console import ConsoleChannel
from tests.workers.conftest import two_workers
from tests.workers.test_stale_claims import queue
from tests.workers.test_worker import Clocks

# Short, so the renewal loop's own pauses (a tenth of it, on the event loop's clock) keep the
# test quick; every expiry is judged on the hand-moved clocks.
LEASE = timedelta(seconds=0.3)
# Hang guard only: how long the test waits for a renewal on a loaded machine before failing.
HANG_GUARD_S = 120.0


class Hangs:
    """A channel whose send is entered and never answers (a peer that took the request)."""

    name = "hangs"

    def __init__(self) -> None:
        self.entered = False
        self.answered = False

    async def send(self, notice: Notice) -> MessageRef:
        self.entered = True
        await asyncio.Event().wait()
        self.answered = True
        raise AssertionError("never answered")

    async def update(self, ref: MessageRef, notice: Notice) -> None:
        return None

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None


class Blocked(io.StringIO):
    """A terminal whose writes block (a full pipe, a stalled log collector) until `release`
    (at the latest after the hang guard, so a test that fails still ends)."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.release = threading.Event()
        self.returned = False

    def write(self, text: str) -> int:
        self.entered.set()
        self.release.wait(HANG_GUARD_S)
        self.returned = True
        return super().write(text)


async def renewals_while_stuck(
    two: tuple[Store, Store],
    folder: Path,
    channel: Channel,
    entered: Callable[[], bool],
    answered: Callable[[], bool],
) -> None:
    """A worker's pipeline runs with `channel` stuck in the send of its one notice: while the
    call has not returned, a lease after another passes on the worker's clock, and each time
    its heartbeat and its claim on the notice are renewed past it."""
    store = two[0]
    clocks = Clocks()
    await queue(store, 1)
    worker, w2 = two_workers(two, clocks, LEASE)
    pipeline = Pipeline(
        store=store,
        followers=[],
        drop_folder=None,
        engagement=EngagementEngine([BrandProfile(id="b", name="B")], default_templates_dir()),
        deliverer=Deliverer(store.outbox, {"ops": channel}, worker=worker),
        publisher=OutboxFilePublisher(folder / "outbox.jsonl"),
        clock=clocks.wall,
        engine_process=False,
        worker=worker,
    )

    async def renewed_past(at_ms: int) -> bool:
        heartbeat = await store.db.fetchall(
            "SELECT expires_at FROM leases WHERE name = ?", (HEARTBEAT + "w1",)
        )
        claims = await store.db.fetchall("SELECT claim_expires FROM notifications")
        return bool(heartbeat) and min(int(heartbeat[0][0]), int(claims[0][0])) > at_ms

    async def until(check: Callable[[], Awaitable[bool]], what: str) -> None:
        deadline = time.monotonic() + HANG_GUARD_S
        while not await check():
            assert time.monotonic() < deadline, what
            await asyncio.sleep(0.01)

    async def is_entered() -> bool:
        return entered()

    stop = asyncio.Event()
    running = asyncio.create_task(pipeline.run(stop, poll_interval=0.01, drain_seconds=0))
    try:
        await until(is_entered, "the send never started")
        for _ in range(3):
            # A whole lease passes on the worker's clock while the send is stuck: unrenewed,
            # the heartbeat and the notice's claim would lapse now.
            clocks.advance(LEASE.total_seconds())
            now_ms = millis(clocks.wall())
            await until(partial(renewed_past, now_ms), "no renewal while the send was stuck")
        assert not answered()
        # Another worker finds the notice still claimed and the worker alive.
        assert await w2.claim_notices(10) == []
        assert not await w2.holds(HEARTBEAT + "w1")
    finally:
        stop.set()
        try:
            await asyncio.wait_for(running, HANG_GUARD_S)
        finally:
            running.cancel()


async def test_a_send_that_never_returns_holds_no_renewal(
    two: tuple[Store, Store], tmp_path: Path
) -> None:
    channel = Hangs()
    await renewals_while_stuck(
        two, tmp_path, channel, lambda: channel.entered, lambda: channel.answered
    )


async def test_a_console_whose_writes_block_holds_no_renewal(
    two: tuple[Store, Store], tmp_path: Path
) -> None:
    screen = Blocked()
    channel = ConsoleChannel(Renderer(), Console(file=screen, width=120, color_system=None))
    try:
        await renewals_while_stuck(
            two, tmp_path, channel, screen.entered.is_set, lambda: screen.returned
        )
    finally:
        screen.release.set()
