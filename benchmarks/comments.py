"""Comment throughput: feed file → store, and feed → analyse → draft → store, against baselines.

Baselines, measured in the same run on the same rows:
- ingest: json.loads of each line plus one bulk `executemany` into a bare SQLite table;
- engine: VADER's own scoring of the same texts;
- pipeline: VADER scoring of every text plus the same bulk insert.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from bot.delivery import Deliverer
from bot.ingest.follower import FileFollower
from bot.pipeline import Pipeline
from bot.publisher import OutboxFilePublisher
from bot.rendering import TEMPLATES_DIR
from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.store import Store

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)

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


def engine_only(feed: Path, count: int) -> tuple[float, float]:
    """Seconds for the engine to analyse and draft every comment, and for VADER alone."""
    from bot.feeds.jsonl import parse_comment
    from bot.models import Comment

    comments = []
    with feed.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle, start=1):
            parsed = parse_comment(line, "bench", n)
            assert isinstance(parsed, Comment)
            comments.append(parsed)
    engine = EngagementEngine(
        [BrandProfile(id="alpenglow", name="Alpenglow", review_receiver="console")],
        TEMPLATES_DIR / "replies",
    )
    engine.warm_up()
    started = time.perf_counter()
    for start in range(0, count, 2000):
        engine.run(comments[start : start + 2000], NOW)
    ours_s = time.perf_counter() - started
    vader = SentimentIntensityAnalyzer()
    started = time.perf_counter()
    for comment in comments:
        vader.polarity_scores(comment.text)
    return ours_s, time.perf_counter() - started


def report(name: str, count: int, ours_s: float, base_s: float) -> None:
    print(
        f"{name}: {count / ours_s:,.0f} comments/s ({ours_s:.2f} s); baseline "
        f"{count / base_s:,.0f}/s ({base_s:.2f} s); ratio {base_s / ours_s:.2f} of baseline rate"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        feed = folder / "comments.jsonl"
        write_feed(feed, args.count)
        base = baseline(feed, folder / "base1.db", score=False)
        mine = asyncio.run(ours(feed, folder / "ours1.db", engage=False))
        report(f"ingest {args.count:,} (parse + dedupe + checkpoint)", args.count, mine, base)
        mine, base = engine_only(feed, args.count)
        report(f"analyse + draft {args.count:,} (engine only)", args.count, mine, base)
        base = baseline(feed, folder / "base2.db", score=True)
        mine = asyncio.run(ours(feed, folder / "ours2.db", engage=True))
        report(f"ingest → analyse → draft → persist {args.count:,}", args.count, mine, base)


if __name__ == "__main__":
    main()
