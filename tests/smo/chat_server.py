"""A local server speaking the OpenAI Chat Completions API, answering as each test scripts it."""

from __future__ import annotations

import asyncio
import json
import socket
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

__all__ = ["Answer", "ChatServer", "closed_port"]


@dataclass(frozen=True, slots=True)
class Answer:
    """One scripted answer: a reply text (status 200), another status, a raw body, a delay."""

    content: str = ""
    status: int = 200
    body: str | None = None
    delay: float = 0.0
    usage: bool = True


@dataclass(slots=True)
class Request:
    headers: dict[str, str]
    body: dict[str, Any]
    raw: str = ""


@dataclass(slots=True)
class ChatServer:
    """``POST /v1/chat/completions`` on 127.0.0.1; ``answers`` are used in order, the last
    one again once they run out; ``requests`` records what came in."""

    answers: deque[Answer] = field(default_factory=deque)
    requests: list[Request] = field(default_factory=list)
    port: int = 0
    _runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def script(self, *answers: Answer) -> None:
        self.answers = deque(answers)

    async def _completions(self, request: web.Request) -> web.StreamResponse:
        raw = await request.text()
        self.requests.append(Request(dict(request.headers), json.loads(raw), raw))
        answer = self.answers.popleft() if len(self.answers) > 1 else self.answers[0]
        if answer.delay:
            await asyncio.sleep(answer.delay)
        if answer.body is not None:
            return web.Response(status=answer.status, text=answer.body)
        if answer.status != 200:
            error = {"error": {"message": "scripted failure", "type": "server_error"}}
            return web.json_response(error, status=answer.status)
        reply: dict[str, Any] = {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": 1764979200,
            "model": self.requests[-1].body.get("model", ""),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": answer.content},
                    "finish_reason": "stop",
                }
            ],
        }
        if answer.usage:
            reply["usage"] = {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150}
        return web.json_response(reply)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._completions)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then let go)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
