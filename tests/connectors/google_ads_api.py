"""A local server that speaks the Google Ads API REST `googleAds:searchStream` (GAQL in, a JSON
array of result batches out, google.rpc errors) and the OAuth token endpoint. 127.0.0.1 only."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aiohttp import web

from benchmarks.marketing_api import AdDay

VERSION = "v22"
_BETWEEN = re.compile(r"segments\.date BETWEEN '(\d{4}-\d{2}-\d{2})' AND '(\d{4}-\d{2}-\d{2})'")


def hour_of(day: AdDay) -> int:
    """The hour of the day an hourly test row is given (several ads at midnight)."""
    return (day.ad * 5) % 24


def google_row(day: AdDay, hourly: bool = False) -> dict[str, Any]:
    """The GoogleAdsRow the API answers for one ad on one day (int64 as strings); hourly, in
    hour `hour_of(day)`, left out when 0 as proto3 JSON leaves out every default value."""
    row = _google_row(day)
    if hourly and hour_of(day):
        row["segments"]["hour"] = hour_of(day)
    return row


def _google_row(day: AdDay) -> dict[str, Any]:
    return {
        "customer": {"currencyCode": "EUR"},
        "campaign": {"id": str(1000 + day.ad // 50), "name": day.campaign},
        "adGroup": {"id": str(2000 + day.ad // 10), "name": day.adset},
        "adGroupAd": {"ad": {"id": str(3000 + day.ad), "name": f"Ad {day.ad}"}},
        "segments": {"date": day.day.isoformat()},
        "metrics": {
            "impressions": str(day.impressions),
            "clicks": str(day.clicks),
            "costMicros": str(round(float(day.spend) * 1_000_000)),
            "conversions": float(day.purchases),
            "conversionsValue": float(day.revenue) if day.purchases else 0.0,
        },
    }


@dataclass
class GoogleAdsServer:
    access_token: str
    developer_token: str
    customer: str
    rows: list[AdDay] = field(default_factory=list)
    batch: int = 10_000
    login_customer_id: str | None = None
    # Error answers to give first: (HTTP status, google.rpc status).
    errors: list[tuple[int, str]] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)
    # The refresh token the token endpoint takes, and the access tokens it gave.
    refresh_token: str | None = None
    issued: int = 0
    time_zone: str = "UTC"

    async def search_stream(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {self.access_token}":
            return rpc_error(401, "UNAUTHENTICATED", "Request is missing required credentials.")
        if request.headers.get("developer-token") != self.developer_token:
            return rpc_error(403, "PERMISSION_DENIED", "The developer token is not valid.")
        if request.headers.get("login-customer-id") != self.login_customer_id:
            return rpc_error(403, "PERMISSION_DENIED", "User doesn't have permission.")
        if request.match_info["customer"] != self.customer:
            return rpc_error(403, "PERMISSION_DENIED", "User doesn't have permission.")
        if self.errors:
            status, kind = self.errors.pop(0)
            return rpc_error(status, kind, "Too many requests.")
        query = (await request.json())["query"]
        self.queries.append(query)
        if query == "SELECT customer.time_zone FROM customer":
            row = {"customer": {"resourceName": f"customers/{self.customer}"}}
            row["customer"]["timeZone"] = self.time_zone
            return web.json_response([{"results": [row], "fieldMask": "customer.timeZone"}])
        match = _BETWEEN.search(query)
        if match is None or "FROM ad_group_ad" not in query:
            return rpc_error(400, "INVALID_ARGUMENT", "Query error.")
        since, until = date.fromisoformat(match[1]), date.fromisoformat(match[2])
        hourly = "segments.hour" in query
        results = [google_row(day, hourly) for day in self.rows if since <= day.day <= until]
        batches = [
            {"results": results[at : at + self.batch], "fieldMask": "...", "requestId": "r1"}
            for at in range(0, len(results), self.batch)
        ]
        return web.json_response(batches)

    async def token(self, request: web.Request) -> web.Response:
        form = await request.post()
        if form.get("grant_type") != "refresh_token" or form.get("refresh_token") != (
            self.refresh_token
        ):
            return web.json_response({"error": "invalid_grant"}, status=400)
        self.issued += 1
        return web.json_response({"access_token": self.access_token, "expires_in": 3599})


def rpc_error(status: int, kind: str, message: str) -> web.Response:
    return web.json_response(
        [{"error": {"code": status, "message": message, "status": kind}}], status=status
    )


@asynccontextmanager
async def serving(server: GoogleAdsServer) -> AsyncIterator[str]:
    """Serve on a loopback port; yields the base URL (the API is under /v22, tokens /token)."""
    app = web.Application()
    app.router.add_post(
        f"/{VERSION}/customers/{{customer}}/googleAds:searchStream", server.search_stream
    )
    app.router.add_post("/token", server.token)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()
