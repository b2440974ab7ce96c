"""Webhook mode: a small aiohttp server that takes Telegram's POSTs and queues the updates."""

from __future__ import annotations

import hmac
import json
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update

from handlers.telegram.application import TelegramApplication

__all__ = ["SECRET_HEADER", "Webhook", "WebhookServer"]

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's updates are small; anything bigger is not from Telegram.
MAX_BODY = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Webhook:
    """Where Telegram posts (`url`, public) and where we listen (`host`, `port`, local)."""

    url: str
    secret: str
    port: int
    # Every interface: the webhook normally sits behind the team's TLS proxy.
    host: str = "0.0.0.0"

    @property
    def path(self) -> str:
        return urlsplit(self.url).path or "/"

    def __repr__(self) -> str:
        return f"Webhook(url={self.url!r}, secret='**********', port={self.port})"


class WebhookServer:
    """Refuses any POST without the secret token; puts each update on the application's queue."""

    def __init__(self, webhook: Webhook, application: TelegramApplication) -> None:
        self._webhook = webhook
        self._application = application
        self._runner: web.AppRunner | None = None

    @property
    def port(self) -> int:
        """The port actually listened on (useful when configured as 0)."""
        if self._runner is None or not self._runner.addresses:
            return self._webhook.port
        return int(self._runner.addresses[0][1])

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(self._webhook.path, self._receive)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._webhook.host, self._webhook.port).start()
        log.info("telegram webhook listening host=%s port=%d", self._webhook.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self._webhook.secret.encode()):
            log.warning("telegram webhook refused remote=%s reason=bad_secret", request.remote)
            return web.Response(status=403)
        try:
            data = await request.json()
            update = Update.de_json(data, self._application.bot)
        except (json.JSONDecodeError, TypeError, KeyError, ValueError):
            log.warning("telegram webhook refused remote=%s reason=not_an_update", request.remote)
            return web.Response(status=400)
        await self._application.update_queue.put(update)
        return web.Response()
