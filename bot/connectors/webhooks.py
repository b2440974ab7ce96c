"""The webhook routes on the bot's HTTP server: Meta's handshake and deliveries, and the
generic signed webhook. Each delivery is stored before it is answered 200."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from aiohttp import web

from bot.config.comments_in import CommentsIn
from bot.connectors.generic_webhook import GenericRefused, read_generic
from bot.connectors.meta_webhook import SOURCE as META_SOURCE
from bot.connectors.meta_webhook import read_delivery
from bot.connectors.secrets import MissingSecret, Secrets
from bot.connectors.signatures import valid_signature
from bot.connectors.status import ConnectorStatus
from bot.feeds.screen import Screen
from bot.models import ChangeCounts, CommentChange, Rejected
from bot.store import CommentChanges

__all__ = ["GENERIC_PATH", "META_PATH", "WebhookInbox", "add_webhook_routes"]

log = logging.getLogger(__name__)

META_PATH = "/hooks/meta"
GENERIC_PATH = "/hooks/comments/{source}"


class WebhookInbox:
    """Checks each delivery's signature, reads it and stores it (comment changes, refused
    items in quarantine) in one transaction."""

    def __init__(
        self,
        section: CommentsIn,
        changes: CommentChanges,
        secrets: Secrets,
        screen: Screen,
        status: ConnectorStatus,
        clock: Callable[[], datetime],
        stored: Callable[[], None] = lambda: None,
    ) -> None:
        self._section = section
        self._changes = changes
        self._secrets = secrets
        self._screen = screen
        self._status = status
        self._clock = clock
        # Wakes the pipeline, so a new comment is analysed now rather than at its next poll.
        self._stored = stored
        self.totals = ChangeCounts()

    async def meta_handshake(self, request: web.Request) -> web.Response:
        """Meta's subscription check: the challenge back as text when the token matches."""
        query = request.query
        try:
            token = self._secrets.get(self._section.meta.verify_token_env)
        except MissingSecret as missing:
            log.error("meta webhook handshake refused: %s", missing)
            return web.Response(status=403, text="verify token not configured")
        given = query.get("hub.verify_token", "")
        if query.get("hub.mode") != "subscribe" or not _same(given, token):
            log.warning("meta webhook handshake refused: wrong mode or verify token")
            return web.Response(status=403, text="forbidden")
        return web.Response(text=query.get("hub.challenge", ""), content_type="text/plain")

    async def meta_delivery(self, request: web.Request) -> web.Response:
        body = await request.read()
        try:
            secret = self._secrets.get(self._section.meta.app_secret_env)
        except MissingSecret as missing:
            log.error("meta webhook delivery refused: %s", missing)
            return web.Response(status=503, text="app secret not configured")
        if not valid_signature(secret, body, request.headers.get("X-Hub-Signature-256")):
            log.warning(
                "meta webhook delivery refused: bad X-Hub-Signature-256 bytes=%d", len(body)
            )
            return web.Response(status=403, text="bad signature")
        now = self._clock()
        try:
            delivery = read_delivery(body, self._section, self._screen, now)
        except ValueError as problem:
            bad = Rejected(META_SOURCE, 0, body[:2000].decode("utf-8", "replace"), str(problem))
            await self._store([], [bad], META_SOURCE)
            return web.Response(text="quarantined")
        await self._store(delivery.changes, delivery.rejected, META_SOURCE)
        return web.Response(text="ok")

    async def generic_delivery(self, request: web.Request) -> web.Response:
        name = request.match_info["source"]
        source = self._section.source(name)
        if source is None:
            return web.Response(status=404, text="unknown source")
        body = await request.read()
        try:
            secret = self._secrets.get(source.secret_env)
        except MissingSecret as missing:
            log.error("webhook %s refused: %s", name, missing)
            return web.Response(status=503, text="secret not configured")
        try:
            changes, rejected = read_generic(
                name, source, secret, body, request.headers, self._screen, self._clock()
            )
        except GenericRefused as refused:
            log.warning("webhook %s refused: %s", name, refused)
            return web.Response(status=refused.status, text=str(refused))
        await self._store(changes, rejected, f"webhook:{name}")
        return web.Response(text="ok")

    async def _store(
        self, changes: Sequence[CommentChange], rejected: Sequence[Rejected], source: str
    ) -> None:
        name = f"connector:{source}"
        try:
            counts = await self._changes.apply(changes, rejected, source)
        except Exception as exc:
            # Not answered 200: the platform delivers it again later.
            self._status.failed(name, exc)
            raise web.HTTPServiceUnavailable(text="not stored; deliver again") from exc
        self.totals.add(counts)
        self._status.succeeded(name, counts)
        if counts.stored or counts.edited or counts.removed:
            self._stored()
        for bad in rejected:
            log.warning(
                "record quarantined source=%s item=%d reason=%s", source, bad.position, bad.reason
            )


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def add_webhook_routes(app: web.Application, inbox: WebhookInbox) -> None:
    app.router.add_get(META_PATH, inbox.meta_handshake)
    app.router.add_post(META_PATH, inbox.meta_delivery)
    app.router.add_post(GENERIC_PATH, inbox.generic_delivery)
