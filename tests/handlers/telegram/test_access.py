"""Anyone can message a bot: strangers and foreign chats get a short refusal and no data."""

from __future__ import annotations

import logging

import pytest

from bot.models import DraftStatus
from bot.store import Store
from handlers.telegram import TelegramChannel
from tests.handlers.telegram.conftest import (
    ANA,
    ANA_DM,
    FOREIGN,
    LEE,
    LEE_DM,
    MALLORY,
    TEAM,
    Pump,
    review_request,
)
from tests.handlers.telegram.emulator import Emulator, buttons

pytestmark = pytest.mark.slow

COMMENT = "Where is my order #4411?"


async def test_a_stranger_in_the_team_chat_is_refused_and_sees_no_data(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    await review_request(store)
    await pump.deliver()

    await emulator.command(MALLORY, TEAM, "/drafts")

    refusal = await emulator.reply_in(TEAM, "Sorry")
    assert refusal["text"] == (
        "Sorry, only people on this team's list can use socialpulse. "
        f"(Your user id {MALLORY.id}: an admin can add you.)"
    )
    [review, answer] = await emulator.messages(TEAM)
    assert COMMENT in review["text"]
    assert COMMENT not in answer["text"]
    refused = await store.db.fetchall("SELECT actor, action, subject FROM audit_log")
    assert [tuple(r) for r in refused] == [
        ("Mallory (telegram)", "refused.command /drafts", f"telegram:{TEAM.id}")
    ]


async def test_a_strangers_button_press_is_answered_privately_and_changes_nothing(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id = await review_request(store)
    await pump.deliver()
    [review] = await emulator.messages(TEAM)

    pressed = await emulator.press(
        MALLORY, TEAM, review["message_id"], buttons(review)["✅ Approve"]
    )

    answer = await emulator.answered(pressed)
    assert answer["show_alert"] is True
    assert answer["text"].startswith("Sorry, only people on this team's list")
    assert (await store.drafts.get(draft_id)).status is DraftStatus.PENDING_REVIEW
    assert len(await emulator.messages(TEAM)) == 1
    assert (await emulator.messages(TEAM))[0]["edits"] == 0


async def test_an_allowed_person_in_a_foreign_group_is_refused(
    emulator: Emulator,
    channel: TelegramChannel,
    store: Store,
    pump: Pump,
    caplog: pytest.LogCaptureFixture,
) -> None:
    draft_id = await review_request(store)
    await pump.deliver()
    caplog.set_level(logging.WARNING, logger="handlers.telegram")

    await emulator.command(ANA, FOREIGN, "/drafts")
    await emulator.command(ANA, FOREIGN, f"/approve {draft_id}")

    refusal = await emulator.reply_in(FOREIGN, "Sorry")
    assert refusal["text"] == (
        "Sorry, socialpulse does not work in this chat. "
        f"(Chat id {FOREIGN.id}: an admin can add it to the workspace file.)"
    )
    await emulator.reply_in(FOREIGN, "Sorry", after=1)
    assert all(COMMENT not in m["text"] for m in await emulator.messages(FOREIGN))
    assert (await store.drafts.get(draft_id)).status is DraftStatus.PENDING_REVIEW
    assert f"user={ANA.id} chat={FOREIGN.id} what=command /drafts reason=chat_not_allowed" in (
        caplog.text
    )


async def test_private_chats_work_only_when_listed(
    emulator: Emulator, channel: TelegramChannel
) -> None:
    await emulator.command(ANA, ANA_DM, "/status")
    await emulator.reply_in(ANA_DM, "socialpulse status")

    await emulator.command(LEE, LEE_DM, "/status")
    refusal = await emulator.reply_in(LEE_DM, "Sorry")
    assert "does not work in this chat" in refusal["text"]


async def test_chatter_that_is_not_for_the_bot_is_ignored(
    emulator: Emulator, channel: TelegramChannel
) -> None:
    await emulator.say(MALLORY, TEAM, "hello everyone")
    await emulator.say(ANA, FOREIGN, "hello there")
    await emulator.command(ANA, TEAM, "/status")
    await emulator.reply_in(TEAM, "socialpulse status")
    # Handled in order: by the time /status is answered, the chatter was seen and left alone.
    assert len(await emulator.messages(TEAM)) == 1
    assert await emulator.messages(FOREIGN) == []
