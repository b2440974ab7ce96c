"""Ad accounts in the workspace: the `ads_in` section checked at load, and a running bot that
pulls them on its schedule and shows each account on /healthz without its token."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from rich.console import Console

from benchmarks.marketing_api import MarketingServer, ad_days, serving
from bot.app import build_runtime, run_until_stopped
from bot.config.errors import ConfigError
from bot.config.loading import load_workspace
from bot.rendering import Renderer
from bot.settings import Settings
from handlers.console import ConsoleChannel

TOKEN = "EAAGadsinsightstokenforthebot"
NUMBER = "120330000000002"
BRANDS = "brands:\n  - {id: alpenglow, name: Alpenglow}\n"
HANG_GUARD_S = 30.0


def test_an_unknown_brand_and_an_account_listed_twice_are_named(tmp_path: Path) -> None:
    path = tmp_path / "workspace.yaml"
    path.write_text(
        BRANDS + "ads_in:\n  accounts:\n"
        "    - {brand: alpenglow, id: act_1, token_env: A}\n"
        "    - {brand: alpenglow, id: '1', token_env: A}\n"
        "    - {brand: elsewhere, id: '2', token_env: B, action_types: []}\n"
        "    - {brand: alpenglow, platform: google, id: 123-456-7890, token_env: C}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_workspace(path)
    text = str(caught.value)
    assert "ads_in.accounts[1].id: meta ad account 1 is listed twice" in text
    assert "ads_in.accounts[2].brand: unknown brand 'elsewhere'" in text
    assert "ads_in.accounts[2].action_types: name at least one action type" in text
    assert "ads_in.accounts[3].developer_token_env: a Google Ads account needs its" in text


def test_no_section_means_ad_files_only(tmp_path: Path) -> None:
    path = tmp_path / "workspace.yaml"
    path.write_text(BRANDS, encoding="utf-8")
    assert not load_workspace(path).ads_in.enabled


@pytest.mark.slow
async def test_the_running_bot_pulls_its_ad_accounts_and_healthz_shows_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = datetime.now(UTC).date()
    server = MarketingServer(TOKEN, NUMBER, ad_days(5, today - timedelta(days=1), 2))
    monkeypatch.setenv("META_ADS_TOKEN", TOKEN)
    async with serving(server) as base:
        ws_path = tmp_path / "ws.yaml"
        ws_path.write_text(
            BRANDS + "receivers:\n  - {name: console, kind: console}\n"
            f"ads_in:\n  graph_url: {base}\n  backfill_days: 2\n  accounts:\n"
            f"    - {{brand: alpenglow, id: act_{NUMBER}, token_env: META_ADS_TOKEN,"
            " name: Alpenglow EU}\n",
            encoding="utf-8",
        )
        settings = Settings(
            workspace=ws_path,
            db_path=tmp_path / "bot.db",
            outbox_path=tmp_path / "out.jsonl",
            http_port=0,
        )
        screen = (tmp_path / "screen.txt").open("w", encoding="utf-8")
        channel = ConsoleChannel(Renderer(), Console(file=screen))
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
                url = f"http://127.0.0.1:{runtime.health_port}/healthz"
                async with aiohttp.ClientSession() as session:
                    while True:
                        async with session.get(url) as response:
                            text = await response.text()
                            body = await response.json(content_type=None)
                        shown = body.get("connectors", {}).get(f"ads:meta:{NUMBER}")
                        if shown and shown.get("last_success"):
                            break
                        await asyncio.sleep(0.05)
            rows = await runtime.store.feeds.ad_rows("2000-01-01")
        finally:
            stop.set()
            await task
            await runtime.close()
            screen.close()
    assert shown["rows_stored"] == 10 and shown["error"] is None
    assert TOKEN not in text
    assert {row.account for row in rows} == {"Alpenglow EU"} and len(rows) == 10
