"""Drafts and alerts at a terminal: lists whose ids never fold away, one in full, and JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table
from rich.text import Text

from bot.draft_review import DraftRecord
from bot.models import UNTIL_RESOLVED, AlertRecord, Silence
from bot.quarantine_cli import preview
from bot.rendering import strip_controls

__all__ = [
    "ALERTS_LISTED",
    "alert_id",
    "alert_json",
    "draft_json",
    "print_alert",
    "print_alerts",
    "print_draft",
    "print_drafts",
    "write_json",
]

# How many alerts `alerts list --all` shows unless told: a screenful, not every alert ever
# resolved.
ALERTS_LISTED = 200

# What a list shows of a comment and of a reply; `show ID` prints them whole.
COMMENT_CHARS = 200
REPLY_CHARS = 280
# The alert id as lists, chats and `alerts ack` use it: a fingerprint prefix.
ALERT_ID_CHARS = 8


def write_json(items: Iterable[dict[str, Any]]) -> None:
    """JSON Lines on stdout: one object per line, ASCII only, so no control or bidi character
    in a comment reaches a terminal."""
    for item in items:
        sys.stdout.write(json.dumps(item, ensure_ascii=True, sort_keys=True, default=str) + "\n")


def _plain(value: str) -> Text:
    """Untrusted text shown as written: no markup, no emoji codes, no control characters."""
    return Text(strip_controls(value))


def _say(out: Console, line: str | Text) -> None:
    out.print(line if isinstance(line, Text) else _plain(line), soft_wrap=True)


def _local(stamp: str | None, zone: ZoneInfo) -> str:
    if not stamp:
        return "-"
    return f"{datetime.fromisoformat(stamp).astimezone(zone):%Y-%m-%d %H:%M}"


def _table(title: str, widest_id: str) -> Table:
    table = Table(
        title=title, title_justify="left", show_edge=False, header_style="bold", pad_edge=False
    )
    # The id is what every other command needs: it never wraps, shrinks or gives way to "…".
    table.add_column("id", no_wrap=True, min_width=max(len(widest_id), 2), justify="right")
    return table


# --- drafts ------------------------------------------------------------------------------


def draft_json(d: DraftRecord) -> dict[str, Any]:
    """A draft as `drafts list --json` and `drafts show --json` print it (docs/cli.md)."""
    return {
        "id": d.id,
        "status": d.status.value,
        "brand": d.brand,
        "platform": d.platform,
        "action": d.action,
        "text": d.text,
        "note": d.note,
        "priority": round(d.priority, 1),
        "intents": list(d.intents),
        "sentiment": d.sentiment,
        "comment": {
            "key": d.comment_key,
            "author": d.author,
            "text": d.comment_text,
            "created_at": d.comment_created_at,
            "post_id": d.post_id,
        },
        "created_at": d.created_at,
        "decided_by": d.decided_by,
        "decided_at": d.decided_at,
        "reason": d.reason,
        "published_at": d.published_at,
    }


def _reply(d: DraftRecord, limit: int | None) -> str:
    text = d.text if limit is None else preview(d.text, limit)
    if d.action == "reply":
        return text
    return f"{d.action}: {text}" if text else d.action


def print_drafts(records: Sequence[DraftRecord], title: str, out: Console) -> None:
    if not records:
        _say(out, f"{title}: none.")
        return
    table = _table(title, max((str(d.id) for d in records), key=len))
    table.add_column("prio", no_wrap=True, justify="right")
    table.add_column("brand", no_wrap=True)
    table.add_column("comment", overflow="fold", ratio=1)
    table.add_column("reply", overflow="fold", ratio=1)
    for d in records:
        comment = Text(strip_controls(f"{d.author}: "), style="bold")
        comment.append(strip_controls(preview(d.comment_text, COMMENT_CHARS)))
        if d.intents:
            comment.append("\n" + ", ".join(d.intents), style="dim")
        table.add_row(
            str(d.id),
            f"{d.priority:.0f}",
            _plain(f"{d.brand}\n{d.platform}"),
            comment,
            _plain(_reply(d, REPLY_CHARS)),
        )
    out.print(table)
    _say(out, "A draft in full, with its history: socialpulse drafts show ID")


def _draft_history(d: DraftRecord, zone: ZoneInfo) -> list[tuple[str, str]]:
    events = [(d.comment_created_at, f"comment posted by {d.author}")]
    events.append(
        (d.created_at, "drafted" + (", no review asked" if d.status.value == "new" else ""))
    )
    if d.decided_at:
        decided = {"edited": "edited and approved", "published": "approved"}.get(
            d.status.value, d.status.value
        )
        why = f": {d.reason}" if d.reason else ""
        events.append((d.decided_at, f"{decided} by {d.decided_by or '?'}{why}"))
    if d.published_at:
        events.append((d.published_at, "published"))
    return [(_local(at, zone), what) for at, what in sorted(events)]


def print_draft(d: DraftRecord, zone: ZoneInfo, out: Console) -> None:
    """Everything about one draft: the whole comment, how it was read, the whole reply."""
    _say(out, f"draft {d.id} · {d.status.value} · {d.brand} on {d.platform}")
    _say(out, f"comment by {d.author}, {_local(d.comment_created_at, zone)} (post {d.post_id}):")
    _say(out, d.comment_text)
    _say(
        out,
        f"reading: {d.sentiment or 'not analysed'} · intents: {', '.join(d.intents) or '-'} · "
        f"priority {d.priority:.0f}",
    )
    if d.action != "reply":
        _say(out, f"action: {d.action}")
    if d.text or d.action == "reply":
        _say(out, "reply:")
        _say(out, d.text or "(empty)")
    if d.note:
        _say(out, f"note: {d.note}")
    _say(out, f"history ({zone.key}):")
    for at, what in _draft_history(d, zone):
        _say(out, f"  {at}  {what}")
    if d.status.value == "pending_review":
        _say(
            out,
            f'decide: socialpulse drafts approve {d.id} | edit {d.id} "TEXT" | '
            f"reject {d.id} [--reason R]",
        )


# --- alerts ------------------------------------------------------------------------------


def alert_id(a: AlertRecord) -> str:
    return a.fingerprint[:ALERT_ID_CHARS]


def _silences_of(a: AlertRecord, silences: Sequence[Silence]) -> list[Silence]:
    return [s for s in silences if s.mutes(a.labels, a.fingerprint)]


def alert_json(a: AlertRecord, silences: Sequence[Silence]) -> dict[str, Any]:
    """An alert as `alerts list --json` and `alerts show --json` print it (docs/cli.md)."""
    return {
        "id": alert_id(a),
        "fingerprint": a.fingerprint,
        "alertname": a.alertname,
        "state": a.state.value,
        "severity": a.severity,
        "labels": a.labels,
        "summary": a.summary,
        "value": a.value,
        "baseline": a.baseline,
        "evidence": a.details.get("evidence", {}),
        "suggestions": a.details.get("suggestions", []),
        "started_at": a.started_at,
        "firing_at": a.firing_at,
        "resolved_at": a.resolved_at,
        "acked_by": a.acked_by,
        "silenced_until": [
            None if s.ends_at == UNTIL_RESOLVED else s.ends_at for s in _silences_of(a, silences)
        ],
    }


def print_alerts(records: Sequence[AlertRecord], title: str, out: Console) -> None:
    if not records:
        _say(out, f"{title}: none.")
        return
    table = _table(title, "x" * ALERT_ID_CHARS)
    table.add_column("state", no_wrap=True)
    table.add_column("alert", overflow="fold", ratio=1)
    table.add_column("summary", overflow="fold", ratio=2)
    for a in records:
        alert = Text(a.alertname, style="bold")
        campaign = a.labels.get("campaign", "")
        if campaign:
            alert.append("\n" + strip_controls(campaign))
        state = f"{a.state.value}\n{a.severity}" + (f"\nacked: {a.acked_by}" if a.acked_by else "")
        table.add_row(alert_id(a), _plain(state), alert, _plain(a.summary))
    out.print(table)
    _say(out, "An alert in full: socialpulse alerts show ID · silence one: alerts snooze ID 24h")


def _alert_history(
    a: AlertRecord, silences: Sequence[Silence], zone: ZoneInfo
) -> list[tuple[str, str]]:
    events = [(a.started_at, "condition true (pending)")]
    if a.firing_at:
        events.append((a.firing_at, "firing"))
    for s in silences:
        until = "it resolves" if s.ends_at == UNTIL_RESOLVED else _local(s.ends_at, zone)
        events.append((s.starts_at, f"snoozed by {s.created_by} until {until} (silence {s.id})"))
    if a.resolved_at:
        events.append((a.resolved_at, "resolved"))
    lines = [(_local(at, zone), what) for at, what in sorted(events)]
    if a.acked_by:
        lines.append(("", f"acknowledged by {a.acked_by}"))
    return lines


def print_alert(a: AlertRecord, silences: Sequence[Silence], zone: ZoneInfo, out: Console) -> None:
    """Everything about one alert: labels, values, evidence (money at stake), suggestions."""
    _say(out, f"alert {alert_id(a)} · {a.alertname} · {a.state.value} · {a.severity}")
    _say(out, f"fingerprint: {a.fingerprint}")
    _say(out, a.summary)
    _say(out, "labels:")
    for name, value in sorted(a.labels.items()):
        _say(out, f"  {name}: {value}")
    if a.value is not None or a.baseline is not None:
        value = "-" if a.value is None else f"{a.value:,.2f}"
        baseline = "-" if a.baseline is None else f"{a.baseline:,.2f}"
        _say(out, f"value {value} · baseline {baseline}")
    evidence = a.details.get("evidence", {})
    if isinstance(evidence, dict) and evidence:
        _say(out, "evidence:")
        for name, text in evidence.items():
            _say(out, f"  {name}: {text}")
    suggestions = a.details.get("suggestions", [])
    if isinstance(suggestions, list) and suggestions:
        _say(out, "suggestions:")
        for s in suggestions:
            if not isinstance(s, dict):
                continue
            effect = f" (expected: {s['expected_effect']})" if s.get("expected_effect") else ""
            _say(out, f"  → {s.get('action', '')}: {s.get('detail', '')}{effect}")
    _say(out, f"history ({zone.key}):")
    for at, what in _alert_history(a, _silences_of(a, silences), zone):
        _say(out, f"  {at or ' ' * 16}  {what}")
