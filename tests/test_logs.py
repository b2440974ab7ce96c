"""Log lines never carry a secret, whatever shape it arrives in."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.logs import RedactingFilter, setup_logging


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
