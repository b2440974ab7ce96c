"""The scheduled ad evaluation: what it reads from the store and the alerts it gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config.loading import load_workspace
from bot.engine_setup import ad_alert_source, ad_metrics_since, ad_rules, campaign_targets
from bot.feeds.admetrics import read_canonical
from bot.insights.report import boost_candidates_for
from bot.models import AdMetricRow
from bot.smm.engine import evaluate
from bot.smm.settings import DEFAULT_SETTINGS
from bot.store import Store

from .smm.test_shift import exchange_hours

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NOW = datetime(2026, 11, 25, 8, tzinfo=UTC)


def sample_rows() -> list[AdMetricRow]:
    rows: list[AdMetricRow] = []
    for name in ("daily", "hourly", "restated"):
        path = SAMPLES / "ads" / f"{name}.csv"
        rows += read_canonical(path.read_text("utf-8"), str(path)).rows
    return rows


# A whole evaluation of the samples' ad rows, twice.
@pytest.mark.slow
async def test_the_columnar_read_alerts_as_the_stored_rows_do(store: Store) -> None:
    rows = sample_rows()
    # Daily breakdowns feed the suggestions (exclude the costly segment); hourly ones are not read.
    daily = [r for r in rows if r.granularity == "day" and r.bucket >= "2026-11-10"]
    split = [replace(r, breakdown=f"age={a}", clicks=r.clicks // 2) for r in daily for a in "AB"]
    hourly = [r for r in rows if r.granularity == "hour"][:40]
    await store.feeds.ingest([*rows, *split, *(replace(r, breakdown="age=A") for r in hourly)])
    workspace = load_workspace(SAMPLES / "workspace.yaml")
    source = ad_alert_source(store, workspace)

    for now in (NOW, NOW - timedelta(days=3, hours=5)):
        day_since, hour_since = ad_metrics_since(now, DEFAULT_SETTINGS)
        stored = await store.feeds.ad_rows(day_since, "day")
        stored += await store.feeds.ad_rows(hour_since, "hour")
        expected = evaluate(
            stored,
            campaign_targets(workspace),
            ad_rules(workspace),
            now,
            boost_candidates=await boost_candidates_for(store, workspace, now),
        )
        assert expected, "the samples hold incidents"
        assert list(await source(now)) == expected


@pytest.mark.slow
async def test_the_scheduled_evaluation_judges_hourly_rows_on_their_own_history(
    store: Store,
) -> None:
    # A programmatic line reporting only hourly rows: its hour-of-day baseline needs the
    # week of hours before yesterday, and its daily view the weeks of hours folded in.
    rows = exchange_hours(days=40, change=lambda age: {"ctr": 0.4} if age <= 2 else {})
    await store.feeds.ingest(rows)
    workspace = load_workspace(SAMPLES / "workspace.yaml")
    source = ad_alert_source(store, workspace)

    alerts = list(await source(NOW))

    by_name = {a.labels["alertname"]: a for a in alerts}
    assert by_name["CPCSpike"].evidence["granularity"] == "hourly rows"
    targets, rules = campaign_targets(workspace), ad_rules(workspace)
    assert alerts == evaluate(rows, targets, rules, NOW)
