"""Draft review in a Telegram group: approve, edit and reject end to end, each once, escaped."""

from __future__ import annotations

from dataclasses import replace

from bot.models import DraftStatus
from bot.store import Store
from handlers.telegram import CALLBACK_DATA_LIMIT, TelegramChannel
from tests.handlers.telegram.conftest import ANA, BO, TEAM, VIC, Pump, review_request
from tests.handlers.telegram.emulator import Emulator, buttons
from tests.store.test_drafts import engagement


async def test_approve_button_decides_the_draft_and_edits_the_review_message(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id = await review_request(store)
    assert (await pump.deliver()).sent == 1
    [review] = await emulator.messages(TEAM)
    assert f"draft #{draft_id}" in review["text"]
    assert "Where is my order #4411?" in review["text"]
    assert "So sorry!" in review["text"]
    assert list(buttons(review)) == ["✅ Approve", "✏️ Edit", "❌ Reject"]
    assert all(len(data.encode()) <= CALLBACK_DATA_LIMIT for data in buttons(review).values())

    pressed = await emulator.press(ANA, TEAM, review["message_id"], buttons(review)["✅ Approve"])

    edited = await emulator.edited(TEAM, review["message_id"])
    assert await emulator.answered(pressed)
    assert f"Draft #{draft_id} approved by Ana (telegram) · 2026-11-25 08:00 UTC" in edited["text"]
    assert "So sorry!" in edited["text"]
    assert "reply_markup" not in edited
    record = await store.drafts.get(draft_id)
    assert record.status is DraftStatus.APPROVED
    assert record.decided_by == "Ana (telegram)"
    # The decision went through the outbox and points at the review message it edited.
    [ref] = await store.outbox.refs("decision", str(draft_id))
    assert (ref.chat, ref.message_id) == (str(TEAM.id), str(review["message_id"]))
    assert await store.outbox.counts() == {"sent": 2}
    assert len(await emulator.messages(TEAM)) == 1


async def test_edit_asks_with_a_force_reply_and_applies_the_answer(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id = await review_request(store)
    await pump.deliver()
    [review] = await emulator.messages(TEAM)

    pressed = await emulator.press(ANA, TEAM, review["message_id"], buttons(review)["✏️ Edit"])

    prompt = await emulator.reply_in(TEAM, f"new text for draft #{draft_id}")
    assert await emulator.answered(pressed)
    assert prompt["reply_markup"]["force_reply"] is True
    assert prompt["reply_markup"]["selective"] is True
    assert prompt["text"].startswith("✏️ Ana,")
    mention = next(e for e in prompt["entities"] if e.get("url", "").startswith("tg://user"))
    assert mention["url"] == f"tg://user?id={ANA.id}"
    assert (await store.drafts.get(draft_id)).status is DraftStatus.PENDING_REVIEW

    await emulator.say(
        ANA, TEAM, "So sorry! DM us the order number <3", reply_to=prompt["message_id"]
    )

    await emulator.reply_in(TEAM, f"Draft #{draft_id} edited and approved")
    edited = await emulator.edited(TEAM, review["message_id"])
    assert "edited and approved by Ana (telegram)" in edited["text"]
    assert "So sorry! DM us the order number <3" in edited["text"]
    assert "reply_markup" not in edited
    record = await store.drafts.get(draft_id)
    assert record.status is DraftStatus.EDITED
    assert record.text == "So sorry! DM us the order number <3"


async def test_reject_button_rejects_and_says_who(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id = await review_request(store)
    await pump.deliver()
    [review] = await emulator.messages(TEAM)

    pressed = await emulator.press(BO, TEAM, review["message_id"], buttons(review)["❌ Reject"])

    edited = await emulator.edited(TEAM, review["message_id"])
    assert await emulator.answered(pressed)
    assert f"Draft #{draft_id} rejected by Bo (telegram)" in edited["text"]
    assert "reply_markup" not in edited
    assert (await store.drafts.get(draft_id)).status is DraftStatus.REJECTED


async def test_a_second_decision_is_refused_politely_naming_who_decided(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id = await review_request(store)
    await pump.deliver()
    [review] = await emulator.messages(TEAM)
    keys = buttons(review)
    await emulator.press(ANA, TEAM, review["message_id"], keys["✅ Approve"])
    await emulator.edited(TEAM, review["message_id"])

    # Bo still has the old keyboard on screen (another device, a stale client) and presses it.
    late = await emulator.press(BO, TEAM, review["message_id"], keys["❌ Reject"])

    refusal = await emulator.reply_in(TEAM, "was already")
    assert await emulator.answered(late)
    assert refusal["text"] == (
        f"Draft #{draft_id} was already approved by Ana (telegram) at 2026-11-25 08:00 UTC; "
        "nothing changed."
    )
    assert refusal["reply_to_message_id"] == review["message_id"]
    assert (await store.drafts.get(draft_id)).status is DraftStatus.APPROVED
    # The second press queued nothing: one review request, one decision.
    assert await store.outbox.counts() == {"sent": 2}

    await emulator.command(BO, TEAM, f"/approve {draft_id}")
    again = await emulator.reply_in(TEAM, "was already", after=2)
    assert "by Ana (telegram)" in again["text"]


async def test_a_viewer_may_look_but_not_decide(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id = await review_request(store)
    await pump.deliver()
    [review] = await emulator.messages(TEAM)

    pressed = await emulator.press(VIC, TEAM, review["message_id"], buttons(review)["✅ Approve"])
    refusal = await emulator.reply_in(TEAM, "may not decide")
    assert await emulator.answered(pressed)
    assert refusal["text"] == "Sorry Vic, you may not decide replies for brand alpenglow."

    edit = await emulator.press(VIC, TEAM, review["message_id"], buttons(review)["✏️ Edit"])
    await emulator.answered(edit)
    await emulator.reply_in(TEAM, "may not decide", after=2)
    assert not [m for m in await emulator.messages(TEAM) if "new text for draft" in m["text"]]

    assert (await store.drafts.get(draft_id)).status is DraftStatus.PENDING_REVIEW
    refused = await store.db.fetchall(
        "SELECT actor, action FROM audit_log WHERE action LIKE 'refused.%'"
    )
    assert [tuple(row) for row in refused] == [("Vic (telegram)", "refused.approved")]


async def test_untrusted_comment_text_is_escaped_everywhere_it_is_shown(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    hostile = "<b>FREE</b> stuff & more <script>alert(1)</script> <a href='x'>click</a>"
    item = engagement(1, receiver="team")
    item = replace(
        item,
        comment=replace(item.comment, text=hostile, author="<i>Mallory & Co</i>"),
        draft=replace(item.draft, text="Thanks <b>&</b> welcome") if item.draft else None,
    )
    draft_id = await review_request(store, item)

    # telegram-test-api parses HTML like Telegram: an unescaped <script> would fail the send.
    assert (await pump.deliver()).sent == 1
    [review] = await emulator.messages(TEAM)
    assert hostile in review["text"]
    assert "<i>Mallory & Co</i>" in review["text"]
    assert "Thanks <b>&</b> welcome" in review["text"]
    start = review["text"].index(hostile)
    inside = [
        e
        for e in review["entities"]
        if e["type"] != "blockquote"
        and e["offset"] < start + len(hostile)
        and e["offset"] + e["length"] > start
    ]
    assert inside == []  # the commenter's tags made no bold, no link
    assert "&lt;script&gt;" in review["html"]

    await emulator.press(ANA, TEAM, review["message_id"], buttons(review)["✅ Approve"])
    edited = await emulator.edited(TEAM, review["message_id"])
    assert hostile in edited["text"]
    assert (await store.drafts.get(draft_id)).status is DraftStatus.APPROVED
