"""Fixtures: a strict fake Slack Web API on loopback and our Slack channel serving HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store
from tests.handlers.slack.fake_slack import FakeSlack
from tests.handlers.slack.rig import ADS, APP_TOKEN, BOT_TOKEN, REVIEW, Rig, rig_for


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack(
        BOT_TOKEN, channels=[REVIEW, ADS], app_token=APP_TOKEN, usergroups={"S0CREW": ["U0GRP"]}
    )
    await server.start()
    try:
        yield server
    finally:
        await server.close()


@pytest.fixture
async def rig(fake: FakeSlack, store: Store, tmp_path: Path) -> AsyncIterator[Rig]:
    async with rig_for(fake, store, tmp_path) as ready:
        yield ready
