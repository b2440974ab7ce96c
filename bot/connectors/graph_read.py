"""Reading the Graph API (Facebook and Instagram) with aiohttp: one GET, its errors classified."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import aiohttp

from bot.connectors.errors import ConnectorError, Throttled, TokenRejected

__all__ = ["THROTTLE_CODES", "graph_get"]

# Application, user, page and API-version request limits, and the custom-rate limit.
THROTTLE_CODES = frozenset({4, 17, 32, 613})
# Business-use-case limits (Pages, Instagram, ads…).
_BUC = range(80000, 80015)
_TOKEN_CODES = frozenset({102, 190})


async def graph_get(
    session: aiohttp.ClientSession,
    base_url: str,
    path: str,
    token: str,
    params: Mapping[str, str],
    method: str = "GET",
) -> dict[str, Any]:
    """GET (or `method`) ``{base_url}/{path}``; the token travels in the Authorization
    header, never in a URL that an error or a proxy log could show."""
    url = f"{base_url.rstrip('/')}/{path.lstrip('/')}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        async with session.request(method, url, params=params, headers=headers) as response:
            body = await response.read()
            status = response.status
            usage = response.headers.get("X-Business-Use-Case-Usage")
    except aiohttp.ClientError as exc:
        raise ConnectorError(f"{method} /{path}: {type(exc).__name__}") from None
    try:
        payload = json.loads(body) if body else {}
    except ValueError:
        raise ConnectorError(f"{method} /{path}: HTTP {status}, not JSON") from None
    if not isinstance(payload, dict):
        raise ConnectorError(f"{method} /{path}: HTTP {status}, not a JSON object")
    error = payload.get("error")
    if status == 200 and error is None:
        return payload
    if not isinstance(error, dict):
        raise ConnectorError(f"{method} /{path}: HTTP {status}")
    code = error.get("code")
    subcode = error.get("error_subcode")
    what = f"{method} /{path}: Graph error code {code}" + (f"/{subcode}" if subcode else "")
    if code in THROTTLE_CODES or code in _BUC or status == 429:
        raise Throttled(f"{what} (rate limited)", _regain_seconds(usage))
    if code in _TOKEN_CODES:
        raise TokenRejected(f"{what} (the access token is invalid or expired)")
    raise ConnectorError(what)


def _regain_seconds(header: str | None) -> float | None:
    """`estimated_time_to_regain_access` (minutes) from X-Business-Use-Case-Usage, if any."""
    if not header:
        return None
    try:
        usage = json.loads(header)
    except ValueError:
        return None
    minutes = [
        float(item.get("estimated_time_to_regain_access") or 0)
        for items in (usage.values() if isinstance(usage, dict) else [])
        if isinstance(items, list)
        for item in items
        if isinstance(item, dict)
    ]
    return max(minutes) * 60 if minutes and max(minutes) > 0 else None
