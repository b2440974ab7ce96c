"""Comment throughput: feed file → store, and feed → analyse → draft → store, against baselines.

Baselines, measured in the same run on the same rows:
- ingest: json.loads of each line plus one bulk `executemany` into a bare SQLite table;
- engine: VADER's own scoring of the same texts;
- pipeline: VADER scoring of every text plus the same bulk insert.

Each figure is measured ``--repeat`` times, ours and its baseline one after the other in each
round, and printed as the median with the lowest and highest rate: on a shared machine one
measurement says little. Beside each rate by the clock comes the rate by CPU time (this
process's and that of the processes it started and waited for, such as the engine's worker),
which other work on a shared machine barely moves. ``--profile`` adds where the engine's time
goes, by module.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import random
import resource
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from bot.delivery import Deliverer
from bot.feeds.jsonl import parse_comment
from bot.ingest.follower import FileFollower
from bot.models import Comment
from bot.pipeline import Pipeline
from bot.publisher import OutboxFilePublisher
from bot.rendering import TEMPLATES_DIR
from bot.review_message import review_payload
from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.store import (
    CommentRow,
    DraftStore,
    EngagementRows,
    Store,
    comment_from_row,
    engagement_rows,
)

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
# The pipeline's batch: comments read, analysed and written together.
BATCH = 500

_OPENERS = [
    "Where is my order",
    "Love the new",
    "Do you ship to Canada with the",
    "My",
    "Is the",
    "Check my channel for",
    "Can't wait to buy the",
    "Honestly the",
]
_THINGS = ["rain shell", "trail boots", "40L pack", "down jacket", "tent", "beanie"]
_ENDINGS = ["?", "!!", " 😍", " — still waiting.", " broke after a week.", " #hiking", "..."]


_DETAILS = ["order #{n}", "size {s}", "in {c}", "for my {r}", "since {d} days", "@friend{n}"]
_CITIES = ["Leeds", "Graz", "Lyon", "Denver", "Porto", "Oslo", "Cork", "Perth"]
_RELATIVES = ["sister", "dad", "partner", "team", "kid", "neighbour"]


def write_feed(path: Path, count: int, seed: int = 7) -> None:
    """Comments built from parts with per-comment details, so nearly every text is unique
    (as real comment streams are): a cache of repeated texts cannot flatter the engine."""
    rng = random.Random(seed)
    start = NOW - timedelta(days=3)
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            detail = rng.choice(_DETAILS).format(
                n=rng.randint(1000, 99999),
                s=rng.randint(36, 46),
                c=rng.choice(_CITIES),
                r=rng.choice(_RELATIVES),
                d=rng.randint(2, 30),
            )
            text = f"{rng.choice(_OPENERS)} {rng.choice(_THINGS)} {detail}{rng.choice(_ENDINGS)}"
            handle.write(
                json.dumps(
                    {
                        "id": f"b{n}",
                        "platform": rng.choice(["instagram", "x", "tiktok"]),
                        "brand": "alpenglow",
                        "post_id": f"p{n % 300}",
                        "author": f"fan{n % 9000}",
                        "author_followers": rng.randint(0, 50_000),
                        "text": text,
                        "created_at": (start + timedelta(seconds=n)).isoformat(),
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )


def _bare_table(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE TABLE c (key TEXT PRIMARY KEY, author TEXT, text TEXT, created TEXT, score REAL)"
    )
    return conn


def baseline(feed: Path, db: Path, score: bool) -> float:
    started = time.perf_counter()
    vader = SentimentIntensityAnalyzer() if score else None
    rows = []
    with feed.open(encoding="utf-8") as handle:
        for line in handle:
            obj = json.loads(line)
            value = vader.polarity_scores(obj["text"])["compound"] if vader else 0.0
            rows.append(
                (
                    f"{obj['platform']}:{obj['id']}",
                    obj["author"],
                    obj["text"],
                    obj["created_at"],
                    value,
                )
            )
    conn = _bare_table(db)
    with conn:
        conn.executemany("INSERT INTO c VALUES (?, ?, ?, ?, ?)", rows)
    conn.close()
    return time.perf_counter() - started


async def ours(feed: Path, db: Path, engage: bool) -> float:
    """Seconds for `socialpulse run`'s own stages: the pipeline ingests the feed, then (with
    ``engage``) analyses, drafts and stores every comment, the engine in its worker process."""
    started = time.perf_counter()
    store = await Store.open(db, clock=lambda: NOW)
    follower = FileFollower(feed, "comments", store.feeds)
    if engage:
        engine = EngagementEngine(
            [BrandProfile(id="alpenglow", name="Alpenglow", review_receiver="console")],
            TEMPLATES_DIR / "replies",
        )
        pipeline = Pipeline(
            store=store,
            followers=[follower],
            drop_folder=None,
            engagement=engine,
            deliverer=Deliverer(store.outbox, {}),
            publisher=OutboxFilePublisher(db.with_suffix(".outbox.jsonl")),
            clock=lambda: NOW,
        )
        # As `Pipeline.run` does: the engine gets ready while the first ingest runs.
        pipeline.start()
        try:
            await pipeline.take_in()
        finally:
            await pipeline.close()
    else:
        await follower.poll()
    await store.close()
    return time.perf_counter() - started


async def _stored(feed: Path, db: Path) -> Store:
    """A store holding the feed's comments, none of them analysed yet."""
    store = await Store.open(db, clock=lambda: NOW)
    await FileFollower(feed, "comments", store.feeds).poll()
    return store


def engine_rows(feed: Path, db: Path) -> list[EngagementRows]:
    """The rows the pipeline writes for the feed, batch by batch as it reads them."""

    async def read() -> list[list[CommentRow]]:
        store = await _stored(feed, db)
        batches, cursor = [], None
        while rows := await store.drafts.unprocessed_rows(BATCH, cursor):
            batches.append(rows)
            cursor = DraftStore.cursor(rows[-1])
        await store.close()
        return batches

    engine = _engine()
    return [
        engagement_rows(engine.run([comment_from_row(r) for r in rows], NOW), review_payload)
        for rows in asyncio.run(read())
    ]


def persist(feed: Path, db: Path, batches: list[EngagementRows]) -> float:
    """Seconds to write the engine's rows as the pipeline does (analyses, drafts, threads,
    review requests, leads and the comments marked done, one transaction per batch) into a
    store that holds the comments."""

    async def write() -> float:
        store = await _stored(feed, db)
        started = time.perf_counter()
        for rows in batches:
            await store.drafts.save_rows(rows)
        seconds = time.perf_counter() - started
        await store.close()
        return seconds

    return asyncio.run(write())


def persist_baseline(db: Path, batches: list[EngagementRows]) -> float:
    """Seconds for the same analyses, drafts and review requests as bulk inserts into bare
    tables, one transaction per batch."""
    conn = _bare_table(db)
    conn.execute("CREATE TABLE a (key TEXT PRIMARY KEY, s TEXT, v REAL, i TEXT, p REAL, e TEXT)")
    conn.execute("CREATE TABLE d (id INTEGER PRIMARY KEY, key TEXT, action TEXT, text TEXT)")
    conn.execute("CREATE TABLE n (id INTEGER PRIMARY KEY, receiver TEXT, payload TEXT)")
    started = time.perf_counter()
    for rows in batches:
        with conn:
            conn.executemany(
                "INSERT INTO a VALUES (?, ?, ?, ?, ?, ?)",
                [(r[0], r[1], r[2], r[3], r[4], r[7]) for r in rows.analyses],
            )
            conn.executemany(
                "INSERT INTO d (key, action, text) VALUES (?, ?, ?)",
                [(r[0], r[3], r[4]) for r in rows.drafts],
            )
            conn.executemany(
                "INSERT INTO n (receiver, payload) VALUES (?, ?)",
                [(r[6], f"{r[7]}0{r[8]}") for r in rows.drafts if r[6] is not None],
            )
    seconds = time.perf_counter() - started
    conn.close()
    return seconds


def measure_persist(feed: Path, count: int, repeat: int, db: Callable[[str], Path]) -> None:
    """The persist figure: the engine's rows (worked out beforehand) written to the store."""
    batches = engine_rows(feed, db("rows"))
    measure(
        f"persist {count:,} (the engine's rows written as the pipeline writes them)",
        count,
        repeat,
        lambda: persist(feed, db("ours"), batches),
        lambda: persist_baseline(db("base"), batches),
    )


def _comments(feed: Path) -> list[Comment]:
    comments = []
    with feed.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle, start=1):
            parsed = parse_comment(line, "bench", n)
            assert isinstance(parsed, Comment)
            comments.append(parsed)
    return comments


def _engine() -> EngagementEngine:
    engine = EngagementEngine(
        [BrandProfile(id="alpenglow", name="Alpenglow", review_receiver="console")],
        TEMPLATES_DIR / "replies",
    )
    engine.warm_up()
    return engine


def engine_only(comments: list[Comment]) -> float:
    """Seconds for a new engine (loaded beforehand) to analyse and draft every comment."""
    engine = _engine()
    started = time.perf_counter()
    for start in range(0, len(comments), 2000):
        engine.run(comments[start : start + 2000], NOW)
    return time.perf_counter() - started


def vader_only(comments: list[Comment]) -> float:
    """Seconds for VADER alone to score every comment."""
    vader = SentimentIntensityAnalyzer()
    started = time.perf_counter()
    for comment in comments:
        vader.polarity_scores(comment.text)
    return time.perf_counter() - started


def profile_engine(comments: list[Comment]) -> None:
    """Where the engine's time goes: the time spent in each of our modules' own code and in
    the library code it calls, as a share of the whole."""
    engine = _engine()
    profiler = cProfile.Profile()
    profiler.enable()
    for start in range(0, len(comments), 2000):
        engine.run(comments[start : start + 2000], NOW)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    own: dict[str, float] = {}
    for key, (_, _, tottime, _, _) in stats.items():
        for module, seconds in _charged_to(key, tottime, stats, frozenset()):
            own[module] = own.get(module, 0.0) + seconds
    total = sum(own.values())
    print(f"engine profile, {len(comments):,} comments (cProfile slows it down):")
    for module, seconds in sorted(own.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {100 * seconds / total:5.1f}%  {module}")


def _charged_to(
    key: tuple[str, int, str], seconds: float, stats: dict[Any, Any], seen: frozenset[object]
) -> Iterator[tuple[str, float]]:
    """The modules of ours a function's ``seconds`` are charged to: its own, or for library
    code (a regex search, say) the modules of ours that called it, each in proportion to the
    time spent in it on their calls."""
    path = key[0]
    at = path.rfind("/bot/")
    if at >= 0 and "site-packages" not in path:
        yield "bot/" + path[at + len("/bot/") :], seconds
        return
    seen = seen | {key}
    callers = [(c, v[2] or v[3]) for c, v in stats[key][4].items() if c not in seen and c in stats]
    weight = sum(w for _, w in callers)
    if weight <= 0:
        yield "other", seconds
        return
    for caller, share in callers:
        yield from _charged_to(caller, seconds * share / weight, stats, seen)


def _cpu() -> float:
    """CPU seconds used so far by this process and the finished processes it started."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _timed(run: Callable[[], float]) -> tuple[float, float]:
    """The seconds ``run`` reports and the CPU seconds it took."""
    started = _cpu()
    seconds = run()
    return seconds, _cpu() - started


def measure(
    name: str, count: int, repeat: int, ours_run: Callable[[], float], base_run: Callable[[], float]
) -> None:
    """Run ours and the baseline ``repeat`` times, alternating, and print the rates."""
    ours_s: list[float] = []
    base_s: list[float] = []
    ours_cpu: list[float] = []
    base_cpu: list[float] = []
    for _ in range(repeat):
        seconds, cpu = _timed(ours_run)
        ours_s.append(seconds)
        ours_cpu.append(cpu)
        seconds, cpu = _timed(base_run)
        base_s.append(seconds)
        base_cpu.append(cpu)
    print(
        f"{name}: {_rates(count, ours_s)}; baseline {_rates(count, base_s)}; ratio "
        f"{statistics.median(base_s) / statistics.median(ours_s):.2f} of baseline rate\n"
        f"  by CPU time: {_rates(count, ours_cpu)}; baseline {_rates(count, base_cpu)}"
    )


def _rates(count: int, seconds: list[float]) -> str:
    rates = sorted(count / s for s in seconds)
    line = f"{statistics.median(rates):,.0f} comments/s"
    if len(rates) > 1:
        line += f" (runs {rates[0]:,.0f}–{rates[-1]:,.0f})"
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    count, repeat = args.count, args.repeat
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        feed = folder / "comments.jsonl"
        write_feed(feed, count)
        runs = iter(range(10**6))

        def db(kind: str) -> Path:
            return folder / f"{kind}{next(runs)}.db"

        measure(
            f"ingest {count:,} (parse + dedupe + checkpoint)",
            count,
            repeat,
            lambda: asyncio.run(ours(feed, db("ours"), engage=False)),
            lambda: baseline(feed, db("base"), score=False),
        )
        comments = _comments(feed)
        measure(
            f"analyse + draft {count:,} (engine only)",
            count,
            repeat,
            lambda: engine_only(comments),
            lambda: vader_only(comments),
        )
        measure_persist(feed, count, repeat, db)
        measure(
            f"ingest → analyse → draft → persist {count:,}",
            count,
            repeat,
            lambda: asyncio.run(ours(feed, db("ours"), engage=True)),
            lambda: baseline(feed, db("base"), score=True),
        )
        if args.profile:
            profile_engine(comments[: min(count, 20_000)])


if __name__ == "__main__":
    main()
