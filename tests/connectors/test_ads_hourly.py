"""Hourly ad pulls and the account's time zone: hourly rows from Meta's hourly breakdown and
Google's `segments.hour` are the rows an hourly CSV of the same numbers gives, and the days
pulled are the account's days in its time zone on the platform."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from benchmarks.marketing_api import MarketingServer, ad_days
from benchmarks.marketing_api import serving as marketing_serving
from bot.config.ads_in import AdAccount, AdsIn
from bot.connectors.ads_pull import AdPull, AdPulls
from bot.connectors.meta_insights import MetaInsights, account_hour
from bot.connectors.secrets import Secrets
from bot.feeds.admetrics import RowProblem, read_canonical
from bot.models import AdMetricRow
from bot.store import Store
from tests.connectors.google_ads_api import GoogleAdsServer
from tests.connectors.google_ads_api import serving as google_serving
from tests.connectors.hourly_api import HourlyServer, hourly_csv
from tests.connectors.hourly_api import serving as hourly_serving
from tests.connectors.test_ads_pull_google import ACCESS, CUSTOMER, DEVELOPER, ENV, Ticks, section

TOKEN = "EAAGhourlyinsightstokenforlocaltests"
NUMBER = "120330000000009"
META = AdAccount(brand="alpenglow", id=f"act_{NUMBER}", token_env="T", hourly=True)
DAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


async def as_csv(tmp_path: Path, text: str) -> list[AdMetricRow]:
    other = await Store.open(tmp_path / "csv.db", clock=lambda: NOW)
    try:
        result = read_canonical(text, "hourly.csv")
        assert not result.rejected, result.rejected
        await other.feeds.ingest(result.rows, source="hourly.csv")
        return await other.feeds.ad_rows("2000-01-01", "hour")
    finally:
        await other.close()


async def test_meta_hourly_rows_equal_an_hourly_csv_of_the_same_numbers(
    store: Store, session: aiohttp.ClientSession, tmp_path: Path
) -> None:
    truth = ad_days(6, DAY, 2)
    zone = "America/New_York"
    server = HourlyServer(TOKEN, NUMBER, zone, truth)
    async with hourly_serving(server) as base:
        source = MetaInsights(session, base, TOKEN, META, hourly=True)
        counts = await AdPull(source, store.feeds, 3, 3).pull(NOW)
    assert counts.stored == 12 and counts.quarantined == 0
    assert source.name == f"ads:meta:{NUMBER}:hourly"
    pulled = await store.feeds.ad_rows("2000-01-01", "hour")
    assert len(pulled) == 12 and not await store.feeds.ad_rows("2000-01-01")
    assert pulled == await as_csv(tmp_path, hourly_csv(truth, NUMBER, zone))
    # Ad 1 ran at 05:00 in New York on 20 November: 10:00 UTC.
    first = next(r for r in pulled if r.ad == "Ad 1" and r.day == DAY)
    assert first.bucket == "2026-11-20T10:00:00+00:00" and first.reach is None


async def test_google_hourly_rows_equal_an_hourly_csv_with_midnight_left_out(
    store: Store, session: aiohttp.ClientSession, tmp_path: Path
) -> None:
    truth = ad_days(6, NOW.date() - timedelta(days=1), 1)
    server = GoogleAdsServer(ACCESS, DEVELOPER, CUSTOMER, truth)
    server.login_customer_id, server.time_zone = "9990001111", "America/Los_Angeles"
    names = [f"ads:google:{CUSTOMER}", f"ads:google:{CUSTOMER}:hourly"]
    async with google_serving(server) as base:
        config = section(base, hourly="true")
        pulls = AdPulls(config, store.feeds, lambda: NOW, Secrets(ENV), Ticks())
        accounts = pulls.pulls(session)
        assert [account.name for account in accounts] == names
        total = await pulls.once(accounts)
    assert total.stored == 12 and total.quarantined == 0  # 6 daily rows, 6 hourly
    assert any("segments.hour" in query for query in server.queries)
    hourly = await store.feeds.ad_rows("2000-01-01", "hour")
    zone = "America/Los_Angeles"
    assert hourly == await as_csv(tmp_path, hourly_csv(truth, CUSTOMER, zone, "google"))
    # Ad 0 ran at midnight, which Google's JSON leaves out (a proto3 default): hour 0.
    midnight = next(row for row in hourly if row.ad == "Ad 0")
    assert midnight.bucket == "2026-11-21T08:00:00+00:00"
    assert pulls.report()[names[1]]["time_zone"] == zone


async def test_hourly_rows_of_a_half_hour_time_zone_are_refused_once_with_the_reason(
    store: Store, session: aiohttp.ClientSession
) -> None:
    truth = ad_days(2, NOW.date() - timedelta(days=1), 1)
    server = GoogleAdsServer(ACCESS, DEVELOPER, CUSTOMER, truth)
    server.login_customer_id, server.time_zone = "9990001111", "Asia/Kolkata"
    async with google_serving(server) as base:
        config = section(base, hourly="true")
        pulls = AdPulls(config, store.feeds, lambda: NOW, Secrets(ENV), Ticks())
        total = await pulls.once(pulls.pulls(session))
    assert total.stored == 2 and total.quarantined == 0  # the daily rows
    error = pulls.report()[f"ads:google:{CUSTOMER}:hourly"]["error"]
    assert "Asia/Kolkata" in error and "whole hours" in error


@pytest.mark.parametrize(
    ("zone", "clock", "last_day"),
    [
        # 20:00 UTC is already the next morning in Auckland: its today is pulled too.
        ("Pacific/Auckland", datetime(2026, 11, 25, 20, 0, tzinfo=UTC), "2026-11-26"),
        # 03:00 UTC is still the evening before in Los Angeles: no day that has not begun.
        ("America/Los_Angeles", datetime(2026, 11, 25, 3, 0, tzinfo=UTC), "2026-11-24"),
    ],
)
async def test_the_days_pulled_are_the_accounts_days(
    store: Store, session: aiohttp.ClientSession, zone: str, clock: datetime, last_day: str
) -> None:
    server = MarketingServer(TOKEN, NUMBER, ad_days(2, date(2026, 11, 23), 4))
    server.timezone_name = zone
    config = AdsIn.model_validate(
        {
            "backfill_days": 3,
            "accounts": [{"brand": "alpenglow", "id": f"act_{NUMBER}", "token_env": "T"}],
        }
    )
    async with marketing_serving(server) as base:
        config = config.model_copy(update={"graph_url": base})
        pulls = AdPulls(config, store.feeds, lambda: clock, Secrets({"T": TOKEN}), Ticks())
        await pulls.once(pulls.pulls(session))
    asked = json.loads(server.calls[0]["time_range"])
    assert asked["until"] == last_day
    days = {row.bucket for row in await store.feeds.ad_rows("2000-01-01")}
    assert max(days) == last_day
    shown = pulls.report()[f"ads:meta:{NUMBER}"]
    assert shown["time_zone"] == zone
    assert shown["days_pulled"] == f"{date.fromisoformat(last_day) - timedelta(days=2)}..{last_day}"


def test_an_hour_the_clock_skips_is_refused_not_moved() -> None:
    zone = ZoneInfo("America/New_York")
    with pytest.raises(RowProblem, match="is not a time in America/New_York"):
        account_hour("2026-03-08", "02:00:00 - 02:59:59", zone)
    assert account_hour("2026-03-08", "03:00:00 - 03:59:59", zone) == "2026-03-08T07:00:00+00:00"
    with pytest.raises(RowProblem, match="not an hour"):
        account_hour("2026-03-08", "2 pm", zone)
