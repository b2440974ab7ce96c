"""Facebook and Instagram publishers against a local server speaking the Graph API."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
from pydantic import SecretStr

from bot.connectors.graph_client import GraphClient, graph_error, usage_percent
from bot.connectors.publish_facebook import FacebookPublisher
from bot.connectors.publish_instagram import InstagramPublisher
from bot.publisher import CommentGone, Refused, Throttled, TokenRefused, Unsure
from tests.connectors.fake_platforms import (
    GRAPH,
    GRAPH_TOKEN,
    IG_ID,
    IG_USERNAME,
    PAGE_ID,
    FakePlatforms,
    Scripted,
    serving,
)
from tests.connectors.fake_platforms import graph_error as error_body


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakePlatforms, str]]:
    platforms = FakePlatforms()
    async with serving(platforms) as base:
        yield platforms, base + GRAPH


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as opened:
        yield opened


def client(session: aiohttp.ClientSession, base: str, token: str = GRAPH_TOKEN) -> GraphClient:
    return GraphClient(session, SecretStr(token), base, clock=Clock())


async def test_facebook_reply_and_hide_reach_the_comment_with_the_token_in_a_header_only(
    fake: tuple[FakePlatforms, str], session: aiohttp.ClientSession
) -> None:
    platforms, base = fake
    page = FacebookPublisher(client(session, base), PAGE_ID)

    posted = await page.reply("111_222", "Thanks, Mia! It ships Monday.")
    await page.hide("111_333")

    assert posted.id == platforms.replies["111_222"][0]["id"]
    assert platforms.replies["111_222"][0]["message"] == "Thanks, Mia! It ships Monday."
    assert platforms.hides["111_333"] == 1
    assert platforms.calls == [
        ("POST", f"{GRAPH}/111_222/comments"),
        ("POST", f"{GRAPH}/111_333"),
    ]
    assert all(h["Authorization"] == f"Bearer {GRAPH_TOKEN}" for h in platforms.seen_headers)


async def test_facebook_finds_only_the_pages_own_reply_with_the_same_text(
    fake: tuple[FakePlatforms, str], session: aiohttp.ClientSession
) -> None:
    platforms, base = fake
    page = FacebookPublisher(client(session, base), PAGE_ID)
    fan = {"id": "999", "message": "Thanks, Mia! It ships Monday.", "from": {"id": "555"}}
    platforms.replies["111_222"].append(fan)

    assert await page.find_reply("111_222", "Thanks, Mia! It ships Monday.") is None
    posted = await page.reply("111_222", "Thanks, Mia! It ships Monday.")
    assert await page.find_reply("111_222", "Thanks, Mia! It ships Monday.") == posted
    assert await page.find_reply("111_222", "Another text") is None


async def test_instagram_reply_hide_and_find_use_the_replies_edge(
    fake: tuple[FakePlatforms, str], session: aiohttp.ClientSession
) -> None:
    platforms, base = fake
    account = InstagramPublisher(client(session, base), IG_ID, IG_USERNAME)

    posted = await account.reply("17900000000000001", "So glad you like it!")
    await account.hide("17900000000000002")

    assert platforms.replies["17900000000000001"][0]["text"] == "So glad you like it!"
    assert platforms.hides["17900000000000002"] == 1
    assert await account.find_reply("17900000000000001", "So glad you like it!") == posted
    assert ("POST", f"{GRAPH}/17900000000000001/replies") in platforms.calls


@pytest.mark.parametrize("code", [4, 17, 32, 613, 80001, 80002])
async def test_throttling_codes_are_throttled_with_the_time_to_regain_access(
    fake: tuple[FakePlatforms, str], session: aiohttp.ClientSession, code: int
) -> None:
    platforms, base = fake
    usage = {PAGE_ID: [{"type": "pages", "call_count": 100, "estimated_time_to_regain_access": 7}]}
    platforms.script.append(
        Scripted(
            400,
            error_body(code, "(#4) Application request limit reached"),
            {"X-Business-Use-Case-Usage": json.dumps(usage)},
        )
    )
    page = FacebookPublisher(client(session, base), PAGE_ID)

    with pytest.raises(Throttled) as caught:
        await page.reply("111_222", "Hi")

    assert caught.value.retry_after == 7 * 60
    assert platforms.replies == {}


async def test_high_usage_headers_stop_calls_for_a_while_before_the_limit_is_hit(
    fake: tuple[FakePlatforms, str], session: aiohttp.ClientSession
) -> None:
    platforms, base = fake
    clock = Clock()
    graph = GraphClient(session, SecretStr(GRAPH_TOKEN), base, clock=clock)
    page = FacebookPublisher(graph, PAGE_ID)
    high = json.dumps({"call_count": 97, "total_cputime": 20, "total_time": 31})
    # A success that says the app is at 97 % of its call count.
    platforms.script.append(Scripted(200, {"id": "111_222_9"}, {"X-App-Usage": high}))
    await page.reply("111_222", "Hi")

    with pytest.raises(Throttled):
        await page.reply("111_223", "Hi")
    assert len(platforms.calls) == 1  # the second call was never made
    clock.now += 61
    await page.reply("111_223", "Hi")
    assert platforms.reply_count("111_223") == 1


async def test_an_expired_token_is_refused_and_the_error_never_holds_the_token(
    fake: tuple[FakePlatforms, str], session: aiohttp.ClientSession
) -> None:
    _, base = fake
    stale = "EAAGm0PX4ZCpsBAstaleTOKENthatEXPIRED0987654321zyxwv"
    page = FacebookPublisher(client(session, base, stale), PAGE_ID)

    with pytest.raises(TokenRefused) as caught:
        await page.reply("111_222", "Hi")

    assert "190" in str(caught.value)
    assert stale not in repr(caught.value) and stale not in str(caught.value.__cause__)


async def test_a_deleted_comment_is_gone_and_other_refusals_say_why(
    fake: tuple[FakePlatforms, str], session: aiohttp.ClientSession
) -> None:
    platforms, base = fake
    platforms.deleted.add("111_404")
    page = FacebookPublisher(client(session, base), PAGE_ID)

    with pytest.raises(CommentGone, match="100/33"):
        await page.reply("111_404", "Hi")
    platforms.script.append(Scripted(400, error_body(100, "Cannot reply to a hidden comment")))
    with pytest.raises(Refused, match="hidden comment"):
        await page.reply("111_222", "Hi")


async def test_a_server_error_or_an_unreachable_server_leaves_the_outcome_unsure(
    session: aiohttp.ClientSession,
) -> None:
    platforms = FakePlatforms()
    platforms.script.append(Scripted(502, None))
    async with serving(platforms) as base:
        page = FacebookPublisher(client(session, base + GRAPH), PAGE_ID)
        with pytest.raises(Unsure):
            await page.reply("111_222", "Hi")
    # The server is gone now: nothing listens on its port.
    with pytest.raises(Unsure, match="not reached"):
        await page.reply("111_222", "Hi")


def test_usage_headers_read_the_highest_figure() -> None:
    headers = {
        "X-App-Usage": '{"call_count": 12, "total_cputime": 40, "total_time": 8}',
        "X-Business-Use-Case-Usage": json.dumps(
            {"1": [{"type": "pages", "call_count": 3, "total_time": 88}]}
        ),
    }
    assert usage_percent(headers) == 88
    assert usage_percent({}) == 0
    assert isinstance(
        graph_error(400, error_body(2, "Service temporarily unavailable"), {}), Unsure
    )
