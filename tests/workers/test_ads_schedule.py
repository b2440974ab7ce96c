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
from bot.store import Store
from bot.store.leases import Leases
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
