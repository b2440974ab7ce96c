"""`socialpulse store copy`: a SQLite store into an empty PostgreSQL database, and choosing the
PostgreSQL store with SOCIALPULSE_DB_URL."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from bot.cli import main
from bot.models import DraftStatus, OrganicPost, ProfileSnapshot, Rejected
from bot.review_message import review_payload
from bot.store import Checkpoint, Store, StoreError
from bot.store.copy import TargetNotEmpty, copy_store
from tests.conftest import NOW, REPO
from tests.store.test_drafts import engagement
from tests.store.test_feeds import ad_row, comment


async def _filled(path: Path) -> None:
    """A SQLite store with a little of everything: text in several scripts, NULLs, floats."""
    store = await Store.open(path, clock=lambda: NOW)
    try:
        items = [engagement(n) for n in range(1, 6)]
        odd = replace(comment(9, "Ça marche? 🙂 «100%» ok\n\ttab"), parent_id=None, lang="fr")
        await store.feeds.ingest(
            [*(i.comment for i in items), odd],
            [Rejected("/drop/100%_real.csv", 4, "raw ' line", "clicks: must be ≥ 0")],
            Checkpoint("/feeds/comments.jsonl", 4096, 6, "inode:1", "id,text", "abc123"),
        )
        await store.feeds.ingest(
            [
                ad_row(),
                replace(ad_row(conversions=0.1 + 0.2), bucket="2026-11-21"),
                replace(ad_row(), bucket="2026-11-22", leads=3.0, reach=900, currency="EUR"),
                OrganicPost(
                    id="p1",
                    platform="instagram",
                    brand="alpenglow",
                    published_at=NOW - timedelta(days=1),
                    format="reel",
                    text="New #shells",
                    hashtags=("#shells",),
                    impressions=1000,
                    reach=800,
                    likes=50,
                    comments=4,
                    shares=2,
                    saves=1,
                    clicks=9,
                ),
                ProfileSnapshot(
                    platform="instagram",
                    brand="alpenglow",
                    handle="@alpenglow",
                    captured_at=NOW,
                    followers=1200,
                    posts_count=40,
                ),
            ]
        )
        await store.drafts.save_engagement(items, review_payload)
        await store.drafts.decide(1, to=DraftStatus.APPROVED, actor="ana")
        await store.alerts.add_silence({"brand": "alpenglow"}, NOW + timedelta(hours=2), "ana")
    finally:
        await store.close()


async def _reads(store: Store) -> dict[str, object]:
    """What the repositories read back, for comparing the two stores."""
    return {
        "drafts": await store.drafts.select(limit=100),
        "approved": await store.drafts.publishable(),
        "counts": await store.table_counts(),
        "queue": await store.outbox.due(),
        "unprocessed": await store.drafts.unprocessed_rows(),
        "ads": await store.feeds.ad_rows("2026-11-01"),
        "checkpoint": await store.feeds.checkpoint("/feeds/comments.jsonl"),
        "quarantine": await store.quarantine.select(source="100%_"),
        "silences": await store.alerts.active_silences(NOW),
        "posts": await store.insights.posts_since("alpenglow", NOW - timedelta(days=7)),
        "profiles": await store.insights.latest_profiles("alpenglow"),
    }


async def test_store_copy_moves_every_table_and_reads_the_same(
    tmp_path: Path, postgres_url: str
) -> None:
    source = tmp_path / "old.db"
    await _filled(source)

    copied = await copy_store(source, postgres_url)

    by_table = {c.table: c.rows for c in copied}
    assert by_table["comments"] == 6 and by_table["drafts"] == 5 and by_table["silences"] == 1
    assert {"feed_checkpoints", "quarantine", "notifications", "audit_log"} <= set(by_table)
    old = await Store.open(source, clock=lambda: NOW)
    new = await Store.open(postgres_url, clock=lambda: NOW)
    try:
        assert await _reads(new) == await _reads(old)
        # Ids go on from the copied ones: the sequences were moved past them.
        later = await new.alerts.add_silence({"brand": "x"}, NOW + timedelta(hours=1), "bo")
        assert later.id == 2
        await new.feeds.ingest([comment(50)])
        rows = await new.drafts.unprocessed_rows()
        assert rows[-1][0] == "c50" and rows[-1][12] > rows[-2][12]
    finally:
        await old.close()
        await new.close()


async def test_store_copy_leaves_the_saved_ad_columns_and_their_dating_behind(
    tmp_path: Path, postgres_url: str
) -> None:
    # They are dated by the SQLite file's write counter; the PostgreSQL one starts afresh.
    source = tmp_path / "old.db"
    await _filled(source)
    old = await Store.open(source, clock=lambda: NOW)
    try:
        for _ in range(5):  # the SQLite counter moves well past PostgreSQL's
            await old.feeds.ingest([replace(ad_row(), bucket="2026-11-23")])
            await old.feeds.ingest([replace(ad_row(conversions=1.0), bucket="2026-11-23")])
        await old.feeds.ad_metrics("2026-11-01", "2026-11-20T00")
        assert await old.db.scalar("SELECT COUNT(*) FROM ad_column_snapshots") == 2
    finally:
        await old.close()

    copied = await copy_store(source, postgres_url)

    assert "ad_column_snapshots" not in {c.table for c in copied}
    new = await Store.open(postgres_url, clock=lambda: NOW)
    try:
        assert await new.db.scalar("SELECT COUNT(*) FROM ad_column_snapshots") == 0
        assert await new.db.scalar("SELECT MAX(seq) FROM ad_metrics") == 1
        await new.feeds.ad_metrics("2026-11-01", "2026-11-20T00")
        await new.feeds.ingest([replace(ad_row(), bucket="2026-11-24", clicks=7)])
    finally:
        await new.close()
    later = await Store.open(postgres_url, clock=lambda: NOW)
    try:
        read = await later.feeds.ad_metrics("2026-11-01", "2026-11-20T00")
        assert later.feeds.ad_rows_read["day"] == 1
        plain = await later.feeds.ad_columns("day", "2026-11-01")
        assert read.daily.keys == plain.keys
        assert read.daily.clicks.tolist() == plain.clicks.tolist() == [120.0] * 4 + [7.0]
    finally:
        await later.close()


def test_store_copy_refuses_a_target_that_is_not_empty(
    tmp_path: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "old.db"
    asyncio.run(_filled(source))
    assert main(["store", "copy", str(source), postgres_url]) == 0
    assert "comments" in capsys.readouterr().out

    assert main(["store", "copy", str(source), postgres_url]) == 4

    err = capsys.readouterr().err
    assert f"the database {postgres_url} is not empty: " in err
    assert "comments (6 rows)" in err and "copy into a new, empty database" in err
    with psycopg.connect(postgres_url) as conn:
        row = conn.execute("SELECT COUNT(*) FROM comments").fetchone()
    assert row is not None and row[0] == 6


async def test_store_copy_keeps_nothing_when_a_row_is_refused(
    tmp_path: Path, postgres_url: str
) -> None:
    source = tmp_path / "old.db"
    await _filled(source)
    with sqlite3.connect(source) as conn:  # SQLite keeps text in an INTEGER column
        conn.execute("UPDATE comments SET author_followers = 'many' WHERE id = 'c3'")
    conn.close()

    with pytest.raises(StoreError, match="refused a row of table comments") as caught:
        await copy_store(source, postgres_url)

    assert not isinstance(caught.value, TargetNotEmpty)
    with psycopg.connect(postgres_url) as pg:
        counts = pg.execute(
            "SELECT (SELECT COUNT(*) FROM comments), (SELECT COUNT(*) FROM ad_metrics)"
        ).fetchone()
    assert counts == (0, 0)


async def test_store_copy_names_a_missing_file(tmp_path: Path, postgres_url: str) -> None:
    with pytest.raises(StoreError, match=r"missing\.db does not exist"):
        await copy_store(tmp_path / "missing.db", postgres_url)
    assert not (tmp_path / "missing.db").exists()


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("SOCIALPULSE_WORKSPACE", "SOCIALPULSE_DB_PATH", "SOCIALPULSE_DB_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SOCIALPULSE_OUTBOX_PATH", str(tmp_path / "outbox.jsonl"))
    monkeypatch.chdir(REPO)


def test_db_url_chooses_the_postgresql_store_and_db_the_file(
    tmp_path: Path,
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    cli_env: None,
) -> None:
    source = tmp_path / "old.db"
    asyncio.run(_filled(source))
    asyncio.run(copy_store(source, postgres_url))
    with psycopg.connect(postgres_url, autocommit=True) as pg:
        pg.execute("UPDATE drafts SET text = 'only in PostgreSQL' WHERE id = 2")
    monkeypatch.setenv("SOCIALPULSE_DB_URL", postgres_url)
    monkeypatch.setenv("SOCIALPULSE_DB_PATH", str(tmp_path / "unused.db"))
    env = ["--env-file", str(tmp_path / "none.env")]

    assert main([*env, "drafts", "show", "2"]) == 0
    assert "only in PostgreSQL" in capsys.readouterr().out
    assert not (tmp_path / "unused.db").exists()

    # The file named on the command line wins over the URL.
    assert main([*env, "--db", str(source), "drafts", "show", "2"]) == 0
    shown = capsys.readouterr().out
    assert "So sorry!" in shown and "only in PostgreSQL" not in shown


def test_a_db_url_that_is_not_postgresql_is_refused_without_its_password(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    cli_env: None,
) -> None:
    monkeypatch.setenv("SOCIALPULSE_DB_URL", "mysql://bot:hunter2secret@db.example/social")

    assert main(["--env-file", str(tmp_path / "none.env"), "drafts", "list"]) == 3

    err = capsys.readouterr().err
    assert "SOCIALPULSE_DB_URL" in err and "postgresql://" in err
    assert "hunter2secret" not in err


def test_restore_with_a_db_url_points_at_pg_restore(
    tmp_path: Path,
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    cli_env: None,
) -> None:
    monkeypatch.setenv("SOCIALPULSE_DB_URL", postgres_url)
    backup = tmp_path / "b.db"
    asyncio.run(_filled(backup))

    assert main(["--env-file", str(tmp_path / "none.env"), "restore", str(backup)]) == 4

    assert "pg_restore" in capsys.readouterr().err
