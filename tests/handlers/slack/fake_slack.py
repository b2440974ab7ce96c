"""A strict Slack Web API on loopback: checks tokens, arguments and Block Kit limits; records."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

HOST = "127.0.0.1"
# A hang guard only: a test that waits longer than this has hung, it is not slow.
HANG_GUARD_SECONDS = 60.0

MESSAGE_BLOCKS = 50
MODAL_BLOCKS = 100
TEXT_LIMIT = 40_000
_TEXT_TYPES = ("plain_text", "mrkdwn")
# What Slack would turn into a notification if it reached mrkdwn unescaped.
_SPECIAL = re.compile(r"<[!@][^>]*>")


@dataclass(frozen=True, slots=True)
class Call:
    """One request the fake answered (or refused)."""

    method: str
    args: dict[str, Any]
    token: str | None
    ok: bool
    error: str | None = None


@dataclass(slots=True)
class Fault:
    """The next answer to give instead of the real one."""

    status: int
    body: dict[str, Any] | str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Message:
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None = None
    edits: int = 0
    # Message metadata as posted (event_type, event_payload): returned by
    # conversations.history only when asked with include_all_metadata, as Slack does.
    metadata: dict[str, Any] | None = None


class ApiError(Exception):
    def __init__(self, error: str, detail: list[str] | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.detail = detail or []


class FakeSlack:
    """The Slack Web API as a strict local server (plus response_url and Socket Mode ends)."""

    def __init__(
        self,
        bot_token: str,
        channels: Iterable[str],
        app_token: str | None = None,
        usergroups: Mapping[str, Iterable[str]] | None = None,
        post_interval: float = 0.0,
    ) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.channels = set(channels)
        self.usergroups = {group: list(users) for group, users in (usergroups or {}).items()}
        # Seconds between two chat.postMessage calls to one channel before Slack answers 429.
        self.post_interval = post_interval
        self.calls: list[Call] = []
        self.responses: list[tuple[str, dict[str, Any]]] = []
        self.messages: dict[tuple[str, str], Message] = {}
        self.uploads: dict[str, bytes] = {}
        self.refused_blocks: list[str] = []
        self.special_syntax: list[str] = []
        self.port = 0
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._last_post: dict[str, float] = {}
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self._acks: dict[str, asyncio.Future[dict[str, Any]]] = {}
        # Methods whose next calls take effect but are never answered (until `close`).
        self._hangs: Counter[str] = Counter()
        self._closing = asyncio.Event()

    # --- lifecycle ----------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return f"http://{HOST}:{self.port}/api/"

    def response_url(self, name: str) -> str:
        return f"http://{HOST}:{self.port}/respond/{name}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/respond/{name}", self._respond)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        await self._listen()

    async def _listen(self) -> None:
        assert self._runner is not None
        self._site = web.TCPSite(self._runner, HOST, self.port)
        await self._site.start()
        self.port = self._runner.addresses[0][1]

    async def go_down(self) -> None:
        """Stop listening: clients now get 'connection refused', as when Slack is unreachable."""
        assert self._site is not None
        await self._site.stop()
        self._site = None

    async def come_back(self) -> None:
        await self._listen()

    async def close(self) -> None:
        self._closing.set()  # the calls left hanging are answered now
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- test controls ------------------------------------------------------------------

    def fail(
        self,
        method: str,
        status: int = 429,
        times: int = 1,
        retry_after: int | None = 1,
        error: str = "ratelimited",
    ) -> None:
        """Answer the next `times` calls of `method` with an error (default: 429, Retry-After 1)."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        body: dict[str, Any] | str = (
            {"ok": False, "error": error} if status < 500 else "<html>Slack is down</html>"
        )
        for _ in range(times):
            self._faults[method].append(Fault(status, body, headers))

    def hang(self, method: str, times: int = 1) -> None:
        """The next `times` calls of `method` take effect (a message is posted) but are never
        answered: the request reached Slack and its answer was lost on the way back."""
        self._hangs[method] += times

    def answer(self, method: str) -> None:
        """Calls of `method` are answered again (those left hanging still hang until `close`)."""
        self._hangs.pop(method, None)

    def calls_to(self, method: str, ok: bool | None = True) -> list[Call]:
        return [c for c in self.calls if c.method == method and (ok is None or c.ok == ok)]

    def posts(self, channel: str | None = None, thread: bool | None = None) -> list[Message]:
        """Messages posted, in order; `thread` selects replies (True) or top-level ones (False)."""
        found = [m for m in self.messages.values() if channel is None or m.channel == channel]
        if thread is not None:
            found = [m for m in found if (m.thread_ts is not None) == thread]
        return sorted(found, key=lambda m: float(m.ts))

    async def wait_for(self, check: Callable[[], Any], what: str) -> Any:
        """Wait until `check()` is truthy (re-checked after every request the fake answers)."""

        async def until() -> Any:
            async with self._changed:
                while not (result := check()):
                    await self._changed.wait()
                return result

        try:
            return await asyncio.wait_for(until(), HANG_GUARD_SECONDS)
        except TimeoutError:
            raise AssertionError(f"hung waiting for {what}; calls: {self.summary()}") from None

    def summary(self) -> list[str]:
        return [f"{c.method}:{'ok' if c.ok else c.error}" for c in self.calls]

    async def _changed_now(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # --- the Web API --------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        args = await _arguments(request)
        token = _bearer(request)
        fault = self._faults[method].popleft() if self._faults[method] else None
        try:
            if fault is not None:
                self.calls.append(Call(method, args, token, False, f"http {fault.status}"))
                if isinstance(fault.body, str):
                    return web.Response(
                        status=fault.status,
                        text=fault.body,
                        content_type="text/html",
                        headers=fault.headers,
                    )
                return web.json_response(fault.body, status=fault.status, headers=fault.headers)
            try:
                self._authorize(method, token)
                handler = getattr(self, "_m_" + method.replace(".", "_"), None)
                if handler is None:
                    raise ApiError("unknown_method")
                limited = self._rate_limited(method, args)
                if limited is not None:
                    self.calls.append(Call(method, args, token, False, "ratelimited"))
                    return limited
                result: dict[str, Any] = await handler(args)
            except ApiError as error:
                self.calls.append(Call(method, args, token, False, error.error))
                if error.detail:
                    self.refused_blocks.extend(error.detail)
                body: dict[str, Any] = {"ok": False, "error": error.error}
                if error.detail:
                    body["response_metadata"] = {"messages": error.detail}
                return web.json_response(body)
            self.calls.append(Call(method, args, token, True))
            if self._hangs[method] > 0:
                self._hangs[method] -= 1
                await self._changed_now()
                await self._closing.wait()
            return web.json_response({"ok": True, **result})
        finally:
            await self._changed_now()

    def _authorize(self, method: str, token: str | None) -> None:
        if token is None:
            raise ApiError("not_authed")
        wanted = self.app_token if method == "apps.connections.open" else self.bot_token
        if token != wanted:
            raise ApiError("invalid_auth")

    def _rate_limited(self, method: str, args: dict[str, Any]) -> web.Response | None:
        if method != "chat.postMessage" or not self.post_interval:
            return None
        loop = asyncio.get_running_loop()
        channel = str(args.get("channel", ""))
        last = self._last_post.get(channel)
        if last is not None and loop.time() - last < self.post_interval:
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"}
            )
        self._last_post[channel] = loop.time()
        return None

    def _channel(self, args: dict[str, Any], name: str = "channel") -> str:
        channel = _required(args, name)
        if channel not in self.channels:
            raise ApiError("channel_not_found")
        return channel

    async def _m_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": "https://socialpulse-test.slack.com/",
            "team": "Test Team",
            "user": "socialpulse",
            "team_id": "T0TEST",
            "user_id": "U0BOT",
            "bot_id": "B0BOT",
            "is_enterprise_install": False,
        }

    async def _m_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args)
        text, blocks = self._message_content(args)
        thread_ts = args.get("thread_ts")
        if thread_ts is not None and (channel, str(thread_ts)) not in self.messages:
            raise ApiError("thread_not_found")
        metadata = _json_arg(args, "metadata")
        if metadata is not None and not (
            isinstance(metadata, dict)
            and isinstance(metadata.get("event_type"), str)
            and isinstance(metadata.get("event_payload"), dict)
        ):
            raise ApiError("invalid_metadata_format")
        ts = f"1764057600.{next(self._ts):06d}"
        self.messages[(channel, ts)] = Message(
            channel, ts, text, blocks, str(thread_ts) if thread_ts else None, metadata=metadata
        )
        return {"channel": channel, "ts": ts, "message": {"text": text, "blocks": blocks, "ts": ts}}

    async def _m_conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        """The channel's messages, newest first, top-level only (thread replies are read
        with conversations.replies), at most `limit` (default 100, at most 999)."""
        channel = self._channel(args)
        limit = min(int(args.get("limit") or 100), 999)
        with_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        found = sorted(
            (m for m in self.messages.values() if m.channel == channel and m.thread_ts is None),
            key=lambda m: float(m.ts),
            reverse=True,
        )
        messages = []
        for m in found[:limit]:
            shown: dict[str, Any] = {"type": "message", "ts": m.ts, "text": m.text}
            if m.blocks:
                shown["blocks"] = m.blocks
            if with_metadata and m.metadata is not None:
                shown["metadata"] = m.metadata
            messages.append(shown)
        return {"messages": messages, "has_more": len(found) > limit, "pin_count": 0}

    async def _m_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args)
        ts = _required(args, "ts")
        message = self.messages.get((channel, ts))
        if message is None:
            raise ApiError("message_not_found")
        text, blocks = self._message_content(args)
        message.text, message.blocks = text, blocks
        message.edits += 1
        return {"channel": channel, "ts": ts, "text": text}

    async def _m_chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        self._channel(args)
        _required(args, "user")
        self._message_content(args)
        return {"message_ts": f"1764057600.{next(self._ts):06d}"}

    async def _m_views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        _required(args, "trigger_id")
        view = _json_arg(args, "view")
        if not isinstance(view, dict):
            raise ApiError("invalid_arguments")
        problems = _view_problems(view)
        if problems:
            raise ApiError("invalid_arguments", problems)
        for piece in _texts(view):
            self.special_syntax.extend(_SPECIAL.findall(piece))
        return {"view": {**view, "id": f"V{next(self._ids):04d}"}}

    async def _m_usergroups_users_list(self, args: dict[str, Any]) -> dict[str, Any]:
        group = _required(args, "usergroup")
        if group not in self.usergroups:
            raise ApiError("no_such_subteam")
        return {"users": self.usergroups[group]}

    async def _m_files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        _required(args, "filename")
        length = int(_required(args, "length"))
        if length <= 0:
            raise ApiError("invalid_arguments")
        file_id = f"F{next(self._ids):06d}"
        return {"upload_url": f"http://{HOST}:{self.port}/upload/{file_id}", "file_id": file_id}

    async def _m_files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        files = _json_arg(args, "files")
        if not isinstance(files, list) or not files:
            raise ApiError("invalid_arguments")
        if args.get("channel_id") is not None:
            self._channel(args, "channel_id")
        for item in files:
            if item.get("id") not in self.uploads:
                raise ApiError("file_not_found")
        return {"files": [{"id": f["id"], "title": f.get("title", "")} for f in files]}

    async def _m_apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"url": f"ws://{HOST}:{self.port}/socket"}

    def _message_content(self, args: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        text = args.get("text")
        raw_blocks = _json_arg(args, "blocks") if args.get("blocks") is not None else None
        if not text and not raw_blocks:
            raise ApiError("no_text")
        if text is not None and len(str(text)) > TEXT_LIMIT:
            raise ApiError("msg_too_long")
        blocks: list[dict[str, Any]] = raw_blocks or []
        if not isinstance(blocks, list):
            raise ApiError("invalid_blocks", ["blocks must be a list"])
        problems = _blocks_problems(blocks, MESSAGE_BLOCKS)
        if problems:
            raise ApiError("invalid_blocks", problems)
        self.special_syntax.extend(_SPECIAL.findall(str(text or "")))
        for block in blocks:
            for piece in _texts(block):
                self.special_syntax.extend(_SPECIAL.findall(piece))
        return str(text or ""), blocks

    # --- other ends ---------------------------------------------------------------------

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        data = await request.read()
        self.uploads[file_id] = data
        self.calls.append(Call("upload", {"file_id": file_id, "bytes": len(data)}, None, True))
        await self._changed_now()
        return web.Response(text=f"OK - {len(data)}", content_type="text/plain")

    async def _respond(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.responses.append((request.match_info["name"], body))
        self.calls.append(Call("response_url", body, None, True))
        await self._changed_now()
        return web.Response(text="ok", content_type="text/plain")

    async def _socket(self, request: web.Request) -> web.StreamResponse:
        auth = request.headers.get("Authorization")
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        self.calls.append(Call("socket.connect", {}, auth, True))
        await self._changed_now()
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        try:
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    continue
                data = json.loads(message.data)
                waiter = self._acks.pop(str(data.get("envelope_id")), None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(data)
        finally:
            self._sockets.remove(ws)
        return ws

    async def socket_request(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one Socket Mode envelope to the connected app and return its acknowledgement."""
        await self.wait_for(lambda: self._sockets, "a Socket Mode connection")
        envelope_id = f"env-{next(self._ids)}"
        waiter: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._acks[envelope_id] = waiter
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
        }
        await self._sockets[-1].send_str(json.dumps(envelope))
        return await asyncio.wait_for(waiter, HANG_GUARD_SECONDS)


# --- request parsing -------------------------------------------------------------------------


async def _arguments(request: web.Request) -> dict[str, Any]:
    """Slack reads arguments from the query string, a form or a JSON body; so does this."""
    args: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            args.update(body)
    elif request.can_read_body:
        form = await request.post()
        args.update({k: v for k, v in form.items() if isinstance(v, str)})
    return args


def _bearer(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    return header.removeprefix("Bearer ") if header.startswith("Bearer ") else None


def _required(args: dict[str, Any], name: str) -> str:
    value = args.get(name)
    if value is None or value == "":
        raise ApiError(f"invalid_arguments: missing {name}")
    return str(value)


def _json_arg(args: dict[str, Any], name: str) -> Any:
    value = args.get(name)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise ApiError("invalid_arguments", [f"{name} is not JSON"]) from None
    return value


# --- Block Kit checks (raw dicts, as Slack receives them) --------------------------------------


def _text_problem(obj: Any, where: str, limit: int, plain_only: bool = False) -> list[str]:
    if not isinstance(obj, dict) or obj.get("type") not in _TEXT_TYPES:
        return [f"{where}: not a text object"]
    if plain_only and obj["type"] != "plain_text":
        return [f"{where}: must be plain_text"]
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return [f"{where}: empty text"]
    if len(text) > limit:
        return [f"{where}: {len(text)} characters, more than {limit}"]
    return []


def _option_problems(option: Any, where: str) -> list[str]:
    problems = _text_problem(option.get("text"), f"{where}.text", 75, plain_only=True)
    value = option.get("value")
    if not isinstance(value, str) or not value or len(value) > 150:
        problems.append(f"{where}.value: missing or longer than 150")
    return problems


def _element_problems(element: Any, where: str) -> list[str]:
    if not isinstance(element, dict):
        return [f"{where}: not an object"]
    kind = element.get("type")
    problems: list[str] = []
    action_id = element.get("action_id")
    if action_id is not None and len(str(action_id)) > 255:
        problems.append(f"{where}.action_id longer than 255")
    if kind == "button":
        problems += _text_problem(element.get("text"), f"{where}.text", 75, plain_only=True)
        if len(str(element.get("value", ""))) > 2000:
            problems.append(f"{where}.value longer than 2000")
        if element.get("style") not in (None, "primary", "danger"):
            problems.append(f"{where}.style unknown")
    elif kind in ("static_select", "overflow"):
        options = element.get("options")
        most = 5 if kind == "overflow" else 100
        least = 2 if kind == "overflow" else 1
        if not isinstance(options, list) or not least <= len(options) <= most:
            problems.append(f"{where}.options: need {least} to {most}")
        else:
            for i, option in enumerate(options):
                problems += _option_problems(option, f"{where}.options[{i}]")
        if kind == "static_select" and element.get("placeholder") is not None:
            problems += _text_problem(
                element["placeholder"], f"{where}.placeholder", 150, plain_only=True
            )
    elif kind == "plain_text_input":
        most = element.get("max_length", 3000)
        if not isinstance(most, int) or not 1 <= most <= 3000:
            problems.append(f"{where}.max_length must be 1..3000")
        elif len(str(element.get("initial_value", ""))) > most:
            problems.append(f"{where}.initial_value longer than max_length")
    else:
        problems.append(f"{where}: unexpected element type {kind!r}")
    return problems


def _block_problems(block: Any, where: str) -> list[str]:
    if not isinstance(block, dict):
        return [f"{where}: not an object"]
    kind = block.get("type")
    problems: list[str] = []
    if kind == "header":
        problems += _text_problem(block.get("text"), f"{where}.text", 150, plain_only=True)
    elif kind == "section":
        text, fields = block.get("text"), block.get("fields")
        if text is None and not fields:
            problems.append(f"{where}: needs text or fields")
        if text is not None:
            problems += _text_problem(text, f"{where}.text", 3000)
        if fields is not None:
            if len(fields) > 10:
                problems.append(f"{where}.fields: more than 10")
            for i, item in enumerate(fields):
                problems += _text_problem(item, f"{where}.fields[{i}]", 2000)
        if block.get("accessory") is not None:
            problems += _element_problems(block["accessory"], f"{where}.accessory")
    elif kind == "context":
        elements = block.get("elements")
        if not isinstance(elements, list) or not 1 <= len(elements) <= 10:
            problems.append(f"{where}.elements: need 1 to 10")
        else:
            for i, item in enumerate(elements):
                problems += _text_problem(item, f"{where}.elements[{i}]", 3000)
    elif kind == "actions":
        elements = block.get("elements")
        if not isinstance(elements, list) or not 1 <= len(elements) <= 25:
            problems.append(f"{where}.elements: need 1 to 25")
        else:
            for i, item in enumerate(elements):
                problems += _element_problems(item, f"{where}.elements[{i}]")
    elif kind == "input":
        problems += _text_problem(block.get("label"), f"{where}.label", 2000, plain_only=True)
        if block.get("hint") is not None:
            problems += _text_problem(block["hint"], f"{where}.hint", 2000, plain_only=True)
        problems += _element_problems(block.get("element"), f"{where}.element")
    elif kind != "divider":
        problems.append(f"{where}: unexpected block type {kind!r}")
    return problems


def _blocks_problems(blocks: list[Any], most: int) -> list[str]:
    problems: list[str] = []
    if len(blocks) > most:
        problems.append(f"{len(blocks)} blocks, more than {most}")
    ids = [b.get("block_id") for b in blocks if isinstance(b, dict) and b.get("block_id")]
    if len(ids) != len(set(ids)):
        problems.append("duplicate block_id")
    if any(len(str(i)) > 255 for i in ids):
        problems.append("block_id longer than 255")
    for i, block in enumerate(blocks):
        problems += _block_problems(block, f"blocks[{i}]")
    return problems


def _view_problems(view: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    if view.get("type") != "modal":
        problems.append("view.type must be modal")
    problems += _text_problem(view.get("title"), "view.title", 24, plain_only=True)
    for name in ("submit", "close"):
        if view.get(name) is not None:
            problems += _text_problem(view[name], f"view.{name}", 24, plain_only=True)
    if len(str(view.get("private_metadata", ""))) > 3000:
        problems.append("view.private_metadata longer than 3000")
    if len(str(view.get("callback_id", ""))) > 255:
        problems.append("view.callback_id longer than 255")
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        return [*problems, "view.blocks must be a list"]
    return problems + _blocks_problems(blocks, MODAL_BLOCKS)


def _texts(value: Any) -> Iterable[str]:
    """Every mrkdwn string inside a block (where Slack parses mentions and links)."""
    if isinstance(value, dict):
        if value.get("type") == "mrkdwn" and isinstance(value.get("text"), str):
            yield value["text"]
        for item in value.values():
            if isinstance(item, dict | list):
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
