"""The Slack test rig: our real Bolt app over HTTP, signed requests as Slack sends them."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from bot.alerting.manager import AlertManager
from bot.config.loading import load_workspace
from bot.config.workspace import Workspace
from bot.delivery import Deliverer, DeliveryCounts
from bot.models import Alert, Suggestion
from bot.settings import Settings
from bot.store import Store
from handlers.slack import SlackChannel, build_slack_channel
from handlers.slack.server import HttpServer
from tests.conftest import NOW
from tests.handlers.slack.fake_slack import HOST, FakeSlack, Message

BOT_TOKEN = "xoxb-0000-test-token"
APP_TOKEN = "xapp-1-test-token"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
REVIEW = "C0REVIEW"
ADS = "C0ADS"

WORKSPACE = """\
brands:
  - {id: alpenglow, name: Alpenglow, review_receiver: review}
  - {id: lumora, name: Lumora & Co, review_receiver: review}
receivers:
  - {name: review, kind: slack, channel: C0REVIEW}
  - {name: ads, kind: slack, channel: C0ADS}
route:
  receiver: ads
  group_by: [campaign]
  group_wait: 0s
people:
  - {name: Ana, slack: U0ANA, role: approver, brands: [alpenglow]}
  - {name: Max, slack: U0MAX, role: admin}
  - {name: Lee, slack: U0LEE, role: approver, brands: [lumora]}
  - {name: Vic, slack: U0VIC, role: viewer}
  - {name: Crew, slack_groups: [S0CREW], role: approver, brands: [alpenglow]}
"""
USERS = {
    "U0ANA": "ana",
    "U0MAX": "max",
    "U0LEE": "lee",
    "U0VIC": "vic",
    "U0EVE": "eve",
    "U0GRP": "grace",
}


def write_workspace(folder: Path) -> Path:
    path = folder / "workspace.yaml"
    path.write_text(WORKSPACE, encoding="utf-8")
    return path


def settings_for(fake: FakeSlack, workspace: Path, mode: str = "http") -> Settings:
    values: dict[str, Any] = {
        "workspace": workspace,
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SECRET,
        "slack_mode": mode,
        "slack_http_port": 0,
        "slack_api_url": fake.api_url,
        "chart_dir": workspace.parent / "charts",
    }
    if mode == "socket":
        values["slack_app_token"] = APP_TOKEN
    # pydantic's dataclass_transform hides BaseSettings' init-only options from mypy.
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def alert(campaign: str = "Winter Shells", name: str = "cpa_above_target", **extra: str) -> Alert:
    labels = {"alertname": name, "platform": "meta", "campaign": campaign, **extra}
    return Alert(
        labels=labels,
        summary=f"CPA 41.20 is 37% above the 30.00 target on {campaign}",
        severity="critical",
        value=41.2,
        baseline=30.0,
        evidence={"cpa": "41.20", "target_cpa": "30.00", "conversions": "34"},
        suggestions=(Suggestion("Cut budget 20%", "on the two worst ad sets", "CPA −8%"),),
    )


@dataclass
class Rig:
    """Everything a Slack test drives: the fake API, our channel (serving HTTP), the store."""

    fake: FakeSlack
    store: Store
    workspace: Workspace
    settings: Settings
    channel: SlackChannel
    deliverer: Deliverer
    nudges: int = 0
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _firing: list[Alert] = field(default_factory=list)

    @property
    def events_url(self) -> str:
        assert isinstance(self.channel.server, HttpServer)
        return f"http://{HOST}:{self.channel.server.port}/slack/events"

    # --- the pipeline's side ----------------------------------------------------------

    def nudge(self) -> None:
        self.nudges += 1
        self._wake.set()

    async def deliver(self) -> DeliveryCounts:
        async with self._lock:
            return await self.deliverer.deliver()

    async def settled(self) -> None:
        """Wait for a delivery under way to finish: the fake sees an edit before the
        deliverer has marked its notice sent."""
        async with self._lock:
            pass

    async def delivering_on_nudge(self) -> None:
        """What Pipeline.run does with a nudge: deliver straight away."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            await self.deliver()

    async def fire(self, *alerts: Alert) -> None:
        """Run the real alert manager: these alerts are true now (the others resolve)."""
        self._firing = list(alerts)

        async def source(_: Any) -> list[Alert]:
            return self._firing

        manager = AlertManager(self.store, self.workspace.routing_tree, source, {})
        await manager.evaluate(NOW)
        await manager.flush(NOW + timedelta(minutes=1))

    # --- Slack's side: signed requests ------------------------------------------------

    async def post(
        self,
        body: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
    ) -> tuple[int, str]:
        stamp = str(timestamp if timestamp is not None else int(time.time()))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature if signature is not None else sign(stamp, body),
        }
        return await self.post_raw(body.encode(), headers)

    async def post_raw(self, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
        """POST exactly these bytes and headers to the events endpoint."""
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.events_url, data=body, headers=headers) as response,
        ):
            return response.status, await response.text()

    def new_response_url(self) -> tuple[str, str]:
        name = f"r{next(self._names)}"
        return name, self.fake.response_url(name)

    async def command(
        self, text: str, user: str = "U0ANA", channel: str = REVIEW
    ) -> dict[str, Any]:
        """Type `/socialpulse <text>` and return the answer posted to the response_url."""
        name, url = self.new_response_url()
        status, _ = await self.post(urlencode(command_form(text, user, channel, url)))
        assert status == 200
        return await self.response(name)

    async def response(self, name: str) -> dict[str, Any]:
        def found() -> dict[str, Any] | None:
            return next((body for n, body in self.fake.responses if n == name), None)

        answer: dict[str, Any] = await self.fake.wait_for(
            found, f"an answer at response_url {name}"
        )
        return answer

    async def press(
        self,
        message: Message,
        action_id: str,
        user: str = "U0ANA",
        option: str | None = None,
        block: str | None = None,
    ) -> str:
        """Press a button (or pick a menu `option` by value prefix) on a message as it is in
        Slack, in the block `block` if given; returns the response_url name for the answer."""
        name, url = self.new_response_url()
        payload = block_action(message, action_id, user, url, option, block)
        status, _ = await self.post(urlencode({"payload": json.dumps(payload)}))
        assert status == 200
        return name

    async def submit(
        self, view: dict[str, Any], values: dict[str, str], user: str = "U0ANA"
    ) -> tuple[int, str]:
        """Submit a modal that views.open showed, with `values` by input block id."""
        state = {
            block_id: {"text": {"type": "plain_text_input", "value": value}}
            for block_id, value in values.items()
        }
        payload = {
            "type": "view_submission",
            "team": {"id": "T0TEST", "domain": "test"},
            "user": {
                "id": user,
                "username": USERS.get(user, user),
                "name": USERS.get(user, user),
                "team_id": "T0TEST",
            },
            "api_app_id": "A0APP",
            "token": "legacy",
            "trigger_id": "9.9.9",
            "view": {
                **view,
                "team_id": "T0TEST",
                "app_id": "A0APP",
                "bot_id": "B0BOT",
                "hash": "h1",
                "state": {"values": state},
            },
            "response_urls": [],
        }
        return await self.post(urlencode({"payload": json.dumps(payload)}))


def sign(timestamp: str, body: str | bytes) -> str:
    """The v0 signature Slack sends: HMAC-SHA256 of `v0:{timestamp}:{body}` with the secret."""
    return SignatureVerifier(SECRET).generate_signature(timestamp=timestamp, body=body) or ""


def command_form(text: str, user: str, channel: str, response_url: str) -> dict[str, str]:
    return {
        "token": "legacy",
        "team_id": "T0TEST",
        "team_domain": "test",
        "channel_id": channel,
        "channel_name": "review",
        "user_id": user,
        "user_name": USERS.get(user, user),
        "command": "/socialpulse",
        "text": text,
        "api_app_id": "A0APP",
        "response_url": response_url,
        "trigger_id": "1.2.3",
    }


def find_element(
    blocks: list[dict[str, Any]], action_id: str, block_id: str | None = None
) -> tuple[str, dict[str, Any]]:
    for block in blocks:
        if block_id is not None and block.get("block_id") != block_id:
            continue
        candidates = list(block.get("elements") or [])
        if block.get("accessory"):
            candidates.append(block["accessory"])
        for element in candidates:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                return str(block.get("block_id", "")), element
    raise AssertionError(f"no {action_id} in the message")


def block_action(
    message: Message,
    action_id: str,
    user: str,
    response_url: str,
    option: str | None = None,
    block: str | None = None,
) -> dict[str, Any]:
    block_id, element = find_element(message.blocks, action_id, block)
    action: dict[str, Any] = {
        "action_id": action_id,
        "block_id": block_id,
        "type": element["type"],
        "action_ts": "1764057700.000100",
    }
    if element["type"] == "button":
        action["value"] = element.get("value", "")
        action["text"] = element["text"]
    else:
        chosen = next(o for o in element["options"] if o["value"].startswith(option or ""))
        action["selected_option"] = chosen
    return {
        "type": "block_actions",
        "team": {"id": "T0TEST", "domain": "test"},
        "user": {
            "id": user,
            "username": USERS.get(user, user),
            "name": USERS.get(user, user),
            "team_id": "T0TEST",
        },
        "api_app_id": "A0APP",
        "token": "legacy",
        "container": {
            "type": "message",
            "message_ts": message.ts,
            "channel_id": message.channel,
            "is_ephemeral": False,
        },
        "trigger_id": f"{next(_triggers)}.2.3",
        "channel": {"id": message.channel, "name": "team"},
        "message": {
            "type": "message",
            "ts": message.ts,
            "text": message.text,
            "blocks": message.blocks,
            "user": "U0BOT",
            "bot_id": "B0BOT",
        },
        "response_url": response_url,
        "actions": [action],
    }


_triggers = itertools.count(1)


@contextlib.asynccontextmanager
async def rig_for(
    fake: FakeSlack, store: Store, folder: Path, mode: str = "http"
) -> AsyncIterator[Rig]:
    """Our channel built the way the app builds it, started, and closed afterwards."""
    path = write_workspace(folder)
    workspace = load_workspace(path)
    settings = settings_for(fake, path, mode)
    holder: list[Rig] = []
    channel = build_slack_channel(settings, workspace, store, lambda: holder[0].nudge(), host=HOST)
    rig = Rig(
        fake, store, workspace, settings, channel, Deliverer(store.outbox, channel_map(channel))
    )
    holder.append(rig)
    await channel.start()
    runner = asyncio.create_task(rig.delivering_on_nudge())
    try:
        yield rig
    finally:
        runner.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await runner
        await channel.close()


def channel_map(channel: SlackChannel) -> dict[str, Any]:
    return dict.fromkeys(channel.receivers, channel)
