"""Replies and moderation on a YouTube channel's comments, through the YouTube Data API v3."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

import aiohttp
from pydantic import SecretStr

from bot.connectors.errors import (
    CommentGone,
    ConnectorError,
    NotReached,
    PermissionMissing,
    Refused,
    Throttled,
    TokenRefused,
    Unsure,
)
from bot.connectors.publish_facebook import same_text
from bot.publisher import PostedReply

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_TOKEN_URL",
    "DEFAULT_YOUTUBE_URL",
    "QUOTA_UNITS",
    "GoogleToken",
    "YouTubePublisher",
    "youtube_error",
]

DEFAULT_YOUTUBE_URL = "https://www.googleapis.com/youtube/v3"
DEFAULT_TOKEN_URL = "https://oauth2.googleapis.com/token"
# Quota units per call (the default allowance is 10,000 a day, reset at midnight Pacific time).
QUOTA_UNITS: dict[str, int] = {"insert": 50, "setModerationStatus": 50, "list": 1}
HideAs = Literal["heldForReview", "rejected"]
_THROTTLE_REASONS = frozenset(
    {"quotaExceeded", "rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded"}
)
# A 404 with another reason (or none: a wrong base URL) is not taken as a deleted comment.
_GONE_REASONS = frozenset({"commentNotFound", "parentCommentNotFound", "videoNotFound"})
_PACIFIC = ZoneInfo("America/Los_Angeles")


def _until_quota_resets(now: datetime) -> float:
    local = now.astimezone(_PACIFIC)
    midnight = datetime(local.year, local.month, local.day, tzinfo=_PACIFIC) + timedelta(days=1)
    return max((midnight - local).total_seconds(), 60.0)


def youtube_error(
    status: int, body: Any, headers: Mapping[str, str], now: datetime | None = None
) -> ConnectorError:
    """What a YouTube Data API error answer means for a publication."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) and status != 429:
        # Not the API speaking (a proxy, a wrong base URL): tried again later.
        return Unsure(f"YouTube answered HTTP {status} with no error")
    error = error if isinstance(error, dict) else {}
    listed = error.get("errors")
    details: list[Any] = listed if isinstance(listed, list) else []
    reasons = {str(d.get("reason")) for d in details if isinstance(d, dict)}
    message = str(error.get("message") or "no message")[:300]
    said = f"YouTube HTTP {status} {'/'.join(sorted(reasons)) or 'error'}: {message}"
    if status == 429 or reasons & _THROTTLE_REASONS:
        retry = headers.get("Retry-After")
        if retry is not None and retry.isdigit():
            return Throttled(said, float(retry))
        if "quotaExceeded" in reasons or "dailyLimitExceeded" in reasons:
            return Throttled(said, _until_quota_resets(now or datetime.now(UTC)))
        return Throttled(said)
    if status == 401:
        return TokenRefused(said)
    if status == 404 and reasons & _GONE_REASONS:
        return CommentGone(said)
    if status >= 500:
        return Unsure(said)
    if status == 403 and reasons & {"forbidden", "insufficientPermissions"}:
        return PermissionMissing(said)
    return Refused(said)


class GoogleToken:
    """Access tokens for one channel: from a refresh token (OAuth 2.0, refreshed before they
    expire), or one fixed access token when no client is configured."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        token: SecretStr,
        client_id: SecretStr | None = None,
        client_secret: SecretStr | None = None,
        token_url: str = DEFAULT_TOKEN_URL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._session = session
        self._token = token
        self._client = (client_id, client_secret) if client_id and client_secret else None
        self._token_url = token_url
        self._clock = clock
        self._access: SecretStr | None = None
        self._expires = 0.0

    @property
    def refreshes(self) -> bool:
        return self._client is not None

    async def access(self, renew: bool = False) -> SecretStr:
        if self._client is None:
            return self._token
        if renew or self._access is None or self._clock() >= self._expires:
            await self._refresh()
        assert self._access is not None
        return self._access

    async def _refresh(self) -> None:
        assert self._client is not None
        client_id, client_secret = self._client
        form = {
            "grant_type": "refresh_token",
            "refresh_token": self._token.get_secret_value(),
            "client_id": client_id.get_secret_value(),
            "client_secret": client_secret.get_secret_value(),
        }
        try:
            async with self._session.post(
                self._token_url, data=form, timeout=aiohttp.ClientTimeout(total=20)
            ) as response:
                status, text = response.status, await response.text()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise NotReached(f"Google token endpoint not reached ({type(exc).__name__})") from None
        try:
            body = json.loads(text)
        except ValueError:
            body = {}
        if status in (400, 401) and isinstance(body, dict):
            # invalid_grant: the refresh token was revoked or has expired.
            said = str(body.get("error", status))
            if body.get("error_description"):
                said += f": {str(body['error_description'])[:200]}"
            raise TokenRefused(
                f"Google refused the refresh token ({said})",
                "expired or revoked" if body.get("error") == "invalid_grant" else "refused",
            )
        token = body.get("access_token") if isinstance(body, dict) else None
        if status >= 400 or not isinstance(token, str):
            raise Unsure(f"Google token endpoint answered HTTP {status}")
        lifetime = body.get("expires_in")
        seconds = float(lifetime) if isinstance(lifetime, int | float) else 3600.0
        self._access = SecretStr(token)
        # Renewed a minute early, so no call goes out with a token about to lapse.
        self._expires = self._clock() + max(seconds - 60.0, 0.0)


class YouTubePublisher:
    """Replies (`comments.insert` with `snippet.parentId`, 50 units) and moderation
    (`comments.setModerationStatus`: a hide holds the comment for review, or rejects it when
    `hide_as` says so). Counts the quota units it spends in `units_used`."""

    platform = "youtube"

    def __init__(
        self,
        session: aiohttp.ClientSession,
        token: GoogleToken,
        channel_id: str,
        base_url: str = DEFAULT_YOUTUBE_URL,
        hide_as: HideAs = "heldForReview",
        timeout: float = 20.0,
    ) -> None:
        self._session = session
        self._token = token
        self.account = channel_id
        self.base_url = base_url.rstrip("/")
        self._hide_as = hide_as
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self.units_used = 0

    async def reply(self, comment_id: str, text: str) -> PostedReply:
        body = {"snippet": {"parentId": comment_id, "textOriginal": text}}
        answer = await self._call(
            "POST", "comments", "insert", params={"part": "snippet"}, body=body
        )
        reply_id = answer.get("id")
        if not isinstance(reply_id, str) or not reply_id:
            raise Unsure("YouTube answered a reply with no id")
        return PostedReply(reply_id)

    async def hide(self, comment_id: str) -> None:
        params = {"id": comment_id, "moderationStatus": self._hide_as}
        await self._call("POST", "comments/setModerationStatus", "setModerationStatus", params)

    async def find_reply(self, comment_id: str, text: str) -> PostedReply | None:
        params = {
            "part": "snippet",
            "parentId": comment_id,
            "maxResults": "100",
            "textFormat": "plainText",
        }
        answer = await self._call("GET", "comments", "list", params)
        for item in answer.get("items") or []:
            snippet = item.get("snippet") if isinstance(item, dict) else None
            if not isinstance(snippet, dict):
                continue
            author = snippet.get("authorChannelId")
            ours = isinstance(author, dict) and author.get("value") == self.account
            posted = snippet.get("textOriginal", snippet.get("textDisplay"))
            if ours and same_text(posted, text) and item.get("id"):
                return PostedReply(str(item["id"]))
        return None

    async def _call(
        self,
        method: str,
        path: str,
        kind: str,
        params: Mapping[str, str],
        body: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        renewed = False
        while True:
            access = await self._token.access(renew=renewed)
            status, text, headers = await self._send(method, path, kind, params, body, access)
            if status == 401 and self._token.refreshes and not renewed:
                renewed = True  # an access token can lapse early: renew it once
                continue
            break
        try:
            answer = json.loads(text) if text else {}
        except ValueError:
            answer = None
        if status >= 400 or not isinstance(answer, dict):
            raise youtube_error(status, answer, headers)
        return answer

    async def _send(
        self,
        method: str,
        path: str,
        kind: str,
        params: Mapping[str, str],
        body: Mapping[str, Any] | None,
        access: SecretStr,
    ) -> tuple[int, str, Mapping[str, str]]:
        headers = {"Authorization": f"Bearer {access.get_secret_value()}"}
        self.units_used += QUOTA_UNITS[kind]
        try:
            async with self._session.request(
                method,
                f"{self.base_url}/{path}",
                params=params,
                json=body,
                headers=headers,
                timeout=self._timeout,
            ) as response:
                return response.status, await response.text(), response.headers
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise NotReached(f"YouTube not reached ({type(exc).__name__})") from None
