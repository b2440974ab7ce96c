"""How Slack reaches the Bolt app: a Socket Mode connection, or an HTTP endpoint we serve."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Protocol

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.error import BoltError
from slack_bolt.request.async_request import AsyncBoltRequest

from handlers.slack.guard import Refusal, RequestGuard, is_ssl_check

__all__ = ["EVENTS_PATH", "HttpServer", "SlackServer", "SocketModeServer"]

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


class SlackServer(Protocol):
    async def start(self) -> None: ...

    async def close(self) -> None: ...


class HttpServer:
    """Serves `app` on `host:port` at /slack/events.

    Every request's signature, age and novelty is checked (`RequestGuard`) before Bolt reads
    the body; a refused or unreadable request is answered 401 or 400 with one log line.
    """

    def __init__(
        self,
        app: AsyncApp,
        host: str,
        port: int,
        signing_secret: str,
        path: str = EVENTS_PATH,
    ) -> None:
        self._app = app
        self._host = host
        self._port = port
        self._path = path
        self._guard = RequestGuard(signing_secret)
        self._runner: web.AppRunner | None = None

    @property
    def port(self) -> int:
        """The port actually listened on (useful when 0 asked for any free one)."""
        if self._runner is None or not self._runner.addresses:
            return self._port
        return int(self._runner.addresses[0][1])

    async def start(self) -> None:
        web_app = web.Application()
        web_app.router.add_post(self._path, self._handle)
        runner = web.AppRunner(web_app, handle_signals=False)
        await runner.setup()
        try:
            await web.TCPSite(runner, self._host, self._port).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        log.info(
            "slack http mode listening host=%s port=%d path=%s", self._host, self.port, self._path
        )

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        if is_ssl_check(body, request.headers):
            return web.Response(status=200)
        checked = self._guard.check(body, request.headers)
        if isinstance(checked, Refusal):
            return _refuse(request, checked)
        try:
            bolt_request = AsyncBoltRequest(
                body=checked, query=request.query_string, headers=dict(request.headers)
            )
        except (ValueError, TypeError, LookupError, AttributeError, RecursionError, BoltError) as e:
            # Bolt parses the body as it builds the request: JSON it cannot read, or a list or a
            # number where it expects an object, fails there.
            return _refuse(
                request, Refusal(400, f"body is not a Slack payload ({type(e).__name__})")
            )
        return await to_aiohttp_response(await self._app.async_dispatch(bolt_request))


def _refuse(request: web.Request, refusal: Refusal) -> web.Response:
    log.warning(
        "slack request refused status=%d reason=%s remote=%s",
        refusal.status,
        refusal.reason,
        request.remote,
    )
    return web.json_response({"error": refusal.reason}, status=refusal.status)


class SocketModeServer:
    """Keeps a Socket Mode connection open. slack_sdk connects (and reconnects after drops)
    by itself, retrying while Slack is unreachable, so it runs in a task that `close` ends."""

    def __init__(self, app: AsyncApp, app_token: str) -> None:
        self._app = app
        self._app_token = app_token
        self._handler: AsyncSocketModeHandler | None = None
        self._task: asyncio.Task[None] | None = None
        self.connected = asyncio.Event()

    async def start(self) -> None:
        # The handler opens an aiohttp session, so it is made here, inside the running loop.
        self._handler = AsyncSocketModeHandler(self._app, self._app_token)
        self._task = asyncio.create_task(self._connect(self._handler), name="slack-socket-mode")

    async def _connect(self, handler: AsyncSocketModeHandler) -> None:
        await handler.connect_async()  # type: ignore[no-untyped-call]
        self.connected.set()
        log.info("slack socket mode connected")

    async def close(self) -> None:
        if self._handler is not None:
            await self._handler.close_async()  # type: ignore[no-untyped-call]
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self._handler = None
        self.connected.clear()
