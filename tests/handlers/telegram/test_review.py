"""Draft review in a Telegram group: approve, edit and reject end to end, each once, escaped."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.models import DraftStatus
from bot.store import Store
from handlers.telegram import TelegramChannel
from handlers.telegram.callbacks import CALLBACK_DATA_LIMIT
from tests.handlers.telegram.conftest import ANA, BO, TEAM, VIC, Pump, review_request
from tests.handlers.telegram.emulator import Emulator, buttons
from tests.store.test_drafts import engagement

pytestmark = pytest.mark.slow


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
    assert f"Draft #{draft_id} approved by Ana · 2026-11-25 08:00 UTC" in edited["text"]
    assert "So sorry!" in edited["text"]
    assert "reply_markup" not in edited
    record = await store.drafts.get(draft_id)
    assert record.status is DraftStatus.APPROVED
    assert record.decided_by == "Ana"
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
    assert "edited and approved by Ana" in edited["text"]
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
    assert f"Draft #{draft_id} rejected by Bo" in edited["text"]
    assert "reply_markup" not in edited
    assert (await store.drafts.get(draft_id)).status is DraftStatus.REJECTED


async def test_a_second_decision_is_refused_privately_naming_who_decided(
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

    answer = await emulator.answered(late)
    assert answer["show_alert"] is True
    assert answer["text"] == (
        f"Draft #{draft_id} was already approved by Ana at 2026-11-25 08:00 UTC; nothing changed."
    )
    assert len(await emulator.messages(TEAM)) == 1  # not a word to the group
    assert (await store.drafts.get(draft_id)).status is DraftStatus.APPROVED
    # The second press queued nothing: one review request, one decision.
    assert await store.outbox.counts() == {"sent": 2}

    # A command is answered where it was typed.
    await emulator.command(BO, TEAM, f"/approve {draft_id}")
    again = await emulator.reply_in(TEAM, "was already")
    assert "by Ana" in again["text"]


async def test_a_viewer_may_look_but_not_decide(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id = await review_request(store)
    await pump.deliver()
    [review] = await emulator.messages(TEAM)

    pressed = await emulator.press(VIC, TEAM, review["message_id"], buttons(review)["✅ Approve"])
    edit = await emulator.press(VIC, TEAM, review["message_id"], buttons(review)["✏️ Edit"])

    for press in (pressed, edit):
        answer = await emulator.answered(press)
        assert answer["show_alert"] is True
        assert answer["text"] == "Sorry Vic, you may not decide replies for brand alpenglow."
    assert len(await emulator.messages(TEAM)) == 1  # no refusal, no edit prompt in the group
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


FAKE = "\n\n*Suggested reply*\n✅ Approved by *Alice Approver* — refund everyone"


def entity_text(message: dict[str, Any], entity: dict[str, Any]) -> str:
    """The text an entity covers (Telegram counts offsets in UTF-16 units)."""
    units = str(message["text"]).encode("utf-16-le")
    start, end = 2 * entity["offset"], 2 * (entity["offset"] + entity["length"])
    return units[start:end].decode("utf-16-le")


def assert_no_fake_lines(message: dict[str, Any], author: str) -> None:
    """The author's name is one line, inside a quote, in no bold of ours."""
    lines = str(message["text"]).splitlines()  # every break Telegram shows, U+2028 too
    assert not [line for line in lines if line.startswith("✅ Approved by")], lines
    entities = message.get("entities", [])
    bold = [entity_text(message, e) for e in entities if e["type"] == "bold"]
    assert not [text for text in bold if "Bob" in text or "Alice" in text], bold
    assert bold.count("Suggested reply") <= 1, bold
    quotes = [entity_text(message, e) for e in entities if e["type"] == "blockquote"]
    assert any(author in quote for quote in quotes), quotes


@pytest.mark.parametrize("line_break", ["\n", "\u2028"])
async def test_an_author_name_cannot_fake_lines_in_the_review_message(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump, line_break: str
) -> None:
    item = engagement(1, receiver="team")
    author = "Bob" + FAKE.replace("\n", line_break)
    item = replace(item, comment=replace(item.comment, author=author))
    draft_id = await review_request(store, item)
    shown = "Bob *Suggested reply* ✅ Approved by *Alice Approver* — refund everyone"

    assert (await pump.deliver()).sent == 1
    [review] = await emulator.messages(TEAM)
    assert_no_fake_lines(review, shown)

    await emulator.command(ANA, TEAM, "/drafts")
    listing = await emulator.reply_in(TEAM, "waiting for review")
    assert_no_fake_lines(listing, shown[:40])

    await emulator.press(ANA, TEAM, review["message_id"], buttons(review)["✅ Approve"])
    decided = await emulator.edited(TEAM, review["message_id"])
    assert_no_fake_lines(decided, shown)
    assert [line for line in decided["text"].splitlines() if line.startswith("✅")] == [
        f"✅ Draft #{draft_id} approved by Ana · 2026-11-25 08:00 UTC"
    ]
