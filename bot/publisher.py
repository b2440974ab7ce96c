"""Where approved replies go back to the platform; in sample mode, an append-only outbox file."""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bot.connectors.errors import (
    CommentGone,
    ConnectorError,
    Refused,
    Throttled,
    TokenRefused,
    Unsure,
)
from bot.draft_review import DraftRecord, takes_reply
from bot.store import DraftStore

log = logging.getLogger(__name__)

__all__ = [
    "CommentGone",
    "OutboxFilePublisher",
    "PlatformPublisher",
    "PostedReply",
    "PublishError",
    "Publisher",
    "Refused",
    "Throttled",
    "TokenRefused",
    "Unsure",
    "publication",
    "publish_approved",
]


class Publisher(Protocol):
    """What the pipeline publishes through: the drafts to publish now, and publishing one.

    `publish` answers True when the draft is published (or was already), False when it waits
    (a throttled or paused account) or was closed (its comment is gone)."""

    async def pending(self, drafts: DraftStore) -> Sequence[DraftRecord]: ...

    async def publish(self, draft: DraftRecord) -> bool: ...


@dataclass(frozen=True, slots=True)
class PostedReply:
    """A reply on the platform, by the platform's own id for it."""

    id: str


class PlatformPublisher(Protocol):
    """One platform account (a Facebook Page, an Instagram account, a YouTube channel) that
    replies to and hides comments; every failure is a `PublishError`."""

    platform: str
    account: str

    async def reply(self, comment_id: str, text: str) -> PostedReply: ...

    async def hide(self, comment_id: str) -> None: ...

    async def find_reply(self, comment_id: str, text: str) -> PostedReply | None:
        """The account's own reply with this text under the comment, if it is there."""
        ...


# --- what a platform answers: the connectors' one error family (bot/connectors/errors.py) ---

# A platform did not take a reply or a hide; the subclass says what to do next.
PublishError = ConnectorError


def publication(draft: DraftRecord) -> dict[str, object]:
    """What goes back to the platform: a reply with its text, or a hide with none."""
    published: dict[str, object] = {
        "draft_id": draft.id,
        "comment": draft.comment_key,
        "platform": draft.platform,
        "brand": draft.brand,
        "action": "reply" if takes_reply(draft.action) else "hide",
        "approved_by": draft.decided_by,
    }
    if takes_reply(draft.action):
        published["text"] = draft.text
    return published


class OutboxFilePublisher:
    """Appends one JSON line per publication (see `publication`); a draft already in the file is
    not re-added."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._published: set[int] | None = None

    def _load(self) -> set[int]:
        ids: set[int] = set()
        if self.path.exists():
            with self.path.open(encoding="utf-8") as handle:
                for line in handle:
                    try:
                        ids.add(int(json.loads(line)["draft_id"]))
                    except (ValueError, KeyError, TypeError):
                        continue
        return ids

    def _append(self, draft: DraftRecord) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(publication(draft), ensure_ascii=False)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    async def pending(self, drafts: DraftStore) -> Sequence[DraftRecord]:
        return await drafts.publishable()

    async def publish(self, draft: DraftRecord) -> bool:
        if self._published is None:
            self._published = await asyncio.to_thread(self._load)
        if draft.id in self._published:
            return True
        await asyncio.to_thread(self._append, draft)
        self._published.add(draft.id)
        return True


async def publish_approved(drafts: DraftStore, publisher: Publisher) -> int:
    """Publish every approved or edited draft once and mark it published (a draft with no reply
    and no hide to publish is never picked: see `DraftStore.publishable`). A draft the
    publisher holds back (throttled, paused account, deleted comment) stays as it is."""
    done = 0
    for draft in await publisher.pending(drafts):
        if not await publisher.publish(draft):
            continue
        await drafts.mark_published(draft.id)
        log.info(
            "reply published draft=%d platform=%s action=%s", draft.id, draft.platform, draft.action
        )
        done += 1
    return done
