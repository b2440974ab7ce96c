"""Which failures of a Slack call may have posted the message all the same (a timeout, a
connection cut while waiting for the answer) and which surely did not."""

from __future__ import annotations

import aiohttp
import pytest

from handlers.slack.client import SlackCallError, slack_call


async def failing(error: BaseException) -> None:
    raise error


@pytest.mark.parametrize(
    ("error", "maybe_sent"),
    [
        (TimeoutError(), True),
        (aiohttp.ServerTimeoutError("read timed out"), True),
        (aiohttp.ServerDisconnectedError(), True),
        (aiohttp.ClientConnectionError("connection refused"), False),
        (ConnectionRefusedError(), False),
    ],
)
async def test_a_call_without_an_answer_may_have_been_made(
    error: BaseException, maybe_sent: bool
) -> None:
    with pytest.raises(SlackCallError) as failed:
        await slack_call("chat.postMessage", failing(error))
    assert failed.value.retryable
    assert failed.value.maybe_sent is maybe_sent
