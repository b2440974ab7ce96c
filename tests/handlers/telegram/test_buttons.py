"""Every button press is answered exactly once, whoever presses and whatever it carries; what
went wrong is told to the presser alone, in that answer, never to the group."""

from __future__ import annotations

import asyncio

import pytest

from bot.models import DraftStatus
from bot.store import Store
from handlers.telegram import TelegramChannel
from tests.handlers.telegram.conftest import ANA, BO, MALLORY, TEAM, VIC, Pump, review_request
from tests.handlers.telegram.emulator import Emulator, buttons

pytestmark = pytest.mark.slow


async def test_every_callback_is_answered_once_and_refusals_privately(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    await review_request(store)
    await pump.deliver()
    [review] = await emulator.messages(TEAM)
    keys = buttons(review)
    message_id = review["message_id"]

    presses = [
        await emulator.press(MALLORY, TEAM, message_id, keys["✅ Approve"]),  # stranger
        await emulator.press(VIC, TEAM, message_id, keys["✅ Approve"]),  # viewer
        await emulator.press(ANA, TEAM, message_id, "da:notanumber"),  # forged
        await emulator.press(ANA, TEAM, message_id, "sz:deadbeef:24h"),  # no such alert
        await emulator.press(ANA, TEAM, message_id, keys["✏️ Edit"]),
        await emulator.press(ANA, TEAM, message_id, keys["✅ Approve"]),
        await emulator.press(BO, TEAM, message_id, keys["❌ Reject"]),  # too late
    ]

    answers = {p: await emulator.answered(p) for p in presses}
    await emulator.edited(TEAM, message_id)
    assert len(await emulator.calls("answerCallbackQuery")) == len(presses)
    private = [(answers[p]["show_alert"], answers[p].get("text")) for p in presses]
    assert private == [
        (
            True,
            "Sorry, only people on this team's list can use socialpulse. "
            f"(Your user id {MALLORY.id}: an admin can add you.)",
        ),
        (True, "Sorry Vic, you may not decide replies for brand alpenglow."),
        (True, "That button no longer works; try /drafts or /alerts."),
        (True, "Sorry Ana, no alert matches 'deadbeef'."),
        (False, None),
        (False, None),
        (
            True,
            "Draft #1 was already approved by Ana at 2026-11-25 08:00 UTC; nothing changed.",
        ),
    ]
    # The group saw the review, the edit prompt Ana asked for, and nothing else.
    said = [m["text"] for m in await emulator.messages(TEAM)][1:]
    assert len(said) == 1 and "new text for draft #1" in said[0]


async def test_five_quick_presses_make_one_decision_and_no_public_notes(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id = await review_request(store)
    await pump.deliver()
    [review] = await emulator.messages(TEAM)
    approve = buttons(review)["✅ Approve"]

    presses = await asyncio.gather(
        *(emulator.press(ANA, TEAM, review["message_id"], approve) for _ in range(5))
    )

    answers = [await emulator.answered(p) for p in presses]
    await emulator.edited(TEAM, review["message_id"])
    assert sorted(a["show_alert"] for a in answers) == [False, True, True, True, True]
    late = [a["text"] for a in answers if a["show_alert"]]
    assert all(text.startswith(f"Draft #{draft_id} was already approved by Ana") for text in late)
    assert (await store.drafts.get(draft_id)).status is DraftStatus.APPROVED
    decisions = await store.db.scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'draft.approved'"
    )
    assert decisions == 1
    queued = await store.db.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'decision'")
    assert queued == 1
    [only] = await emulator.messages(TEAM)
    assert only["message_id"] == review["message_id"]
