"""Webhook mode (secret token checked) and the channel built from the settings."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr

from bot.config.workspace import Workspace
from bot.settings import Settings
from bot.store import Store
from handlers.telegram import TelegramChannel, build_telegram_channel
from handlers.telegram.webhook import Webhook
from tests.handlers.telegram.conftest import ANA, TEAM, Pump
from tests.handlers.telegram.emulator import TOKEN, Emulator

pytestmark = pytest.mark.slow

SECRET = "s3cret_webhook-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def hooked(
    emulator: Emulator, workspace: Workspace, store: Store, pump: Pump
) -> AsyncIterator[TelegramChannel]:
    port = free_port()
    webhook = Webhook(f"http://127.0.0.1:{port}/telegram/updates", SECRET, port, "127.0.0.1")
    channel = TelegramChannel(
        TOKEN, workspace, store, pump.nudge, api_url=emulator.api_url, webhook=webhook
    )
    pump.channels["team"] = channel
    await channel.start()
    try:
        yield channel
    finally:
        await channel.close()


async def test_webhook_mode_registers_its_secret_and_serves_commands(
    emulator: Emulator, hooked: TelegramChannel
) -> None:
    assert hooked.webhook is not None
    assert await emulator.webhook() == {"url": hooked.webhook.url, "secret_token": SECRET}
    assert await emulator.calls("getUpdates") == []

    await emulator.command(ANA, TEAM, "/status")

    await emulator.reply_in(TEAM, "socialpulse status")


async def test_webhook_refuses_updates_without_the_secret(
    emulator: Emulator, hooked: TelegramChannel
) -> None:
    assert hooked.webhook is not None
    update = {
        "update_id": 99,
        "message": {
            "message_id": 1,
            "date": 1,
            "chat": {"id": TEAM.id, "type": "supergroup", "title": "Marketing"},
            "from": {"id": ANA.id, "is_bot": False, "first_name": "Ana"},
            "text": "/status",
            "entities": [{"type": "bot_command", "offset": 0, "length": 7}],
        },
    }
    async with httpx.AsyncClient(trust_env=False) as client:
        missing = await client.post(hooked.webhook.url, json=update)
        wrong = await client.post(
            hooked.webhook.url,
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": "guess"},
        )
        garbage = await client.post(
            hooked.webhook.url,
            content=b"not json",
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
    assert (missing.status_code, wrong.status_code, garbage.status_code) == (403, 403, 400)
    # The forged /status was never handled: the next real one gets the only answer.
    await emulator.command(ANA, TEAM, "/help")
    await emulator.reply_in(TEAM, "Hello Ana")
    assert len(await emulator.messages(TEAM)) == 1


async def test_the_channel_built_from_settings_polls_by_default(
    emulator: Emulator, workspace: Workspace, store: Store, pump: Pump
) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, telegram_bot_token=SecretStr(TOKEN), telegram_api_url=emulator.api_url
    )
    channel = build_telegram_channel(settings, workspace, store, pump.nudge)
    assert channel.webhook is None
    assert channel.receivers == {"team": TEAM.id}
    await channel.start()
    try:
        await emulator.command(ANA, TEAM, "/status")
        await emulator.reply_in(TEAM, "socialpulse status")
    finally:
        await channel.close()
    assert await emulator.calls("getUpdates")


def test_webhook_settings_become_the_channels_webhook(workspace: Workspace, store: Store) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        telegram_bot_token=SecretStr(TOKEN),
        telegram_mode="webhook",
        telegram_webhook_url="https://bot.example.com/telegram",
        telegram_webhook_secret=SecretStr(SECRET),
        telegram_webhook_port=8443,
    )
    channel = build_telegram_channel(settings, workspace, store, lambda: None)
    assert channel.webhook == Webhook("https://bot.example.com/telegram", SECRET, 8443)
    assert channel.webhook.path == "/telegram"
    assert SECRET not in repr(channel.webhook)
