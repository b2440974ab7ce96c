"""The generic signed webhook: comments in the file feeds' JSON, from any sender with a secret."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.config.comments_in import HookSource
from bot.feeds.jsonl import parse_comment
from bot.feeds.screen import Screen
from bot.models import PLATFORMS, Comment, CommentChange, Rejected, Verb

__all__ = [
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "GenericRefused",
    "read_generic",
    "sign_generic",
]

SIGNATURE_HEADER = "X-Socialpulse-Signature"
TIMESTAMP_HEADER = "X-Socialpulse-Timestamp"
# A delivery signed longer ago than this (or this far ahead) is refused as a replay.
MAX_AGE = timedelta(minutes=5)
RAW_LIMIT = 2000
_EVENTS: dict[str, Verb] = {"add": "add", "edited": "edited", "remove": "remove"}


class GenericRefused(Exception):
    """The delivery as a whole is refused; `status` is the HTTP answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def sign_generic(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header value: HMAC-SHA256 of ``{timestamp}.`` followed by the raw body."""
    message = timestamp.encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def _check_signature(secret: str, body: bytes, headers: Mapping[str, str], now: datetime) -> None:
    stamp = headers.get(TIMESTAMP_HEADER, "").strip()
    if not stamp.isdigit():
        raise GenericRefused(403, f"{TIMESTAMP_HEADER}: missing or not Unix seconds")
    signature = headers.get(SIGNATURE_HEADER, "").strip()
    expected = sign_generic(secret, stamp, body)
    if not hmac.compare_digest(expected.encode(), signature.encode("ascii", "replace")):
        raise GenericRefused(403, f"{SIGNATURE_HEADER}: does not sign this body and timestamp")
    age = now - datetime.fromtimestamp(int(stamp), UTC)
    if abs(age) > MAX_AGE:
        raise GenericRefused(403, f"{TIMESTAMP_HEADER}: signed {age} ago; refused as a replay")


def read_generic(
    name: str,
    source: HookSource,
    secret: str,
    body: bytes,
    headers: Mapping[str, str],
    screen: Screen,
    now: datetime,
) -> tuple[list[CommentChange], list[Rejected]]:
    """Check the signature and timestamp, then read each comment object as a feed line."""
    _check_signature(secret, body, headers, now)
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise GenericRefused(400, f"body is not JSON: {exc}") from None
    items = payload if isinstance(payload, list) else [payload]
    label = f"webhook:{name}"
    changes: list[CommentChange] = []
    rejected: list[Rejected] = []
    for position, item in enumerate(items, start=1):
        raw = json.dumps(item, ensure_ascii=False, default=str)
        try:
            changes.append(_change(item, raw, label, position, source, screen, now))
        except ValueError as problem:
            rejected.append(Rejected(label, position, raw[:RAW_LIMIT], str(problem)))
    return changes, rejected


def _change(
    item: Any,
    raw: str,
    label: str,
    position: int,
    source: HookSource,
    screen: Screen,
    now: datetime,
) -> CommentChange:
    if not isinstance(item, dict):
        raise ValueError("expected a JSON object")
    verb = _EVENTS.get(str(item.get("event", "add")))
    if verb is None:
        raise ValueError(f"event: expected one of {', '.join(_EVENTS)}")
    changed_at = now
    if item.get("changed_at") is not None:
        try:
            changed_at = datetime.fromisoformat(str(item["changed_at"])).astimezone(UTC)
        except ValueError:
            raise ValueError("changed_at: not an ISO-8601 timestamp") from None
    if verb == "remove":
        platform, ident = str(item.get("platform", "")).lower(), str(item.get("id", "")).strip()
        if platform not in PLATFORMS or not ident:
            raise ValueError("a removal needs the comment's platform and id")
        return CommentChange("remove", f"{platform}:{ident}", changed_at, position=position)
    parsed = parse_comment(raw, label, position)
    if isinstance(parsed, Rejected):
        raise ValueError(parsed.reason)
    assert isinstance(parsed, Comment)
    if source.brand is not None and parsed.brand != source.brand:
        raise ValueError(f"brand {parsed.brand!r}: this source sends for {source.brand!r} only")
    problem = screen.problem(parsed, now)
    if problem is not None:
        raise ValueError(problem)
    when = changed_at if verb == "edited" else parsed.created_at
    return CommentChange(verb, parsed.key, when, parsed, position)
