"""Builds one channel per configured receiver."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console

from bot.channel import Channel
from bot.config.errors import ConfigError, ConfigProblem
from bot.config.workspace import Workspace
from bot.notices import NoticeKind
from bot.rendering import Renderer
from bot.settings import Settings
from bot.store import Store
from handlers.console import ConsoleChannel

__all__ = ["build_channels"]


def build_channels(
    settings: Settings,
    workspace: Workspace,
    store: Store,
    console: Console | None = None,
    quiet_drafts: bool = False,
    nudge: Callable[[], None] = lambda: None,
) -> dict[str, Channel]:
    """One channel per receiver name. Console receivers print to `console` (`quiet_drafts`
    records review requests as delivered without printing them: the demo prints the most
    urgent itself); one Slack channel serves every Slack receiver, one Telegram channel every
    Telegram receiver. Their libraries are imported only when such a receiver exists."""
    renderer = Renderer()
    channels: dict[str, Channel] = {}
    limits: dict[NoticeKind, int] | None = {"draft": 0} if quiet_drafts else None
    kinds = {receiver.kind for receiver in workspace.receivers}
    for receiver in workspace.receivers:
        if receiver.kind == "console":
            channels[receiver.name] = ConsoleChannel(
                renderer,
                console,
                receiver.name,
                show_at_most=limits,
                connected=lambda brand, platform: (
                    workspace.publishing_for(brand, platform) is not None
                ),
            )
    try:
        if "slack" in kinds:
            from handlers.slack import build_slack_channel

            slack = build_slack_channel(
                settings, workspace, store, nudge, host=settings.slack_http_host
            )
            channels.update(dict.fromkeys(slack.receivers, slack))
        if "telegram" in kinds:
            from handlers.telegram import build_telegram_channel

            telegram = build_telegram_channel(settings, workspace, store, nudge)
            channels.update(dict.fromkeys(telegram.receivers, telegram))
    except ValueError as exc:
        raise ConfigError([ConfigProblem("environment", "", str(exc))]) from exc
    return channels
