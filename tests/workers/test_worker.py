"""A worker's leases, their renewal and takeover, and the work it leaves to others, on a
real SQLite file shared by two stores as by two processes."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import HttpUrl

from bot.channel import MessageRef
from bot.config.comments_in import CommentsIn
from bot.config.loading import load_workspace
from bot.connectors.inbound import CommentConnectors
from bot.connectors.publishing import build_publishing
from bot.connectors.secrets import Secrets
from bot.delivery import Deliverer
from bot.feed_names import FeedNames
from bot.feeds.screen import Screen
from bot.health import Metrics, health_app
from bot.health_state import HealthState
from bot.models import DraftStatus
from bot.notices import Notice
from bot.publisher import OutboxFilePublisher, publish_approved
from bot.store import Store
from bot.workers import HEARTBEAT, Worker, worker_id
from tests.conftest import NOW
from tests.connectors.fake_platforms import ENV, FakePlatforms, serving, workspace_yaml
from tests.connectors.platforms import GRAPH_VERSION, GraphServer, YouTubeServer, polled_pair
from tests.connectors.platforms import serving as serving_platforms
from tests.store.test_drafts import engagement, on_platform, queued
from tests.store.test_feeds import comment

LEASE = timedelta(seconds=30)
GRAPH_KEY = "EAAGpagetokenforlocaltests"
YOUTUBE_KEY = "AIzaLocalYouTubeKeyForTests"
# Hang guard only: how long a poll may take on a loaded machine before the test gives up.
HANG_GUARD_S = 60.0


class Clocks:
    """A wall clock and a monotonic one that move together, by hand."""

    def __init__(self) -> None:
        self.at = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
        self.seconds = 1000.0

    def wall(self) -> datetime:
        return self.at

    def monotonic(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)
        self.seconds += seconds


@pytest.fixture
async def stores(tmp_path: Path) -> AsyncIterator[tuple[Store, Store]]:
    a = await Store.open(tmp_path / "w.db")
    b = await Store.open(tmp_path / "w.db")
    try:
        yield a, b
    finally:
        await a.close()
        await b.close()


def workers(stores: tuple[Store, Store], clocks: Clocks) -> tuple[Worker, Worker]:
    return (
        Worker(stores[0], "w1", LEASE, clocks.wall, clocks.monotonic),
        Worker(stores[1], "w2", LEASE, clocks.wall, clocks.monotonic),
    )


@contextlib.asynccontextmanager
async def polled_accounts() -> AsyncIterator[tuple[CommentsIn, Secrets, Screen]]:
    """A Facebook Page with 40 comments and a YouTube channel with 30, served locally; the
    `comments_in` section that polls both, its secrets and the brands' screen."""
    graph = GraphServer(GRAPH_KEY)
    graph.add("1020304050_77", 40)
    youtube = YouTubeServer(YOUTUBE_KEY)
    youtube.add("vid1", 30)
    async with serving_platforms(graph, youtube) as url:
        section = CommentsIn(
            meta={"graph_url": HttpUrl(f"{url}/{GRAPH_VERSION}")},  # type: ignore[arg-type]
            youtube_url=HttpUrl(f"{url}/youtube/v3"),
            poll_every=timedelta(seconds=0.2),
            accounts=polled_pair(),
        )
        secrets = Secrets({"PAGE_TOKEN": GRAPH_KEY, "YT_KEY": YOUTUBE_KEY})
        yield section, secrets, Screen(frozenset({"alpenglow"}), lambda: NOW)


def test_the_id_is_the_configured_one_else_host_and_pid() -> None:
    assert worker_id("w7") == "w7"
    assert worker_id(None).endswith(f"-{os.getpid()}")


async def test_a_dead_workers_lease_is_taken_by_the_renewal_of_another(
    stores: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1, w2 = workers(stores, clocks)
    assert await w1.holds("feed:comments.jsonl")
    assert not await w2.holds("feed:comments.jsonl")
    # w1 renews while it lives: w2's renewals do not get the lease.
    for _ in range(6):
        clocks.advance(10)
        await w1.renew()
        await w2.renew()
    assert w1.held() == ["feed:comments.jsonl"] and w2.held() == []
    # w1 dies (no more renewals): w2's renewal takes the lease once it has expired, without
    # w2 asking for it again.
    clocks.advance(31)
    await w2.renew()
    assert w2.held() == ["feed:comments.jsonl"]
    # w1 comes back from a long pause: it no longer holds the lease.
    assert not await w1.holds("feed:comments.jsonl")
    assert w1.lost == 1


async def test_a_clean_stop_hands_the_work_over_at_once(stores: tuple[Store, Store]) -> None:
    clocks = Clocks()
    w1, w2 = workers(stores, clocks)
    await stores[0].feeds.ingest([comment(n) for n in range(4)])
    assert await w1.holds("schedule:summaries")
    assert len(await w1.claim_comments(10)) == 4
    assert await w2.claim_comments(10) == []
    await w1.close()
    assert await w2.holds("schedule:summaries")
    assert len(await w2.claim_comments(10)) == 4


async def test_claims_stop_being_trusted_when_not_renewed(stores: tuple[Store, Store]) -> None:
    clocks = Clocks()
    w1, _ = workers(stores, clocks)
    await stores[0].feeds.ingest([comment(1)])
    await w1.claim_comments(10)
    assert w1.claims_fresh()
    clocks.advance(14)
    assert w1.claims_fresh()
    clocks.advance(2)
    assert not w1.claims_fresh()
    await w1.renew()
    assert w1.claims_fresh()


@pytest.mark.slow
async def test_the_renewal_loop_holds_until_cancelled_and_close_lets_go(
    stores: tuple[Store, Store],
) -> None:
    w1 = Worker(stores[0], "w1", timedelta(seconds=0.6))
    w2 = Worker(stores[1], "w2", timedelta(seconds=0.6))
    assert await w1.holds("schedule:ads")
    loop = asyncio.create_task(w1.run())
    await asyncio.sleep(1.5)  # longer than the lease: held only by renewing it
    assert not await w2.holds("schedule:ads")
    loop.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await loop
    await w1.close()
    assert await w2.holds("schedule:ads")


async def test_claims_stay_while_a_stopping_worker_drains_its_notices(
    stores: tuple[Store, Store],
) -> None:
    # A stop asked for while notices are still being sent: they stay this worker's until it
    # closes, so another worker does not send them too.
    clocks = Clocks()
    w1, w2 = workers(stores, clocks)
    for n in range(3):
        await stores[0].outbox.queue(Notice("text", "console", f"d{n}", f"d{n}", {"text": "hi"}))
    mine = await w1.claim_notices(10)
    assert len(mine) == 3
    loop = asyncio.create_task(w1.run())
    await asyncio.sleep(0.05)  # the stop comes; the renewer goes on until cancelled
    assert await w2.claim_notices(10) == []
    loop.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await loop
    await w1.close()
    assert len(await w2.claim_notices(10)) == 3


async def test_a_restarted_worker_lets_go_of_its_earlier_claims(
    stores: tuple[Store, Store],
) -> None:
    clocks = Clocks()
    w1, w2 = workers(stores, clocks)
    await stores[0].feeds.ingest([comment(1)])
    assert await w1.claim_comments(10)
    # The same id starts again (a container restart) before the claim expired.
    again = Worker(stores[0], "w1", LEASE, clocks.wall, clocks.monotonic)
    await again.renew()
    clocks.advance(LEASE.total_seconds() + 1)
    await again.renew()
    assert await w2.claim_comments(10) == []  # renewed by the new run: stuck for good
    await again.forget_earlier_claims()
    assert await w2.claim_comments(10)


async def test_healthz_and_metrics_show_the_worker(stores: tuple[Store, Store]) -> None:
    from aiohttp.test_utils import TestClient, TestServer

    clocks = Clocks()
    w1, _ = workers(stores, clocks)
    await w1.holds("feed:comments.jsonl")
    app = health_app(HealthState(), Metrics(), stores[0], FeedNames(Path("."), [], None), worker=w1)
    async with TestClient(TestServer(app)) as client:
        body = json.loads(await (await client.get("/healthz")).text())
        metrics = await (await client.get("/metrics")).text()
    assert body["worker"] == {
        "id": "w1",
        "leases": ["feed:comments.jsonl"],
        "database": "reachable",
    }
    assert 'socialpulse_worker_lease{lease="feed:comments.jsonl",worker="w1"} 1.0' in metrics
    assert 'socialpulse_worker_database_up{worker="w1"} 1.0' in metrics


@pytest.mark.slow
async def test_a_connector_loop_runs_on_one_worker_and_moves_when_it_stops(
    stores: tuple[Store, Store],
) -> None:
    lease = timedelta(seconds=0.6)
    w1, w2 = Worker(stores[0], "w1", lease), Worker(stores[1], "w2", lease)
    running: list[str] = []

    def loop(name: str) -> Callable[[asyncio.Event], Coroutine[Any, Any, None]]:
        async def work(lost: asyncio.Event) -> None:
            running.append(name)
            await lost.wait()
            running.remove(name)

        return work

    stop1, stop2 = asyncio.Event(), asyncio.Event()
    first = asyncio.create_task(w1.while_holding("connectors", loop("w1"), stop1))
    await asyncio.sleep(0.3)
    second = asyncio.create_task(w2.while_holding("connectors", loop("w2"), stop2))
    await asyncio.sleep(1.5)
    assert running == ["w1"]
    stop1.set()
    await asyncio.wait_for(first, 60)
    await w1.close()
    for _ in range(200):
        if running == ["w2"]:
            break
        await asyncio.sleep(0.05)
    assert running == ["w2"]
    stop2.set()
    await asyncio.wait_for(second, 60)
    assert running == []


class Recording:
    """A channel that records what it is sent (the transport, faked)."""

    name = "recording"

    def __init__(self, sent: list[int]) -> None:
        self.sent = sent

    async def start(self) -> None:
        return None

    async def send(self, notice: Notice) -> MessageRef:
        await asyncio.sleep(0.001)  # a send takes a moment: the other worker runs meanwhile
        assert notice.id is not None
        self.sent.append(notice.id)
        return MessageRef("console", "recording", "here", str(notice.id))

    async def update(self, ref: MessageRef, notice: Notice) -> None:
        return None

    async def close(self) -> None:
        return None


@pytest.mark.slow
async def test_two_senders_on_one_outbox_send_each_notice_once(
    stores: tuple[Store, Store],
) -> None:
    for n in range(120):
        await stores[0].outbox.queue(Notice("text", "console", f"s{n}", f"k{n}", {"text": "hi"}))
    sent: list[int] = []
    deliverers = [
        Deliverer(store.outbox, {"console": Recording(sent)}, worker=Worker(store, f"w{i}"))
        for i, store in enumerate(stores)
    ]
    while await stores[0].outbox.depth():
        await asyncio.gather(*(d.deliver() for d in deliverers))
    assert len(sent) == 120 and len(set(sent)) == 120


@pytest.mark.slow
async def test_two_publishers_publish_each_approved_reply_once(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    comments = {}
    for n in range(1, 31):
        draft_id = await queued(stores[0], on_platform(engagement(n), "facebook"))
        await stores[0].drafts.decide(draft_id, DraftStatus.APPROVED, "ana")
        comments[draft_id] = f"c{n}"
    platforms = FakePlatforms()
    async with serving(platforms) as base:
        path = tmp_path / "workspace.yaml"
        path.write_text(workspace_yaml(base, ("facebook",)), encoding="utf-8")
        workspace = load_workspace(path)
        publishers = [
            await build_publishing(
                workspace,
                store,
                OutboxFilePublisher(tmp_path / "outbox.jsonl"),
                ENV,
                worker=Worker(store, f"w{i}"),
            )
            for i, store in enumerate(stores)
        ]
        try:
            while await stores[0].publications.due():
                await asyncio.gather(
                    *(
                        publish_approved(s.drafts, p)
                        for s, p in zip(stores, publishers, strict=True)
                    )
                )
        finally:
            for publisher in publishers:
                await publisher.close()
    assert [platforms.reply_count(c) for c in comments.values()] == [1] * len(comments)


async def test_a_lapsed_lease_or_claim_is_taken_up_between_renewals_and_wakes_the_work(
    stores: tuple[Store, Store],
) -> None:
    # The watch between renewals: w2 takes the feed w1 left the moment its lease lapses and
    # wakes its pipeline, which then takes the comments w1 had claimed.
    clocks = Clocks()
    w1, w2 = workers(stores, clocks)
    woke: list[str] = []
    w2.wake = lambda: woke.append("now")
    await stores[0].feeds.ingest([comment(1)])
    assert await w1.holds("feed:comments.jsonl")
    assert await w1.claim_comments(10)
    assert not await w2.holds("feed:comments.jsonl")
    clocks.advance(20)
    await w2.watch()
    assert w2.held() == [] and woke == []
    clocks.advance(11)  # w1 died 31 s ago: its lease and claims lapsed
    await w2.watch()
    assert w2.held() == ["feed:comments.jsonl"]
    assert woke
    assert [row[0] for row in await w2.claim_comments(10)] == ["c1"]


@pytest.mark.slow
async def test_each_comment_account_is_polled_under_a_lease_of_its_own(
    stores: tuple[Store, Store],
) -> None:
    async with polled_accounts() as (section, secrets, screen):
        connectors = CommentConnectors(section, stores[1], screen, lambda: NOW, secrets)
        facebook, channel = "connectors:facebook:1020304050", "connectors:youtube:UCbrand"
        assert sorted(connectors.loops()) == [facebook, channel]
        lease = timedelta(seconds=3)
        w1, w2 = Worker(stores[0], "w1", lease), Worker(stores[1], "w2", lease)
        # w1 polls the YouTube channel; w2, running every account's loop, takes the Page.
        assert await w1.holds(channel)
        renewing = asyncio.create_task(w1.run())
        stop = asyncio.Event()
        loops = [
            asyncio.create_task(w2.while_holding(name, polls, stop))
            for name, polls in connectors.loops().items()
        ]

        async def stored() -> dict[str, int]:
            rows = await stores[0].db.fetchall(
                "SELECT platform, COUNT(*) FROM comments GROUP BY platform"
            )
            return {str(r[0]): int(r[1]) for r in rows}

        try:
            async with asyncio.timeout(HANG_GUARD_S):
                while (await stored()).get("facebook") != 40:
                    await asyncio.sleep(0.05)
            assert w2.held() == [facebook]
            assert "youtube" not in await stored()
            # w1 dies: its account alone moves to w2.
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing
            async with asyncio.timeout(HANG_GUARD_S):
                while (await stored()).get("youtube") != 30:
                    await asyncio.sleep(0.05)
            assert w2.held() == [facebook, channel]
        finally:
            stop.set()
            await asyncio.gather(*loops)
            await w1.close()
            await w2.close()


async def test_lapsed_notices_for_a_receiver_paused_here_do_not_wake_the_work(
    stores: tuple[Store, Store],
) -> None:
    # w2 passes over a paused receiver's notices when it claims: their lapsed claims must
    # not wake its pipeline at every watch for a round that takes nothing.
    clocks = Clocks()
    w1, w2 = workers(stores, clocks)
    woke: list[str] = []
    w2.wake = lambda: woke.append("now")
    await stores[0].outbox.queue(Notice("text", "ops", "down", "down-1", {"text": "down"}))
    assert len(await w1.claim_notices(10)) == 1
    w2.paused_receivers = lambda: ("ops",)
    clocks.advance(31)  # w1 died: its claim lapsed
    await w2.watch()
    assert woke == []
    w2.paused_receivers = lambda: ()
    await w2.watch()
    assert woke == ["now"]


@pytest.mark.slow
async def test_two_workers_share_the_polled_accounts_and_a_dead_ones_move_over(
    stores: tuple[Store, Store],
) -> None:
    # The leases are judged on a clock moved by hand: a loaded machine that runs a loop late
    # lapses no lease, and each share below is forced by the leases alone, whenever the
    # loops get to run. The pollers and the accounts' loops are real.
    clocks = Clocks()
    async with polled_accounts() as (section, secrets, screen):
        lease = timedelta(seconds=1.5)  # the accounts' loops look again every half second
        workers = [
            Worker(store, f"w{n}", lease, clocks.wall, clocks.monotonic)
            for n, store in enumerate(stores, start=1)
        ]
        w1, w2 = workers
        stops = [asyncio.Event(), asyncio.Event()]
        loops: list[list[asyncio.Task[None]]] = [[], []]

        def accounts(worker: Worker) -> list[str]:
            return [n for n in worker.held() if n.startswith("connectors:")]

        async def until(done: Callable[[], bool]) -> None:
            async with asyncio.timeout(HANG_GUARD_S):
                while not done():
                    await asyncio.sleep(0.05)

        async def come_alive(n: int) -> None:
            # As a worker starts: its heartbeat first (its renewals), then each account's loop.
            worker, store = workers[n], stores[n]
            assert await worker.holds(HEARTBEAT + worker.id)
            connectors = CommentConnectors(section, store, screen, lambda: NOW, secrets)
            loops[n].extend(
                asyncio.create_task(worker.while_holding(name, polls, stops[n]))
                for name, polls in connectors.loops().items()
            )

        try:
            await come_alive(0)  # w1 starts alone and takes both accounts
            await until(lambda: len(accounts(w1)) == 2)
            await come_alive(1)  # w2 comes; both accounts are w1's, unexpired
            # w1's renewal counts two workers alive: it lets go of one account once its
            # poller stopped, and w2's loop takes it.
            await w1.renew()
            await until(lambda: len(accounts(w1)) == 1 and len(accounts(w2)) == 1)
            assert w1.live == w2.live == 2
            # w1 dies: its loops stop, nothing is let go, and nothing of it is renewed again.
            stops[0].set()
            await asyncio.gather(*loops[0])
            assert len(accounts(w1)) == 1
            clocks.advance(1.0)
            await w2.renew()  # w2 lives on: its leases are renewed, w1's are not
            clocks.advance(1.0)  # w1's heartbeat and account have lapsed
            await w2.watch()  # w2 counts one worker alive and takes the account over
            assert w2.live == 1
            await until(lambda: len(accounts(w2)) == 2)

            async def stored() -> list[tuple[str, int]]:
                rows = await stores[1].db.fetchall(
                    "SELECT platform, COUNT(*) FROM comments GROUP BY platform ORDER BY platform"
                )
                return [(str(r[0]), int(r[1])) for r in rows]

            async with asyncio.timeout(HANG_GUARD_S):
                while len(await stored()) < 2:
                    await asyncio.sleep(0.05)
            assert await stored() == [("facebook", 40), ("youtube", 30)]
        finally:
            for stop in stops:
                stop.set()
            await asyncio.gather(*loops[0], *loops[1], return_exceptions=True)
            await w1.close()  # its connection (its leases had lapsed already)
            await w2.close()
