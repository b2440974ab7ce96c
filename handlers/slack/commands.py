"""The `/socialpulse` slash command: its subcommands, their arguments and the usage text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.snooze import BadSnooze, parse_snooze
from handlers.slack.escape import code

__all__ = [
    "COMMAND",
    "SUBCOMMANDS",
    "Command",
    "Name",
    "UsageError",
    "parse_command",
    "usage",
]

COMMAND = "/socialpulse"

Name = Literal["help", "summary", "alerts", "drafts", "ack", "snooze", "status", "hashtags"]

# (name, arguments, what it does) — the usage text is built from this table.
SUBCOMMANDS: tuple[tuple[Name, str, str], ...] = (
    ("help", "", "this list"),
    ("summary", "[yesterday|YYYY-MM-DD]", "the stand-up summary of a day (default: yesterday)"),
    ("alerts", "[all]", "firing alerts (all: pending ones too)"),
    ("drafts", "[brand]", "reply drafts waiting for review, most urgent first"),
    ("ack", "<alert id>", "acknowledge one alert: its message says who and when"),
    ("snooze", "<alert id> <24h|7d|until-resolved>", "silence one alert"),
    ("status", "", "what socialpulse is doing: queues, alerts, drafts"),
    (
        "hashtags",
        "<brand> <post text>",
        "hashtags for a planned post, by relevance and lift",
    ),
)
_NAMES = {name for name, _, _ in SUBCOMMANDS}
_ALERT_ID = re.compile(r"[0-9a-f]{4,64}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class UsageError(ValueError):
    """The command was not understood; the message says what to type instead.

    The message is Slack mrkdwn: the words it quotes from the command are made inert (`code`).
    """

    def __init__(self, message: str, name: Name | None = None) -> None:
        super().__init__(message)
        self.name = name


@dataclass(frozen=True, slots=True)
class Command:
    name: Name
    args: tuple[str, ...] = ()


def usage(name: Name) -> str:
    arguments = next(args for n, args, _ in SUBCOMMANDS if n == name)
    return f"{COMMAND} {name} {arguments}".rstrip()


def parse_command(text: str) -> Command:
    """Read the text after `/socialpulse`; raises UsageError naming the problem."""
    words = text.split()
    if not words:
        return Command("help")
    first = words[0].lower()
    if first not in _NAMES:
        raise UsageError(f"unknown command {code(words[0])}")
    name: Name = first
    args = tuple(words[1:])
    if name in ("help", "status") and args:
        raise UsageError(f"{code(name)} takes no arguments", name)
    if name == "summary":
        if len(args) > 1:
            raise UsageError("give at most one day", name)
        if args and args[0].lower() != "yesterday" and not _DAY.fullmatch(args[0]):
            raise UsageError(f"{code(args[0])} is not a day; use yesterday or 2026-11-24", name)
        if args and _DAY.fullmatch(args[0]):
            try:
                date.fromisoformat(args[0])
            except ValueError:
                raise UsageError(f"{code(args[0])} is not a real date", name) from None
    if name == "alerts" and (len(args) > 1 or (args and args[0].lower() != "all")):
        raise UsageError("the only option is `all`", name)
    if name == "drafts" and len(args) > 1:
        raise UsageError("give at most one brand", name)
    if name == "ack":
        if len(args) != 1:
            raise UsageError("give one alert id", "ack")
        args = (_alert_id(args[0], "ack"),)
    if name == "snooze":
        args = _snooze_args(args)
    if name == "hashtags":
        parts = text.split(maxsplit=2)
        if len(parts) < 3:
            raise UsageError("give a brand and the text of the planned post", name)
        args = (parts[1], parts[2])
    return Command(name, args)


def _snooze_args(args: tuple[str, ...]) -> tuple[str, ...]:
    if len(args) != 2:
        raise UsageError("give an alert id and a duration", "snooze")
    alert = _alert_id(args[0], "snooze")
    try:
        snooze = parse_snooze(args[1])
    except BadSnooze as problem:
        raise UsageError(problem.explain(code), "snooze") from None
    return (alert, snooze.text)


def _alert_id(word: str, name: Name) -> str:
    alert = word.lower()
    if _ALERT_ID.fullmatch(alert) is None:
        raise UsageError(f"{code(word)} is not an alert id; `{COMMAND} alerts` shows them", name)
    return alert
