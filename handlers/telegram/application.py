"""The python-telegram-bot `Application`, built in one place with the settings we rely on."""

from __future__ import annotations

import os
from typing import Any

from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    ContextTypes,
    ExtBot,
)

__all__ = ["DEFAULT_API_URL", "Context", "TelegramApplication", "build_application"]

DEFAULT_API_URL = "https://api.telegram.org/bot"

Context = ContextTypes.DEFAULT_TYPE
TelegramApplication = Application[
    ExtBot[Any], Context, dict[Any, Any], dict[Any, Any], dict[Any, Any], None
]


def build_application(
    token: str,
    api_url: str = DEFAULT_API_URL,
    rate_limiter: BaseRateLimiter[Any] | None = None,
    polling: bool = True,
) -> TelegramApplication:
    """An Application on the caller's event loop; `polling=False` leaves updates to a webhook."""
    # Opt in to PTB's coming behaviour (RetryAfter.retry_after as a timedelta); without it
    # every flood-control answer raises a deprecation warning.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(api_url)
        .rate_limiter(rate_limiter if rate_limiter is not None else AIORateLimiter())
        .job_queue(None)
    )
    if not polling:
        return builder.updater(None).build()
    return builder.build()
