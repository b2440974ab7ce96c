"""An Approve from a review message whose draft changed since: refused, nothing published."""

from __future__ import annotations

from dataclasses import replace

from bot.models import DraftStatus, Engagement
from bot.store import Store
from bot.store.drafts import draft_fingerprint
from tests.handlers.slack.fake_slack import Message
from tests.handlers.slack.rig import REVIEW, Rig
from tests.store.test_threads import in_thread as thread_item


def in_thread(n: int, text: str, reply: str) -> Engagement:
    """Comment ``n`` of one customer's thread, its draft sent to the review channel."""
    return replace(thread_item(n, text, reply), review_receiver="review")


def approve_value(message: Message) -> str:
    actions = next(b for b in message.blocks if b["type"] == "actions")
    return str(next(e["value"] for e in actions["elements"] if e["action_id"] == "draft_approve"))


def stale_copy(message: Message) -> Message:
    """The message as a reviewer's Slack still shows it, before any edit reaches it."""
    return replace(message, blocks=[dict(b) for b in message.blocks])


async def first_review(rig: Rig) -> tuple[int, Message]:
    first = in_thread(1, "my parcel is late", "Sorry about the delay, DM us your order number.")
    await rig.store.feeds.ingest([first.comment])
    [notice] = await rig.store.drafts.save_engagement([first])
    assert (await rig.deliver()).sent == 1
    return int(notice.subject), rig.fake.posts(REVIEW)[-1]


async def follow_up(rig: Rig) -> None:
    """The customer writes again in the thread: the open draft takes the new comment over."""
    second = in_thread(2, "hello?? it is still not here", "Sorry it's still not sorted, DM us.")
    await rig.store.feeds.ingest([second.comment])
    await rig.store.drafts.save_engagement([second])


async def test_approve_carries_the_fingerprint_of_the_draft_shown(rig: Rig) -> None:
    draft_id, message = await first_review(rig)
    shown = draft_fingerprint("reply", "Sorry about the delay, DM us your order number.")
    assert approve_value(message) == f"{draft_id}:{shown}"


async def test_an_approve_on_the_message_of_an_older_version_is_refused(
    rig: Rig, store: Store
) -> None:
    draft_id, message = await first_review(rig)
    stale = stale_copy(message)
    await follow_up(rig)  # its "updated" edit has not reached the reviewer's Slack yet

    answer = await rig.response(await rig.press(stale, "draft_approve", user="U0ANA"))
    assert answer["response_type"] == "ephemeral"
    assert "changed since" in answer["text"] and "see the new message" in answer["text"]
    record = await store.drafts.get(draft_id)
    assert record.status is DraftStatus.PENDING_REVIEW
    assert record.text == "Sorry it's still not sorted, DM us."
    assert not await store.drafts.publishable()
    decided = await store.db.scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'draft.%'")
    assert decided == 0

    # The new message shows the new version, and its Approve approves it.
    await rig.deliver()
    fresh = rig.fake.posts(REVIEW)[-1]
    assert fresh.ts != message.ts
    await rig.press(fresh, "draft_approve", user="U0ANA")
    await rig.fake.wait_for(lambda: fresh.edits > 0, "the new review message to be updated")
    record = await store.drafts.get(draft_id)
    assert record.status is DraftStatus.APPROVED
    assert record.text == "Sorry it's still not sorted, DM us."


async def test_an_approve_from_before_fingerprints_still_approves(rig: Rig, store: Store) -> None:
    draft_id, message = await first_review(rig)
    old = stale_copy(message)
    for block in old.blocks:
        if block["type"] == "actions":
            block["elements"] = [
                {**e, "value": str(draft_id)} if e["action_id"] == "draft_approve" else e
                for e in block["elements"]
            ]
    await rig.press(old, "draft_approve", user="U0ANA")
    await rig.fake.wait_for(lambda: message.edits > 0, "the review message to be updated")
    assert (await store.drafts.get(draft_id)).status is DraftStatus.APPROVED
