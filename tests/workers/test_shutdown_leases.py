"""A stopping `run` keeps the pollers' leases until the pollers have stopped: another worker
must not start polling from the same cursors while this one still finishes a poll."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest

from bot.app import build_runtime, run_until_stopped
from bot.config.loading import load_workspace
from bot.connectors.ads_pull import AdPulls
from bot.settings import Settings
from bot.store import Store
from bot.store.leases import Leases
from handlers.channels import build_channels

HANG_GUARD_S = 120.0

WORKSPACE = """
brands:
  - {id: alpenglow, name: Alpenglow, review_receiver: console}
receivers:
  - {name: console, kind: console}
feeds:
  poll_interval: 50ms
  watch:
    - {path: comments.jsonl, kind: comments}
"""


class FinishingPulls:
    """Ad pulls whose last poll is still being written when told to stop: it looks, then,
    whether its lease is still its worker's."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.holder_when_finishing: str | None = None
        self.running = asyncio.Event()

    def report(self) -> dict[str, Any]:
        return {}

    async def run(self, lost: asyncio.Event) -> None:
        self.running.set()
        await lost.wait()
        now = datetime.now(UTC)
        for lease in await Leases.of(self.store).all():
            if lease.name == "ad-pulls" and lease.expires_at > now:
                self.holder_when_finishing = lease.holder


@pytest.mark.slow
async def test_the_pollers_leases_are_let_go_only_after_the_pollers_stopped(
    tmp_path: Path,
) -> None:
    (tmp_path / "ws.yaml").write_text(WORKSPACE, encoding="utf-8")
    (tmp_path / "comments.jsonl").write_text("", encoding="utf-8")
    config = Settings(  # type: ignore[call-arg]
        _env_file=None,
        workspace=tmp_path / "ws.yaml",
        db_path=tmp_path / "w.db",
        outbox_path=tmp_path / "out.jsonl",
        http_port=0,
        worker_id="w1",
    )
    workspace = load_workspace(tmp_path / "ws.yaml")
    runtime = await build_runtime(
        config,
        workspace,
        lambda store, nudge: build_channels(config, workspace, store, nudge=nudge),
        lambda: datetime.now(UTC),
    )
    pulls = FinishingPulls(runtime.store)
    runtime.ad_pulls = cast(AdPulls, pulls)
    stop = asyncio.Event()
    task = asyncio.create_task(run_until_stopped(runtime, stop))
    try:
        await asyncio.wait_for(pulls.running.wait(), HANG_GUARD_S)
    finally:
        stop.set()
        await asyncio.wait_for(task, HANG_GUARD_S)
    try:
        assert pulls.holder_when_finishing == runtime.pipeline.worker.id
        # Let go once stopped: another worker takes the pulls at once.
        assert not [
            lease
            for lease in await Leases.of(runtime.store).all()
            if lease.expires_at > datetime.now(UTC)
        ]
    finally:
        await runtime.close()


async def test_a_write_cancelled_while_it_waits_to_begin_leaves_no_transaction_open(
    tmp_path: Path,
) -> None:
    # What the shutdown does to a poller renewing its lease while another worker writes.
    store = await Store.open(tmp_path / "c.db", init=True)
    other = sqlite3.connect(tmp_path / "c.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")

        async def write() -> None:
            async with store.db.transaction():
                pass

        waiting = asyncio.create_task(write())
        await asyncio.sleep(0.2)  # its BEGIN waits for the other worker's write
        waiting.cancel()
        other.execute("ROLLBACK")
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(waiting, HANG_GUARD_S)
        async with asyncio.timeout(HANG_GUARD_S), store.db.transaction() as conn:
            await conn.execute("INSERT INTO leases VALUES ('a', 'w', 1, 1, 1)")
        assert await store.db.scalar("SELECT COUNT(*) FROM leases") == 1
    finally:
        other.close()
        await store.close()
