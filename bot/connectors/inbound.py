"""The comment connectors of one running bot: webhook routes and polling stages, with status."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiohttp import web

from bot.connectors.config import CommentsIn
from bot.connectors.secrets import Secrets
from bot.connectors.status import ConnectorStatus
from bot.connectors.webhooks import WebhookInbox, add_webhook_routes
from bot.feeds.screen import Screen
from bot.store import Store
from bot.store.comment_changes import CommentChanges

__all__ = ["CommentConnectors"]


def _secret_names(section: CommentsIn) -> list[str]:
    names = [section.meta.app_secret_env, section.meta.verify_token_env]
    names += [account.token_env for account in section.accounts]
    names += [source.secret_env for source in section.sources]
    return names


class CommentConnectors:
    """Built once at start from the workspace's `comments_in` section."""

    def __init__(
        self,
        section: CommentsIn,
        store: Store,
        screen: Screen,
        clock: Callable[[], datetime],
        secrets: Secrets,
    ) -> None:
        self.section = section
        self.status = ConnectorStatus(secrets.known(*_secret_names(section)))
        self.changes = CommentChanges(store.db)
        self.inbox = WebhookInbox(section, self.changes, secrets, screen, self.status, clock)

    def mount(self, app: web.Application) -> None:
        """Add the webhook routes to the bot's HTTP server."""
        add_webhook_routes(app, self.inbox)

    def report(self) -> dict[str, Any]:
        return self.status.report()
