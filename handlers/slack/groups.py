"""Which of the workspace's Slack user groups a user is in (Slack payloads do not say)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable

from slack_sdk.web.async_client import AsyncWebClient

from bot.channel import ChannelError
from handlers.slack.client import slack_call

__all__ = ["UserGroups"]

log = logging.getLogger(__name__)


class UserGroups:
    """Members of the user groups named in the workspace file, fetched and cached for `ttl`.

    Needs the `usergroups:read` scope; without it (or while Slack is unreachable) the last
    known membership is used, and nobody is in a group before the first successful look-up.
    """

    def __init__(
        self,
        client: AsyncWebClient,
        groups: Iterable[str],
        ttl: float = 300.0,
        retry: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._groups = tuple(dict.fromkeys(groups))
        self._ttl = ttl
        self._retry = retry
        self._clock = clock
        self._members: dict[str, frozenset[str]] = {}
        self._next_refresh = 0.0
        self._lock = asyncio.Lock()

    async def of(self, user_id: str) -> tuple[str, ...]:
        """The configured groups `user_id` belongs to."""
        if not self._groups:
            return ()
        await self._refresh()
        return tuple(g for g in self._groups if user_id in self._members.get(g, frozenset()))

    async def _refresh(self) -> None:
        async with self._lock:
            if self._clock() < self._next_refresh:
                return
            complete = True
            for group in self._groups:
                try:
                    response = await slack_call(
                        "usergroups.users.list",
                        self._client.usergroups_users_list(usergroup=group),
                    )
                except ChannelError as error:
                    complete = False
                    log.warning("slack user group unavailable group=%s reason=%s", group, error)
                    continue
                self._members[group] = frozenset(str(u) for u in response.get("users") or [])
            self._next_refresh = self._clock() + (self._ttl if complete else self._retry)
