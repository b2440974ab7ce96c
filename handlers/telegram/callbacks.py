"""Inline-button payloads: short ids that always fit Telegram's 64-byte callback_data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CALLBACK_DATA_LIMIT",
    "LARGEST_ID",
    "SNOOZES",
    "Press",
    "PressAction",
    "decode",
    "encode",
]

CALLBACK_DATA_LIMIT = 64
# SQLite's largest rowid: no draft id is bigger, and a bigger number does not fit a query.
LARGEST_ID = 2**63 - 1
PressAction = Literal["approve", "edit", "reject", "ack", "snooze", "details"]
# The snoozes a button offers; /snooze accepts any duration.
SNOOZES: tuple[str, ...] = ("24h", "7d")

_CODES: dict[PressAction, str] = {
    "approve": "da",
    "edit": "de",
    "reject": "dr",
    "ack": "ak",
    "snooze": "sz",
    "details": "dt",
}
_ACTIONS: dict[str, PressAction] = {code: action for action, code in _CODES.items()}
_DRAFT_ID = re.compile(r"[1-9][0-9]{0,18}")
_ALERT_ID = re.compile(r"[0-9a-f]{4,40}")
# The draft's fingerprint a draft's buttons carry (``bot.draft_review.draft_fingerprint``).
_SEEN = re.compile(r"[0-9a-f]{10}(?:[0-9a-f]{2})?")


@dataclass(frozen=True, slots=True)
class Press:
    """What a button asks for: an action on a draft id or an alert fingerprint; ``arg`` is
    the snooze, or for a draft's button the fingerprint of the draft the message showed
    (empty on buttons made before decisions carried one)."""

    action: PressAction
    target: str
    arg: str = ""

    @property
    def on_draft(self) -> bool:
        return self.action in ("approve", "edit", "reject")


def encode(press: Press) -> str:
    """The callback_data of a button; raises ValueError rather than make one Telegram refuses."""
    if _checked(press.action, press.target, press.arg) is None:
        raise ValueError(f"not a valid button: {press!r}")
    data = f"{_CODES[press.action]}:{press.target}" + (f":{press.arg}" if press.arg else "")
    if len(data.encode("utf-8")) > CALLBACK_DATA_LIMIT:
        raise ValueError(f"callback data over {CALLBACK_DATA_LIMIT} bytes: {data!r}")
    return data


def decode(data: str | None) -> Press | None:
    """The press behind callback_data, or None for anything we did not make."""
    if not data:
        return None
    code, _, rest = data.partition(":")
    target, _, arg = rest.partition(":")
    action = _ACTIONS.get(code)
    if action is None:
        return None
    return _checked(action, target, arg)


def _checked(action: PressAction, target: str, arg: str) -> Press | None:
    if action in ("approve", "edit", "reject"):
        valid = (
            _DRAFT_ID.fullmatch(target) is not None
            and int(target) <= LARGEST_ID
            and (not arg or _SEEN.fullmatch(arg) is not None)
        )
    elif action in ("ack", "details"):
        valid = _ALERT_ID.fullmatch(target) is not None and not arg
    else:
        valid = _ALERT_ID.fullmatch(target) is not None and arg in SNOOZES
    return Press(action, target, arg) if valid else None
