"""A local server that speaks the documented Meta Marketing API insights edge
(`GET /v21.0/act_{id}/insights`, level=ad, time_increment=1, cursor paging, Graph error codes),
and the canonical CSV of the same numbers. It runs on 127.0.0.1 only."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from aiohttp import web

GRAPH_VERSION = "v21.0"
PIXEL = "offsite_conversion.fb_pixel_purchase"


@dataclass
class AdDay:
    """The truth about one ad on one day, from which the API answer and the CSV are written."""

    day: date
    ad: int
    impressions: int
    clicks: int
    reach: int
    spend: str
    purchases: int
    revenue: str

    @property
    def campaign(self) -> str:
        return f"Campaign {self.ad // 50}"

    @property
    def adset(self) -> str:
        return f"Ad set {self.ad // 10}"

    def item(self, account: str) -> dict[str, Any]:
        """The insights item Meta answers for it (numbers as strings, as Meta writes them)."""
        actions = [{"action_type": "link_click", "value": str(self.clicks)}]
        values: list[dict[str, str]] = []
        if self.purchases:
            # The pixel's purchase and the unified one: the same purchases under two names.
            for name in (PIXEL, "purchase"):
                actions.append({"action_type": name, "value": str(self.purchases)})
                values.append({"action_type": name, "value": self.revenue})
        body: dict[str, Any] = {
            "account_id": account,
            "account_currency": "EUR",
            "campaign_id": str(1000 + self.ad // 50),
            "campaign_name": self.campaign,
            "adset_id": str(2000 + self.ad // 10),
            "adset_name": self.adset,
            "ad_id": str(3000 + self.ad),
            "ad_name": f"Ad {self.ad}",
            "spend": self.spend,
            "impressions": str(self.impressions),
            "clicks": str(self.clicks + 3),
            "reach": str(self.reach),
            "actions": actions,
            "date_start": self.day.isoformat(),
            "date_stop": self.day.isoformat(),
        }
        if self.clicks:
            body["inline_link_clicks"] = str(self.clicks)
        if values:
            body["action_values"] = values
        return body

    def csv_line(self, account: str, platform: str = "meta") -> str:
        return ",".join(
            (
                self.day.isoformat(),
                platform,
                account,
                self.campaign,
                self.adset,
                f"Ad {self.ad}",
                str(self.impressions),
                str(self.clicks),
                self.spend,
                str(self.purchases),
                self.revenue if self.purchases else "0",
                str(self.reach),
                "EUR",
            )
        )


def ad_days(ads: int, first: date, days: int) -> list[AdDay]:
    made = []
    for n in range(days):
        day = first + timedelta(days=n)
        for ad in range(ads):
            impressions = 800 + (ad * 37 + n * 11) % 900
            purchases = (ad + n) % 4
            made.append(
                AdDay(
                    day,
                    ad,
                    impressions,
                    0 if (ad + n) % 9 == 0 else impressions // 25,
                    impressions - 100,
                    f"{(ad * 13 + n * 7) % 300 + 0.37:.2f}",
                    purchases,
                    f"{purchases * 24.9:.2f}",
                )
            )
    return made


def canonical_csv(rows: list[AdDay], account: str, platform: str = "meta") -> str:
    header = "date,platform,account,campaign,adset,ad,impressions,clicks,spend,conversions,"
    header += "revenue,reach,currency"
    return "\n".join([header, *(row.csv_line(account, platform) for row in rows)]) + "\n"


@dataclass
class MarketingServer:
    token: str
    account: str
    rows: list[AdDay] = field(default_factory=list)
    page_size: int = 25
    # Error answers to give before answering normally: (HTTP status, Graph error code).
    errors: list[tuple[int, int]] = field(default_factory=list)
    calls: list[dict[str, str]] = field(default_factory=list)
    # Asynchronous report jobs: the query each was started with, and how many status reads
    # answer "Job Running" before "Job Completed".
    reports: dict[str, dict[str, str]] = field(default_factory=dict)
    running_polls: int = 2
    polls: int = 0
    # The ad account's `timezone_name` (`GET /act_{id}?fields=timezone_name`).
    timezone_name: str = "UTC"
    account_reads: int = 0
    _answer: list[dict[str, Any]] | None = None

    async def handle(self, request: web.Request) -> web.Response:
        query = dict(request.query)
        self.calls.append(query)
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return graph_error(400, 190, "Invalid OAuth access token.")
        report = self.reports.get(request.match_info["account"])
        if report is not None:
            query = {**report, **query}
        elif request.match_info["account"] != f"act_{self.account}":
            return graph_error(400, 100, "Unsupported get request.")
        if self.errors:
            status, code = self.errors.pop(0)
            return graph_error(status, code, "User request limit reached")
        if query.get("level") != "ad" or query.get("time_increment") != "1":
            return graph_error(400, 100, "Expected level=ad and time_increment=1")
        span = json.loads(query["time_range"])
        since, until = date.fromisoformat(span["since"]), date.fromisoformat(span["until"])
        asked = set(query["fields"].split(","))
        # A pull's first page reads the rows afresh; its next pages read the same answer.
        if "after" not in query or self._answer is None:
            self._answer = [
                {k: v for k, v in row.item(self.account).items() if k in asked or k[:5] == "date_"}
                for row in self.rows
                if since <= row.day <= until
            ]
        items = self._answer
        start = int(base64.b64decode(query["after"])) if "after" in query else 0
        limit = min(int(query.get("limit", "25")), self.page_size)
        chunk = items[start : start + limit]
        body: dict[str, Any] = {"data": chunk}
        if chunk:
            after = base64.b64encode(str(start + len(chunk)).encode()).decode()
            body["paging"] = {"cursors": {"before": "MAZDZD", "after": after}}
            if start + limit < len(items):
                body["paging"]["next"] = f"https://graph.example/next?after={after}"
        return web.json_response(body)

    async def start_report(self, request: web.Request) -> web.Response:
        """`POST /act_{id}/insights`: an asynchronous report job over the same parameters."""
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return graph_error(400, 190, "Invalid OAuth access token.")
        run = str(6_000_000_000 + len(self.reports))
        self.reports[run] = {k: v for k, v in request.query.items() if k not in ("after",)}
        return web.json_response({"report_run_id": run})

    async def report_status(self, request: web.Request) -> web.Response:
        run = request.match_info["run"]
        if run == f"act_{self.account}":
            self.account_reads += 1
            if request.headers.get("Authorization") != f"Bearer {self.token}":
                return graph_error(400, 190, "Invalid OAuth access token.")
            return web.json_response({"id": run, "timezone_name": self.timezone_name})
        if run not in self.reports:
            return graph_error(400, 100, "Unsupported get request.")
        self.polls += 1
        done = self.polls > self.running_polls
        status = "Job Completed" if done else "Job Running"
        body = {"id": run, "async_status": status, "async_percent_completion": 100 if done else 50}
        return web.json_response(body)


def graph_error(status: int, code: int, message: str) -> web.Response:
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "Ab1"}
    return web.json_response({"error": error}, status=status)


@asynccontextmanager
async def serving(server: MarketingServer) -> AsyncIterator[str]:
    """Serve on a loopback port; yields the Graph base URL (with its version)."""
    app = web.Application()
    app.router.add_get(f"/{GRAPH_VERSION}/{{account}}/insights", server.handle)
    app.router.add_post(f"/{GRAPH_VERSION}/{{account}}/insights", server.start_report)
    app.router.add_get(f"/{GRAPH_VERSION}/{{run}}", server.report_status)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/{GRAPH_VERSION}"
    finally:
        await runner.cleanup()
