"""An Approve from a review message whose draft changed since: refused, nothing published."""

from __future__ import annotations

import pytest

from bot.models import DraftStatus
from bot.store import Store
from bot.store.drafts import draft_fingerprint
from handlers.telegram import TelegramChannel
from handlers.telegram._callbacks import Press, encode
from tests.handlers.telegram.conftest import ANA, TEAM, Pump, review_request
from tests.handlers.telegram.emulator import Emulator, buttons
from tests.store.test_threads import in_thread

pytestmark = pytest.mark.slow

FIRST = "Sorry about the delay, DM us your order number."
SECOND = "Sorry it's still not sorted, DM us."


async def test_an_approve_on_the_message_of_an_older_version_is_refused(
    emulator: Emulator, channel: TelegramChannel, store: Store, pump: Pump
) -> None:
    draft_id = await review_request(store, in_thread(1, "my parcel is late", FIRST))
    assert (await pump.deliver()).sent == 1
    [review] = await emulator.messages(TEAM)
    approve = buttons(review)["✅ Approve"]
    assert approve == f"da:{draft_id}:{draft_fingerprint('reply', FIRST)}"
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
