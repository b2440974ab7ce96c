"""Meta Marketing API insights at ad level, one row a day, read into `AdMetricRow`s."""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import aiohttp

from bot.connectors.ads_config import AdAccount
from bot.connectors.errors import ConnectorError
from bot.connectors.graph_read import graph_get
from bot.feeds.admetrics import RAW_LIMIT, RowProblem, check_row, day_bucket
from bot.models import MAX_COUNT, AdMetricRow, Rejected

__all__ = ["InsightsPage", "MetaInsights", "insight_fields", "insight_row"]

PAGE_LIMIT = 500
# A report job that is not done after this long is given up (the next pull asks again).
REPORT_WAIT_SECONDS = 1800.0
_DONE = "Job Completed"
_FAILED = frozenset({"Job Failed", "Job Skipped"})


def insight_fields(account: AdAccount) -> str:
    """The `fields` asked for: ids and names, delivery, and the action lists."""
    clicks = "inline_link_clicks" if account.clicks == "link" else "clicks"
    return (
        "account_currency,campaign_id,campaign_name,adset_id,adset_name,ad_id,ad_name,"
        f"spend,impressions,{clicks},reach,actions,action_values"
    )


@dataclass(slots=True)
class InsightsPage:
    rows: list[AdMetricRow] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def _count(item: dict[str, Any], name: str, default: str | None = None) -> int:
    value = item.get(name, default)
    if value is None:
        raise RowProblem(f"{name}: missing value")
    try:
        number = int(str(value))
    except ValueError:
        raise RowProblem(f"{name}: not a whole number: {str(value)[:40]!r}") from None
    if not 0 <= number <= MAX_COUNT:
        raise RowProblem(f"{name}: out of range: {number}")
    return number


def _amount(value: Any, name: str) -> float:
    try:
        number = float(str(value))
    except ValueError:
        raise RowProblem(f"{name}: not a number: {str(value)[:40]!r}") from None
    if not math.isfinite(number):
        raise RowProblem(f"{name}: not a finite number")
    return number


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
            return _amount(values[action_type], f"{edge}[{action_type}]")
    return 0.0


def insight_row(item: dict[str, Any], account: AdAccount) -> AdMetricRow:
    """One insights answer item (ad level, `time_increment=1`) as the row a canonical CSV line
    with the same numbers gives; raises RowProblem naming what is wrong."""
    start = str(item.get("date_start") or "")
    if not start:
        raise RowProblem("date_start: missing value")
    if item.get("date_stop") not in (None, start):
        raise RowProblem(f"date_stop: {item.get('date_stop')!r} is not date_start (not daily)")
    clicks = "inline_link_clicks" if account.clicks == "link" else "clicks"
    currency = item.get("account_currency")
    reach = item.get("reach")
    row = AdMetricRow(
        bucket=day_bucket(start, "date_start"),
        granularity="day",
        platform="meta",
        account=account.label,
        campaign=str(item.get("campaign_name") or item.get("campaign_id") or ""),
        adset=str(item.get("adset_name") or item.get("adset_id") or ""),
        ad=str(item.get("ad_name") or item.get("ad_id") or ""),
        impressions=_count(item, "impressions", "0"),
        # Meta leaves out inline_link_clicks on a day without any.
        clicks=_count(item, clicks, "0"),
        spend=_amount(item.get("spend", "0"), "spend"),
        conversions=_action(item, "actions", account.action_types),
        revenue=_action(item, "action_values", account.action_types),
        reach=None if reach is None else _count(item, "reach"),
        currency=str(currency).upper() if currency else None,
    )
    return check_row(row)


class MetaInsights:
    """`GET /act_{id}/insights?level=ad&time_increment=1` over a day range, page by page
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
    ) -> None:
        self._session = session
        self._base = base_url
        self._token = token
        self.account = account
        self.name = f"ads:meta:{account.number}"
        # Ranges longer than this run as an asynchronous report job (None: never).
        self._report_after_days = report_after_days
        self._poll_seconds = poll_seconds

    async def pages(self, since: date, until: date) -> AsyncIterator[InsightsPage]:
        params = {
            "level": "ad",
            "time_increment": "1",
            "time_range": json.dumps({"since": since.isoformat(), "until": until.isoformat()}),
            "fields": insight_fields(self.account),
            "limit": str(PAGE_LIMIT),
        }
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
                try:
                    if not isinstance(item, dict):
                        raise RowProblem("not a JSON object")
                    page.rows.append(insight_row(item, self.account))
                except RowProblem as problem:
                    raw = json.dumps(item, sort_keys=True)[:RAW_LIMIT]
                    page.rejected.append(Rejected(self.name, position, raw, str(problem)))
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
