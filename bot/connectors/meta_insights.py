"""Meta Marketing API insights at ad level, one row a day, read into `AdMetricRow`s."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import aiohttp

from bot.config.ads_in import AdAccount
from bot.connectors.errors import ConnectorError, Refused
from bot.connectors.graph_read import graph_get
from bot.feeds.admetrics import (
    RAW_LIMIT,
    RowProblem,
    api_amount,
    api_count,
    check_row,
    day_bucket,
    hour_bucket,
)
from bot.models import AdMetricRow, Rejected

__all__ = [
    "HOURLY_BREAKDOWN",
    "InsightsPage",
    "MetaInsights",
    "account_hour",
    "account_zone",
    "hourly_zone",
    "insight_fields",
    "insight_row",
]

PAGE_LIMIT = 500
# A report job that is not done after this long is given up (the next pull asks again).
REPORT_WAIT_SECONDS = 1800.0
_DONE = "Job Completed"
_FAILED = frozenset({"Job Failed", "Job Skipped"})
# Hours in the ad account's time zone (its days are the account's days too).
HOURLY_BREAKDOWN = "hourly_stats_aggregated_by_advertiser_time_zone"


def hourly_zone(zone: ZoneInfo, since: date) -> ZoneInfo:
    """`zone` if its hours start on UTC hours (rows are stored by the UTC hour, as an hourly
    CSV's); an account in a half-hour zone (Asia/Kolkata) gets its daily rows only."""
    offset = zone.utcoffset(datetime.combine(since, time(12)))
    if offset is not None and offset.total_seconds() % 3600:
        raise Refused(
            f"hourly rows: the account's time zone {zone.key} is not whole hours from UTC;"
            " its hours cannot be stored as UTC hours (daily rows are pulled as usual)"
        )
    return zone


def account_zone(name: object, what: str) -> ZoneInfo:
    """The account's time zone from its IANA name, as the platforms give it."""
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise Refused(f"{what}: time zone {str(name)[:60]!r} is not an IANA time zone") from None


def insight_fields(account: AdAccount, hourly: bool = False) -> str:
    """The `fields` asked for: ids and names, delivery, and the action lists (no reach by
    the hour)."""
    clicks = "inline_link_clicks" if account.clicks == "link" else "clicks"
    reach = "" if hourly else "reach,"
    return (
        "account_currency,campaign_id,campaign_name,adset_id,adset_name,ad_id,ad_name,"
        f"spend,impressions,{clicks},{reach}actions,action_values"
    )


@dataclass(slots=True)
class InsightsPage:
    rows: list[AdMetricRow] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    def take(
        self, source: str, position: int, item: Any, read: Callable[[dict[str, Any]], AdMetricRow]
    ) -> None:
        """Add the row `read` makes of the answer's `item` (at `position` in the pull), or
        quarantine the item with the problem found in it."""
        try:
            if not isinstance(item, dict):
                raise RowProblem("not a JSON object")
            self.rows.append(read(item))
        except RowProblem as problem:
            raw = json.dumps(item, sort_keys=True)[:RAW_LIMIT]
            self.rejected.append(Rejected(source, position, raw, str(problem)))


def _action(item: dict[str, Any], edge: str, types: Sequence[str]) -> float:
    """The value of the first of `types` the row's `actions` (or `action_values`) list holds;
    0 when it holds none (Meta leaves out actions with no count)."""
    listed = item.get(edge) or []
    if not isinstance(listed, list):
        raise RowProblem(f"{edge}: expected a list")
    values = {
        str(entry.get("action_type")): entry.get("value")
        for entry in listed
        if isinstance(entry, dict)
    }
    for action_type in types:
        if action_type in values:
            return api_amount(values[action_type], f"{edge}[{action_type}]")
    return 0.0


def insight_row(
    item: dict[str, Any], account: AdAccount, zone: ZoneInfo | None = None
) -> AdMetricRow:
    """One insights answer item (ad level, `time_increment=1`) as the row a canonical CSV line
    with the same numbers gives; raises RowProblem naming what is wrong. With the hourly
    breakdown (`zone`: the account's time zone, in which Meta gives the hours) the row is an
    hourly row in UTC, as an hourly CSV row."""
    start = str(item.get("date_start") or "")
    if not start:
        raise RowProblem("date_start: missing value")
    if item.get("date_stop") not in (None, start):
        raise RowProblem(f"date_stop: {item.get('date_stop')!r} is not date_start (not daily)")
    hourly = zone is not None
    bucket = (
        account_hour(start, item.get(HOURLY_BREAKDOWN), zone)
        if zone is not None
        else day_bucket(start, "date_start")
    )
    clicks = "inline_link_clicks" if account.clicks == "link" else "clicks"
    currency = item.get("account_currency")
    reach = item.get("reach")
    row = AdMetricRow(
        bucket=bucket,
        granularity="hour" if hourly else "day",
        platform="meta",
        account=account.label,
        campaign=str(item.get("campaign_name") or item.get("campaign_id") or ""),
        adset=str(item.get("adset_name") or item.get("adset_id") or ""),
        ad=str(item.get("ad_name") or item.get("ad_id") or ""),
        impressions=api_count(item.get("impressions"), "impressions"),
        # Meta leaves out inline_link_clicks on a day without any.
        clicks=api_count(item.get(clicks), clicks),
        spend=api_amount(item.get("spend"), "spend"),
        conversions=_action(item, "actions", account.action_types),
        revenue=_action(item, "action_values", account.action_types),
        # Reach is not read per hour (people reached in an hour do not add up to a day's).
        reach=None if reach is None or hourly else api_count(reach, "reach"),
        currency=str(currency).upper() if currency else None,
    )
    return check_row(row)


def account_hour(day: str, hours: object, zone: ZoneInfo, field: str = HOURLY_BREAKDOWN) -> str:
    """The UTC hour bucket of Meta's ``"13:00:00 - 13:59:59"`` on `day` in the account's
    time zone. An hour the clock skips (the spring change) is refused: it would land on the
    bucket of the next hour."""
    text = str(hours or "")
    try:
        hour = int(text[:2]) if text[2:9] == ":00:00 " else -1
    except ValueError:
        hour = -1
    if not 0 <= hour <= 23:
        raise RowProblem(f"{field}: not an hour such as '13:00:00 - 13:59:59': {text[:40]!r}")
    local = datetime.combine(date.fromisoformat(day_bucket(day, "date")), time(hour), tzinfo=zone)
    utc = local.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise RowProblem(f"{field}: {day} {text[:8]} is not a time in {zone.key}")
    return hour_bucket(utc.isoformat(), field)


class MetaInsights:
    """`GET /act_{id}/insights?level=ad&time_increment=1` over a day range, page by page
    (hourly: with `breakdowns=hourly_stats_aggregated_by_advertiser_time_zone`)
    (`after` cursors). Graph errors come as the family of bot/connectors/errors.py
    (classified in bot/connectors/graph_client.py)."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str,
        token: str,
        account: AdAccount,
        report_after_days: int | None = None,
        poll_seconds: float = 5.0,
        hourly: bool = False,
    ) -> None:
        self._session = session
        self._base = base_url
        self._token = token
        self.account = account
        self.hourly = hourly
        self.name = f"ads:meta:{account.number}" + (":hourly" if hourly else "")
        self._zone: ZoneInfo | None = None
        # Ranges longer than this run as an asynchronous report job (None: never).
        self._report_after_days = report_after_days
        self._poll_seconds = poll_seconds

    async def time_zone(self) -> ZoneInfo:
        """The ad account's `timezone_name`, read once (`GET /act_{id}`)."""
        if self._zone is None:
            path = f"act_{self.account.number}"
            answer = await graph_get(
                self._session, self._base, path, self._token, {"fields": "timezone_name"}
            )
            self._zone = account_zone(answer.get("timezone_name"), f"GET /{path}")
        return self._zone

    async def pages(self, since: date, until: date) -> AsyncIterator[InsightsPage]:
        zone = hourly_zone(await self.time_zone(), since) if self.hourly else None
        params = {
            "level": "ad",
            "time_increment": "1",
            "time_range": json.dumps({"since": since.isoformat(), "until": until.isoformat()}),
            "fields": insight_fields(self.account, self.hourly),
            "limit": str(PAGE_LIMIT),
        }
        if self.hourly:
            params["breakdowns"] = HOURLY_BREAKDOWN
        path = f"act_{self.account.number}/insights"
        days = (until - since).days + 1
        if self._report_after_days is not None and days > self._report_after_days:
            path = await self._report(path, params)
            params = {"limit": str(PAGE_LIMIT)}
        position = 0
        while True:
            answer = await graph_get(self._session, self._base, path, self._token, params)
            data = answer.get("data")
            if not isinstance(data, list):
                raise ConnectorError(f"GET /{path}: the answer has no data list")
            page = InsightsPage()
            for item in data:
                position += 1
                page.take(self.name, position, item, lambda i: insight_row(i, self.account, zone))
            yield page
            paging = answer.get("paging") if isinstance(answer.get("paging"), dict) else {}
            after = (paging.get("cursors") or {}).get("after") if paging else None
            if not paging or not paging.get("next") or not after:
                return
            params = {**params, "after": str(after)}

    async def _report(self, path: str, params: dict[str, str]) -> str:
        """Start an asynchronous report job (`POST …/insights`), wait for "Job Completed" and
        give the path its rows are read from (`/{report_run_id}/insights`)."""
        started = await graph_get(self._session, self._base, path, self._token, params, "POST")
        run = str(started.get("report_run_id") or "")
        if not run.isdigit():
            raise ConnectorError(f"POST /{path}: no report_run_id in the answer")
        waited = 0.0
        while True:
            job = await graph_get(self._session, self._base, run, self._token, {})
            status = job.get("async_status")
            if status == _DONE:
                return f"{run}/insights"
            if status in _FAILED:
                raise ConnectorError(f"report {run}: {status}")
            if waited >= REPORT_WAIT_SECONDS:
                raise ConnectorError(f"report {run}: not done after {waited:.0f} s ({status})")
            await asyncio.sleep(self._poll_seconds)
            waited += max(self._poll_seconds, 1.0)
