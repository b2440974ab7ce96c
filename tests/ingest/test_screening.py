"""The running bot screens what its feeds bring: other brands and future dates are quarantined."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from bot.app import build_runtime
from bot.config.loading import load_workspace
from bot.settings import Settings
from tests.conftest import NOW
from tests.ingest.test_follower import comment_line

WORKSPACE = """
brands:
  - {id: alpenglow, name: Alpenglow}
  - {id: lumora, name: Lumora}
receivers:
  - {name: console, kind: console}
feeds:
  drop_folder: drop
  watch:
    - {path: comments.jsonl, kind: comments}
"""


def changed(n: int, **fields: str) -> str:
    return json.dumps({**json.loads(comment_line(n)), **fields})


async def test_the_runtime_quarantines_other_brands_and_future_dates_with_the_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "ws.yaml").write_text(WORKSPACE, encoding="utf-8")
    (tmp_path / "comments.jsonl").write_text(
        comment_line(1)
        + "\n"
        + changed(2, brand="northwind")
        + "\n"
        + changed(3, created_at="2027-01-01T00:00:00Z")
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "drop").mkdir()
    (tmp_path / "drop" / "daily.csv").write_text(
        "date,platform,account,campaign,impressions,clicks,spend,conversions,revenue\n"
        "2026-12-30,meta,acc,Spring,1000,30,50.5,2,120\n",
        encoding="utf-8",
    )
    workspace = load_workspace(tmp_path / "ws.yaml")
    settings = Settings(
        workspace=tmp_path / "ws.yaml",
        db_path=tmp_path / "b.db",
        outbox_path=tmp_path / "out.jsonl",
        http_port=0,
    )
    runtime = await build_runtime(settings, workspace, lambda _store, _nudge: {}, lambda: NOW)
    try:
        with caplog.at_level(logging.WARNING, logger="bot.ingest"):
            await runtime.pipeline.ingest()
            await runtime.pipeline.ingest()  # the drop folder imports a file once it holds still
        db = runtime.store.db
        assert [r[0] for r in await db.fetchall("SELECT id FROM comments")] == ["c1"]
        reasons = sorted(q.reason for q in await runtime.store.feeds.quarantined())
        assert reasons[0] == "brand 'northwind' is not in the workspace (known: alpenglow, lumora)"
        assert reasons[1].startswith("created_at: 2027-01-01T00:00:00+00:00 is more than 1 day")
        assert reasons[2].startswith("date: 2026-12-30 is more than 1 day ahead")
        assert "brand 'northwind' is not in the workspace" in caplog.text
    finally:
        await runtime.pipeline.close()
        await runtime.close()
