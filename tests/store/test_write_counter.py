"""What counts as another process's write for a reader that keeps what it read (the ad
engine's columns): data written by another store, never a worker's lease renewals or claims
on its own connection for them, on both engines."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from bot.store import Store
from bot.store.claims import Claims
from bot.store.leases import Leases, coordination
from tests.conftest import NOW
from tests.store.test_feeds import ad_row


async def test_lease_renewals_of_another_worker_are_not_changes_to_the_data(
    store_target: Path | str,
) -> None:
    days = [replace(ad_row(), bucket=f"2026-11-{day:02d}") for day in range(10, 16)]
    reader = await Store.open(store_target, clock=lambda: NOW)
    other = await Store.open(store_target, clock=lambda: NOW)
    own = await coordination(other)
    assert own is not None
    try:
        await reader.feeds.ingest(days)
        await reader.feeds.ad_metrics("2026-11-01", "2026-11-20T00")
        # Another worker renews its leases and claims (its second connection) meanwhile.
        for n in range(3):
            at = NOW + timedelta(seconds=10 * n)
            await Leases(own).acquire("schedule:ads", "w2", at, timedelta(seconds=30))
            await Claims(own).extend("w2", at + timedelta(seconds=30))
        await reader.feeds.ad_metrics("2026-11-01", "2026-11-20T00")
        assert reader.feeds.ad_rows_read["day"] == 0
        # Its data is a change: the bucket it wrote is read again (the rest from the columns
        # saved in the store at the first read).
        await other.feeds.ingest([replace(days[1], conversions=9.0)])
        after = await reader.feeds.ad_metrics("2026-11-01", "2026-11-20T00")
        assert reader.feeds.ad_rows_read["day"] == 1
        assert sorted(after.daily.conversions.tolist()) == [3.0] * 5 + [9.0]
    finally:
        await own.close()
        await other.close()
        await reader.close()
