"""Pulling Meta ad insights from a local server that speaks the Marketing API: the stored rows
equal those of the same numbers ingested as canonical CSV; late conversions restate a row;
throttling backs off and a refused token stops the account."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import aiohttp
import pytest

from benchmarks.ads_pull import measure
from benchmarks.marketing_api import MarketingServer, ad_days, canonical_csv, serving
from bot.config.ads_in import AdAccount, AdsIn
from bot.connectors.ads_pull import AdPull, AdPulls, pull_range
from bot.connectors.meta_insights import MetaInsights
from bot.connectors.secrets import Secrets
from bot.feeds.admetrics import read_canonical
from bot.models import AdMetricRow
from bot.store import Store
from tests.conftest import NOW

TOKEN = "EAAGadsinsightstokenforlocaltests"
NUMBER = "120330000000001"
ACCOUNT = AdAccount(brand="alpenglow", id=f"act_{NUMBER}", token_env="META_ADS_TOKEN")
TODAY = NOW.date()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


async def stored(store: Store) -> list[AdMetricRow]:
    return await store.feeds.ad_rows("2000-01-01")


async def via_csv(tmp_path: Path, text: str) -> list[AdMetricRow]:
    """The same numbers written as a canonical CSV and ingested the way the feeds do."""
    other = await Store.open(tmp_path / "csv.db", clock=lambda: NOW)
    try:
        result = read_canonical(text, "metrics.csv")
        assert not result.rejected
        await other.feeds.ingest(result.rows, source="metrics.csv")
        return await stored(other)
    finally:
        await other.close()


def pull(session: aiohttp.ClientSession, base: str, store: Store, backfill: int = 5) -> AdPull:
    return AdPull(MetaInsights(session, base, TOKEN, ACCOUNT), store.feeds, 3, backfill)


async def test_pulled_rows_equal_the_same_numbers_ingested_as_csv(
    store: Store, session: aiohttp.ClientSession, tmp_path: Path
) -> None:
    truth = ad_days(12, TODAY - timedelta(days=4), 5)
    server = MarketingServer(TOKEN, NUMBER, truth, page_size=7)
    async with serving(server) as base:
        counts = await pull(session, base, store).pull(TODAY)
    assert counts.stored == 60 and counts.quarantined == 0
    assert len(server.calls) == 9  # 60 rows, 7 a page: the cursors were followed
    pulled = await stored(store)
    assert pulled == await via_csv(tmp_path, canonical_csv(truth, NUMBER))
    # Purchases counted once, though Meta lists them under two action types.
    assert sum(row.conversions for row in pulled) == sum(day.purchases for day in truth)


@pytest.mark.slow
async def test_a_late_conversion_is_a_restatement_not_a_second_row(
    store: Store, session: aiohttp.ClientSession, tmp_path: Path
) -> None:
    truth = ad_days(4, TODAY - timedelta(days=9), 10)
    server = MarketingServer(TOKEN, NUMBER, truth)
    async with serving(server) as base:
        await pull(session, base, store, backfill=10).pull(TODAY)
        late = next(d for d in truth if d.day == TODAY - timedelta(days=1) and d.ad == 2)
        late.purchases += 2
        late.revenue = f"{late.purchases * 24.9:.2f}"
        counts = await pull(session, base, store, backfill=10).pull(TODAY)
    # Only the last 3 days are asked again.
    assert '"since": "2026-11-23"' in server.calls[-1]["time_range"]
    assert (counts.stored, counts.updated, counts.duplicate) == (0, 1, 11)
    assert await stored(store) == await via_csv(tmp_path, canonical_csv(truth, NUMBER))
    revisions = await store.db.fetchall("SELECT revision FROM ad_metrics WHERE revision > 1")
    assert len(revisions) == 1


def test_the_range_repulls_the_last_days_and_catches_up_after_downtime() -> None:
    today = date(2026, 11, 25)
    assert pull_range(None, today, 3, 30) == (date(2026, 10, 27), today)
    assert pull_range(today, today, 3, 30) == (date(2026, 11, 23), today)
    assert pull_range(date(2026, 11, 10), today, 3, 30) == (date(2026, 11, 8), today)


async def test_a_bad_item_is_quarantined_with_its_reason_and_the_rest_stored(
    store: Store, session: aiohttp.ClientSession
) -> None:
    truth = ad_days(3, TODAY, 1)
    truth[1].spend = "lots"
    server = MarketingServer(TOKEN, NUMBER, truth)
    async with serving(server) as base:
        counts = await pull(session, base, store).pull(TODAY)
    assert (counts.stored, counts.quarantined) == (2, 1)
    bad = (await store.feeds.quarantined())[0]
    assert bad.source == f"ads:meta:{NUMBER}" and bad.reason == "spend: not a number: 'lots'"


def section(base: str) -> AdsIn:
    return AdsIn.model_validate(
        {"graph_url": base, "backfill_days": 2, "accounts": [ACCOUNT.model_dump()]}
    )


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("code", [17, 80004])
async def test_throttling_backs_off_and_the_next_pull_stores_everything(
    store: Store, session: aiohttp.ClientSession, code: int
) -> None:
    server = MarketingServer(TOKEN, NUMBER, ad_days(3, TODAY - timedelta(days=1), 2))
    server.errors = [(400, code)]
    ticks = Ticks()
    async with serving(server) as base:
        pulls = AdPulls(
            section(base), store.feeds, lambda: NOW, Secrets({"META_ADS_TOKEN": TOKEN}), ticks
        )
        accounts = pulls.pulls(session)
        assert (await pulls.once(accounts)).stored == 0
        report = pulls.report()[f"ads:meta:{NUMBER}"]
        assert f"Graph error code {code} (rate limited)" in report["error"]
        await pulls.once(accounts)
        assert len(server.calls) == 1  # not asked again before the back-off is over
        ticks.now += 61
        assert (await pulls.once(accounts)).stored == 6
    assert pulls.report()[f"ads:meta:{NUMBER}"]["rows_stored"] == 6


async def test_a_refused_token_stops_that_account_with_a_clear_status(
    store: Store, session: aiohttp.ClientSession
) -> None:
    server = MarketingServer("another-token", NUMBER, ad_days(2, TODAY, 1))
    ticks = Ticks()
    async with serving(server) as base:
        pulls = AdPulls(
            section(base), store.feeds, lambda: NOW, Secrets({"META_ADS_TOKEN": TOKEN}), ticks
        )
        accounts = pulls.pulls(session)
        await pulls.once(accounts)
        ticks.now += 100_000
        await pulls.once(accounts)
    # Refused at the first call (the account's time zone), and not asked again.
    assert server.account_reads == 1 and len(server.calls) == 0
    error = pulls.report()[f"ads:meta:{NUMBER}"]["error"]
    assert "Graph error code 190" in error and "invalid or expired" in error
    assert TOKEN not in error
    assert await stored(store) == []


async def test_an_unset_token_is_reported_and_the_account_left_out(
    store: Store, session: aiohttp.ClientSession
) -> None:
    pulls = AdPulls(section("http://127.0.0.1:9/v21.0"), store.feeds, lambda: NOW, Secrets({}))
    assert pulls.pulls(session) == []
    assert "META_ADS_TOKEN is not set" in pulls.report()[f"ads:meta:{NUMBER}"]["error"]


@pytest.mark.slow
async def test_a_thousand_ads_over_ninety_days_equal_the_csv_path(tmp_path: Path) -> None:
    figures = await measure(1000, 90, 500, tmp_path)
    assert figures.rows == 90_000 and figures.calls == 180
    assert figures.equal


@pytest.mark.slow
async def test_a_long_range_runs_as_a_report_job_and_gives_the_same_rows(
    store: Store, session: aiohttp.ClientSession, tmp_path: Path
) -> None:
    truth = ad_days(6, TODAY - timedelta(days=39), 40)
    server = MarketingServer(TOKEN, NUMBER, truth, page_size=50)
    async with serving(server) as base:
        source = MetaInsights(session, base, TOKEN, ACCOUNT, report_after_days=31, poll_seconds=0)
        counts = await AdPull(source, store.feeds, 3, 40).pull(TODAY)
    assert counts.stored == 240
    [query] = server.reports.values()
    assert query["level"] == "ad" and '"since": "2026-10-17"' in query["time_range"]
    assert server.polls == 3  # read until "Job Completed"
    assert len(server.calls) == 5  # the rows read from /{report_run_id}/insights, 50 a page
    assert await stored(store) == await via_csv(tmp_path, canonical_csv(truth, NUMBER))
