"""The comment connectors of one running bot: webhook routes and polling stages, with status."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Sequence
from datetime import datetime
from functools import partial
from typing import Any

import aiohttp
from aiohttp import web

from bot.config.comments_in import CommentAccount, CommentsIn
from bot.connectors.graph_comments import GraphComments
from bot.connectors.polling import CommentSource, Poller, PollingLoop
from bot.connectors.secrets import MissingSecret, Secrets
from bot.connectors.status import ConnectorStatus
from bot.connectors.webhooks import WebhookInbox, add_webhook_routes
from bot.connectors.youtube_comments import Quota, YouTubeComments
from bot.feeds.screen import Screen
from bot.store import Store

__all__ = ["CommentConnectors", "inbound_secrets"]

log = logging.getLogger(__name__)
# A platform that does not answer within this long is tried again at the next sweep.
REQUEST_TIMEOUT_SECONDS = 30.0


def _secret_names(section: CommentsIn) -> list[str]:
    names = [section.meta.app_secret_env, section.meta.verify_token_env]
    names += [account.token_env for account in section.accounts]
    names += [source.secret_env for source in section.sources]
    return names


def inbound_secrets(section: CommentsIn, secrets: Secrets) -> list[str]:
    """The values of every secret the section names that is set: for the log redaction."""
    return secrets.known(*_secret_names(section))


class CommentConnectors:
    """Built once at start from the workspace's `comments_in` section."""

    def __init__(
        self,
        section: CommentsIn,
        store: Store,
        screen: Screen,
        clock: Callable[[], datetime],
        secrets: Secrets,
        stored: Callable[[], None] = lambda: None,
    ) -> None:
        self.section = section
        self.status = ConnectorStatus(inbound_secrets(section, secrets))
        self.changes = store.comment_changes
        self.inbox = WebhookInbox(
            section, self.changes, secrets, screen, self.status, clock, stored
        )
        self.quota = Quota(section.youtube_daily_quota)
        self._store = store
        self._screen = screen
        self._clock = clock
        self._secrets = secrets
        self._session: aiohttp.ClientSession | None = None

    def sources(
        self, session: aiohttp.ClientSession, accounts: Sequence[CommentAccount] | None = None
    ) -> list[CommentSource]:
        """A source per polled post, media or video (a YouTube channel with none: the channel)
        of `accounts` (all by default); an account whose token is not set is reported on
        /healthz and left out."""
        found: list[CommentSource] = []
        for account in self.section.accounts if accounts is None else accounts:
            try:
                token = self._secrets.get(account.token_env)
            except MissingSecret as missing:
                self.status.failed(f"connector:{account.platform}:{account.id}", missing)
                continue
            found.extend(self._account_sources(session, account, token))
        return found

    def loops(self) -> dict[str, Callable[[asyncio.Event], Coroutine[Any, Any, None]]]:
        """The polling loop of each account, by the lease its worker holds
        (``connectors:<platform>:<id>``): with several workers, each account is polled by one
        of them, and the accounts of a worker that dies move on one by one."""
        return {
            f"connectors:{account.platform}:{account.id}": partial(self.run, accounts=[account])
            for account in self.section.accounts
            # A Page or Instagram account with no post listed is read by its webhook only.
            if account.poll or account.platform == "youtube"
        }

    def _account_sources(
        self, session: aiohttp.ClientSession, account: CommentAccount, token: str
    ) -> list[CommentSource]:
        if account.platform == "youtube":
            base = str(self.section.youtube_url)
            made = [
                YouTubeComments(
                    session,
                    base,
                    token,
                    account.brand,
                    self.quota,
                    self._screen,
                    self._clock,
                    video_id=video,
                )
                for video in account.poll
            ]
            if not account.poll:
                made.append(
                    YouTubeComments(
                        session,
                        base,
                        token,
                        account.brand,
                        self.quota,
                        self._screen,
                        self._clock,
                        channel_id=account.id,
                    )
                )
            return list(made)
        graph = str(self.section.meta.graph_url)
        return [
            GraphComments(
                session,
                graph,
                token,
                account.platform,
                account.brand,
                item,
                self._screen,
                self._clock,
            )
            for item in account.poll
        ]

    async def run(
        self, stop: asyncio.Event, accounts: Sequence[CommentAccount] | None = None
    ) -> None:
        """Poll `accounts` (all by default) until `stop`; the HTTP session is closed on the
        way out."""
        timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            pollers = [
                Poller(source, self._store.feeds, self.changes)
                for source in self.sources(session, accounts)
            ]
            if not pollers:
                await stop.wait()
                return
            loop = PollingLoop(pollers, self.status, self.section.poll_every.total_seconds())
            await loop.run(stop, after_sweep=self._note_quota)

    def _note_quota(self) -> None:
        if not any(account.platform == "youtube" for account in self.section.accounts):
            return
        self.status.note(
            "youtube",
            quota_units_used=self.quota.used,
            quota_limit=self.quota.limit,
            quota_day=self.quota.day.isoformat() if self.quota.day else None,
        )

    def mount(self, app: web.Application) -> None:
        """Add the webhook routes to the bot's HTTP server."""
        add_webhook_routes(app, self.inbox)

    def report(self) -> dict[str, Any]:
        return self.status.report()
