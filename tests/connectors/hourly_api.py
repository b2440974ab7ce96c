"""A local server for the Marketing API insights edge with the hourly breakdown
(`breakdowns=hourly_stats_aggregated_by_advertiser_time_zone`) and the ad account's
`timezone_name`, and the hourly canonical CSV of the same numbers. 127.0.0.1 only."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from benchmarks.marketing_api import AdDay, graph_error
from tests.connectors.google_ads_api import hour_of

HOURLY = "hourly_stats_aggregated_by_advertiser_time_zone"


@dataclass
class HourlyServer:
    token: str
    account: str
    zone: str
    rows: list[AdDay] = field(default_factory=list)
    asked: list[dict[str, str]] = field(default_factory=list)

    async def account_read(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return graph_error(400, 190, "Invalid OAuth access token.")
        if request.match_info["account"] != f"act_{self.account}":
            return graph_error(400, 100, "Unsupported get request.")
        return web.json_response({"id": f"act_{self.account}", "timezone_name": self.zone})

    async def insights(self, request: web.Request) -> web.Response:
        query = dict(request.query)
        self.asked.append(query)
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return graph_error(400, 190, "Invalid OAuth access token.")
        if query.get("breakdowns") != HOURLY or "reach" in query["fields"].split(","):
            return graph_error(400, 100, "Expected the hourly breakdown, and no reach")
        span = json.loads(query["time_range"])
        since, until = date.fromisoformat(span["since"]), date.fromisoformat(span["until"])
        items = []
        for row in self.rows:
            if since <= row.day <= until:
                item = {k: v for k, v in row.item(self.account).items() if k != "reach"}
                hour = hour_of(row)
                item[HOURLY] = f"{hour:02d}:00:00 - {hour:02d}:59:59"
                items.append(item)
        return web.json_response({"data": items, "paging": {"cursors": {}}})


@asynccontextmanager
async def serving(server: HourlyServer) -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_get("/v21.0/{account}/insights", server.insights)
    app.router.add_get("/v21.0/{account}", server.account_read)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/v21.0"
    finally:
        await runner.cleanup()


def hourly_csv(rows: list[AdDay], account: str, zone: str, platform: str = "meta") -> str:
    """The canonical CSV of the same numbers, one row an hour, hours written in the
    account's time zone with their offset (as an exporter in that zone writes them)."""
    header = "hour,platform,account,campaign,adset,ad,impressions,clicks,spend,conversions,"
    header += "revenue,currency"
    lines = [header]
    for row in rows:
        moment = datetime.combine(row.day, time(hour_of(row)), tzinfo=ZoneInfo(zone))
        cells: list[Any] = [
            moment.isoformat(),
            platform,
            account,
            row.campaign,
            row.adset,
            f"Ad {row.ad}",
            row.impressions,
            row.clicks,
            row.spend,
            row.purchases,
            row.revenue if row.purchases else "0",
            "EUR",
        ]
        lines.append(",".join(str(cell) for cell in cells))
    return "\n".join(lines) + "\n"
