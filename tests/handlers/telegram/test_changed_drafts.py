"""A decision (Approve, Edit, Reject) from a review message whose draft changed since:
refused, nothing published or dropped."""

from __future__ import annotations

from typing import Any

import pytest

from bot.draft_review import draft_fingerprint
from bot.models import DraftStatus
from bot.store import Store
from handlers.telegram import TelegramChannel
from handlers.telegram.callbacks import Press, encode
from tests.handlers.telegram.conftest import ANA, TEAM, Pump, review_request
from tests.handlers.telegram.emulator import Emulator, buttons
from tests.store.test_threads import in_thread

pytestmark = pytest.mark.slow

FIRST = "Sorry about the delay, DM us your order number."
SECOND = "Sorry it's still not sorted, DM us."
# The comments the draft answers: the first, then the customer's follow-up.
KEYS = {FIRST: in_thread(1, "", FIRST).comment.key, SECOND: in_thread(2, "", SECOND).comment.key}


async def test_an_approve_on_the_message_of_an_older_version_is_refused(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id = await review_request(store, in_thread(1, "my parcel is late", FIRST))
    assert (await pump.deliver()).sent == 1
    [review] = await emulator.messages(TEAM)
    approve = buttons(review)["✅ Approve"]
    assert approve == f"da:{draft_id}:{draft_fingerprint('reply', FIRST, KEYS[FIRST])}"
    # The customer writes again; the draft is updated before the old message is.
    await review_request(store, in_thread(2, "hello?? it is still not here", SECOND))

    pressed = await emulator.press(ANA, TEAM, review["message_id"], approve)

    answer = await emulator.answered(pressed)
    assert answer["show_alert"] is True
    assert "changed since" in answer["text"] and "see the new message" in answer["text"]
    record = await store.drafts.get(draft_id)
    assert record.status is DraftStatus.PENDING_REVIEW and record.text == SECOND
    assert not await store.drafts.publishable()

    # The new message carries the new version; its Approve approves it.
    await pump.deliver()
    fresh = (await emulator.messages(TEAM))[-1]
    assert fresh["message_id"] != review["message_id"]
    await emulator.press(ANA, TEAM, fresh["message_id"], buttons(fresh)["✅ Approve"])
    await emulator.edited(TEAM, fresh["message_id"])
    record = await store.drafts.get(draft_id)
    assert record.status is DraftStatus.APPROVED and record.text == SECOND


async def test_an_approve_from_before_fingerprints_still_approves(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id = await review_request(store, in_thread(1, "my parcel is late", FIRST))
    await pump.deliver()
    [review] = await emulator.messages(TEAM)

    pressed = await emulator.press(
        ANA, TEAM, review["message_id"], encode(Press("approve", str(draft_id)))
    )

    assert await emulator.answered(pressed)
    await emulator.edited(TEAM, review["message_id"])
    assert (await store.drafts.get(draft_id)).status is DraftStatus.APPROVED


def shown(draft_id: int, text: str) -> str:
    return f"{draft_id}:{draft_fingerprint('reply', text, KEYS[text])}"


async def first_review(store: Store, pump: Pump, emulator: Emulator) -> tuple[int, dict[str, Any]]:
    draft_id = await review_request(store, in_thread(1, "my parcel is late", FIRST))
    assert (await pump.deliver()).sent == 1
    [review] = await emulator.messages(TEAM)
    return draft_id, review


async def follow_up(store: Store) -> None:
    """The customer writes again: the open draft takes the new comment over."""
    await review_request(store, in_thread(2, "hello?? it is still not here", SECOND))


async def still_the_second_version(store: Store, draft_id: int) -> None:
    record = await store.drafts.get(draft_id)
    assert (record.status, record.text) == (DraftStatus.PENDING_REVIEW, SECOND)
    assert not await store.drafts.publishable()


async def test_edit_and_reject_carry_the_fingerprint_of_the_draft_shown(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id, review = await first_review(store, pump, emulator)
    assert buttons(review)["✏️ Edit"] == f"de:{shown(draft_id, FIRST)}"
    assert buttons(review)["❌ Reject"] == f"dr:{shown(draft_id, FIRST)}"


async def test_a_reject_on_the_message_of_an_older_version_is_refused(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id, review = await first_review(store, pump, emulator)
    await follow_up(store)  # the old message is not updated yet

    pressed = await emulator.press(ANA, TEAM, review["message_id"], buttons(review)["❌ Reject"])

    answer = await emulator.answered(pressed)
    assert answer["show_alert"] is True
    assert "changed since" in answer["text"] and "see the new message" in answer["text"]
    await still_the_second_version(store, draft_id)

    # The new message carries the new version; its Reject rejects it.
    await pump.deliver()
    fresh = (await emulator.messages(TEAM))[-1]
    assert fresh["message_id"] != review["message_id"]
    assert buttons(fresh)["❌ Reject"] == f"dr:{shown(draft_id, SECOND)}"
    await emulator.press(ANA, TEAM, fresh["message_id"], buttons(fresh)["❌ Reject"])
    await emulator.edited(TEAM, fresh["message_id"])
    assert (await store.drafts.get(draft_id)).status is DraftStatus.REJECTED


async def test_an_edit_on_the_message_of_an_older_version_asks_for_no_text(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id, review = await first_review(store, pump, emulator)
    await follow_up(store)

    pressed = await emulator.press(ANA, TEAM, review["message_id"], buttons(review)["✏️ Edit"])

    answer = await emulator.answered(pressed)
    assert answer["show_alert"] is True
    assert "changed since" in answer["text"] and "see the new message" in answer["text"]
    await pump.deliver()  # the fresh card comes; still no prompt for the old version
    said = [m["text"] for m in await emulator.messages(TEAM)]
    assert not [text for text in said if "new text for draft" in text]
    await still_the_second_version(store, draft_id)


async def test_an_edit_sent_after_the_draft_changed_again_is_refused(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id, review = await first_review(store, pump, emulator)
    await emulator.press(ANA, TEAM, review["message_id"], buttons(review)["✏️ Edit"])
    prompt = await emulator.reply_in(TEAM, f"new text for draft #{draft_id}")
    await follow_up(store)  # the customer writes again while the reviewer types

    await emulator.say(ANA, TEAM, "So sorry! Please DM us.", reply_to=prompt["message_id"])

    refusal = await emulator.reply_in(TEAM, "changed since")
    assert "see the new message" in refusal["text"]
    # Not "reply to my question again": that prompt names the old version and is refused
    # every time; the new message's Edit asks afresh.
    assert "reply to my question again" not in refusal["text"]
    await still_the_second_version(store, draft_id)


async def test_an_edit_prompt_from_before_versions_still_edits(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id, review = await first_review(store, pump, emulator)
    await emulator.press(ANA, TEAM, review["message_id"], encode(Press("edit", str(draft_id))))
    prompt = await emulator.reply_in(TEAM, f"new text for draft #{draft_id}")
    assert "Version shown" not in prompt["text"]

    await emulator.say(ANA, TEAM, "So sorry! Please DM us.", reply_to=prompt["message_id"])

    await emulator.reply_in(TEAM, f"Draft #{draft_id} edited and approved")
    record = await store.drafts.get(draft_id)
    assert (record.status, record.text) == (DraftStatus.EDITED, "So sorry! Please DM us.")
