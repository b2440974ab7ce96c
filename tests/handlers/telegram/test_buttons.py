"""Every button press is answered exactly once, whoever presses and whatever it carries."""

from __future__ import annotations

from bot.store import Store
from handlers.telegram import TelegramChannel
from tests.handlers.telegram.conftest import ANA, BO, MALLORY, TEAM, VIC, Pump, review_request
from tests.handlers.telegram.emulator import Emulator, buttons


async def test_every_callback_is_answered_once(
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

    await emulator.reply_in(TEAM, "was already")
    answers = await emulator.answers()
    assert set(presses) <= set(answers)
    assert len(await emulator.calls("answerCallbackQuery")) == len(presses)
    assert answers[presses[0]]["show_alert"] is True
    assert all(not answers[p]["show_alert"] for p in presses[1:])
    said = [m["text"] for m in await emulator.messages(TEAM)][1:]
    assert said[0] == "Sorry Vic, you may not decide replies for brand alpenglow."
    assert said[1] == "That button no longer works; try /drafts or /alerts."
    assert said[2] == "Sorry Ana, no alert matches 'deadbeef'."
    assert "new text for draft #1" in said[3]
    assert said[4].startswith("Draft #1 was already approved by Ana (telegram)")
