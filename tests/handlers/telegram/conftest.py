"""The real PTB Application against telegram-test-api on loopback, with a real store and outbox."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.channel import Channel
from bot.config.loading import load_workspace
from bot.config.workspace import Workspace
from bot.delivery import Deliverer, DeliveryCounts
from bot.models import Engagement
from bot.review_message import review_payload
from bot.store import Store
from handlers.telegram import TelegramChannel
from tests.handlers.telegram.emulator import TOKEN, Emulator, TgChat, TgUser
from tests.store.test_drafts import engagement

TEAM = TgChat(-1001111, "supergroup", "Marketing")
FOREIGN = TgChat(-1009999, "supergroup", "Somebody else's group")
ANA_DM = TgChat(1001, "private", "Ana")
LEE_DM = TgChat(1002, "private", "Lee")

ANA = TgUser(1001, "Ana")  # approver for alpenglow
LEE = TgUser(1002, "Lee")  # approver for lumora only
VIC = TgUser(1003, "Vic")  # viewer
BO = TgUser(1004, "Bo")  # admin
MALLORY = TgUser(6666, "Mallory")  # not on the list

WORKSPACE = f"""
brands:
  - {{id: alpenglow, name: Alpenglow Outdoor, review_receiver: team}}
  - {{id: lumora, name: Lumora}}
receivers:
  - {{name: team, kind: telegram, chat_id: {TEAM.id}}}
route:
  receiver: team
  group_by: [alertname]
  group_wait: 0s
telegram_chats: [{ANA_DM.id}]
people:
  - {{name: Ana, telegram: {ANA.id}, role: approver, brands: [alpenglow]}}
  - {{name: Lee, telegram: {LEE.id}, role: approver, brands: [lumora]}}
  - {{name: Vic, telegram: {VIC.id}, role: viewer}}
  - {{name: Bo, telegram: {BO.id}, role: admin}}
"""


class Pump:
    """Delivers the outbox when nudged, as the pipeline's loop does; one delivery at a time."""

    def __init__(self, store: Store) -> None:
        self.channels: dict[str, Channel] = {}
        self.deliverer = Deliverer(store.outbox, self.channels)
        self.nudges = 0
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()

    def nudge(self) -> None:
        self.nudges += 1
        self._wake.set()

    async def deliver(self) -> DeliveryCounts:
        async with self._lock:
            return await self.deliverer.deliver()

    async def run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            await self.deliver()


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    path = tmp_path / "workspace.yaml"
    path.write_text(WORKSPACE, encoding="utf-8")
    return load_workspace(path)


@pytest.fixture
async def emulator(tmp_path: Path) -> AsyncIterator[Emulator]:
    started = await Emulator.launch(tmp_path / "telegram-test-api.log")
    try:
        yield started
    finally:
        await started.stop()


@pytest.fixture
async def pump(store: Store) -> AsyncIterator[Pump]:
    running = Pump(store)
    task = asyncio.create_task(running.run())
    try:
        yield running
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@pytest.fixture
async def channel(
    emulator: Emulator, workspace: Workspace, store: Store, pump: Pump, tmp_path: Path
) -> AsyncIterator[TelegramChannel]:
    started = TelegramChannel(
        TOKEN,
        workspace,
        store,
        pump.nudge,
        api_url=emulator.api_url,
        poll_interval=0.02,
        chart_dir=tmp_path / "charts",
    )
    pump.channels["team"] = started
    await started.start()
    try:
        yield started
    finally:
        await started.close()


async def review_request(store: Store, item: Engagement | None = None) -> int:
    """A comment analysed and its draft queued for review in the team chat; the draft id."""
    item = item or engagement(1, receiver="team")
    await store.feeds.ingest([item.comment])
    [notice] = await store.drafts.save_engagement(
        [replace(item, review_receiver="team")], review_payload
    )
    return int(notice.subject)
