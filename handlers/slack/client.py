"""The Slack Web API client (with retry handlers) and how its failures map to ChannelError."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Mapping
from typing import Any, TypeVar

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from bot.channel import ChannelError

__all__ = [
    "BoundedRateLimitRetryHandler",
    "SlackCallError",
    "make_client",
    "retry_after",
    "slack_call",
]

log = logging.getLogger(__name__)

T = TypeVar("T")

# Errors a person has to fix (a token, an invitation to the channel): keep the notices queued
# and look again later instead of giving them up.
_FIX_AND_WAIT = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "missing_scope",
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "team_access_not_granted",
        "ekm_access_denied",
    }
)
_TRANSIENT = frozenset(
    {"ratelimited", "service_unavailable", "fatal_error", "internal_error", "request_timeout"}
)
FIX_AND_WAIT_SECONDS = 300.0
DOWN_SECONDS = 5.0


class SlackCallError(ChannelError):
    """A failed Web API call; `code` is Slack's error code ("" when Slack was unreachable)."""

    def __init__(
        self,
        message: str,
        code: str = "",
        retryable: bool = True,
        retry_after: float = 0.0,
        maybe_sent: bool = False,
    ) -> None:
        super().__init__(message, retryable, retry_after, maybe_sent)
        self.code = code


class BoundedRateLimitRetryHandler(AsyncRateLimitErrorRetryHandler):
    """Waits out a 429 inside the call only when Slack asks for a short pause.

    A longer Retry-After is handed to the Deliverer instead (via ChannelError.retry_after), so
    one rate-limited channel does not hold up every other receiver.
    """

    def __init__(self, max_retry_count: int = 2, max_wait: float = 5.0) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        return _header_seconds(response.headers) <= self.max_wait


def _header_seconds(headers: Mapping[str, list[str] | str]) -> float:
    for name, values in headers.items():
        if name.lower() == "retry-after" and values:
            return _seconds(values if isinstance(values, str) else values[0])
    return 1.0


def _seconds(value: object) -> float:
    try:
        return float(str(value))
    except ValueError:
        return 1.0


def make_client(
    token: str,
    base_url: str,
    timeout: int = 30,
    rate_limit_retries: int = 2,
    max_rate_limit_wait: float = 5.0,
) -> AsyncWebClient:
    """An AsyncWebClient that retries dropped connections, 5xx answers and short 429 pauses."""
    handlers: list[AsyncRetryHandler] = [
        AsyncConnectionErrorRetryHandler(max_retry_count=1),
        BoundedRateLimitRetryHandler(rate_limit_retries, max_rate_limit_wait),
        AsyncServerErrorRetryHandler(max_retry_count=2),
    ]
    return AsyncWebClient(token=token, base_url=base_url, timeout=timeout, retry_handlers=handlers)


def retry_after(error: SlackApiError) -> float:
    """Slack's Retry-After in seconds, or 1 when it sent none."""
    headers = error.response.headers or {}
    value = headers.get("Retry-After")
    return 1.0 if value is None else _seconds(value)


async def slack_call(what: str, call: Awaitable[T]) -> T:
    """Await one Web API call; failures become ChannelError (retryable when waiting may help)."""
    try:
        return await call
    except SlackApiError as error:
        raise _channel_error(what, error) from error
    except (TimeoutError, aiohttp.ClientError, OSError, SlackRequestError) as error:
        raise SlackCallError(
            f"slack {what}: unreachable ({type(error).__name__})",
            retryable=True,
            retry_after=DOWN_SECONDS,
            # No answer in time, or the connection cut while waiting for one: Slack may
            # have posted the message all the same.
            maybe_sent=isinstance(error, TimeoutError | aiohttp.ServerDisconnectedError),
        ) from error


def _channel_error(what: str, error: SlackApiError) -> SlackCallError:
    status = error.response.status_code
    code = _error_code(error.response.data)
    if status == 429 or code == "ratelimited":
        seconds = retry_after(error)
        return SlackCallError(f"slack {what}: rate limited for {seconds:.0f}s", code, True, seconds)
    if status >= 500 or code in _TRANSIENT:
        return SlackCallError(
            f"slack {what}: Slack answered {status} {code}".rstrip(), code, True, DOWN_SECONDS
        )
    if code in _FIX_AND_WAIT:
        log.error(
            "slack needs attention call=%s error=%s (notices stay queued until it is fixed)",
            what,
            code,
        )
        return SlackCallError(f"slack {what}: {code}", code, True, FIX_AND_WAIT_SECONDS)
    return SlackCallError(f"slack {what}: {code or status}", code, retryable=False)


def _error_code(data: Any) -> str:
    if isinstance(data, dict):
        return str(data.get("error") or "")
    return ""
