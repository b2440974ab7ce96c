"""Reading the Graph API (Facebook, Instagram, ad insights) with aiohttp: one call, its errors
classified by the one Graph classifier (`graph_client.graph_error`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import aiohttp

from bot.connectors.errors import NotReached, Unsure
from bot.connectors.graph_client import graph_error

__all__ = ["graph_get"]


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
    what = f"{method} /{path.lstrip('/')}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        async with session.request(method, url, params=params, headers=headers) as response:
            body = await response.read()
            status, answer_headers = response.status, response.headers
    except (aiohttp.ClientError, TimeoutError) as exc:
        # The class only: an aiohttp message may quote the request.
        raise NotReached(f"{what}: not reached ({type(exc).__name__})") from None
    try:
        payload = json.loads(body) if body else {}
    except ValueError:
        payload = None
    if status == 200 and isinstance(payload, dict) and "error" not in payload:
        return payload
    if status == 200 and not isinstance(payload, dict):
        raise Unsure(f"{what}: HTTP 200, not a JSON object")
    raise graph_error(status, payload, answer_headers, what)
