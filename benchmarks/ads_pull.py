"""Pulling N ads × D days of Meta insights from a local Marketing API server into a fresh store,
timed, and the stored rows compared with the same numbers ingested as a canonical CSV.

    python -m benchmarks.ads_pull [--ads 1000] [--days 90] [--page 500]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import aiohttp

from benchmarks.marketing_api import MarketingServer, ad_days, canonical_csv, serving
from bot.config.ads_in import AdAccount
from bot.connectors.ads_pull import AdPull
from bot.connectors.meta_insights import MetaInsights
from bot.feeds.admetrics import read_canonical
from bot.store import Store

TOKEN = "EAAGbenchmarktokenforloopback"
NUMBER = "120330000000009"
TODAY = date(2026, 11, 25)


@dataclass(frozen=True, slots=True)
class PullFigures:
    rows: int
    calls: int
    pull_seconds: float
    csv_seconds: float
    equal: bool


async def measure(ads: int, days: int, page: int, folder: Path) -> PullFigures:
    truth = ad_days(ads, TODAY - timedelta(days=days - 1), days)
    server = MarketingServer(TOKEN, NUMBER, truth, page_size=page)
    account = AdAccount(brand="bench", id=f"act_{NUMBER}", token_env="UNUSED")

    def now() -> datetime:
        return datetime(2026, 11, 25, 8, tzinfo=UTC)

    pulled_store = await Store.open(folder / "pulled.db", clock=now)
    csv_store = await Store.open(folder / "csv.db", clock=now)
    try:
        async with serving(server) as base, aiohttp.ClientSession() as session:
            pull = AdPull(MetaInsights(session, base, TOKEN, account), pulled_store.feeds, 3, days)
            started = time.perf_counter()
            counts = await pull.pull(TODAY)
            pull_seconds = time.perf_counter() - started
        started = time.perf_counter()
        result = read_canonical(canonical_csv(truth, NUMBER), "metrics.csv")
        await csv_store.feeds.ingest(result.rows, result.rejected, source="metrics.csv")
        csv_seconds = time.perf_counter() - started
        pulled = await pulled_store.feeds.ad_rows("2000-01-01")
        from_csv = await csv_store.feeds.ad_rows("2000-01-01")
    finally:
        await pulled_store.close()
        await csv_store.close()
    equal = pulled == from_csv and len(pulled) == len(truth) and counts.quarantined == 0
    return PullFigures(len(pulled), len(server.calls), pull_seconds, csv_seconds, equal)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", type=int, default=1000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--page", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        figures = asyncio.run(measure(args.ads, args.days, args.page, Path(folder)))
    print(
        f"{args.ads} ads × {args.days} days: {figures.rows} rows in {figures.calls} calls,"
        f" pulled and stored in {figures.pull_seconds:.1f} s"
        f" (the same rows as CSV: {figures.csv_seconds:.1f} s);"
        f" rows equal to the CSV path: {figures.equal}"
    )


if __name__ == "__main__":
    main()
