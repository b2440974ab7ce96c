"""A small Meta Graph API client: JSON calls with the token in a header, errors mapped to kinds."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import aiohttp
from pydantic import SecretStr

from bot.connectors.errors import (
    CommentGone,
    ConnectorError,
    NotReached,
    PermissionMissing,
    Refused,
    Throttled,
    TokenRefused,
    Unsure,
)

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_GRAPH_URL",
    "THROTTLE_CODES",
    "GraphClient",
    "graph_error",
    "usage_percent",
]

DEFAULT_GRAPH_URL = "https://graph.facebook.com/v21.0"
# Rate limiting: app (4), user (17), page (32), a call kind (613) and the business use case
# limits (80001 and its neighbours, one per product: pages, Instagram, ads…).
THROTTLE_CODES = frozenset({4, 17, 32, 613})
_BUSINESS_USE_CASE = range(80000, 80100)
# 190: expired, revoked or invalid token; 102: session; 10 and 200-299: a permission missing.
_TOKEN_CODES = frozenset({102, 190})
# Subcodes of 190: 463 expired; 458 app removed by the user, 460 password changed: revoked.
_TOKEN_REASONS = {463: "expired", 458: "revoked", 460: "revoked"}
_PERMISSION_CODES = frozenset({10, *range(200, 300)})
# "Unsupported post request. Object with ID … does not exist" (code 100, subcode 33).
_GONE_SUBCODES = frozenset({33})
# 1 (unknown), 2 (service): temporary on Meta's side, the request may have been carried out.
_TRANSIENT_CODES = frozenset({1, 2})
# Usage headers say how close the app is to its limit, in percent: slow down before it.
SLOW_DOWN_AT = 95.0
USAGE_PAUSE_SECONDS = 60.0


def usage_percent(headers: Mapping[str, str]) -> float:
    """The highest usage figure in `X-App-Usage` and `X-Business-Use-Case-Usage` (0 if none)."""
    highest = 0.0
    for name in ("X-App-Usage", "X-Business-Use-Case-Usage", "X-Page-Usage"):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            highest = max(highest, _highest_number(json.loads(raw)))
        except ValueError:
            log.warning("usage header not JSON header=%s", name)
    return highest


def _highest_number(value: Any) -> float:
    if isinstance(value, bool):
        return 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, Mapping):
        # `estimated_time_to_regain_access` is minutes, not a percentage.
        numbers = [
            _highest_number(item)
            for key, item in value.items()
            if key not in ("estimated_time_to_regain_access", "type")
        ]
        return max(numbers, default=0.0)
    if isinstance(value, list):
        return max((_highest_number(item) for item in value), default=0.0)
    return 0.0


def _regain_seconds(headers: Mapping[str, str]) -> float | None:
    """`estimated_time_to_regain_access` (minutes) from `X-Business-Use-Case-Usage`."""
    raw = headers.get("X-Business-Use-Case-Usage")
    if not raw:
        return None
    try:
        usage = json.loads(raw)
    except ValueError:
        return None
    minutes = [
        float(entry["estimated_time_to_regain_access"])
        for entries in (usage.values() if isinstance(usage, dict) else ())
        for entry in (entries if isinstance(entries, list) else ())
        if isinstance(entry, dict)
        and isinstance(entry.get("estimated_time_to_regain_access"), int | float)
    ]
    return max(minutes) * 60.0 if minutes and max(minutes) > 0 else None


def graph_error(
    status: int, body: Any, headers: Mapping[str, str], what: str = "Graph API"
) -> ConnectorError:
    """What a Graph API answer that is not a success means, for every Graph caller (comment
    polling, ad insights, publishing). `what` names the call (``GET /{path}``)."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        if status == 429:
            return Throttled(f"{what}: HTTP 429 (rate limited)", _regain_seconds(headers))
        # Not the Graph API speaking (a proxy, a wrong base URL): tried again later.
        return Unsure(f"{what}: HTTP {status} with no Graph error")
    code = error.get("code") if isinstance(error.get("code"), int) else -1
    subcode = error.get("error_subcode") if isinstance(error.get("error_subcode"), int) else None
    message = str(error.get("message") or "no message")[:300]
    said = f"{what}: Graph error code {code}" + (f"/{subcode}" if subcode is not None else "")
    if code in THROTTLE_CODES or code in _BUSINESS_USE_CASE or status == 429:
        return Throttled(f"{said} (rate limited): {message}", _regain_seconds(headers))
    if code in _TOKEN_CODES:
        reason = _TOKEN_REASONS.get(subcode or 0, "refused")
        return TokenRefused(f"{said} (the access token is invalid or expired: {message})", reason)
    if code in _PERMISSION_CODES:
        return PermissionMissing(f"{said} (a permission is missing: {message})")
    if code == 100 and subcode in _GONE_SUBCODES:
        return CommentGone(f"{said}: {message}")
    if code in _TRANSIENT_CODES or status >= 500 or error.get("is_transient") is True:
        return Unsure(f"{said}: {message}")
    return Refused(f"{said}: {message}")


class GraphClient:
    """Calls `{base_url}/{path}` with the account's token as a Bearer header (never in the
    URL, so no log line or error can carry it). Above `SLOW_DOWN_AT` percent usage it stops
    calling for a minute and answers `Throttled` itself."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        token: SecretStr,
        base_url: str = DEFAULT_GRAPH_URL,
        timeout: float = 20.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._session = session
        self._token = token
        self.base_url = base_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._clock = clock
        self._cool_until = 0.0

    async def get(self, path: str, params: Mapping[str, str] | None = None) -> dict[str, Any]:
        return await self._call("GET", path, params=params)

    async def post(self, path: str, data: Mapping[str, str]) -> dict[str, Any]:
        return await self._call("POST", path, data=data)

    async def _call(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        wait = self._cool_until - self._clock()
        if wait > 0:
            raise Throttled(f"Graph API usage above {SLOW_DOWN_AT:.0f} %", wait)
        url = f"{self.base_url}/{path.lstrip('/')}"
        what = f"{method} /{path.lstrip('/')}"
        headers = {"Authorization": f"Bearer {self._token.get_secret_value()}"}
        try:
            async with self._session.request(
                method, url, params=params, data=data, headers=headers, timeout=self._timeout
            ) as response:
                text = await response.text()
                status, answer_headers = response.status, response.headers
        except (aiohttp.ClientError, TimeoutError) as exc:
            # The class only: an aiohttp message may quote the request.
            raise NotReached(f"{what}: not reached ({type(exc).__name__})") from None
        if usage_percent(answer_headers) >= SLOW_DOWN_AT:
            self._cool_until = self._clock() + USAGE_PAUSE_SECONDS
            log.warning("Graph API usage high; pausing calls seconds=%.0f", USAGE_PAUSE_SECONDS)
        try:
            body = json.loads(text) if text else {}
        except ValueError:
            body = None
        if status >= 400 or not isinstance(body, dict) or "error" in body:
            raise graph_error(status, body, answer_headers, what)
        return body
