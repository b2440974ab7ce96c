"""One Graph classifier and one error family: the same Graph answer means the same thing to
comment polling, ad insights and publishing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from pydantic import SecretStr

import bot.publisher
from bot.connectors import errors
from bot.connectors.graph_client import GraphClient, graph_error
from bot.connectors.graph_read import graph_get
from bot.connectors.polling import Poller, PollingLoop
from bot.connectors.status import ConnectorStatus
from bot.store import Store
from tests.connectors.platforms import GRAPH_VERSION, GraphServer, serving
from tests.connectors.test_polling import POST, TOKEN, facebook

# (HTTP status, Graph code) → the kind both paths must give.
ANSWERS = [
    ((400, 190), errors.TokenRefused),
    ((403, 200), errors.PermissionMissing),
    ((400, 10), errors.PermissionMissing),
    ((400, 4), errors.Throttled),
    ((400, 80050), errors.Throttled),
    ((500, 2), errors.Unsure),
    ((400, 100), errors.Refused),
]


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


def test_publishing_speaks_the_connectors_error_family() -> None:
    assert bot.publisher.PublishError is errors.ConnectorError
    for name in ("Throttled", "TokenRefused", "CommentGone", "Refused", "Unsure"):
        assert getattr(bot.publisher, name) is getattr(errors, name)


@pytest.mark.parametrize(("answer", "kind"), ANSWERS)
async def test_reading_and_publishing_classify_a_graph_answer_alike(
    session: aiohttp.ClientSession, answer: tuple[int, int], kind: type[Exception]
) -> None:
    graph = GraphServer(TOKEN, errors=[answer, answer])
    async with serving(graph, None) as url:
        base = f"{url}/{GRAPH_VERSION}"
        with pytest.raises(errors.ConnectorError) as read:
            await graph_get(session, base, f"{POST}/comments", TOKEN, {})
        client = GraphClient(session, aiohttp_secret(TOKEN), base)
        with pytest.raises(errors.ConnectorError) as published:
            await client.get(f"{POST}/comments")
    assert type(read.value) is kind and type(published.value) is kind
    assert str(read.value) == str(published.value)
    assert f"Graph error code {answer[1]}" in str(read.value)


def aiohttp_secret(value: str) -> SecretStr:

    return SecretStr(value)


async def test_a_missing_permission_stops_polling_and_says_so(
    store: Store, session: aiohttp.ClientSession
) -> None:
    graph = GraphServer(TOKEN, errors=[(403, 200), (403, 200)])
    graph.add(POST, 3)
    status = ConnectorStatus([TOKEN])
    async with serving(graph, None) as url:
        poller = Poller(facebook(session, url), store.feeds, store.comment_changes)
        loop = PollingLoop([poller], status, every=60.0)
        await loop.once()
        await loop.once()
    assert len(graph.calls) == 1  # stopped: no second call until a person grants it
    error = status.report()[f"connector:graph:facebook:{POST}"]["error"]
    assert error.startswith("PermissionMissing") and "a permission is missing" in error


def test_a_429_without_a_graph_body_is_throttling_everywhere() -> None:
    assert isinstance(graph_error(429, None, {}, "GET /x"), errors.Throttled)
