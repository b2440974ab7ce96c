"""Which Telegram failures may have posted the message all the same (a timeout) and which
surely did not."""

from __future__ import annotations

import pytest
from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut

from bot.channel import ChannelError
from handlers.telegram.channel import telegram_errors


@pytest.mark.parametrize(
    ("error", "maybe_sent"),
    [
        (TimedOut(), True),
        (NetworkError("connection refused"), False),
        (BadRequest("message is too long"), False),
    ],
)
def test_only_a_timeout_may_have_posted_the_message(error: TelegramError, maybe_sent: bool) -> None:
    with pytest.raises(ChannelError) as failed, telegram_errors("sendMessage"):
        raise error
    assert failed.value.maybe_sent is maybe_sent
