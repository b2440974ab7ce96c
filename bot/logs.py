"""Logging: one line per event with key fields, and no secret ever written out."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable

# Token shapes of the platforms we talk to; anything that looks like one is masked.
_SECRET_PATTERNS = (
    re.compile(r"xox[abposr]-[A-Za-z0-9-]{6,}"),
    re.compile(r"xapp-[A-Za-z0-9-]{6,}"),
    re.compile(r"\b\d{6,12}:[A-Za-z0-9_-]{30,}\b"),
)


class RedactingFilter(logging.Filter):
    """Masks token-shaped strings and the configured secret values in every record."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if len(s) >= 6]

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "**********")
        for pattern in _SECRET_PATTERNS:
            text = pattern.sub("**********", text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.redact(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        return True


def _network_error(exc: BaseException) -> bool:
    # Imported here: only a record with an exception needs it, and one-shot commands start
    # faster without it.
    import aiohttp

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, (OSError, TimeoutError, aiohttp.ClientError)):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


class NetworkErrorsInOneLine(logging.Filter):
    """A network that is down is expected, not a bug: a library that logs each failed
    reconnection with its traceback (Slack's Socket Mode client does, every few seconds) gets
    one line per attempt naming the error's class instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and _network_error(exc):
            record.msg, record.args = f"{record.getMessage()} error={type(exc).__name__}", None
            record.exc_info, record.exc_text = None, None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "at": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        if record.exc_text:
            entry["error"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(level: str = "INFO", fmt: str = "text", secrets: Iterable[str] = ()) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(NetworkErrorsInOneLine())
    handler.addFilter(RedactingFilter(secrets))
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Library chatter at INFO would drown our own events.
    for noisy in ("aiosqlite", "httpx", "telegram", "slack_bolt", "slack_sdk", "asyncio"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
