"""Where messages go: the console, a Slack channel or a Telegram chat, each named."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from bot.config.fields import Name, Section, SlackChannel, TimeZoneName

__all__ = [
    "RECEIVER_KINDS",
    "ConsoleReceiver",
    "Receiver",
    "SlackReceiver",
    "TelegramReceiver",
    "default_receivers",
]

RECEIVER_KINDS: tuple[str, ...] = ("console", "slack", "telegram")


class ConsoleReceiver(Section):
    """Messages printed to the terminal the bot runs in."""

    name: Name
    kind: Literal["console"]
    timezone: TimeZoneName | None = None


class SlackReceiver(Section):
    """A Slack channel, named by its id."""

    name: Name
    kind: Literal["slack"]
    channel: SlackChannel
    timezone: TimeZoneName | None = None


class TelegramReceiver(Section):
    """A Telegram chat (group, supergroup or private), named by its numeric id."""

    name: Name
    kind: Literal["telegram"]
    chat_id: int
    timezone: TimeZoneName | None = None


Receiver = Annotated[
    ConsoleReceiver | SlackReceiver | TelegramReceiver, Field(discriminator="kind")
]


def default_receivers() -> tuple[Receiver, ...]:
    return (ConsoleReceiver(name="console", kind="console"),)
