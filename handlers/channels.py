"""Builds one channel per configured receiver."""

from __future__ import annotations

from rich.console import Console

from bot.channel import Channel
from bot.config_errors import ConfigError, ConfigProblem
from bot.notices import NoticeKind
from bot.rendering import Renderer
from bot.settings import Settings
from bot.store import Store
from bot.workspace import Workspace
from handlers.console import ConsoleChannel


def build_channels(
    settings: Settings,
    workspace: Workspace,
    store: Store,
    console: Console | None = None,
    quiet_drafts: bool = False,
) -> dict[str, Channel]:
    """Console receivers print to `console`; `quiet_drafts` records review requests as
    delivered without printing them (the demo prints the most urgent ones itself)."""
    renderer = Renderer()
    channels: dict[str, Channel] = {}
    problems: list[ConfigProblem] = []
    limits: dict[NoticeKind, int] | None = {"draft": 0} if quiet_drafts else None
    for index, receiver in enumerate(workspace.receivers):
        if receiver.kind == "console":
            channels[receiver.name] = ConsoleChannel(
                renderer,
                console,
                receiver.name,
                show_at_most=limits,
            )
        else:
            problems.append(
                ConfigProblem(
                    str(settings.workspace),
                    f"receivers[{index}]",
                    f"{receiver.kind} receivers are not available in this version of socialpulse",
                )
            )
    if problems:
        raise ConfigError(problems)
    return channels
