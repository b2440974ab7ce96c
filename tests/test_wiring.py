"""`run` with a Slack receiver: a comment appended to a feed reaches the Slack channel."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_runtime, run_until_stopped
from bot.config.loading import load_workspace
from bot.settings import Settings
from handlers.channels import build_channels
from handlers.slack import SlackChannel
from handlers.telegram import TelegramChannel
from tests.handlers.slack.fake_slack import FakeSlack
from tests.ingest.test_follower import comment_line

HANG_GUARD_S = 120.0
BOT_TOKEN = "xoxb-1111-2222-wiringtest"
TG_TOKEN = "123456789:AAEhBOweik6ad6PsVMRxjeQKb1dyrwQAbcd"

WORKSPACE = """
brands:
  - {id: alpenglow, name: Alpenglow, review_receiver: review}
receivers:
  - {name: console, kind: console}
  - {name: review, kind: slack, channel: C0REVIEW}
  - {name: founders, kind: telegram, chat_id: -1001234}
people:
  - {name: Ana, slack: U0ANA, role: approver}
feeds:
  poll_interval: 50ms
  watch:
    - {path: comments.jsonl, kind: comments}
"""


def settings(tmp_path: Path, fake: FakeSlack) -> Settings:
    values: dict[str, Any] = {
        "workspace": tmp_path / "ws.yaml",
        "db_path": tmp_path / "w.db",
        "outbox_path": tmp_path / "out.jsonl",
        "http_port": 0,
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": "wiring-secret",
        "slack_mode": "http",
        "slack_http_port": 0,
        "slack_http_host": "127.0.0.1",
        "slack_api_url": fake.api_url,
        "telegram_bot_token": TG_TOKEN,
        "telegram_api_url": "http://127.0.0.1:9/bot",
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


async def test_each_receiver_gets_the_channel_of_its_kind(tmp_path: Path) -> None:
    (tmp_path / "ws.yaml").write_text(WORKSPACE, encoding="utf-8")
    fake = FakeSlack(BOT_TOKEN, channels=["C0REVIEW"])
    workspace = load_workspace(tmp_path / "ws.yaml")
    from bot.store import Store

    store = await Store.open(tmp_path / "c.db")
    channels = build_channels(settings(tmp_path, fake), workspace, store)
    assert isinstance(channels["review"], SlackChannel)
    assert isinstance(channels["founders"], TelegramChannel)
    assert channels["console"].name == "console"
    await store.close()


@pytest.mark.slow
async def test_a_comment_reaches_the_slack_review_channel_through_run(tmp_path: Path) -> None:
    (tmp_path / "ws.yaml").write_text(
        WORKSPACE.replace("  - {name: founders, kind: telegram, chat_id: -1001234}\n", ""),
        encoding="utf-8",
    )
    (tmp_path / "comments.jsonl").write_text("", encoding="utf-8")
    fake = FakeSlack(BOT_TOKEN, channels=["C0REVIEW"])
    await fake.start()
    config = settings(tmp_path, fake)
    workspace = load_workspace(tmp_path / "ws.yaml")
    runtime = await build_runtime(
        config,
        workspace,
        lambda store, nudge: build_channels(config, workspace, store, nudge=nudge),
        lambda: datetime.now(UTC),
    )
    stop, started = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(run_until_stopped(runtime, stop, started))
    try:
        await asyncio.wait_for(started.wait(), HANG_GUARD_S)
        with (tmp_path / "comments.jsonl").open("a", encoding="utf-8") as feed:
            feed.write(comment_line(1, "Where is my order <!channel>? It has been weeks") + "\n")
        await fake.wait_for(lambda: fake.posts("C0REVIEW"), "the review message")
        [post] = fake.posts("C0REVIEW")
        assert "<!channel>" not in str(post.blocks) + post.text
    finally:
        stop.set()
        await asyncio.wait_for(task, HANG_GUARD_S)
        await runtime.close()
        await fake.close()
