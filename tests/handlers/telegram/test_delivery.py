"""Notices through the real outbox and deliverer: long ones split, none lost, none sent twice."""

from __future__ import annotations

import pytest

from bot.config.workspace import Workspace
from bot.notices import Notice
from bot.store import Store
from handlers.telegram import TelegramChannel
from handlers.telegram.formatting import MESSAGE_LIMIT, utf16_len
from tests.handlers.telegram.conftest import TEAM, Pump
from tests.handlers.telegram.emulator import TOKEN, Emulator, TgChat, eventually

pytestmark = pytest.mark.slow


def text_notice(text: str, key: str = "hello") -> Notice:
    return Notice(kind="text", receiver="team", subject=key, dedupe_key=key, data={"text": text})


def long_text() -> str:
    """About 5,000 characters on 100 lines, with characters HTML must escape."""
    text = "\n".join(f"{n:03d} spend & clicks <campaign {n}> — ".ljust(49, "x") for n in range(100))
    assert len(text) == 4_999
    return text


async def delivered(pump: Pump) -> int:
    """Step the deliverer, as the pipeline does, until it sends something."""

    async def step() -> int:
        return (await pump.deliver()).sent

    return await eventually(step, "the queued notice delivered")


async def test_a_5000_character_message_is_split_on_line_boundaries(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    text = long_text()
    await store.outbox.queue(text_notice(text))

    assert (await pump.deliver()).sent == 1

    parts = [m["text"] for m in await emulator.messages(TEAM)]
    assert len(parts) == 2
    assert all(utf16_len(part) <= MESSAGE_LIMIT for part in parts)
    assert "\n".join(parts) == text  # cut between two lines, nothing lost or changed
    assert all(part.split("\n")[-1] in text.split("\n") for part in parts)


async def test_retry_after_keeps_the_notice_queued_and_it_is_sent_once_later(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    await store.outbox.queue(text_notice("Morning, team"))
    await emulator.fail("sendMessage", retry_after=1)

    first = await pump.deliver()

    assert (first.sent, first.deferred) == (0, 1)
    assert await store.outbox.depth() == 1
    assert await emulator.messages(TEAM) == []
    assert await delivered(pump) == 1
    assert [m["text"] for m in await emulator.messages(TEAM)] == ["Morning, team"]
    assert await store.outbox.counts() == {"sent": 1}
    assert (await pump.deliver()).sent == 0
    [row] = await store.db.fetchall("SELECT attempts, status FROM notifications")
    assert tuple(row) == (2, "sent")


async def test_a_long_message_failing_half_way_resumes_without_repeating_a_part(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    text = long_text()
    await store.outbox.queue(text_notice(text))
    await emulator.fail("sendMessage", skip=1, retry_after=1)

    assert (await pump.deliver()).deferred == 1
    assert len(await emulator.messages(TEAM)) == 1

    assert await delivered(pump) == 1
    parts = [m["text"] for m in await emulator.messages(TEAM)]
    assert "\n".join(parts) == text
    assert len(parts) == 2


async def test_telegram_down_then_back_delivers_the_queued_notices_once(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    await store.outbox.queue(text_notice("first", "one"))
    assert (await pump.deliver()).sent == 1
    port = emulator.port
    await emulator.stop()
    await store.outbox.queue(text_notice("second", "two"))
    await store.outbox.queue(text_notice("third", "three"))

    down = await pump.deliver()

    assert (down.sent, down.failed) == (0, 0)
    assert await store.outbox.depth() == 2
    back = await Emulator.launch(emulator.log, port=port)
    try:
        sent = await delivered(pump)
        while await store.outbox.depth():
            sent += await delivered(pump)
        assert sent == 2
        assert [m["text"] for m in await back.messages(TEAM)] == ["second", "third"]
        assert (await pump.deliver()).sent == 0
        assert await store.outbox.counts() == {"sent": 3}
    finally:
        await back.stop()


async def test_a_chat_the_bot_was_removed_from_is_a_permanent_failure(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    await store.outbox.queue(text_notice("hello?"))
    await emulator.fail(
        "sendMessage", error_code=403, description="Forbidden: bot was kicked from the group chat"
    )

    counts = await pump.deliver()

    assert (counts.sent, counts.failed, counts.deferred) == (0, 1, 0)
    [row] = await store.db.fetchall("SELECT error FROM notifications")
    assert "bot was kicked" in row[0]


async def test_a_group_that_became_a_supergroup_is_followed(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    upgraded = TgChat(-1005555)
    await emulator.fail(
        "sendMessage",
        error_code=400,
        migrate_to_chat_id=upgraded.id,
        description="Bad Request: group chat was upgraded to a supergroup chat",
    )
    await store.outbox.queue(text_notice("still here"))

    assert (await pump.deliver()).sent == 1

    assert [m["text"] for m in await emulator.messages(upgraded)] == ["still here"]
    [ref] = await store.outbox.refs("text", "hello")
    assert ref.chat == str(upgraded.id)


async def test_a_channel_not_yet_started_leaves_notices_queued(
    emulator: Emulator, workspace: Workspace, store: Store, pump: Pump
) -> None:
    idle = TelegramChannel(TOKEN, workspace, store, pump.nudge, api_url=emulator.api_url)
    pump.channels["team"] = idle
    await store.outbox.queue(text_notice("early"))

    counts = await pump.deliver()

    assert (counts.sent, counts.deferred) == (0, 1)
    assert await store.outbox.depth() == 1
    assert await emulator.calls("sendMessage") == []
