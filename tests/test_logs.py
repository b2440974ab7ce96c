"""Log lines never carry a secret, whatever shape it arrives in."""

from __future__ import annotations

import logging

import pytest

from bot.logs import RedactingFilter


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
