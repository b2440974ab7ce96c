"""Polling against local servers that speak the Graph API and the YouTube Data API: cursor
paging from a stored checkpoint, throttling backed off with nothing lost, quota counted."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.backoff import Backoff
from bot.connectors.errors import ConnectorError, Throttled
from bot.connectors.graph_comments import GraphComments
from bot.connectors.polling import Poller, PollingLoop
from bot.connectors.status import ConnectorStatus
from bot.connectors.youtube_comments import Quota, YouTubeComments
from bot.feeds.screen import Screen
from bot.store import Store
from tests.conftest import NOW
from tests.connectors.platforms import GRAPH_VERSION, GraphServer, YouTubeServer, serving

TOKEN = "EAAGpagetokenforlocaltests"
KEY = "AIzaLocalYouTubeKeyForTests"
POST = "1020304050_77"
SCREEN = Screen(frozenset({"alpenglow"}), lambda: NOW)


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


async def count(store: Store, prefix: str) -> int:
    return int(
        await store.db.scalar("SELECT COUNT(*) FROM comments WHERE key LIKE ?", (prefix + "%",))
    )


def facebook(
    session: aiohttp.ClientSession, url: str, obj: str = POST, platform: str = "facebook"
) -> GraphComments:
    return GraphComments(
        session, f"{url}/{GRAPH_VERSION}", TOKEN, platform, "alpenglow", obj, SCREEN, lambda: NOW
    )


@pytest.mark.slow
async def test_a_post_is_read_page_by_page_then_only_what_is_new(
    store: Store, session: aiohttp.ClientSession
) -> None:
    graph = GraphServer(TOKEN)
    graph.add(POST, 250)
    async with serving(graph, None) as url:
        poller = Poller(facebook(session, url), store.feeds, store.comment_changes)
        first = await poller.sweep()
        assert (first.stored, first.duplicate) == (250, 0)
        assert len(graph.calls) == 3
        assert [c.get("after") for c in graph.calls] == [None, f"{POST}_150", f"{POST}_50"]
        assert all(
            c["order"] == "reverse_chronological" and c["filter"] == "stream" for c in graph.calls
        )
        # The token travels in a header, never in the URL.
        assert not any(TOKEN in u for u in graph.urls)
        graph.add(POST, 5, first=250)
        graph.calls.clear()
        second = await poller.sweep()
        assert second.stored == 5
        # Newest first: the first page reaches what the last sweep had seen, so it stops there.
        assert len(graph.calls) == 1
    assert await count(store, "facebook:") == 255
    row = await store.db.fetchone(
        "SELECT author, created_at FROM comments WHERE key = ?", (f"facebook:{POST}_0",)
    )
    assert row is not None and tuple(row) == ("Fan 0", "2026-11-20T09:00:00+00:00")


@pytest.mark.slow
async def test_a_sweep_cut_short_resumes_from_its_checkpoint_and_stores_nothing_twice(
    store: Store, session: aiohttp.ClientSession
) -> None:
    graph = GraphServer(TOKEN)
    graph.add(POST, 250)
    async with serving(graph, None) as url:
        poller = Poller(facebook(session, url), store.feeds, store.comment_changes)
        source = poller.source
        original = source.page
        calls = 0

        async def failing_second_page(cursor: str | None):  # type: ignore[no-untyped-def]
            nonlocal calls
            calls += 1
            if calls == 2:
                raise ConnectorError("connection reset")
            return await original(cursor)

        source.page = failing_second_page  # type: ignore[method-assign]
        with pytest.raises(ConnectorError):
            await poller.sweep()
        assert await count(store, "facebook:") == 100
        graph.calls.clear()
        resumed = await poller.sweep()
        # It goes on from the page after the last one stored.
        assert graph.calls[0]["after"] == f"{POST}_150"
        assert resumed.stored == 150
    assert await count(store, "facebook:") == 250


@pytest.mark.slow
@pytest.mark.parametrize("code", [4, 17, 32, 613, 80001])
async def test_throttling_backs_off_and_loses_nothing(
    store: Store, session: aiohttp.ClientSession, code: int
) -> None:
    graph = GraphServer(TOKEN, errors=[(400, code)])
    graph.add(POST, 30)
    now = [0.0]
    backoff = Backoff(logging.getLogger("test"), first=30.0, most=600.0, clock=lambda: now[0])
    status = ConnectorStatus([TOKEN])
    async with serving(graph, None) as url:
        poller = Poller(facebook(session, url), store.feeds, store.comment_changes)
        loop = PollingLoop([poller], status, every=60.0, backoff=backoff)
        await loop.once()
        report = status.report()[f"connector:graph:facebook:{POST}"]
        assert report["error"].startswith(
            f"Throttled: GET /{POST}/comments: Graph error code {code} (rate limited)"
        )
        assert TOKEN not in str(report)
        await loop.once()  # not due yet: no call
        assert len(graph.calls) == 1
        now[0] = 31.0
        await loop.once()
    assert await count(store, "facebook:") == 30


async def test_the_time_a_business_use_case_limit_gives_is_waited_out(
    store: Store, session: aiohttp.ClientSession
) -> None:
    graph = GraphServer(TOKEN, errors=[(400, 80001)])
    graph.usage = json.dumps(
        {
            "1020304050": [
                {"type": "pages", "call_count": 100, "estimated_time_to_regain_access": 10}
            ]
        }
    )
    graph.add(POST, 5)
    now = [0.0]
    backoff = Backoff(logging.getLogger("test"), first=30.0, most=600.0, clock=lambda: now[0])
    async with serving(graph, None) as url:
        poller = Poller(facebook(session, url), store.feeds, store.comment_changes)
        loop = PollingLoop(
            [poller], ConnectorStatus(), every=60.0, backoff=backoff, clock=lambda: now[0]
        )
        await loop.once()
        now[0] = 31.0  # the back-off alone would call again now
        await loop.once()
        assert len(graph.calls) == 1
        now[0] = 601.0  # ten minutes, as the header said
        await loop.once()
    assert len(graph.calls) == 2
    assert await count(store, "facebook:") == 5


async def test_a_rejected_token_stops_that_source_and_says_why(
    store: Store, session: aiohttp.ClientSession
) -> None:
    graph = GraphServer("another-token")
    graph.add(POST, 3)
    status = ConnectorStatus([TOKEN])
    async with serving(graph, None) as url:
        poller = Poller(facebook(session, url), store.feeds, store.comment_changes)
        loop = PollingLoop([poller], status, every=60.0)
        await loop.once()
        await loop.once()
    assert len(graph.calls) == 1
    error = status.report()[f"connector:graph:facebook:{POST}"]["error"]
    assert "190" in error and "invalid or expired" in error
    assert TOKEN not in error


@pytest.mark.slow
async def test_an_instagram_media_is_read_whole(
    store: Store, session: aiohttp.ClientSession
) -> None:
    graph = GraphServer(TOKEN)
    graph.add("18000000000000077", 120, platform="instagram")
    async with serving(graph, None) as url:
        poller = Poller(
            facebook(session, url, "18000000000000077", "instagram"),
            store.feeds,
            store.comment_changes,
        )
        counts = await poller.sweep()
    assert counts.stored == 120
    row = await store.db.fetchone(
        "SELECT author, text FROM comments WHERE key = 'instagram:1790000007'"
    )
    assert row is not None and tuple(row) == ("fan_7", "Love it 7")


def youtube(session: aiohttp.ClientSession, url: str, quota: Quota) -> YouTubeComments:
    return YouTubeComments(
        session, f"{url}/youtube/v3", KEY, "alpenglow", quota, SCREEN, lambda: NOW, video_id="vid1"
    )


@pytest.mark.slow
async def test_youtube_threads_are_paged_and_each_call_counts_one_unit(
    store: Store, session: aiohttp.ClientSession
) -> None:
    server = YouTubeServer(KEY)
    server.add("vid1", 230)
    quota = Quota(10_000)
    async with serving(None, server) as url:
        poller = Poller(youtube(session, url, quota), store.feeds, store.comment_changes)
        counts = await poller.sweep()
        assert counts.stored == 230
        assert [c.get("pageToken") for c in server.calls] == [None, "100", "200"]
        assert quota.used == 3
        server.add("vid1", 2, first=230)
        assert (await poller.sweep()).stored == 2
        assert quota.used == 4
    row = await store.db.fetchone(
        "SELECT author, post_id, text FROM comments WHERE key = 'youtube:Ugzvid10'"
    )
    assert row is not None and tuple(row) == ("@viewer0", "vid1", "Great video 0")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("status_code", "reason"), [(403, "quotaExceeded"), (429, "rateLimitExceeded")]
)
async def test_youtube_throttling_backs_off_and_loses_nothing(
    store: Store, session: aiohttp.ClientSession, status_code: int, reason: str
) -> None:
    server = YouTubeServer(KEY, errors=[(status_code, reason)])
    server.add("vid1", 150)
    now = [0.0]
    backoff = Backoff(logging.getLogger("test"), first=30.0, most=600.0, clock=lambda: now[0])
    status = ConnectorStatus([KEY])
    async with serving(None, server) as url:
        poller = Poller(youtube(session, url, Quota(10_000)), store.feeds, store.comment_changes)
        loop = PollingLoop([poller], status, every=60.0, backoff=backoff)
        await loop.once()
        assert reason in str(status.report()["connector:youtube:vid1"]["error"])
        now[0] = 31.0
        await loop.once()
    assert await count(store, "youtube:") == 150


@pytest.mark.slow
async def test_the_daily_quota_is_never_overspent(
    store: Store, session: aiohttp.ClientSession
) -> None:
    server = YouTubeServer(KEY)
    server.add("vid1", 250)
    quota = Quota(2)
    async with serving(None, server) as url:
        poller = Poller(youtube(session, url, quota), store.feeds, store.comment_changes)
        with pytest.raises(Throttled, match="quota"):
            await poller.sweep()
        assert len(server.calls) == 2
        # The next quota day (midnight Pacific) resumes where the sweep stopped.
        quota.day = None
        quota.limit = 10
        assert (await poller.sweep()).stored == 50
    assert await count(store, "youtube:") == 250


async def test_a_youtube_comment_edited_since_it_was_stored_is_updated_once(
    store: Store, session: aiohttp.ClientSession
) -> None:
    server = YouTubeServer(KEY)
    server.add("vid1", 3)
    async with serving(None, server) as url:
        poller = Poller(youtube(session, url, Quota(100)), store.feeds, store.comment_changes)
        await poller.sweep()
        snippet = server.threads["vid1"][1]["snippet"]["topLevelComment"]["snippet"]
        snippet["textOriginal"] = "Great video, edited"
        snippet["updatedAt"] = "2026-11-24T12:00:00Z"
        # The next sweep reads the newest page again, and the edit on it.
        counts = await poller.sweep()
        assert (counts.edited, counts.stored) == (1, 0)
        again = await Poller(
            youtube(session, url, Quota(100)), store.feeds, store.comment_changes
        ).sweep()
        assert again.edited == 0
    row = await store.db.fetchone("SELECT text FROM comments WHERE key = 'youtube:Ugzvid11'")
    assert row is not None and row[0] == "Great video, edited"
