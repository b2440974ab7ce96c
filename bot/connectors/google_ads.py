"""Google Ads API over REST: `googleAds:searchStream` with GAQL, ad rows per day."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp

from bot.config.ads_in import AdAccount
from bot.connectors.errors import (
    ConnectorError,
    NotReached,
    PermissionMissing,
    Throttled,
    TokenRefused,
)
from bot.connectors.meta_insights import InsightsPage, account_hour, account_zone, hourly_zone
from bot.connectors.publish_youtube import GoogleToken
from bot.feeds.admetrics import RowProblem, api_amount, api_count, check_row, day_bucket
from bot.models import AdMetricRow

__all__ = ["ZONE_QUERY", "GoogleAdsReport", "gaql", "google_ads_error", "google_row"]

# UNAUTHENTICATED (an expired or revoked token) and PERMISSION_DENIED (a developer token not
# approved, an account the token may not read): fixed only by a person.
_REFUSED = frozenset({"UNAUTHENTICATED", "PERMISSION_DENIED"})


# The customer's time zone: its days and hours (`segments.date`, `segments.hour`) are in it.
ZONE_QUERY = "SELECT customer.time_zone FROM customer"


def gaql(since: date, until: date, hourly: bool = False) -> str:
    hour = ", segments.hour" if hourly else ""
    return (
        "SELECT customer.currency_code, campaign.id, campaign.name, ad_group.id,"
        f" ad_group.name, ad_group_ad.ad.id, ad_group_ad.ad.name, segments.date{hour},"
        " metrics.impressions, metrics.clicks, metrics.cost_micros, metrics.conversions,"
        " metrics.conversions_value FROM ad_group_ad"
        f" WHERE segments.date BETWEEN '{since.isoformat()}' AND '{until.isoformat()}'"
    )


def _part(row: dict[str, Any], *path: str) -> Any:
    value: Any = row
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def google_row(
    row: dict[str, Any], account: AdAccount, zone: ZoneInfo | None = None
) -> AdMetricRow:
    """One GoogleAdsRow (JSON, lowerCamelCase) as the row a canonical CSV line gives: cost
    from micros, the names of campaign, ad group and ad (ads without a name: their id). With
    `zone` (the customer's time zone) the row is the hourly row of `segments.hour`, in UTC."""
    day = _part(row, "segments", "date")
    if not isinstance(day, str):
        raise RowProblem("segments.date: missing value")
    day_bucket(day, "segments.date")
    bucket = day
    if zone is not None:
        # proto3 JSON leaves out a 0: hour 0 (midnight) comes as no `hour` at all.
        hour = api_count(_part(row, "segments", "hour"), "segments.hour")
        bucket = account_hour(day, f"{hour:02d}:00:00 - {hour:02d}:59:59", zone, "segments.hour")
    currency = _part(row, "customer", "currencyCode")
    ad = _part(row, "adGroupAd", "ad")
    made = AdMetricRow(
        bucket=bucket,
        granularity="day" if zone is None else "hour",
        platform="google",
        account=account.label,
        campaign=str(_part(row, "campaign", "name") or _part(row, "campaign", "id") or ""),
        adset=str(_part(row, "adGroup", "name") or _part(row, "adGroup", "id") or ""),
        ad=str(_part(ad, "name") or _part(ad, "id") or ""),
        impressions=api_count(_part(row, "metrics", "impressions"), "metrics.impressions"),
        clicks=api_count(_part(row, "metrics", "clicks"), "metrics.clicks"),
        spend=api_count(_part(row, "metrics", "costMicros"), "metrics.cost_micros") / 1_000_000,
        conversions=api_amount(_part(row, "metrics", "conversions"), "metrics.conversions"),
        revenue=api_amount(_part(row, "metrics", "conversionsValue"), "metrics.conversions_value"),
        currency=str(currency).upper() if currency else None,
    )
    return check_row(made)


class GoogleAdsReport:
    """`POST /customers/{id}/googleAds:searchStream` over a day range; the answer is a JSON
    array of batches (up to 10,000 rows each), each read as a page. `hourly`: the rows by
    `segments.hour`, in the customer's time zone (read once with `ZONE_QUERY`)."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str,
        token: GoogleToken,
        developer_token: str,
        account: AdAccount,
        hourly: bool = False,
    ) -> None:
        self._session = session
        self._base = base_url.rstrip("/")
        self._token = token
        self._developer_token = developer_token
        self.account = account
        self.hourly = hourly
        self.name = f"ads:google:{account.number}" + (":hourly" if hourly else "")
        self._zone: ZoneInfo | None = None

    async def _stream(self, query: str) -> list[Any]:
        """The batches of one searchStream answer; errors as the connectors' family."""
        path = f"customers/{self.account.number}/googleAds:searchStream"
        # A refresh token Google refuses is TokenRefused; an endpoint not reached, NotReached.
        access = await self._token.access()
        headers = {
            "Authorization": f"Bearer {access.get_secret_value()}",
            "developer-token": self._developer_token,
        }
        if self.account.login_customer_id:
            headers["login-customer-id"] = self.account.login_customer_id.replace("-", "")
        try:
            async with self._session.post(
                f"{self._base}/{path}", json={"query": query}, headers=headers
            ) as response:
                status, body = response.status, await response.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise NotReached(f"POST /{path}: not reached ({type(exc).__name__})") from None
        try:
            answer = json.loads(body) if body else None
        except ValueError:
            raise ConnectorError(f"POST /{path}: HTTP {status}, not JSON") from None
        if status != 200:
            raise google_ads_error(f"POST /{path}", status, answer)
        if not isinstance(answer, list):
            raise ConnectorError(f"POST /{path}: the answer is not a list of batches")
        return answer

    async def time_zone(self) -> ZoneInfo:
        """The customer's `customer.time_zone`, read once."""
        if self._zone is None:
            name = None
            for batch in await self._stream(ZONE_QUERY):
                for row in batch.get("results", []) if isinstance(batch, dict) else []:
                    name = name or _part(row, "customer", "timeZone")
            self._zone = account_zone(name, "customer.time_zone")
        return self._zone

    async def pages(self, since: date, until: date) -> AsyncIterator[InsightsPage]:
        zone = hourly_zone(await self.time_zone(), since) if self.hourly else None
        position = 0
        for batch in await self._stream(gaql(since, until, self.hourly)):
            page = InsightsPage()
            results = batch.get("results", []) if isinstance(batch, dict) else []
            for row in results if isinstance(results, list) else []:
                position += 1
                page.take(self.name, position, row, lambda r: google_row(r, self.account, zone))
            yield page


def google_ads_error(what: str, status: int, answer: Any) -> ConnectorError:
    """A Google Ads error answer (an object, or a one-item array from the stream)."""
    if isinstance(answer, list) and answer:
        answer = answer[0]
    error = answer.get("error") if isinstance(answer, dict) else None
    kind = error.get("status") if isinstance(error, dict) else None
    said = f"{what}: HTTP {status}" + (f" {kind}" if kind else "")
    if status == 429 or kind == "RESOURCE_EXHAUSTED":
        return Throttled(f"{said} (quota or rate limit)")
    if status == 403 or kind == "PERMISSION_DENIED":
        return PermissionMissing(f"{said} (the developer token or this token may not read it)")
    if status == 401 or kind in _REFUSED:
        return TokenRefused(f"{said} (the token is refused)")
    return ConnectorError(said)
