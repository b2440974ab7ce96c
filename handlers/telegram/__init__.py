"""The Telegram side of socialpulse (python-telegram-bot): one channel serving every chat."""

from __future__ import annotations

from collections.abc import Callable

from bot.config.workspace import Workspace
from bot.settings import Settings
from bot.store import Store
from handlers.telegram.channel import TelegramChannel
from handlers.telegram.webhook import Webhook

__all__ = ["TelegramChannel", "build_telegram_channel"]


def build_telegram_channel(
    settings: Settings,
    workspace: Workspace,
    store: Store,
    nudge: Callable[[], None],
) -> TelegramChannel:
    """The channel for every `kind: telegram` receiver, configured from the settings.

    `nudge` asks the pipeline to run a step now, so a decision made in a chat edits the
    review message at once. `/summary` draws its charts in `settings.chart_dir`. Call
    `start()` inside the running loop and `close()` at the end.
    """
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    webhook = None
    if settings.telegram_mode == "webhook":
        if settings.telegram_webhook_url is None or settings.telegram_webhook_secret is None:
            raise ValueError("webhook mode needs TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET")
        webhook = Webhook(
            url=settings.telegram_webhook_url,
            secret=settings.telegram_webhook_secret.get_secret_value(),
            port=settings.telegram_webhook_port,
        )
    return TelegramChannel(
        settings.telegram_bot_token.get_secret_value(),
        workspace,
        store,
        nudge,
        api_url=settings.telegram_api_url,
        webhook=webhook,
        chart_dir=settings.chart_dir,
    )
