"""The connectors of a running bot: pollers built from the workspace section, and what they did
shown on /healthz (YouTube quota units included) with no secret in it."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from pydantic import HttpUrl
from rich.console import Console

from benchmarks.latency import TimedConsole
from benchmarks.webhook_drill import APP_SECRET, PAGE_ID, delivery
from bot.app import build_runtime, run_until_stopped
from bot.config.comments_in import CommentAccount, CommentsIn
from bot.config.loading import load_workspace
from bot.connectors.inbound import CommentConnectors
from bot.connectors.secrets import Secrets
from bot.connectors.signatures import sign
from bot.feed_names import FeedNames
from bot.feeds.screen import Screen
from bot.health import Metrics, health_app
from bot.health_state import HealthState
from bot.rendering import Renderer
from bot.settings import Settings
from bot.store import Store
from tests.conftest import NOW
from tests.connectors.platforms import (
    GRAPH_VERSION,
    GraphServer,
    YouTubeServer,
    polled_pair,
    serving,
)

TOKEN = "EAAGpagetokenforlocaltests"
KEY = "AIzaLocalYouTubeKeyForTests"
HANG_GUARD_S = 30.0


@pytest.mark.slow
async def test_pollers_run_from_the_section_and_healthz_shows_them(
    store: Store, tmp_path: Path
) -> None:
    graph = GraphServer(TOKEN)
    graph.add("1020304050_77", 40)
    youtube = YouTubeServer(KEY)
    youtube.add("vid1", 120)
    async with serving(graph, youtube) as url:
        section = CommentsIn(
            meta={"graph_url": HttpUrl(f"{url}/{GRAPH_VERSION}")},  # type: ignore[arg-type]
            youtube_url=HttpUrl(f"{url}/youtube/v3"),
            accounts=(
                *polled_pair(),
                CommentAccount(
                    brand="alpenglow", platform="instagram", id="1784", token_env="NOT_SET"
                ),
            ),
        )
        secrets = Secrets({"PAGE_TOKEN": TOKEN, "YT_KEY": KEY})
        screen = Screen(frozenset({"alpenglow"}), lambda: NOW)
        connectors = CommentConnectors(section, store, screen, lambda: NOW, secrets)
        stop = asyncio.Event()
        task = asyncio.create_task(connectors.run(stop))
        async with asyncio.timeout(HANG_GUARD_S):
            while "youtube" not in connectors.report():
                await asyncio.sleep(0.02)
        stop.set()
        await task
        app = health_app(
            HealthState(), Metrics(), store, FeedNames(tmp_path, [], None), connectors.report
        )
        connectors.mount(app)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        try:
            async with aiohttp.ClientSession() as session:
                health_url = f"http://127.0.0.1:{runner.addresses[0][1]}/healthz"
                async with session.get(health_url) as response:
                    text = await response.text()
                    body = await response.json(content_type=None)
        finally:
            await runner.cleanup()
    shown = body["connectors"]
    assert shown["youtube"]["quota_units_used"] == 2
    assert shown["youtube"]["quota_limit"] == 10_000
    assert shown["connector:graph:facebook:1020304050_77"]["stored"] == 40
    assert shown["connector:youtube:vid1"]["stored"] == 120
    assert shown["connector:youtube:vid1"]["last_success"] is not None
    assert shown["connector:instagram:1784"]["error"] == (
        "MissingSecret: NOT_SET is not set (in the environment or .env)"
    )
    assert TOKEN not in text and KEY not in text
    assert int(await store.db.scalar("SELECT COUNT(*) FROM comments")) == 160


@pytest.mark.slow
async def test_a_webhook_comment_reaches_review_without_waiting_for_the_next_poll(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The feeds are polled once an hour here: only the webhook's nudge gets the comment
    analysed and its review request sent before the hang guard."""
    monkeypatch.setenv("META_APP_SECRET", APP_SECRET)
    ws_path = tmp_path / "ws.yaml"
    ws_path.write_text(
        "brands:\n  - {id: alpenglow, name: Alpenglow}\n"
        "receivers:\n  - {name: console, kind: console}\n"
        "feeds:\n  poll_interval: 1h\n"
        "comments_in:\n  accounts:\n"
        f"    - {{brand: alpenglow, platform: facebook, id: '{PAGE_ID}', token_env: UNUSED}}\n",
        encoding="utf-8",
    )
    settings = Settings(
        workspace=ws_path,
        db_path=tmp_path / "bot.db",
        outbox_path=tmp_path / "out.jsonl",
        http_port=0,
    )
    screen = (tmp_path / "screen.txt").open("w", encoding="utf-8")
    channel = TimedConsole(Renderer(), Console(file=screen, width=100))
    runtime = await build_runtime(
        settings,
        load_workspace(ws_path),
        lambda _s, _n: {"console": channel},
        lambda: datetime.now(UTC),
    )
    stop, started = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(run_until_stopped(runtime, stop, started))
    try:
        async with asyncio.timeout(HANG_GUARD_S):
            await started.wait()
            # The first step runs at start; the comment arrives after it.
            await asyncio.sleep(0.5)
            body = delivery(1, int(time.time()) - 60)
            headers = {"X-Hub-Signature-256": sign(APP_SECRET, body)}
            url = f"http://127.0.0.1:{runtime.health_port}/hooks/meta"
            async with (
                aiohttp.ClientSession() as session,
                session.post(url, data=body, headers=headers) as response,
            ):
                assert response.status == 200
            while "facebook:1_1" not in channel.received:
                await asyncio.sleep(0.02)
    finally:
        stop.set()
        await task
        await runtime.close()
        screen.close()
