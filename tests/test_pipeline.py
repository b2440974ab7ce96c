"""Engagement in a worker process stores what it stores in this one, each comment once."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.delivery import Deliverer
from bot.engine_runner import LocalAnalyst
from bot.ingest.follower import FileFollower
from bot.models import Comment
from bot.pipeline import Pipeline
from bot.publisher import OutboxFilePublisher
from bot.review_message import review_payload
from bot.smo.brand import BrandProfile
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.store import Store
from bot.workers import Worker
from tests.conftest import NOW, REPO
from tests.workers.test_worker import Clocks

# A guard against a hung child process, not a performance limit.
HANG_GUARD_S = 120.0
BATCH = 7
BRANDS = [
    BrandProfile(
        id="alpen",
        name="Alpenglow",
        review_receiver="community",
        faq=(("Do you ship to Canada?", "Yes, in 5–8 business days."),),
        handles={"instagram": "alpenglow"},
    ),
    BrandProfile(id="crumb", name="Kettlecrumb", voice="playful"),
]
TEXTS = [
    "Where is my order?? It's been three weeks and nobody answers.",
    "Love the new jacket, the colour is perfect 😍",
    "Do you ship to Canada?",
    "Check my profile for cheap followers!!! bit.ly/xyz",
    "How much is the Summit shell? I want to buy two",
    "The zip broke after a week, really disappointed",
    "Thanks so much, you made my day",
    "Wie lange dauert der Versand nach Österreich?",
]


def comments() -> list[Comment]:
    """Texts repeated by many authors across batches (spam counts) and authors who comment
    again (their next reply must differ), so the engine's memories decide some outcomes."""
    return [
        Comment(
            id=f"k{n}",
            platform=("instagram", "x", "facebook")[n % 3],
            brand=("alpen", "crumb", "elsewhere")[n % 5 % 3],
            post_id=f"p{n % 4}",
            author="alpenglow" if n == 11 else f"fan{n % 9}",
            text=TEXTS[n % len(TEXTS)],
            created_at=NOW - timedelta(hours=n),
            author_followers=n * 1000,
        )
        for n in range(60)
    ]


def pipeline(
    store: Store,
    folder: Path,
    engine_process: bool,
    followers: Sequence[FileFollower] = (),
    worker: Worker | None = None,
) -> Pipeline:
    if worker is None:
        # The worker's clocks stand still: its claims on the batches out never lapse, however
        # long the engine takes to start on a loaded machine (on the wall clock, a batch out
        # for a lease would be claimed again, its comments analysed twice).
        clocks = Clocks()
        worker = Worker(store, "w1", timedelta(seconds=30), clocks.wall, clocks.monotonic)
    return Pipeline(
        store=store,
        followers=followers,
        drop_folder=None,
        engagement=EngagementEngine(BRANDS, default_templates_dir()),
        deliverer=Deliverer(store.outbox, {}),
        publisher=OutboxFilePublisher(folder / "outbox.jsonl"),
        clock=lambda: NOW,
        batch_size=BATCH,
        engine_process=engine_process,
        worker=worker,
    )


async def stored(store: Store) -> dict[str, list[tuple[object, ...]]]:
    queries = {
        "analyses": "SELECT comment_key, sentiment, sentiment_score, intents, priority,"
        " priority_reason, language, evidence, entities FROM comment_analyses ORDER BY 1",
        "drafts": "SELECT id, comment_key, brand, platform, action, text, note, status"
        " FROM drafts ORDER BY id",
        "notices": "SELECT receiver, kind, subject, dedupe_key, payload, status"
        " FROM notifications ORDER BY id",
        "leads": "SELECT comment_key, brand, author, text FROM leads ORDER BY 1",
        "unprocessed": "SELECT key FROM comments WHERE processed_at IS NULL",
    }
    return {name: [tuple(r) for r in await store.db.fetchall(sql)] for name, sql in queries.items()}


async def engaged(folder: Path, engine_process: bool) -> dict[str, list[tuple[object, ...]]]:
    folder.mkdir()
    store = await Store.open(folder / "bot.db", clock=lambda: NOW)
    try:
        await store.feeds.ingest(comments())
        steps = pipeline(store, folder, engine_process)
        try:
            assert await steps.engage() == (60, 24)
        finally:
            await steps.close()
        return await stored(store)
    finally:
        await store.close()


async def engaged_the_old_way(folder: Path) -> dict[str, list[tuple[object, ...]]]:
    """One batch at a time through the engine here, saved before the next is read."""
    folder.mkdir()
    store = await Store.open(folder / "bot.db", clock=lambda: NOW)
    try:
        await store.feeds.ingest(comments())
        engine = EngagementEngine(BRANDS, default_templates_dir())
        while batch := await store.drafts.unprocessed(BATCH):
            await store.drafts.save_engagement(engine.run(batch, NOW), review_payload)
        return await stored(store)
    finally:
        await store.close()


@pytest.mark.slow
async def test_the_worker_stores_what_the_engine_here_stores(tmp_path: Path) -> None:
    expected = await engaged_the_old_way(tmp_path / "old")
    assert len(expected["analyses"]) == 60 and expected["unprocessed"] == []
    assert any("same text from" in str(row[7]) for row in expected["analyses"])
    assert await engaged(tmp_path / "here", engine_process=False) == expected
    assert await engaged(tmp_path / "worker", engine_process=True) == expected


@pytest.mark.slow
async def test_a_failed_write_leaves_its_batch_for_the_next_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = await Store.open(tmp_path / "bot.db", clock=lambda: NOW)
    steps = pipeline(store, tmp_path, engine_process=True)
    try:
        await store.feeds.ingest(comments())
        save = store.drafts.save_rows
        calls = 0

        async def fail_the_second(rows: object) -> int:
            nonlocal calls
            calls += 1
            if calls == 2:
                raise RuntimeError("disk full")
            return await save(rows)  # type: ignore[arg-type]

        monkeypatch.setattr(store.drafts, "save_rows", fail_the_second)
        with pytest.raises(RuntimeError, match="disk full"):
            await steps.engage()
        assert len(await store.drafts.unprocessed(100)) == 60 - BATCH
        assert await steps.engage() == (60 - BATCH, 24 - 3)
        after = await stored(store)
        assert after["unprocessed"] == []
        assert len(after["analyses"]) == 60
        keys = [row[1] for row in after["drafts"]]
        assert len(keys) == len(set(keys))
        subjects = [row[2] for row in after["notices"]]
        assert len(subjects) == len(set(subjects)) == 24
    finally:
        await steps.close()
        await store.close()


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


WORKER_SCRIPT = """
import asyncio, sys
from datetime import UTC, datetime
from bot.engine_runner import WorkerAnalyst
from bot.smo.brand import BrandProfile
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine

async def main() -> None:
    engine = EngagementEngine([BrandProfile(id="b", name="B")], default_templates_dir())
    analyst = WorkerAnalyst(engine.recipe)
    analyst.start()
    if sys.argv[1] == "ready":
        await analyst.analyse([], datetime.now(UTC))
    print("started", flush=True)
    await asyncio.sleep(3600)

if __name__ == "__main__":
    asyncio.run(main())
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("when", ["starting", "ready"])
@pytest.mark.slow
def test_the_worker_ends_when_its_parent_is_killed(tmp_path: Path, when: str) -> None:
    script = tmp_path / "parent.py"
    script.write_text(WORKER_SCRIPT, encoding="utf-8")
    parent = subprocess.Popen(
        [sys.executable, str(script), when], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    try:
        assert parent.stdout.readline().strip() == "started"
        workers = children(parent.pid)
        assert workers
    finally:
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        parent.stdout.close()
    deadline = time.monotonic() + HANG_GUARD_S
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)


@pytest.mark.slow
async def test_drain_stops_the_worker(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "bot.db", clock=lambda: NOW)
    steps = pipeline(store, tmp_path, engine_process=True)
    try:
        await store.feeds.ingest(comments()[:3])
        assert (await steps.drain()).analysed == 3
        assert not [pid for pid in children(os.getpid()) if alive(pid) and spawned(pid)]
    finally:
        await store.close()


def spawned(pid: int) -> bool:
    try:
        return b"spawn_main" in (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except OSError:
        return False


async def test_comment_rows_resume_after_a_cursor(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "bot.db", clock=lambda: NOW)
    try:
        await store.feeds.ingest(comments()[:10])
        first = await store.drafts.unprocessed_rows(4)
        rest = await store.drafts.unprocessed_rows(100, store.drafts.cursor(first[-1]))
        keys = [f"{r[1]}:{r[0]}" for r in first + rest]
        assert len(keys) == len(set(keys)) == 10
        assert [c.key for c in await store.drafts.unprocessed(100)] == keys
    finally:
        await store.close()


@pytest.mark.slow
async def test_comments_are_analysed_while_the_feed_is_still_read(tmp_path: Path) -> None:
    feed = tmp_path / "comments.jsonl"
    feed.write_text(
        "".join(
            json.dumps(
                {
                    "id": c.id,
                    "platform": c.platform,
                    "brand": c.brand,
                    "post_id": c.post_id,
                    "author": c.author,
                    "text": c.text,
                    "created_at": c.created_at.isoformat(),
                }
            )
            + "\n"
            for c in comments()
        ),
        encoding="utf-8",
    )
    store = await Store.open(tmp_path / "bot.db", clock=lambda: NOW)
    # Small reads, so the feed is stored in many transactions while engagement runs.
    follower = FileFollower(feed, "comments", store.feeds, max_batch_bytes=600)
    # The worker's clock stands still: the whole feed is read within the step's share.
    clocks = Clocks()
    worker = Worker(store, "w1", timedelta(seconds=30), clocks.wall, clocks.monotonic)
    steps = pipeline(store, tmp_path, engine_process=False, followers=[follower], worker=worker)
    try:
        ingested, analysed, _ = await steps.take_in()
        assert ingested.stored == analysed == 60
        after = await stored(store)
        assert after["unprocessed"] == [] and len(after["analyses"]) == 60
    finally:
        await steps.close()
        await store.close()


async def test_the_engine_here_takes_one_batch_at_a_time_in_order() -> None:
    class Slow:
        """Stands in for the engine: notes each batch, and any batch started over another."""

        def __init__(self) -> None:
            self.busy = False
            self.seen: list[str] = []

        def run(self, comments: Sequence[Comment], now: object) -> list[object]:
            assert not self.busy, "two batches at once"
            self.busy = True
            time.sleep(0.05)
            self.seen.extend(c.id for c in comments)
            self.busy = False
            return []

    def row(n: int) -> tuple[object, ...]:
        stamp = NOW.isoformat()
        return (f"k{n}", "x", "b", "p", "a", "t", stamp, None, 0, None, None, stamp, n)

    engine = Slow()
    analyst = LocalAnalyst(engine)  # type: ignore[arg-type]
    try:
        await asyncio.gather(*(analyst.analyse([row(n)], NOW) for n in range(4)))
    finally:
        await analyst.close()
    assert engine.seen == ["k0", "k1", "k2", "k3"]


@pytest.mark.slow
async def test_review_requests_go_out_while_a_backlog_is_still_analysed(tmp_path: Path) -> None:
    """After a restart with a backlog of several batches, the first review request reaches
    the console before the last comment of the backlog is analysed."""
    from datetime import UTC, datetime

    from rich.console import Console

    from bot.app import build_runtime, run_until_stopped
    from bot.config.loading import load_workspace
    from bot.settings import Settings
    from handlers.channels import build_channels
    from tests.ingest.test_follower import comment_line

    backlog = 3000  # six batches of 500
    lines = []
    for n in range(backlog):
        line = json.loads(comment_line(n, f"Do the boots {n} come in blue?"))
        # One comment in fifty asks for a reply; the rest are the other brand's own posts
        # (analysed, nothing to review), so the console is not the bottleneck.
        if n % 50:
            line["brand"], line["author"] = "elsewhere", "elsewhere_team"
        else:
            line["brand"] = "alpenglow"
        lines.append(json.dumps(line) + "\n")
    (tmp_path / "comments.jsonl").write_text("".join(lines), encoding="utf-8")
    ws_path = tmp_path / "ws.yaml"
    ws_path.write_text(
        "brands:\n  - {id: alpenglow, name: Alpenglow}\n"
        "  - {id: elsewhere, name: Elsewhere, handles: {instagram: elsewhere_team}}\n"
        "receivers:\n  - {name: console, kind: console}\n"
        "feeds:\n  poll_interval: 50ms\n  watch:\n    - {path: comments.jsonl, kind: comments}\n",
        encoding="utf-8",
    )
    workspace = load_workspace(ws_path)
    settings = Settings(
        workspace=ws_path, db_path=tmp_path / "b.db", outbox_path=tmp_path / "o.jsonl", http_port=0
    )
    screen = (tmp_path / "screen.txt").open("w", encoding="utf-8")
    runtime = await build_runtime(
        settings,
        workspace,
        lambda store, _nudge: build_channels(settings, workspace, store, Console(file=screen)),
        lambda: datetime.now(UTC),
    )
    stop, started = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(run_until_stopped(runtime, stop, started))
    db = runtime.store.db
    try:
        await asyncio.wait_for(started.wait(), HANG_GUARD_S)
        for _ in range(int(HANG_GUARD_S / 0.1)):
            analysed = await db.scalar("SELECT COUNT(*) FROM comments WHERE processed_at NOT NULL")
            if analysed == backlog and not await runtime.store.outbox.depth():
                break
            await asyncio.sleep(0.1)
        first_sent = await db.scalar(
            "SELECT MIN(sent_at) FROM notifications WHERE kind = 'draft' AND status = 'sent'"
        )
        last_analysed = await db.scalar("SELECT MAX(processed_at) FROM comments")
        assert await db.scalar("SELECT COUNT(*) FROM notifications WHERE status = 'sent'") > 0
    finally:
        stop.set()
        await asyncio.wait_for(task, HANG_GUARD_S)
        await runtime.close()
        screen.close()
    assert first_sent < last_analysed


async def test_the_ads_are_judged_once_in_every_hour_without_new_rows(tmp_path: Path) -> None:
    """Hourly rows and held alerts move on with the clock: one ad check per UTC hour."""
    store = await Store.open(tmp_path / "bot.db", clock=lambda: NOW)
    clock = [NOW.replace(minute=5)]
    judged: list[datetime] = []

    async def ad_stage(now: datetime) -> int:
        judged.append(now)
        return 0

    steps = Pipeline(
        store=store,
        followers=(),
        drop_folder=None,
        engagement=EngagementEngine(BRANDS, default_templates_dir()),
        deliverer=Deliverer(store.outbox, {}),
        publisher=OutboxFilePublisher(tmp_path / "outbox.jsonl"),
        clock=lambda: clock[0],
        ad_stage=ad_stage,
        engine_process=False,
    )
    try:
        for minutes in (0, 20, 40, 60, 61, 120):
            clock[0] = NOW.replace(minute=5) + timedelta(minutes=minutes)
            await steps.evaluate_ads()
    finally:
        await steps.close()
        await store.close()
    assert [f"{t:%H:%M}" for t in judged] == [
        f"{NOW.replace(minute=5) + timedelta(minutes=m):%H:%M}" for m in (0, 60, 120)
    ]


def timed_pipeline(store: Store, folder: Path, clocks: Clocks) -> Pipeline:
    """A worker with a 30 s lease, whose engine takes 4 s of the worker's clock a batch (the
    pipeline's clock is read once for each batch sent to the engine)."""

    def batch_takes_4_s() -> datetime:
        clocks.advance(4.0)
        return NOW

    return Pipeline(
        store=store,
        followers=(),
        drop_folder=None,
        engagement=EngagementEngine(BRANDS, default_templates_dir()),
        deliverer=Deliverer(store.outbox, {}),
        publisher=OutboxFilePublisher(folder / "outbox.jsonl"),
        clock=batch_takes_4_s,
        batch_size=BATCH,
        engine_process=False,
        worker=Worker(store, "w1", timedelta(seconds=30), clocks.wall, clocks.monotonic),
    )


@pytest.mark.slow
async def test_a_step_claims_comments_for_half_a_lease_and_leaves_the_rest_to_the_next(
    tmp_path: Path,
) -> None:
    """Under a backlog a step ends, so the stages after it (a stand-up's schedule) come round;
    the next steps analyse the rest, each comment once."""
    store = await Store.open(tmp_path / "bot.db", clock=lambda: NOW)
    steps = timed_pipeline(store, tmp_path, Clocks())
    try:
        await store.feeds.ingest(comments())
        # Half of the 30 s lease: batches are claimed at 0, 4, 8 and 12 s, not at 16 s.
        _, analysed, _ = await steps.take_in()
        assert analysed == 4 * BATCH
        rest = 0
        while more := (await steps.take_in())[1]:
            rest += more
        assert analysed + rest == 60
        assert (await stored(store))["unprocessed"] == []
    finally:
        await steps.close()
        await store.close()


def feed_reading_pipeline(
    store: Store, feed: Path, wall: Callable[[], datetime], clocks: Clocks
) -> Pipeline:
    """A worker with a 30 s lease on the ``wall`` clock, reading ``feed`` at most two comments
    a chunk (30 chunks or more for the 60 comments); its outbox beside the feed."""
    follower = FileFollower(feed, "comments", store.feeds, max_batch_bytes=300)
    return Pipeline(
        store=store,
        followers=[follower],
        drop_folder=None,
        engagement=EngagementEngine(BRANDS, default_templates_dir()),
        deliverer=Deliverer(store.outbox, {}),
        publisher=OutboxFilePublisher(feed.parent / "outbox.jsonl"),
        clock=lambda: NOW,
        batch_size=BATCH,
        engine_process=False,
        worker=Worker(store, "w1", timedelta(seconds=30), wall, clocks.monotonic),
    )


@pytest.mark.slow
async def test_a_step_reads_a_long_feed_for_half_a_lease_and_the_next_steps_read_on(
    tmp_path: Path,
) -> None:
    """While a feed is read its comments are claimed whatever the time: a read that went on
    for the whole of a long feed kept the step, and the stages after it, waiting."""
    feed = tmp_path / "comments.jsonl"
    feed.write_text("".join(feed_line(c) for c in comments()), encoding="utf-8")
    store = await Store.open(tmp_path / "bot.db", clock=lambda: NOW)
    clocks = Clocks()

    def wall() -> datetime:
        # Each look at the worker's clock takes a second of it (one at least between two
        # chunks of the feed): the 15 s share of its 30 s lease ends within 15 chunks.
        clocks.advance(1.0)
        return clocks.at

    steps = feed_reading_pipeline(store, feed, wall, clocks)
    try:
        first, _, _ = await steps.take_in()
        assert 0 < first.stored <= 30
        stored_later = 0
        while more := (await steps.take_in())[0].stored:
            stored_later += more
        # The next steps read on from the checkpoint: every line stored once, and analysed.
        assert first.stored + stored_later == 60
        while (await steps.take_in())[1]:
            pass
        after = await stored(store)
        assert after["unprocessed"] == [] and len(after["analyses"]) == 60
    finally:
        await steps.close()
        await store.close()


@pytest.mark.slow
async def test_a_read_cut_short_keeps_the_steps_going_though_it_stored_nothing_new(
    tmp_path: Path,
) -> None:
    """A feed read again whose lines are all stored already (a copy, a rotation) stores
    nothing new: a step whose read ended for time is busy all the same, and the next step
    reads on at once rather than a poll interval later."""
    feed = tmp_path / "comments.jsonl"
    feed.write_text("".join(feed_line(c) for c in comments()), encoding="utf-8")
    store = await Store.open(tmp_path / "bot.db", clock=lambda: NOW)
    clocks = Clocks()
    ticking = False

    def wall() -> datetime:
        # Once the feed is read, each look at the worker's clock takes a second of it.
        if ticking:
            clocks.advance(1.0)
        return clocks.at

    steps = feed_reading_pipeline(store, feed, wall, clocks)
    try:
        await store.feeds.ingest(comments())
        assert await steps.engage() == (60, 24)
        ticking = True
        first = await steps.step(deliver=False, publish=False)
        assert (first.ingested.stored, first.analysed) == (0, 0)
        assert 0 < first.ingested.duplicate < 60
        assert first.busy and first.read_on
        duplicates = first.ingested.duplicate
        while (more := await steps.step(deliver=False, publish=False)).busy:
            assert more.read_on
            duplicates += more.ingested.duplicate
        # The step that read to the end is the one not busy: it too found only duplicates.
        assert duplicates + more.ingested.duplicate == 60
        assert more.ingested.stored == 0
    finally:
        await steps.close()
        await store.close()


def feed_line(c: Comment) -> str:
    fields = {
        "id": c.id,
        "platform": c.platform,
        "brand": c.brand,
        "post_id": c.post_id,
        "author": c.author,
        "text": c.text,
        "created_at": c.created_at.isoformat(),
    }
    return json.dumps(fields) + "\n"


@pytest.mark.slow
async def test_engagement_on_its_own_analyses_the_whole_backlog(tmp_path: Path) -> None:
    """A one-shot run (`socialpulse ingest`) analyses everything at once, however long."""
    store = await Store.open(tmp_path / "bot.db", clock=lambda: NOW)
    steps = timed_pipeline(store, tmp_path, Clocks())
    try:
        await store.feeds.ingest(comments())
        assert (await steps.engage())[0] == 60
    finally:
        await steps.close()
        await store.close()


async def drained(folder: Path, loaded: bool) -> dict[str, list[tuple[object, ...]]]:
    """What a one-shot replay of ``comments()`` stores, with room for them all in one batch.
    ``loaded``: every look at the worker's clock takes a second of it, as on a busy machine,
    so the feed's read is cut within each step's share of the lease and read on next step."""
    folder.mkdir()
    feed = folder / "comments.jsonl"
    feed.write_text("".join(feed_line(c) for c in comments()), encoding="utf-8")
    store = await Store.open(folder / "bot.db", clock=lambda: NOW)
    clocks = Clocks()

    def wall() -> datetime:
        if loaded:
            clocks.advance(1.0)
        return clocks.at

    steps = Pipeline(
        store=store,
        followers=[FileFollower(feed, "comments", store.feeds, max_batch_bytes=300)],
        drop_folder=None,
        engagement=EngagementEngine(BRANDS, default_templates_dir()),
        deliverer=Deliverer(store.outbox, {}),
        publisher=OutboxFilePublisher(folder / "outbox.jsonl"),
        clock=lambda: NOW,
        batch_size=100,
        engine_process=False,
        worker=Worker(store, "w1", timedelta(seconds=30), wall, clocks.monotonic),
    )
    try:
        await steps.drain()
        return await stored(store)
    finally:
        await store.close()


_REPEATED = re.compile(r"same text from (\d+) authors")


@pytest.mark.slow
async def test_a_replay_stores_the_same_on_a_busy_machine_as_on_an_idle_one(
    tmp_path: Path,
) -> None:
    """`drain` (the demo, one-shot runs) reads the feeds whole, then analyses full batches:
    which comments share a batch, and so what the engine counts across them (the same text
    from several authors), does not hang on how fast the feed was read or analysed."""
    idle = await drained(tmp_path / "idle", loaded=False)
    assert len(idle["analyses"]) == 60 and idle["unprocessed"] == []
    # All 60 in one batch: every comment of a repeated text counts all of its authors, the
    # first stored as much as the last (a first batch of a few would count fewer for them).
    texts = {f"{c.platform}:{c.id}": c.text for c in comments()}
    counted: dict[str, set[int]] = {}
    for row in idle["analyses"]:
        for n in _REPEATED.findall(str(row[7])):
            counted.setdefault(texts[str(row[0])], set()).add(int(n))
    assert counted and all(len(n) == 1 for n in counted.values()), counted
    assert await drained(tmp_path / "loaded", loaded=True) == idle
