"""Pulling Google Ads rows per day from a local server that speaks `googleAds:searchStream`:
cost from micros, the same rows as the CSV path, restatements, quota and refused tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest

from benchmarks.marketing_api import ad_days, canonical_csv
from bot.config.ads_in import AdsIn
from bot.connectors.ads_pull import AdPulls
from bot.connectors.secrets import Secrets
from bot.feeds.admetrics import read_canonical
from bot.models import AdMetricRow
from bot.store import Store
from tests.conftest import NOW
from tests.connectors.google_ads_api import VERSION, GoogleAdsServer, serving

ACCESS = "ya29.localaccesstokenfortests"
REFRESH = "1//localrefreshtokenfortests"
DEVELOPER = "devtokenfortests123"
CUSTOMER = "1234567890"
TODAY = NOW.date()
ENV = {"GADS_TOKEN": ACCESS, "GADS_DEV": DEVELOPER}


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


def section(base: str, **account: str) -> AdsIn:
    return AdsIn.model_validate(
        {
            "google_ads_url": f"{base}/{VERSION}",
            "google_token_url": f"{base}/token",
            "backfill_days": 5,
            "accounts": [
                {
                    "brand": "alpenglow",
                    "platform": "google",
                    "id": "123-456-7890",
                    "token_env": "GADS_TOKEN",
                    "developer_token_env": "GADS_DEV",
                    "login_customer_id": "999-000-1111",
                    **account,
                }
            ],
        }
    )


class Ticks:
    now = 0.0

    def __call__(self) -> float:
        return self.now


async def csv_rows(tmp_path: Path, text: str) -> list[AdMetricRow]:
    other = await Store.open(tmp_path / "csv.db", clock=lambda: NOW)
    try:
        result = read_canonical(text, "google.csv")
        await other.feeds.ingest(result.rows, source="google.csv")
        return await other.feeds.ad_rows("2000-01-01")
    finally:
        await other.close()


async def test_rows_equal_the_csv_path_and_a_restated_day_updates_its_row(
    store: Store, session: aiohttp.ClientSession, tmp_path: Path
) -> None:
    truth = ad_days(7, TODAY - timedelta(days=4), 5)
    server = GoogleAdsServer(ACCESS, DEVELOPER, CUSTOMER, truth, batch=8)
    server.login_customer_id = "9990001111"
    async with serving(server) as base:
        pulls = AdPulls(section(base), store.feeds, lambda: NOW, Secrets(ENV), Ticks())
        accounts = pulls.pulls(session)
        assert (await pulls.once(accounts)).stored == 35
        truth[-1].purchases += 1
        truth[-1].revenue = f"{truth[-1].purchases * 24.9:.2f}"
        again = await pulls.once(accounts)
    assert (again.stored, again.updated, again.duplicate) == (0, 1, 20)
    assert "BETWEEN '2026-11-23' AND '2026-11-25'" in server.queries[-1]
    pulled = await store.feeds.ad_rows("2000-01-01")
    # Google Ads reports no reach at ad level: the CSV's reach aside, the rows are equal.
    expected = await csv_rows(tmp_path, canonical_csv(truth, CUSTOMER, "google"))
    assert pulled == [replace(row, reach=None) for row in expected]
    assert pulled[0].spend == float(truth[0].spend)  # from cost_micros


async def test_a_refresh_token_is_exchanged_at_the_token_endpoint(
    store: Store, session: aiohttp.ClientSession
) -> None:
    server = GoogleAdsServer(ACCESS, DEVELOPER, CUSTOMER, ad_days(2, TODAY, 1))
    server.login_customer_id, server.refresh_token = "9990001111", REFRESH
    env = {"GADS_TOKEN": REFRESH, "GADS_DEV": DEVELOPER, "CID": "client", "CSECRET": "s3cret"}
    async with serving(server) as base:
        config = section(base, client_id_env="CID", client_secret_env="CSECRET")
        pulls = AdPulls(config, store.feeds, lambda: NOW, Secrets(env), Ticks())
        assert (await pulls.once(pulls.pulls(session))).stored == 2
    assert server.issued == 1


async def test_quota_backs_off_and_a_refused_token_stops_the_account(
    store: Store, session: aiohttp.ClientSession
) -> None:
    server = GoogleAdsServer(ACCESS, DEVELOPER, CUSTOMER, ad_days(2, TODAY, 1))
    server.login_customer_id = "9990001111"
    server.errors = [(429, "RESOURCE_EXHAUSTED")]
    ticks = Ticks()
    name = f"ads:google:{CUSTOMER}"
    async with serving(server) as base:
        pulls = AdPulls(section(base), store.feeds, lambda: NOW, Secrets(ENV), ticks)
        accounts = pulls.pulls(session)
        await pulls.once(accounts)
        assert "RESOURCE_EXHAUSTED (quota or rate limit)" in pulls.report()[name]["error"]
        ticks.now += 61
        assert (await pulls.once(accounts)).stored == 2
        server.access_token = "a-newer-token"  # ours is no longer valid
        ticks.now += 10_000
        await pulls.once(accounts)
        await pulls.once(accounts)
    error = pulls.report()[name]["error"]
    assert error.startswith("TokenRefused") and "UNAUTHENTICATED" in error
    reports = [query for query in server.queries if "FROM ad_group_ad" in query]
    assert ACCESS not in error and len(reports) == 1
