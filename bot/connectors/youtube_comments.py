"""Polling YouTube comment threads (Data API v3 `commentThreads.list`) within the daily quota."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp

from bot.connectors.errors import ConnectorError, NotReached, Throttled, TokenRefused, Unsure
from bot.connectors.polling import CommentPage
from bot.connectors.records import Refused, feed_comment, platform_time
from bot.feeds.screen import Screen
from bot.models import CommentChange, Rejected

__all__ = ["Quota", "YouTubeComments", "key_error"]

# commentThreads.list costs 1 unit a call.
LIST_COST = 1
PAGE_SIZE = "100"
# The quota day starts at midnight Pacific time.
_QUOTA_ZONE = ZoneInfo("America/Los_Angeles")
_THROTTLED = frozenset(
    {"quotaExceeded", "rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded"}
)
_TOKEN = frozenset({"keyInvalid", "authError", "forbidden", "keyExpired"})


@dataclass(slots=True)
class Quota:
    """Units spent today against the project's daily quota (shared by every YouTube source)."""

    limit: int
    used: int = 0
    day: date | None = None

    def spend(self, units: int, now: datetime) -> None:
        """Count a call before it is made; Throttled when it would pass the day's quota."""
        today = now.astimezone(_QUOTA_ZONE).date()
        if self.day != today:
            self.day, self.used = today, 0
        if self.used + units > self.limit:
            raise Throttled(f"YouTube quota for {today} spent ({self.used}/{self.limit} units)")
        self.used += units


class YouTubeComments:
    """One video's comment threads, or a whole channel's (`allThreadsRelatedToChannelId`),
    newest first with `pageToken` paging; each top-level comment becomes a record."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str,
        api_key: str,
        brand: str,
        quota: Quota,
        screen: Screen,
        clock: Callable[[], datetime],
        *,
        video_id: str | None = None,
        channel_id: str | None = None,
    ) -> None:
        if (video_id is None) == (channel_id is None):
            raise ValueError("give a video id or a channel id")
        self._session = session
        self._url = base_url.rstrip("/") + "/commentThreads"
        self._key = api_key
        self._brand = brand
        self._quota = quota
        self._screen = screen
        self._clock = clock
        self._filter = (
            {"videoId": video_id} if video_id else {"allThreadsRelatedToChannelId": str(channel_id)}
        )
        self.name = f"youtube:{video_id or channel_id}"
        self.newest_first = True

    async def page(self, cursor: str | None) -> CommentPage:
        params = {
            "part": "snippet",
            "maxResults": PAGE_SIZE,
            "order": "time",
            "textFormat": "plainText",
            **self._filter,
        }
        if cursor:
            params["pageToken"] = cursor
        self._quota.spend(LIST_COST, self._clock())
        # The key goes in a header, never in a URL an error message could show.
        headers = {"X-Goog-Api-Key": self._key}
        try:
            async with self._session.get(self._url, params=params, headers=headers) as response:
                status = response.status
                body = await response.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise NotReached(f"commentThreads.list: not reached ({type(exc).__name__})") from None
        try:
            payload = json.loads(body) if body else {}
        except ValueError:
            raise ConnectorError(f"commentThreads.list: HTTP {status}, not JSON") from None
        if status != 200:
            raise key_error("commentThreads.list", status, payload)
        return self._read(payload)

    def _read(self, payload: dict[str, Any]) -> CommentPage:
        page = CommentPage()
        now = self._clock()
        items = payload.get("items")
        for position, item in enumerate(items if isinstance(items, list) else [], start=1):
            try:
                change = self._change(item, position, now)
            except Refused as problem:
                raw = json.dumps(item, ensure_ascii=False, default=str)[:2000]
                page.rejected.append(Rejected(self.name, position, raw, str(problem)))
                continue
            page.changes.append(change)
            assert change.comment is not None
            moment = change.comment.created_at  # the order of `order=time`
            page.newest = moment if page.newest is None else max(page.newest, moment)
            page.oldest = moment if page.oldest is None else min(page.oldest, moment)
        token = payload.get("nextPageToken")
        page.next_cursor = token if isinstance(token, str) and token else None
        return page

    def _change(self, item: Any, position: int, now: datetime) -> CommentChange:
        try:
            thread = item["snippet"]
            top = thread["topLevelComment"]
            snippet = top["snippet"]
            comment_id = top["id"]
        except (KeyError, TypeError):
            raise Refused("expected a commentThread with snippet.topLevelComment") from None
        moment = platform_time(snippet.get("publishedAt"), "publishedAt")
        record = {
            "id": comment_id,
            "platform": "youtube",
            "brand": self._brand,
            "post_id": snippet.get("videoId") or thread.get("videoId") or thread.get("channelId"),
            "author": snippet.get("authorDisplayName") or "unknown",
            "text": snippet.get("textOriginal", snippet.get("textDisplay", "")),
            "created_at": moment.isoformat(),
        }
        comment = feed_comment(record, self.name, position, self._screen, now)
        updated = snippet.get("updatedAt")
        edited = platform_time(updated, "updatedAt") if updated else moment
        if edited > moment:
            # Edited since it was written: the text read is the edit, made at `updatedAt`.
            return CommentChange("edited", comment.key, edited, comment, position)
        return CommentChange("add", comment.key, moment, comment, position)


def key_error(call: str, status: int, payload: Any) -> ConnectorError:
    """A YouTube Data API error answer to a call made with an API key."""
    error = payload.get("error") if isinstance(payload, dict) else None
    errors = error.get("errors") if isinstance(error, dict) else None
    reasons = [e.get("reason") for e in errors or [] if isinstance(e, dict)]
    what = f"{call}: HTTP {status}" + (f" {', '.join(map(str, reasons))}" if reasons else "")
    if status == 429 or _THROTTLED.intersection(reasons):
        return Throttled(what)
    if status == 401 or (status in (400, 403) and _TOKEN.intersection(reasons)):
        return TokenRefused(what, "expired" if "keyExpired" in reasons else "refused")
    if status >= 500:
        return Unsure(what)
    return ConnectorError(what)
