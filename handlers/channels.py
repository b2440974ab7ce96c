"""Builds one channel per configured receiver."""

from __future__ import annotations

from rich.console import Console

from bot.channel import Channel
from bot.config_errors import ConfigError, ConfigProblem
from bot.rendering import Renderer
from bot.settings import Settings
from bot.workspace import Workspace
from handlers.console import ConsoleChannel


def build_channels(
    settings: Settings,
    workspace: Workspace,
    console: Console | None = None,
    demo_show: int | None = None,
) -> dict[str, Channel]:
    """Console receivers print to `console`; a demo prints only `demo_show` of each kind."""
    renderer = Renderer()
    channels: dict[str, Channel] = {}
    problems: list[ConfigProblem] = []
    limits = {"draft": demo_show, "decision": demo_show} if demo_show is not None else None
    for index, receiver in enumerate(workspace.receivers):
        if receiver.kind == "console":
            channels[receiver.name] = ConsoleChannel(
                renderer,
                console,
                receiver.name,
                show_at_most=limits,  # type: ignore[arg-type]
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
