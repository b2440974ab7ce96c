"""The ads schedule among workers: a one-shot `ingest --process` says which running worker
judges the ads, and ad rows stored by one worker are judged by the holder of the schedule at
its next step, not an hour later (real SQLite files)."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.delivery import Deliverer
from bot.ingest.follower import FileFollower
from bot.pipeline import Pipeline
from bot.publisher import OutboxFilePublisher
from bot.smo.brand import BrandProfile
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.store import Store
from bot.store.leases import Leases
from bot.workers import Worker
from tests.conftest import REPO

ADS = REPO / "samples" / "ads" / "daily.csv"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.upper().startswith(("SOCIALPULSE_", "SLACK_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SOCIALPULSE_DB_PATH", str(tmp_path / "cli.db"))
    monkeypatch.setenv("SOCIALPULSE_OUTBOX_PATH", str(tmp_path / "outbox.jsonl"))
    monkeypatch.setenv("COLUMNS", "300")
    monkeypatch.chdir(REPO)


def ad_rows(path: Path, lines: slice) -> Path:
    text = ADS.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([text[0], *text[lines]]) + "\n", encoding="utf-8")
    return path


async def running_bot_holds_the_ads(db: Path) -> None:
    store = await Store.open(db, init=True)
    try:
        leases = Leases.of(store)
        assert await leases.acquire(
            "schedule:ads", "host-1234", datetime.now(UTC), timedelta(minutes=10)
        )
    finally:
        await store.close()


@pytest.mark.slow
def test_ingest_process_names_the_running_worker_that_judges_the_ads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(running_bot_holds_the_ads(tmp_path / "cli.db"))
    feed = ad_rows(tmp_path / "ads.csv", slice(1, 40))
    code = main(["--env-file", str(tmp_path / "none.env"), "ingest", str(feed), "--process"])
    out = " ".join(capsys.readouterr().out.split())
    assert code == 0
    assert "ads evaluated" not in out
    assert "ads not evaluated here: the running bot (worker host-1234) holds the ads" in out


NOW = datetime(2026, 12, 6, 10, 5, tzinfo=UTC)


def pipeline(store: Store, who: str, followers: list[FileFollower], judged: list[str]) -> Pipeline:
    async def judge(_now: datetime) -> int:
        judged.append(who)
        return 0

    engine = EngagementEngine([BrandProfile(id="b", name="B")], default_templates_dir())
    return Pipeline(
        store=store,
        followers=followers,
        drop_folder=None,
        engagement=engine,
        deliverer=Deliverer(store.outbox, {}),
        publisher=OutboxFilePublisher(store.folder / f"{who}.jsonl"),
        clock=lambda: NOW,
        ad_stage=judge,
        engine_process=False,
        worker=Worker(store, who),
    )


async def test_ad_rows_another_worker_stores_are_judged_at_the_holders_next_step(
    tmp_path: Path,
) -> None:
    feed = ad_rows(tmp_path / "daily.csv", slice(1, 1))
    one = await Store.open(tmp_path / "w.db", init=True)
    two = await Store.open(tmp_path / "w.db")
    judged: list[str] = []
    holder = pipeline(one, "w1", [], judged)  # started first: it takes the ads schedule
    follower = pipeline(two, "w2", [FileFollower(feed, "ad_metrics", two.feeds)], judged)
    try:
        await holder.evaluate_ads()
        await follower.ingest()
        await follower.evaluate_ads()
        assert judged == ["w1"]  # the hour's evaluation, by the holder alone
        ad_rows(feed, slice(1, 60))  # new rows come in, on the feed w2 follows
        assert (await follower.ingest()).stored
        for _ in range(2):
            await holder.evaluate_ads()
            await follower.evaluate_ads()
        assert judged == ["w1", "w1"]  # judged once, at the holder's next step
    finally:
        await holder.close()
        await follower.close()
        await one.close()
        await two.close()
