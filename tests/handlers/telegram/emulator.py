"""The people's side of telegram-test-api: start it, act as users, read back what the bot did."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

REPO = Path(__file__).resolve().parents[3]
LAUNCHER = Path(__file__).with_name("server.mjs")
TOKEN = "123456:socialpulse-test-token"
BOT_USERNAME = "TestNameBot"
# Only stops a test that hangs; nothing here judges how fast anything is.
HANG_GUARD = 60.0

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TgUser:
    id: int
    first_name: str

    def as_from(self) -> dict[str, Any]:
        return {"id": self.id, "first_name": self.first_name, "is_bot": False}


@dataclass(frozen=True, slots=True)
class TgChat:
    id: int
    type: str = "supergroup"
    title: str = "Marketing"

    def as_chat(self) -> dict[str, Any]:
        if self.type == "private":
            return {"id": self.id, "type": "private", "first_name": self.title}
        return {"id": self.id, "type": self.type, "title": self.title}


async def eventually(probe: Callable[[], Awaitable[T | None]], what: str) -> T:
    """Ask `probe` until it answers something truthy (a hang guard, not a time limit)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + HANG_GUARD
    while True:
        value = await probe()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"this never happened: {what}")
        await asyncio.sleep(0.02)


class Emulator:
    """telegram-test-api 4.2.1 run by our launcher on 127.0.0.1, in its own process."""

    def __init__(self, process: asyncio.subprocess.Process, port: int, log: Path) -> None:
        self._process = process
        self.port = port
        self.log = log
        self._http = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", trust_env=False)

    @classmethod
    async def launch(cls, log: Path, port: int = 0) -> Emulator:
        node = shutil.which("node")
        if node is None:
            pytest.fail("node is not installed; the Telegram tests need Node 18 or newer")
        if not (REPO / "node_modules" / "telegram-test-api").is_dir():
            pytest.fail("telegram-test-api is not installed: run `npm ci` (make test does)")
        with log.open("ab") as errors:
            process = await asyncio.create_subprocess_exec(
                node,
                str(LAUNCHER),
                "--port",
                str(port),
                cwd=REPO,
                stdout=asyncio.subprocess.PIPE,
                stderr=errors,
            )
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), HANG_GUARD)
        if not line:
            await process.wait()
            pytest.fail(f"the emulator did not start: {log.read_text(errors='replace')}")
        return cls(process, int(json.loads(line)["port"]), log)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def stop(self) -> None:
        """Stop the process (safe to call twice); the port is free again afterwards."""
        await self._http.aclose()
        if self._process.returncode is None:
            self._process.terminate()
            try:
                await asyncio.wait_for(self._process.wait(), HANG_GUARD)
            except TimeoutError:
                self._process.kill()
                await self._process.wait()

    # --- acting as people ------------------------------------------------------------------

    async def _post(self, path: str, body: dict[str, Any]) -> Any:
        answer = await self._http.post(path, json={"botToken": TOKEN, **body})
        assert answer.status_code == 200, answer.text
        return answer.json()["result"]

    async def command(self, user: TgUser, chat: TgChat, text: str) -> None:
        await self._post(
            "/sendCommand", {"from": user.as_from(), "chat": chat.as_chat(), "text": text}
        )

    async def say(self, user: TgUser, chat: TgChat, text: str, reply_to: int | None = None) -> None:
        body: dict[str, Any] = {"from": user.as_from(), "chat": chat.as_chat(), "text": text}
        if reply_to is not None:
            body["reply_to_message_id"] = reply_to
        await self._post("/sendMessage", body)

    async def press(self, user: TgUser, chat: TgChat, message_id: int, data: str) -> str:
        """Press an inline button; returns the callback query id."""
        result = await self._post(
            "/sendCallback",
            {
                "from": user.as_from(),
                "chat": chat.as_chat(),
                "message_id": message_id,
                "data": data,
            },
        )
        return str(result["callback_query_id"])

    # --- reading what the bot did ----------------------------------------------------------

    async def messages(self, chat: TgChat) -> list[dict[str, Any]]:
        """Every message the bot has in the chat, as Telegram shows it (text + entities)."""
        answer = await self._http.get("/_test/messages", params={"chat_id": chat.id})
        result: list[dict[str, Any]] = answer.json()
        return result

    async def answers(self) -> dict[str, dict[str, Any]]:
        """Answered callback queries by id."""
        answer = await self._http.get("/_test/answers")
        return {item["callback_query_id"]: item for item in answer.json()}

    async def commands(self) -> dict[str, list[dict[str, str]]]:
        answer = await self._http.get("/_test/commands")
        result: dict[str, list[dict[str, str]]] = answer.json()
        return result

    async def calls(self, method: str) -> list[dict[str, Any]]:
        answer = await self._http.get("/_test/calls")
        return [call for call in answer.json() if call["method"] == method]

    async def webhook(self) -> dict[str, Any] | None:
        answer = await self._http.get("/_test/webhook")
        result: dict[str, Any] | None = answer.json()
        return result

    async def fail(
        self,
        method: str,
        *,
        count: int = 1,
        skip: int = 0,
        error_code: int = 429,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        description: str = "Too Many Requests: retry after 1",
    ) -> None:
        """Make the next `count` calls of `method` (after `skip` good ones) fail like Telegram."""
        body: dict[str, Any] = {
            "method": method,
            "count": count,
            "skip": skip,
            "error_code": error_code,
            "description": description,
        }
        if retry_after is not None:
            body["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            body["migrate_to_chat_id"] = migrate_to_chat_id
        answer = await self._http.post("/_test/faults", json=body)
        assert answer.status_code == 200

    # --- waiting ---------------------------------------------------------------------------

    async def reply_in(self, chat: TgChat, containing: str, after: int = 0) -> dict[str, Any]:
        """The first bot message in `chat` (beyond the first `after`) whose text contains this."""

        async def probe() -> dict[str, Any] | None:
            found = [m for m in (await self.messages(chat))[after:] if containing in _text(m)]
            return found[0] if found else None

        return await eventually(probe, f"a bot message in {chat.id} containing {containing!r}")

    async def answered(self, callback_id: str) -> dict[str, Any]:
        async def probe() -> dict[str, Any] | None:
            return (await self.answers()).get(callback_id)

        return await eventually(probe, f"callback {callback_id} answered")

    async def edited(self, chat: TgChat, message_id: int, edits: int = 1) -> dict[str, Any]:
        """The message once it has been edited `edits` times."""

        async def probe() -> dict[str, Any] | None:
            for message in await self.messages(chat):
                if message["message_id"] == message_id and message["edits"] >= edits:
                    return message
            return None

        return await eventually(probe, f"message {message_id} edited {edits} time(s)")


def _text(message: dict[str, Any]) -> str:
    return str(message.get("text") or message.get("caption") or "")


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """Button label → callback_data of a message's inline keyboard."""
    markup = message.get("reply_markup") or {}
    return {
        button["text"]: button["callback_data"]
        for row in markup.get("inline_keyboard", [])
        for button in row
    }


def keyboard(message: dict[str, Any]) -> list[list[tuple[str, str]]]:
    """The inline keyboard as rows of (label, callback_data)."""
    markup = message.get("reply_markup") or {}
    return [
        [(button["text"], button["callback_data"]) for button in row]
        for row in markup.get("inline_keyboard", [])
    ]
