"""How Slack reaches the Bolt app: a Socket Mode connection, or an HTTP endpoint we serve."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Protocol

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

__all__ = ["EVENTS_PATH", "HttpServer", "SlackServer", "SocketModeServer"]

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


class SlackServer(Protocol):
    async def start(self) -> None: ...

    async def close(self) -> None: ...


class HttpServer:
    """Serves `app` on `host:port` at /slack/events; Bolt checks every request's signature."""

    def __init__(self, app: AsyncApp, host: str, port: int, path: str = EVENTS_PATH) -> None:
        self._app = app
        self._host = host
        self._port = port
        self._path = path
        self._runner: web.AppRunner | None = None

    @property
    def port(self) -> int:
        """The port actually listened on (useful when 0 asked for any free one)."""
        if self._runner is None or not self._runner.addresses:
            return self._port
        return int(self._runner.addresses[0][1])

    async def start(self) -> None:
        runner = web.AppRunner(
            self._app.web_app(path=self._path, port=self._port), handle_signals=False
        )
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
