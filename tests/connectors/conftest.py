"""A bot's webhook routes served on loopback over a real SQLite store."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.config.comments_in import CommentAccount, CommentsIn, HookSource
from bot.connectors.inbound import CommentConnectors
from bot.connectors.secrets import Secrets
from bot.connectors.signatures import sign
from bot.feeds.screen import Screen
from bot.store import Store
from tests.conftest import NOW

APP_SECRET = "meta-app-secret-for-tests"
VERIFY_TOKEN = "verify-me-please"
HOOK_SECRET = "zapier-shared-secret"
PAGE_ID = "1020304050"
IG_ID = "17841400000000001"

SECTION = CommentsIn(
    accounts=(
        CommentAccount(brand="alpenglow", platform="facebook", id=PAGE_ID, token_env="PAGE_T"),
        CommentAccount(brand="alpenglow", platform="instagram", id=IG_ID, token_env="IG_T"),
    ),
    sources=(HookSource(name="zapier", secret_env="ZAP_SECRET", brand="alpenglow"),),
)
ENVIRON = {
    "META_APP_SECRET": APP_SECRET,
    "META_VERIFY_TOKEN": VERIFY_TOKEN,
    "ZAP_SECRET": HOOK_SECRET,
}


@dataclass
class Hooks:
    url: str
    session: aiohttp.ClientSession
    connectors: CommentConnectors

    async def meta(self, payload: Any, *, secret: str = APP_SECRET) -> aiohttp.ClientResponse:
        body = json.dumps(payload).encode()
        headers = {"X-Hub-Signature-256": sign(secret, body), "Content-Type": "application/json"}
        async with self.session.post(f"{self.url}/hooks/meta", data=body, headers=headers) as r:
            await r.read()
            return r


def fb_comment(
    comment_id: str,
    message: str = "Does it come in blue?",
    verb: str = "add",
    time: int = 1_795_000_000,
    created: int = 1_795_000_000,
) -> dict[str, Any]:
    """A Page `feed` delivery of one comment change, as Meta sends it."""
    value: dict[str, Any] = {
        "from": {"id": "9001", "name": "Jane Doe"},
        "post": {"id": f"{PAGE_ID}_77", "status_type": "added_photos"},
        "message": message,
        "post_id": f"{PAGE_ID}_77",
        "comment_id": f"77_{comment_id}",
        "created_time": created,
        "item": "comment",
        "parent_id": f"{PAGE_ID}_77",
        "verb": verb,
    }
    if verb == "remove":
        del value["message"]
    entry = {"id": PAGE_ID, "time": time, "changes": [{"field": "feed", "value": value}]}
    return {"object": "page", "entry": [entry]}


def ig_comment(comment_id: str, text: str = "Love it!", time: int = 1_795_000_000) -> Any:
    value = {
        "from": {"id": "555", "username": "skier_sam"},
        "media": {"id": "18000000000000077", "media_product_type": "FEED"},
        "id": comment_id,
        "text": text,
    }
    entry = {"id": IG_ID, "time": time, "changes": [{"field": "comments", "value": value}]}
    return {"object": "instagram", "entry": [entry]}


@pytest.fixture
async def hooks(store: Store) -> AsyncIterator[Hooks]:
    screen = Screen(frozenset({"alpenglow"}), lambda: NOW)
    connectors = CommentConnectors(SECTION, store, screen, lambda: NOW, Secrets(ENVIRON))
    app = web.Application()
    connectors.mount(app)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    async with aiohttp.ClientSession() as session:
        yield Hooks(f"http://127.0.0.1:{port}", session, connectors)
    await runner.cleanup()
