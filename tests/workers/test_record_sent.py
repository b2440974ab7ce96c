"""A notice that went out is never sent again because recording it failed: the record is
tried again while the database is busy (another process holding SQLite's write lock), and
one the database refused throughout is recorded at the next round, not sent again."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot import delivery
from bot.channel import MessageRef
from bot.delivery import Deliverer
from bot.notices import Notice
from bot.store import Store
from bot.workers import Worker
from tests.workers.test_stale_claims import queue
from tests.workers.test_worker import LEASE, Clocks


class Locking:
    """A channel that delivers, then lets another process take the database's write lock
    for `hold` seconds: the record of the send finds the database busy."""

    name = "locking"

    def __init__(self, path: Path, hold: float) -> None:
        self.path = path
        self.hold = hold
        self.sent: list[int] = []
        self.blocker: sqlite3.Connection | None = None

    async def send(self, notice: Notice) -> MessageRef:
        assert notice.id is not None
        self.sent.append(notice.id)
        if self.blocker is None:
            blocker = sqlite3.connect(self.path, isolation_level=None)
            blocker.execute("BEGIN IMMEDIATE")
            self.blocker = blocker
            if self.hold:
                asyncio.get_running_loop().call_later(self.hold, self.release)
        return MessageRef("console", "ops", "here", str(notice.id))

    def release(self) -> None:
        if self.blocker is not None:
            self.blocker.rollback()

    async def update(self, ref: MessageRef, notice: Notice) -> None:
        return None


async def _store(path: Path) -> Store:
    store = await Store.open(path)
    # A short busy wait, so a transaction gives up (StoreBusy) in well under a second.
    await store.db.fetchall("PRAGMA busy_timeout=50")
    return store


@pytest.mark.slow
async def test_a_busy_database_while_recording_a_send_does_not_send_it_again(
    tmp_path: Path,
) -> None:
    store = await _store(tmp_path / "w.db")
    try:
        clocks = Clocks()
        worker = Worker(store, "w1", LEASE, clocks.wall, clocks.monotonic)
        await queue(store, 1)
        # Held longer than one transaction waits (its three tries), shorter than the retries.
        channel = Locking(tmp_path / "w.db", hold=1.5)
        sender = Deliverer(store.outbox, {"ops": channel}, worker=worker)
        counts = await sender.deliver()
        assert counts.sent == 1
        await sender.deliver()
        assert channel.sent == [1]
        [row] = await store.db.fetchall("SELECT status, message_ref FROM notifications")
        assert row[0] == "sent"
        assert MessageRef.from_json(row[1]).message_id == "1"
    finally:
        channel.release()
        await store.close()


@pytest.mark.slow
async def test_a_send_never_recorded_is_recorded_at_the_next_round_not_sent_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(delivery, "RECORD_PAUSES", (0.05,))
    store = await _store(tmp_path / "w.db")
    try:
        clocks = Clocks()
        worker = Worker(store, "w1", LEASE, clocks.wall, clocks.monotonic)
        await queue(store, 2)
        channel = Locking(tmp_path / "w.db", hold=0)  # held until released below
        sender = Deliverer(store.outbox, {"ops": channel}, worker=worker)
        counts = await sender.deliver()
        # The round stops at the notice it could not record; the second waits.
        assert counts.sent == 1
        assert channel.sent == [1]
        assert "notice sent but not recorded id=1" in caplog.text
        channel.release()
        await sender.deliver()
        assert channel.sent == [1, 2]
        rows = await store.db.fetchall("SELECT status FROM notifications ORDER BY id")
        assert [r[0] for r in rows] == ["sent", "sent"]
    finally:
        channel.release()
        await store.close()
