"""A local server speaking the documented Graph API and YouTube Data API comment calls."""

from __future__ import annotations

import itertools
import json
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

PAGE_ID = "104000000000001"
IG_ID = "17841400000000001"
IG_USERNAME = "alpenglow"
CHANNEL_ID = "UCalpenglowOutdoor000001"
# Token-shaped on purpose: the redaction of logs and errors has to recognise nothing by luck.
GRAPH_TOKEN = "EAAGm0PX4ZCpsBAK7ZBZC9graphTOKENforTESTSonly1234567890"
YOUTUBE_REFRESH = "1//0gREFRESHtokenFORtestsONLYabcdefghijklmnopqrstuvwxyz012345"
YOUTUBE_CLIENT_ID = "1234567890-fakeclient.apps.googleusercontent.com"
YOUTUBE_CLIENT_SECRET = "GOCSPX-fakeCLIENTsecretFORtests0123"
YOUTUBE_ACCESS = "ya29.a0AfH6SMBfakeACCESStokenFORtestsONLY0123456789"

GRAPH = "/v21.0"
YOUTUBE = "/youtube/v3"


@dataclass(slots=True)
class Scripted:
    """An error answer for the next request whose path contains `where` (any when "")."""

    status: int
    body: dict[str, Any] | None
    headers: dict[str, str] = field(default_factory=dict)
    where: str = ""


def graph_error(code: int, message: str, subcode: int | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "AbCdEf123",
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": error}


def youtube_error(status: int, reason: str, message: str) -> dict[str, Any]:
    domain = "youtube.quota" if reason == "quotaExceeded" else "youtube.comment"
    return {
        "error": {
            "code": status,
            "message": message,
            "errors": [{"message": message, "domain": domain, "reason": reason}],
        }
    }


@dataclass(slots=True)
class FakePlatforms:
    """What the platforms hold: replies per comment (by account), hides, moderation."""

    graph_tokens: set[str] = field(default_factory=lambda: {GRAPH_TOKEN})
    refresh_tokens: set[str] = field(default_factory=lambda: {YOUTUBE_REFRESH})
    access_tokens: set[str] = field(default_factory=set)
    replies: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    hides: Counter[str] = field(default_factory=Counter)
    moderation: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    deleted: set[str] = field(default_factory=set)
    script: list[Scripted] = field(default_factory=list)
    calls: list[tuple[str, str]] = field(default_factory=list)
    seen_headers: list[dict[str, str]] = field(default_factory=list)
    # Called after a POST was carried out and before it is answered (the crash drill).
    after_post: Callable[[], None] | None = None
    # How many POSTs to carry out and then answer 502 as if the answer got lost.
    lose_answers: int = 0
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    def reply_count(self, comment_id: str) -> int:
        return len(self.replies.get(comment_id, []))

    def _scripted(self, request: web.Request) -> web.Response | None:
        for index, item in enumerate(self.script):
            if item.where in request.path:
                del self.script[index]
                return web.json_response(item.body, status=item.status, headers=item.headers)
        return None

    def _carried_out(self) -> None:
        if self.after_post is not None:
            self.after_post()
        if self.lose_answers > 0:
            self.lose_answers -= 1
            raise web.HTTPBadGateway()

    # --- Graph API --------------------------------------------------------------------------

    def _graph_auth(self, request: web.Request) -> web.Response | None:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if given in self.graph_tokens:
            return None
        body = graph_error(190, "Error validating access token: Session has expired.", 463)
        return web.json_response(body, status=400)

    def _gone(self, object_id: str) -> web.Response:
        message = (
            f"Unsupported post request. Object with ID '{object_id}' does not exist, cannot be"
            " loaded due to missing permissions, or does not support this operation."
        )
        return web.json_response(graph_error(100, message, 33), status=400)

    async def graph(self, request: web.Request) -> web.Response:
        self.calls.append((request.method, request.path))
        self.seen_headers.append(dict(request.headers))
        refused = self._scripted(request) or self._graph_auth(request)
        if refused is not None:
            return refused
        object_id, edge = request.match_info["id"], request.match_info.get("edge", "")
        if object_id in self.deleted:
            return self._gone(object_id)
        form = await request.post()
        if request.method == "GET":
            return self._graph_list(object_id, edge)
        if edge in ("comments", "replies"):
            message = str(form.get("message") or "")
            reply_id = f"{object_id}_{next(self._ids)}"
            author = (
                {"id": PAGE_ID, "name": "Alpenglow"}
                if edge == "comments"
                else {"id": IG_ID, "username": IG_USERNAME}
            )
            key = "message" if edge == "comments" else "text"
            self.replies[object_id].append({"id": reply_id, key: message, "from": author})
            self._carried_out()
            return web.json_response({"id": reply_id})
        if form.get("is_hidden") == "true" or form.get("hide") == "true":
            self.hides[object_id] += 1
            self._carried_out()
            return web.json_response({"success": True})
        return web.json_response(graph_error(100, "Invalid parameter"), status=400)

    def _graph_list(self, object_id: str, edge: str) -> web.Response:
        found = list(reversed(self.replies.get(object_id, [])))
        if edge == "replies":
            found = [{**item, "username": item["from"].get("username", "")} for item in found]
        return web.json_response({"data": found, "paging": {"cursors": {}}})

    # --- YouTube Data API -------------------------------------------------------------------

    async def token(self, request: web.Request) -> web.Response:
        self.calls.append((request.method, request.path))
        form = await request.post()
        if form.get("refresh_token") not in self.refresh_tokens or (
            form.get("client_secret") != YOUTUBE_CLIENT_SECRET
        ):
            body = {"error": "invalid_grant", "error_description": "Token has been revoked."}
            return web.json_response(body, status=400)
        access = f"{YOUTUBE_ACCESS}{next(self._ids)}"
        self.access_tokens.add(access)
        return web.json_response(
            {"access_token": access, "expires_in": 3599, "token_type": "Bearer"}
        )

    def _youtube_auth(self, request: web.Request) -> web.Response | None:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if given in self.access_tokens:
            return None
        body = youtube_error(401, "authError", "Request had invalid authentication credentials.")
        return web.json_response(body, status=401)

    async def comments(self, request: web.Request) -> web.Response:
        self.calls.append((request.method, request.path))
        refused = self._scripted(request) or self._youtube_auth(request)
        if refused is not None:
            return refused
        if request.method == "GET":
            parent = request.query.get("parentId", "")
            if parent in self.deleted:
                return self._youtube_gone()
            items = self.replies.get(parent, [])
            return web.json_response({"kind": "youtube#commentListResponse", "items": items})
        body = json.loads(await request.text())
        snippet = body.get("snippet") or {}
        parent = str(snippet.get("parentId") or "")
        if parent in self.deleted:
            return self._youtube_gone()
        reply_id = f"Ugz{parent}.{next(self._ids)}"
        item = {
            "kind": "youtube#comment",
            "id": reply_id,
            "snippet": {
                "parentId": parent,
                "textOriginal": snippet.get("textOriginal", ""),
                "textDisplay": snippet.get("textOriginal", ""),
                "authorChannelId": {"value": CHANNEL_ID},
            },
        }
        self.replies[parent].append(item)
        self._carried_out()
        return web.json_response(item)

    def _youtube_gone(self) -> web.Response:
        body = youtube_error(404, "commentNotFound", "The specified comment could not be found.")
        return web.json_response(body, status=404)

    async def moderate(self, request: web.Request) -> web.Response:
        self.calls.append((request.method, request.path))
        refused = self._scripted(request) or self._youtube_auth(request)
        if refused is not None:
            return refused
        comment_id = request.query.get("id", "")
        if comment_id in self.deleted:
            return self._youtube_gone()
        self.moderation[comment_id].append(request.query.get("moderationStatus", ""))
        self.hides[comment_id] += 1
        self._carried_out()
        return web.Response(status=204)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", GRAPH + "/{id}", self.graph)
        app.router.add_route("*", GRAPH + "/{id}/{edge}", self.graph)
        app.router.add_post("/token", self.token)
        app.router.add_post(YOUTUBE + "/comments/setModerationStatus", self.moderate)
        app.router.add_route("*", YOUTUBE + "/comments", self.comments)
        return app


@asynccontextmanager
async def serving(platforms: FakePlatforms) -> AsyncIterator[str]:
    """Serve `platforms` on a free loopback port; yields its base address."""
    runner = web.AppRunner(platforms.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


def workspace_yaml(
    base: str, platforms: tuple[str, ...] = ("facebook", "instagram", "youtube")
) -> str:
    """A workspace with publishing accounts for brand alpenglow on `platforms` at `base`."""
    accounts = {
        "facebook": f"""  - brand: alpenglow
    platform: facebook
    account: "{PAGE_ID}"
    token_env: ALPENGLOW_FACEBOOK_TOKEN
    base_url: {base}{GRAPH}
""",
        "instagram": f"""  - brand: alpenglow
    platform: instagram
    account: "{IG_ID}"
    username: {IG_USERNAME}
    token_env: ALPENGLOW_INSTAGRAM_TOKEN
    base_url: {base}{GRAPH}
""",
        "youtube": f"""  - brand: alpenglow
    platform: youtube
    account: {CHANNEL_ID}
    token_env: ALPENGLOW_YOUTUBE_REFRESH_TOKEN
    client_id_env: ALPENGLOW_YOUTUBE_CLIENT_ID
    client_secret_env: ALPENGLOW_YOUTUBE_CLIENT_SECRET
    base_url: {base}{YOUTUBE}
    token_url: {base}/token
""",
    }
    return (
        "brands:\n  - id: alpenglow\n    name: Alpenglow Outdoor\n"
        "receivers:\n  - name: console\n    kind: console\n  - name: ops\n    kind: console\n"
        "publishing:\n" + "".join(accounts[p] for p in platforms)
    )


ENV: dict[str, str] = {
    "ALPENGLOW_FACEBOOK_TOKEN": GRAPH_TOKEN,
    "ALPENGLOW_INSTAGRAM_TOKEN": GRAPH_TOKEN,
    "ALPENGLOW_YOUTUBE_REFRESH_TOKEN": YOUTUBE_REFRESH,
    "ALPENGLOW_YOUTUBE_CLIENT_ID": YOUTUBE_CLIENT_ID,
    "ALPENGLOW_YOUTUBE_CLIENT_SECRET": YOUTUBE_CLIENT_SECRET,
}
