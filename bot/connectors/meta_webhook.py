"""Meta webhook deliveries (Facebook Page `feed`, Instagram `comments`) read as comment changes."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.config.comments_in import CommentsIn
from bot.connectors.records import Refused, feed_comment, platform_time
from bot.feeds.screen import Screen
from bot.models import CommentChange, Rejected, Verb

__all__ = [
    "SOURCE",
    "MetaDelivery",
    "read_delivery",
]

SOURCE = "webhook:meta"
RAW_LIMIT = 2000
# Meta writes "edited" for a changed comment, and sometimes "edit".
_VERBS: dict[str, Verb] = {"add": "add", "edited": "edited", "edit": "edited", "remove": "remove"}
_OBJECTS = {"page": "facebook", "instagram": "instagram"}


@dataclass(slots=True)
class MetaDelivery:
    """What one POST held: comment changes, items refused (with why), others ignored."""

    changes: list[CommentChange] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    ignored: int = 0


def _text_field(obj: Mapping[str, Any], name: str) -> str:
    value = obj.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise Refused(f"{name}: missing" if value is None else f"{name}: expected a string")
    return value.strip()


def _author(value: Mapping[str, Any]) -> str:
    who = value.get("from")
    if not isinstance(who, dict):
        raise Refused("from: missing")
    for name in ("username", "name", "id"):
        found = who.get(name)
        if isinstance(found, str) and found.strip():
            return found.strip()
    raise Refused("from: has no username, name or id")


def read_delivery(body: bytes, section: CommentsIn, screen: Screen, now: datetime) -> MetaDelivery:
    """Read a signed delivery's body. Raises ValueError when the body as a whole is not a
    Meta delivery (the caller quarantines it whole)."""
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"not JSON: {exc}") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        raise ValueError('expected an object with an "entry" list')
    platform = _OBJECTS.get(str(payload.get("object")))
    delivery = MetaDelivery()
    if platform is None:
        delivery.ignored += len(payload["entry"])
        return delivery
    position = 0
    for entry in payload["entry"]:
        changes = entry.get("changes") if isinstance(entry, dict) else None
        if not isinstance(changes, list):
            position += 1
            delivery.rejected.append(_rejected(entry, position, 'entry: no "changes" list'))
            continue
        for change in changes:
            position += 1
            try:
                item = _read_change(platform, entry, change, section, screen, now, position)
            except Refused as problem:
                delivery.rejected.append(_rejected(change, position, str(problem)))
                continue
            if item is None:
                delivery.ignored += 1
            else:
                delivery.changes.append(item)
    return delivery


def _rejected(item: object, position: int, reason: str) -> Rejected:
    raw = json.dumps(item, ensure_ascii=False, default=str)[:RAW_LIMIT]
    return Rejected(SOURCE, position, raw, reason)


def _read_change(
    platform: str,
    entry: Mapping[str, Any],
    change: object,
    section: CommentsIn,
    screen: Screen,
    now: datetime,
    position: int,
) -> CommentChange | None:
    if not isinstance(change, dict) or not isinstance(change.get("value"), dict):
        raise Refused('change: expected an object with a "value" object')
    value: dict[str, Any] = change["value"]
    wanted = "feed" if platform == "facebook" else "comments"
    if change.get("field") != wanted or (platform == "facebook" and value.get("item") != "comment"):
        return None  # posts, reactions, mentions…: not comments
    account_id = str(entry.get("id", ""))
    account = section.account(platform, account_id)
    if account is None:
        raise Refused(f"{platform} account {account_id!r} is not in comments_in.accounts")
    entry_time = entry.get("time")
    if platform == "facebook":
        verb = _VERBS.get(str(value.get("verb")))
        if verb is None:
            return None  # hide, unhide, block…: the comment itself is unchanged
        comment_id = _text_field(value, "comment_id")
        post_id = _text_field(value, "post_id")
        created = value.get("created_time", entry_time)
        parent = value.get("parent_id")
        text_name = "message"
    else:
        verb = "add"
        comment_id = _text_field(value, "id")
        media = value.get("media")
        post_id = _text_field(media if isinstance(media, dict) else {}, "id")
        created = entry_time
        parent = value.get("parent_id")
        text_name = "text"
    key = f"{platform}:{comment_id}"
    changed_at = platform_time(entry_time if entry_time is not None else created, "time")
    if verb == "remove":
        return CommentChange("remove", key, changed_at, position=position)
    record = {
        "id": comment_id,
        "platform": platform,
        "brand": account.brand,
        "post_id": post_id,
        "author": _author(value),
        "text": value.get(text_name, ""),
        "created_at": platform_time(created, "created_time").isoformat(),
        "parent_id": parent if isinstance(parent, str) and parent != post_id else None,
    }
    comment = feed_comment(record, SOURCE, position, screen, now)
    return CommentChange(verb, key, changed_at, comment, position)
