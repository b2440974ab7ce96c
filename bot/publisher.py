"""Where approved replies go back to the platform; in sample mode, an append-only outbox file."""

from __future__ import annotations

import asyncio
import json
import logging
import os
from pathlib import Path
from typing import Protocol

from bot.store.drafts import DraftRecord, DraftStore, takes_reply

log = logging.getLogger(__name__)


class Publisher(Protocol):
    async def publish(self, draft: DraftRecord) -> None: ...


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

    async def publish(self, draft: DraftRecord) -> None:
        if self._published is None:
            self._published = await asyncio.to_thread(self._load)
        if draft.id in self._published:
            return
        await asyncio.to_thread(self._append, draft)
        self._published.add(draft.id)


async def publish_approved(drafts: DraftStore, publisher: Publisher) -> int:
    """Publish every approved or edited draft once and mark it published (a draft with no reply
    and no hide to publish is never picked: see `DraftStore.publishable`)."""
    done = 0
    for draft in await drafts.publishable():
        await publisher.publish(draft)
        await drafts.mark_published(draft.id)
        log.info(
            "reply published draft=%d platform=%s action=%s", draft.id, draft.platform, draft.action
        )
        done += 1
    return done
