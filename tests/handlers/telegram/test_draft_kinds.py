"""Drafts that are not plain replies: one to answer by hand has no reply to approve until
someone writes it (within the platform's limit); a hide is approved as a hide, never edited."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.models import DraftStatus
from bot.publisher import OutboxFilePublisher, publish_approved
from bot.store import Store
from handlers.telegram import TelegramChannel
from handlers.telegram.callbacks import Press, encode
from tests.handlers.telegram.conftest import ANA, TEAM, Pump, review_request
from tests.handlers.telegram.emulator import Emulator, buttons
from tests.store.test_drafts import drafted, published

pytestmark = pytest.mark.slow


async def test_a_draft_to_answer_by_hand_is_written_within_the_limit_never_approved_empty(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump, tmp_path: Path
) -> None:
    draft_id = await review_request(store, drafted(1, "human", platform="linkedin"))
    assert (await pump.deliver()).sent == 1
    [review] = await emulator.messages(TEAM)
    assert "Comment to answer by hand" in review["text"]
    assert list(buttons(review)) == ["✍️ Write reply", "❌ Reject"]

    # An Approve from an older message (or typed by hand) has nothing to publish.
    stale = await emulator.press(
        ANA, TEAM, review["message_id"], encode(Press("approve", str(draft_id)))
    )
    answer = await emulator.answered(stale)
    assert answer["show_alert"] is True
    assert answer["text"] == (
        "Sorry Ana, there is no reply to approve: the draft is for answering by hand; "
        "write one first (an edit), or reject it."
    )
    assert (await store.drafts.get(draft_id)).status is DraftStatus.PENDING_REVIEW

    await emulator.press(ANA, TEAM, review["message_id"], buttons(review)["✍️ Write reply"])
    prompt = await emulator.reply_in(TEAM, f"new text for draft #{draft_id}")
    assert f"draft #{draft_id} (LinkedIn: at most 1,250 characters)." in prompt["text"]

    await emulator.say(ANA, TEAM, "Thanks for asking! " * 70, reply_to=prompt["message_id"])
    refusal = await emulator.reply_in(TEAM, "characters and LinkedIn")
    assert refusal["text"] == (
        "Sorry Ana, the reply is 1,329 characters and LinkedIn takes at most 1,250: shorten it "
        "by 79. Nothing changed; reply to my question again with the new text."
    )
    record = await store.drafts.get(draft_id)
    assert (record.status, record.text) == (DraftStatus.PENDING_REVIEW, "")

    await emulator.say(
        ANA, TEAM, "Thanks for asking! We ship in 3 days.", reply_to=prompt["message_id"]
    )
    await emulator.reply_in(TEAM, f"Draft #{draft_id} edited and approved")
    decided = await emulator.edited(TEAM, review["message_id"])
    assert "We ship in 3 days." in decided["text"]
    outbox = tmp_path / "outbox.jsonl"
    assert await publish_approved(store.drafts, OutboxFilePublisher(outbox)) == 1
    [line] = published(outbox)
    assert (line["action"], line["text"]) == ("reply", "Thanks for asking! We ship in 3 days.")


async def test_a_hide_is_hidden_or_rejected_and_offers_no_edit(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump, tmp_path: Path
) -> None:
    draft_id = await review_request(store, drafted(1, "hide"))
    assert (await pump.deliver()).sent == 1
    [review] = await emulator.messages(TEAM)
    assert "Comment to hide" in review["text"]
    assert list(buttons(review)) == ["🙈 Hide", "❌ Reject"]

    # An Edit from an older message: a hide takes no text, so nobody is asked for one.
    stale = await emulator.press(
        ANA, TEAM, review["message_id"], encode(Press("edit", str(draft_id)))
    )
    answer = await emulator.answered(stale)
    assert answer["show_alert"] is True
    assert answer["text"] == (
        "Sorry Ana, the draft hides the comment and takes no reply: hide it or reject it."
    )
    assert len(await emulator.messages(TEAM)) == 1

    await emulator.press(ANA, TEAM, review["message_id"], buttons(review)["🙈 Hide"])
    decided = await emulator.edited(TEAM, review["message_id"])
    assert f"🙈 Draft #{draft_id} hidden by Ana" in decided["text"]
    assert "Reply" not in decided["text"]
    assert "reply_markup" not in decided
    outbox = tmp_path / "outbox.jsonl"
    assert await publish_approved(store.drafts, OutboxFilePublisher(outbox)) == 1
    [line] = published(outbox)
    assert line["action"] == "hide" and "text" not in line
