"""Logging: one line per event with key fields, and no secret ever written out."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable
from typing import Any

from bot.redaction import redact

__all__ = [
    "JsonFormatter",
    "NetworkErrorsInOneLine",
    "RedactingFilter",
    "StderrHandler",
    "redact_every_record",
    "setup_logging",
]

# The factory in place before setup_logging wrapped it, so a second setup does not nest.
_PLAIN_FACTORY: Callable[..., logging.LogRecord] = logging.getLogRecordFactory()


class RedactingFilter(logging.Filter):
    """Masks token-shaped strings and the configured secret values in every record."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = tuple(secrets)

    def redact(self, text: str) -> str:
        return redact(text, self._secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        _redact_record(record, self._secrets)
        return True


def _redact_record(record: logging.LogRecord, secrets: Iterable[str]) -> None:
    """Mask the message, the traceback and the stack of a record, in place."""
    try:
        message = record.getMessage()
    except Exception:  # a bad format string is the handler's to report, as usual
        return
    clean = redact(message, secrets)
    if clean != message or record.args:
        record.msg, record.args = clean, None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text, secrets)
    if record.stack_info:
        record.stack_info = redact(record.stack_info, secrets)


def redact_every_record(secrets: Iterable[str] = ()) -> None:
    """Mask secrets in every log record as it is made, whichever handler writes it out.

    A filter guards only the handler it sits on; records also reach handlers added later,
    by libraries or by a test's log capture.
    """
    known = tuple(secrets)

    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = _PLAIN_FACTORY(*args, **kwargs)
        _redact_record(record, known)
        return record

    logging.setLogRecordFactory(make)


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


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes each record to `sys.stderr` as it is when the record comes, not as it was when
    the handler was made: whoever swaps the stream (a test's output capture, which closes its
    own at the test's end) leaves no handler writing to a closed file."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        """The stream is always the current `sys.stderr`: nothing to set."""


def setup_logging(level: str = "INFO", fmt: str = "text", secrets: Iterable[str] = ()) -> None:
    redact_every_record(secrets)
    handler = StderrHandler()
    handler.addFilter(NetworkErrorsInOneLine())
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
