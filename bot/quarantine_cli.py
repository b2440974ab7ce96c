"""The `quarantine` command: what was refused, where and why, newest first; one record in full."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.text import Text

from bot.config.workspace import Workspace
from bot.durations import parse_duration
from bot.models import Quarantined
from bot.rendering import strip_controls
from bot.store import Store

__all__ = ["add_quarantine_parser", "preview", "quarantine_command", "short_reason"]

Since = date | timedelta

PREVIEW_CHARS = 60
# The feed store keeps this much of a quarantined record.
_KEPT_CHARS = 2000
_SPACES = re.compile(r"\s+")


def _since(text: str) -> Since:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    try:
        back = parse_duration(text)
    except ValueError:
        back = timedelta(0)
    if back <= timedelta(0):
        raise argparse.ArgumentTypeError(
            f"{text!r}: give a day (2026-11-24) or how far back to look (24h, 7d)"
        )
    return back


def _record_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid record id: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"no quarantined record can have the id {text}")
    return value


def add_quarantine_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    count: Callable[[str], int],
) -> None:
    """`quarantine list` and `quarantine show ID`; `count` checks --limit."""
    parser = commands.add_parser(
        "quarantine",
        help="records and files the feeds refused, with where and why",
        description="What the feeds and the drop folder quarantined: the file, the line "
        "(or the whole file), the reason and the start of the record as read.",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="quarantined records, most recent first")
    listing.add_argument(
        "--since",
        type=_since,
        metavar="D",
        help="from a day (YYYY-MM-DD, in the workspace's time zone) or for a while back (24h, 7d)",
    )
    listing.add_argument("--source", metavar="S", help="only files whose path contains S")
    listing.add_argument("--limit", type=count, default=50, metavar="N", help="default 50")
    listing.add_argument("--json", action="store_true", help="JSON Lines on stdout, raw in full")
    show = actions.add_parser("show", help="one quarantined record in full")
    show.add_argument("id", type=_record_id, help="record id, as `quarantine list` shows it")


def _start(since: Since | None, zone: ZoneInfo, now: datetime) -> datetime | None:
    if since is None:
        return None
    if isinstance(since, timedelta):
        return now - since
    return datetime.combine(since, time(0), tzinfo=zone)


def short_reason(record: Quarantined) -> str:
    """The reason's first line, without the file name it may start with (shown beside it)."""
    first = record.reason.splitlines()[0] if record.reason else ""
    for prefix in (f"{record.source}: ", f"{PurePath(record.source).name}: "):
        if first.startswith(prefix):
            first = first[len(prefix) :]
            break
    return strip_controls(first)


def preview(raw: str, width: int = PREVIEW_CHARS) -> str:
    """The record on one line, inert in a terminal: controls stripped, spacing collapsed."""
    flat = _SPACES.sub(" ", strip_controls(raw)).strip()
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _say(out: Console, line: str) -> None:
    # A Text is printed as written: no markup, no `:emoji:` codes, no highlighting.
    out.print(Text(line), soft_wrap=True)


def _line(position: int) -> str:
    return "whole file" if position == 0 else str(position)


def _local(stored: str, zone: ZoneInfo) -> str:
    return f"{datetime.fromisoformat(stored).astimezone(zone):%Y-%m-%d %H:%M}"


def _as_json(record: Quarantined) -> str:
    # ASCII escapes keep any control or bidi character in a record from reaching a terminal.
    return json.dumps(
        {
            "id": record.id,
            "source": record.source,
            "line": record.position,
            "reason": record.reason,
            "raw": record.raw,
            "quarantined_at": record.created_at,
        },
        ensure_ascii=True,
    )


def _entry(record: Quarantined, zone: ZoneInfo) -> tuple[str, str]:
    """A record on two lines: id, when, where and why; then the record as read."""
    where = strip_controls(PurePath(record.source).name)
    where += ", whole file" if record.position == 0 else f":{record.position}"
    head = f"{record.id:>4}  {_local(record.created_at, zone)}  {where}  {short_reason(record)}"
    return head, f"      {preview(record.raw) or '(empty)'}"


async def _list(
    store: Store, workspace: Workspace, args: argparse.Namespace, now: datetime, out: Console
) -> int:
    since = _start(args.since, workspace.zone, now)
    records = await store.quarantine.select(since=since, source=args.source, limit=args.limit)
    if args.json:
        for record in records:
            sys.stdout.write(_as_json(record) + "\n")
        return 0
    filters = []
    if since is not None:
        filters.append(f"since {since.astimezone(workspace.zone):%Y-%m-%d %H:%M}")
    if args.source:
        filters.append(f"from files matching {strip_controls(args.source)!r}")
    told = f" {' '.join(filters)}" if filters else ""
    if not records:
        _say(out, f"Nothing quarantined{told}.")
        return 0
    _say(
        out,
        f"Quarantined{told}: {len(records)} shown, most recent first (times in "
        f"{workspace.zone.key}; id, when, file:line, reason, then the record as read)",
    )
    for record in records:
        for line in _entry(record, workspace.zone):
            _say(out, line)
    _say(out, "The whole record: socialpulse quarantine show ID")
    return 0


async def _show(
    store: Store, workspace: Workspace, record_id: int, out: Console, err: Console
) -> int:
    record = await store.quarantine.get(record_id)
    if record is None:
        err.print(f"no quarantined record has the id {record_id}", markup=False)
        return 1
    cut = " (cut here when quarantined)" if len(record.raw) >= _KEPT_CHARS else ""
    lines = [
        f"quarantined record {record.id}",
        f"file:   {strip_controls(record.source)}",
        f"line:   {_line(record.position)}",
        f"when:   {_local(record.created_at, workspace.zone)} {workspace.zone.key}",
        "reason: " + strip_controls(record.reason).replace("\n", "\n        "),
        "record as read:",
        strip_controls(record.raw) + cut,
    ]
    for line in lines:
        _say(out, line)
    return 0


async def quarantine_command(
    store: Store,
    workspace: Workspace,
    args: argparse.Namespace,
    now: datetime,
    out: Console,
    err: Console,
) -> int:
    """`socialpulse quarantine list|show`."""
    if args.action == "show":
        return await _show(store, workspace, args.id, out, err)
    return await _list(store, workspace, args, now, out)
