"""Inline keyboards under review requests and alerts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.draft_review import BY_HAND, takes_reply
from handlers.telegram.callbacks import Press, decode, encode

__all__ = ["MAX_ALERT_ROWS", "alert_keyboard", "review_keyboard", "without_alert"]

# One row per alert; a group bigger than this is answered with /alerts and /snooze.
MAX_ALERT_ROWS = 8


def _button(text: str, press: Press) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(press))


def review_keyboard(draft_id: int, action: str = "reply", seen: str = "") -> InlineKeyboardMarkup:
    """The decisions a draft allows: a reply is approved, edited or rejected; a draft to answer
    by hand has no reply to approve until one is written; a hide takes no text. Every
    button carries ``seen``, the fingerprint of the draft the message shows, so a draft
    updated since is not approved, edited or rejected from it."""
    target = str(draft_id)
    reject = _button("❌ Reject", Press("reject", target, seen))
    if not takes_reply(action):
        row = [_button("🙈 Hide", Press("approve", target, seen)), reject]
    elif action == BY_HAND:
        row = [_button("✍️ Write reply", Press("edit", target, seen)), reject]
    else:
        row = [
            _button("✅ Approve", Press("approve", target, seen)),
            _button("✏️ Edit", Press("edit", target, seen)),
            reject,
        ]
    return InlineKeyboardMarkup([row])


def alert_keyboard(alerts: Sequence[Mapping[str, Any]]) -> InlineKeyboardMarkup | None:
    """Acknowledge / snooze buttons for each alert not yet acknowledged or snoozed."""
    open_alerts = [a for a in alerts if not a.get("acked_by") and not a.get("snoozed_by")]
    open_alerts = open_alerts[:MAX_ALERT_ROWS]
    if not open_alerts:
        return None
    single = len(open_alerts) == 1
    rows = []
    for alert in open_alerts:
        fingerprint = str(alert["fingerprint"])
        ack = "✔ Acknowledge" if single else f"✔ {fingerprint[:8]}"
        rows.append(
            [
                _button(ack, Press("ack", fingerprint)),
                _button("💤 24 h", Press("snooze", fingerprint, "24h")),
                _button("💤 7 days", Press("snooze", fingerprint, "7d")),
                _button("📊 Details", Press("details", fingerprint)),
            ]
        )
    return InlineKeyboardMarkup(rows)


def without_alert(markup: InlineKeyboardMarkup | None, fingerprint: str) -> InlineKeyboardMarkup:
    """The keyboard with the row of one alert removed (an empty keyboard removes it)."""
    rows = []
    for row in markup.inline_keyboard if markup else ():
        presses = [decode(b.callback_data) for b in row if isinstance(b.callback_data, str)]
        if any(p is not None and p.target == fingerprint for p in presses):
            continue
        rows.append(list(row))
    return InlineKeyboardMarkup(rows)
