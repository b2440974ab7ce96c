"""Local servers that speak the documented Graph API and YouTube Data API v3 comment reads:
cursor paging, throttling and token errors. They run on 127.0.0.1 only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from bot.config.comments_in import CommentAccount

GRAPH_VERSION = "v21.0"
START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def graph_time(moment: datetime) -> str:
    """How the Graph API writes times: ``2026-11-20T09:00:00+0000``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


@dataclass
class GraphServer:
    """`GET /v21.0/{object-id}/comments`: comments newest first for `order=reverse_chronological`,
    `limit` a page, `after` a cursor (the id of the last comment given)."""

    token: str
    comments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Error answers to give before answering normally: (HTTP status, Graph error code).
    errors: list[tuple[int, int]] = field(default_factory=list)
    calls: list[dict[str, str]] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    # X-Business-Use-Case-Usage sent with the error answers, when set.
    usage: str | None = None

    def add(self, object_id: str, count: int, first: int = 0, platform: str = "facebook") -> None:
        items = self.comments.setdefault(object_id, [])
        for n in range(first, first + count):
            moment = graph_time(START + timedelta(minutes=n))
            if platform == "facebook":
                items.append(
                    {
                        "id": f"{object_id}_{n}",
                        "message": f"Comment number {n}: does it come in blue?",
                        "from": {"id": str(9000 + n), "name": f"Fan {n}"},
                        "created_time": moment,
                    }
                )
            else:
                items.append(
                    {
                        "id": f"1790{n:06d}",
                        "text": f"Love it {n}",
                        "username": f"fan_{n}",
                        "timestamp": moment,
                    }
                )

    async def handle(self, request: web.Request) -> web.Response:
        self.calls.append(dict(request.query))
        self.urls.append(str(request.url))
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return _graph_error(400, 190, "Invalid OAuth access token.")
        if self.errors:
            status, code = self.errors.pop(0)
            answer = _graph_error(status, code, "Application request limit reached")
            if self.usage is not None:
                answer.headers["X-Business-Use-Case-Usage"] = self.usage
            return answer
        items = list(self.comments.get(request.match_info["object"], []))
        if request.query.get("order") == "reverse_chronological":
            items.reverse()
        limit = int(request.query.get("limit", "25"))
        start = 0
        after = request.query.get("after")
        if after:
            start = next(i for i, item in enumerate(items) if item["id"] == after) + 1
        chunk = items[start : start + limit]
        body: dict[str, Any] = {"data": chunk}
        if chunk:
            body["paging"] = {"cursors": {"before": chunk[0]["id"], "after": chunk[-1]["id"]}}
            if start + limit < len(items):
                body["paging"]["next"] = f"https://graph.example/next?after={chunk[-1]['id']}"
        return web.json_response(body)


def _graph_error(status: int, code: int, message: str) -> web.Response:
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "Ab1"}
    return web.json_response({"error": error}, status=status)


@dataclass
class YouTubeServer:
    """`GET /youtube/v3/commentThreads`: threads newest first (`order=time`), `maxResults` a page,
    `pageToken` from the previous answer's `nextPageToken`."""

    key: str
    threads: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    errors: list[tuple[int, str]] = field(default_factory=list)
    calls: list[dict[str, str]] = field(default_factory=list)

    def add(self, video: str, count: int, first: int = 0) -> None:
        items = self.threads.setdefault(video, [])
        for n in range(first, first + count):
            moment = (START + timedelta(minutes=n)).isoformat().replace("+00:00", "Z")
            comment = {
                "kind": "youtube#comment",
                "id": f"Ugz{video}{n}",
                "snippet": {
                    "videoId": video,
                    "textDisplay": f"Great video {n}",
                    "textOriginal": f"Great video {n}",
                    "authorDisplayName": f"@viewer{n}",
                    "publishedAt": moment,
                    "updatedAt": moment,
                },
            }
            items.append(
                {
                    "kind": "youtube#commentThread",
                    "id": f"Ugz{video}{n}",
                    "snippet": {
                        "channelId": "UCbrand",
                        "videoId": video,
                        "topLevelComment": comment,
                        "totalReplyCount": 0,
                    },
                }
            )

    async def handle(self, request: web.Request) -> web.Response:
        self.calls.append(dict(request.query))
        if request.headers.get("X-Goog-Api-Key") != self.key:
            return _youtube_error(400, "keyInvalid", "API key not valid.")
        if self.errors:
            status, reason = self.errors.pop(0)
            return _youtube_error(status, reason, "The request cannot be completed.")
        video = request.query.get("videoId") or request.query.get("allThreadsRelatedToChannelId")
        items = sorted(
            self.threads.get(str(video), []),
            key=lambda t: t["snippet"]["topLevelComment"]["snippet"]["publishedAt"],
            reverse=True,
        )
        size = int(request.query.get("maxResults", "20"))
        start = int(request.query.get("pageToken", "0") or 0)
        body: dict[str, Any] = {
            "kind": "youtube#commentThreadListResponse",
            "items": items[start : start + size],
            "pageInfo": {"totalResults": len(items), "resultsPerPage": size},
        }
        if start + size < len(items):
            body["nextPageToken"] = str(start + size)
        return web.json_response(body)


def _youtube_error(status: int, reason: str, message: str) -> web.Response:
    error = {
        "code": status,
        "message": message,
        "errors": [{"message": message, "domain": "youtube.quota", "reason": reason}],
    }
    return web.json_response({"error": error}, status=status)


@asynccontextmanager
async def serving(graph: GraphServer | None, youtube: YouTubeServer | None) -> AsyncIterator[str]:
    """Serve the given fakes on a loopback port; yields the base URL."""
    app = web.Application()
    if graph is not None:
        app.router.add_get(f"/{GRAPH_VERSION}/{{object}}/comments", graph.handle)
    if youtube is not None:
        app.router.add_get("/youtube/v3/commentThreads", youtube.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


def polled_pair() -> tuple[CommentAccount, CommentAccount]:
    """A Facebook Page polled on post 1020304050_77 (token in PAGE_TOKEN) and a YouTube channel
    polled on video vid1 (key in YT_KEY), both of brand alpenglow."""
    return (
        CommentAccount(
            brand="alpenglow",
            platform="facebook",
            id="1020304050",
            token_env="PAGE_TOKEN",
            poll=("1020304050_77",),
        ),
        CommentAccount(
            brand="alpenglow", platform="youtube", id="UCbrand", token_env="YT_KEY", poll=("vid1",)
        ),
    )
