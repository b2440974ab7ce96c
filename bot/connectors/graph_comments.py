"""Polling a Facebook post's or an Instagram media's comments through the Graph API."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import aiohttp

from bot.connectors.graph_read import graph_get
from bot.connectors.polling import CommentPage
from bot.connectors.records import Refused, feed_comment, platform_time
from bot.feeds.screen import Screen
from bot.models import CommentChange, Rejected

__all__ = ["GraphComments"]

PAGE_SIZE = "100"
_FIELDS = {
    # A Page post's comments, replies included (`stream`), newest first.
    "facebook": "id,message,from{id,name},created_time,parent{id}",
    # An Instagram media's top-level comments.
    "instagram": "id,text,timestamp,username,from{id,username},parent_id",
}


class GraphComments:
    """`GET /{object-id}/comments` with cursor paging (`after`)."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str,
        token: str,
        platform: str,
        brand: str,
        object_id: str,
        screen: Screen,
        clock: Callable[[], datetime],
    ) -> None:
        if platform not in _FIELDS:
            raise ValueError(f"the Graph API has no comments for {platform}")
        self._session = session
        self._base = base_url
        self._token = token
        self._platform = platform
        self._brand = brand
        self._object = object_id
        self._screen = screen
        self._clock = clock
        self.name = f"graph:{platform}:{object_id}"
        # Instagram documents no order for a media's comments: its sweeps read every page.
        self.newest_first = platform == "facebook"

    async def page(self, cursor: str | None) -> CommentPage:
        params = {"fields": _FIELDS[self._platform], "limit": PAGE_SIZE}
        if self._platform == "facebook":
            params.update(filter="stream", order="reverse_chronological")
        if cursor:
            params["after"] = cursor
        payload = await graph_get(
            self._session, self._base, f"{self._object}/comments", self._token, params
        )
        page = CommentPage()
        items = payload.get("data")
        now = self._clock()
        for position, item in enumerate(items if isinstance(items, list) else [], start=1):
            try:
                change = self._change(item, position, now)
            except Refused as problem:
                raw = json.dumps(item, ensure_ascii=False, default=str)[:2000]
                page.rejected.append(Rejected(self.name, position, raw, str(problem)))
                continue
            page.changes.append(change)
            moment = change.changed_at
            page.newest = moment if page.newest is None else max(page.newest, moment)
            page.oldest = moment if page.oldest is None else min(page.oldest, moment)
        paging = payload.get("paging")
        if isinstance(paging, dict) and paging.get("next"):
            cursors = paging.get("cursors")
            after = cursors.get("after") if isinstance(cursors, dict) else None
            page.next_cursor = after if isinstance(after, str) and after else None
        return page

    def _change(self, item: Any, position: int, now: datetime) -> CommentChange:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise Refused("expected a comment object with an id")
        found = item.get("from")
        who: dict[str, Any] = found if isinstance(found, dict) else {}
        author = item.get("username") or who.get("username") or who.get("name") or who.get("id")
        if self._platform == "facebook":
            text, created = item.get("message", ""), item.get("created_time")
            parent = item.get("parent")
            parent_id = parent.get("id") if isinstance(parent, dict) else None
        else:
            text, created = item.get("text", ""), item.get("timestamp")
            parent_id = item.get("parent_id")
        moment = platform_time(created, "created_time")
        record = {
            "id": item["id"],
            "platform": self._platform,
            "brand": self._brand,
            "post_id": self._object,
            "author": author or "unknown",
            "text": text,
            "created_at": moment.isoformat(),
            "parent_id": parent_id,
        }
        comment = feed_comment(record, self.name, position, self._screen, now)
        return CommentChange("add", comment.key, moment, comment, position)
