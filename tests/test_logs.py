"""Log lines never carry a secret, and a network that is down is one line per attempt."""

from __future__ import annotations

import asyncio
import io
import logging
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config.loading import load_workspace
from bot.delivery import Deliverer
from bot.logs import RedactingFilter, setup_logging
from bot.notices import Notice
from bot.settings import Settings
from bot.store import Store
from handlers.slack import build_slack_channel

HANG_GUARD_S = 120.0


def test_configured_secrets_and_token_shapes_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    log = logging.getLogger("test.secrets")
    log.addFilter(RedactingFilter(["s3cret-signing-value"]))
    try:
        with caplog.at_level(logging.INFO, logger="test.secrets"):
            log.info("slack token=%s", "xoxb-1111-2222-abcdefghijkl")
            log.info("app token xapp-1-A0123-456-deadbeef in a message")
            log.info("telegram %s", "123456789:AAEhBOweik6ad6PsVMRxjeQKb1dyrwQAbc_")
            log.info("signing secret is %s", "s3cret-signing-value")
            try:
                raise RuntimeError("failed with xoxb-9999-8888-zyxwvutsrqpo")
            except RuntimeError:
                log.exception("request failed")
    finally:
        log.filters.clear()
    text = caplog.text
    for secret in ("xoxb-1111", "xapp-1-A0123", "AAEhBOweik6", "s3cret-signing", "xoxb-9999"):
        assert secret not in text
    assert text.count("**********") >= 5


class Collect(logging.Handler):
    """A handler of someone else's: no filter of ours sits on it."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.Formatter("%(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:
            self.handleError(record)


@pytest.fixture
def logging_set_up() -> Iterator[Collect]:
    """setup_logging as `run` calls it, undone afterwards; plus a second handler of its own."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, logging.getLogRecordFactory())
    setup_logging("INFO", "text", ["s3cret-signing-value"])
    collect = Collect()
    log = logging.getLogger("test.anyhandler")
    log.addHandler(collect)
    try:
        yield collect
    finally:
        log.removeHandler(collect)
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
        logging.setLogRecordFactory(saved[2])


def test_every_handler_gets_records_with_tokens_masked(logging_set_up: Collect) -> None:
    log = logging.getLogger("test.anyhandler")
    meta = "EAA" + "BwzLixnj4YBO" * 4
    openai = "sk-proj-" + "T3BlbkFJ9x8Y7w6V5u4" * 2

    log.info("graph call with access_token=%s", meta)
    log.warning("llm key %s and signing secret s3cret-signing-value", openai)
    try:
        raise RuntimeError("Slack said invalid_auth for xoxb-1111-2222-SECRET123abc")
    except RuntimeError:
        log.exception("send failed")
    log.info("where it was logged from", stack_info=True)

    text = "\n".join(logging_set_up.lines)
    for secret in ("BwzLixnj", "T3BlbkFJ", "s3cret-signing", "SECRET123abc"):
        assert secret not in text
    assert "access_token=**********" in text
    assert "Traceback" in text and "invalid_auth for **********" in text


def test_making_a_record_with_a_bad_format_string_does_not_raise(logging_set_up: Collect) -> None:
    # Logging reports a bad format string when a handler writes the record out; masking it
    # as the record is made must not turn that into an exception in the caller.
    make = logging.getLogRecordFactory()

    record = make("test", logging.INFO, __file__, 1, "two fields %s %s", ("one",), None)

    assert record.msg == "two fields %s %s" and record.args == ("one",)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def slack_settings(tmp_path: Path, mode: str) -> Settings:
    (tmp_path / "ws.yaml").write_text(WORKSPACE, encoding="utf-8")
    values: dict[str, Any] = {
        "workspace": tmp_path / "ws.yaml",
        "db_path": tmp_path / "l.db",
        "slack_bot_token": "xoxb-1111-2222-logstest",
        "slack_app_token": "xapp-1-A0123-456-logstest",
        "slack_signing_secret": "logs-signing-secret",
        "slack_mode": mode,
        "slack_http_port": 0,
        "slack_api_url": f"http://127.0.0.1:{closed_port()}/api/",
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


WORKSPACE = (
    "brands:\n  - {id: alpenglow, name: Alpenglow, review_receiver: community}\n"
    "receivers:\n  - {name: community, kind: slack, channel: C05COMMUN1}\n"
)


@pytest.mark.slow
async def test_an_unreachable_slack_is_one_line_per_attempt_without_a_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = slack_settings(tmp_path, "http")
    workspace = load_workspace(settings.workspace)
    store = await Store.open(settings.db_path)
    try:
        channel = build_slack_channel(settings, workspace, store, lambda: None)
        await store.outbox.queue(Notice("text", "community", "hello", "hello", {"text": "hi"}))
        clock = [0.0]
        deliverer = Deliverer(store.outbox, {"community": channel}, clock=lambda: clock[0])
        with caplog.at_level(logging.INFO):
            for _ in range(3):
                assert (await deliverer.deliver()).deferred == 1
                # Within the pause nothing is tried, so nothing is logged.
                assert (await deliverer.deliver()).deferred == 1
                clock[0] += 60
    finally:
        await store.close()
    lines = [r for r in caplog.records if r.name == "bot.delivery"]
    assert len(lines) == 3, caplog.text
    for record in lines:
        message = record.getMessage()
        assert record.exc_info is None
        assert "receiver=community channel=slack" in message
        assert "error=SlackCallError from ClientConnectorError retry_in=5s" in message
    assert "Traceback" not in caplog.text


@pytest.mark.slow
async def test_socket_mode_reconnecting_to_an_unreachable_slack_logs_one_line_per_attempt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """slack_sdk logs every failed Socket Mode connection with its traceback (35 lines every
    few seconds): the bot's log handler keeps one line of it."""
    settings = slack_settings(tmp_path, "socket")
    workspace = load_workspace(settings.workspace)
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    store = await Store.open(settings.db_path)
    channel = build_slack_channel(settings, workspace, store, lambda: None)
    written = ""
    try:
        setup_logging("INFO", "text", [])
        await channel.start()
        for _ in range(int(HANG_GUARD_S / 0.05)):
            written += capsys.readouterr().err
            if "Failed to connect" in written:
                break
            await asyncio.sleep(0.05)
    finally:
        await channel.close()
        await store.close()
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    written += capsys.readouterr().err
    attempts = [line for line in written.splitlines() if "Failed to connect" in line]
    assert attempts, written
    assert all("error=ClientConnectorError" in line for line in attempts)
    assert "Traceback" not in written, written


def test_records_go_to_stderr_as_it_is_now_not_to_a_stream_closed_since(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A test's output capture swaps sys.stderr and closes its own stream at the test's end:
    # a handler bound to that stream would fail on every later record ("I/O operation on
    # closed file", reported by logging on whatever stderr is then).
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, logging.getLogRecordFactory())
    captured = io.StringIO()
    monkeypatch.setattr(sys, "stderr", captured)
    try:
        setup_logging("INFO", "text", [])
        captured.close()
        later = io.StringIO()
        monkeypatch.setattr(sys, "stderr", later)
        logging.getLogger("test.later").warning("written after the capture ended")
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        logging.setLogRecordFactory(saved[2])
    assert "written after the capture ended" in later.getvalue()
    assert "Logging error" not in later.getvalue()
