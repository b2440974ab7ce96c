"""A decision (Approve, Edit, Reject) from a review message whose draft changed since:
refused, nothing published or dropped."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from bot.draft_review import draft_fingerprint
from bot.models import DraftStatus, Engagement
from bot.review_message import review_payload
from bot.store import Store
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
    [notice] = await rig.store.drafts.save_engagement([first], review_payload)
    assert (await rig.deliver()).sent == 1
    return int(notice.subject), rig.fake.posts(REVIEW)[-1]


async def follow_up(rig: Rig) -> None:
    """The customer writes again in the thread: the open draft takes the new comment over."""
    second = in_thread(2, "hello?? it is still not here", "Sorry it's still not sorted, DM us.")
    await rig.store.feeds.ingest([second.comment])
    await rig.store.drafts.save_engagement([second], review_payload)


async def test_approve_carries_the_fingerprint_of_the_draft_shown(rig: Rig) -> None:
    draft_id, message = await first_review(rig)
    shown = draft_fingerprint("reply", FIRST, thread_item(1, "", FIRST).comment.key)
    assert approve_value(message) == f"{draft_id}:{shown}"


@pytest.mark.slow
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


@pytest.mark.slow
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


FIRST = "Sorry about the delay, DM us your order number."
SECOND = "Sorry it's still not sorted, DM us."


def button_value(message: Message, action_id: str) -> str:
    actions = next(b for b in message.blocks if b["type"] == "actions")
    return str(next(e["value"] for e in actions["elements"] if e["action_id"] == action_id))


async def opened_views(rig: Rig) -> list[dict[str, Any]]:
    return [
        dict(json.loads(v) if isinstance(v := call.args["view"], str) else v)
        for call in rig.fake.calls_to("views.open")
    ]


async def still_the_second_version(store: Store, draft_id: int) -> None:
    record = await store.drafts.get(draft_id)
    assert (record.status, record.text) == (DraftStatus.PENDING_REVIEW, SECOND)
    assert not await store.drafts.publishable()
    decided = await store.db.scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'draft.%'")
    assert decided == 0


async def test_an_approve_is_refused_when_the_draft_moved_to_a_new_comment_with_the_same_reply(
    rig: Rig, store: Store
) -> None:
    # Was approved: the fingerprint covered the reply alone, and the customer's follow-up
    # happened to get the same reply, so the old message approved an answer to a comment
    # the reviewer had not read.
    draft_id, message = await first_review(rig)
    stale = stale_copy(message)
    second = thread_item(2, "hello?? it is still not here, third time asking", FIRST)
    await rig.store.feeds.ingest([second.comment])
    await rig.store.drafts.save_engagement([second], review_payload)

    answer = await rig.response(await rig.press(stale, "draft_approve", user="U0ANA"))
    assert "changed since" in answer["text"]
    record = await store.drafts.get(draft_id)
    assert (record.status, record.comment_key) == (DraftStatus.PENDING_REVIEW, second.comment.key)
    assert not await store.drafts.publishable()


async def test_edit_and_reject_carry_the_fingerprint_of_the_draft_shown(rig: Rig) -> None:
    draft_id, message = await first_review(rig)
    shown = f"{draft_id}:{draft_fingerprint('reply', FIRST, thread_item(1, '', FIRST).comment.key)}"
    assert button_value(message, "draft_edit") == shown
    assert button_value(message, "draft_reject") == shown


@pytest.mark.slow
@pytest.mark.parametrize("button", ["draft_edit", "draft_reject"])
async def test_a_form_opened_from_the_message_of_an_older_version_is_refused(
    rig: Rig, store: Store, button: str
) -> None:
    draft_id, message = await first_review(rig)
    stale = stale_copy(message)
    await follow_up(rig)  # its "updated" edit has not reached the reviewer's Slack yet

    answer = await rig.response(await rig.press(stale, button, user="U0ANA"))
    assert answer["response_type"] == "ephemeral"
    assert "changed since" in answer["text"] and "see the new message" in answer["text"]
    assert await opened_views(rig) == []  # no form on a text the reviewer has not read
    await still_the_second_version(store, draft_id)

    # The new message shows the new version, and its button opens the form on it.
    await rig.deliver()
    fresh = rig.fake.posts(REVIEW)[-1]
    assert fresh.ts != message.ts
    second_key = thread_item(2, "", SECOND).comment.key
    assert (
        button_value(fresh, button)
        == f"{draft_id}:{draft_fingerprint('reply', SECOND, second_key)}"
    )
    await rig.press(fresh, button, user="U0ANA")
    await rig.fake.wait_for(lambda: rig.fake.calls_to("views.open"), "the form")


@pytest.mark.parametrize(
    ("button", "values"),
    [("draft_edit", {"reply": "So sorry! Please DM us."}), ("draft_reject", {"reason": "dup"})],
)
async def test_a_draft_updated_while_its_form_is_open_is_not_decided_unseen(
    rig: Rig, store: Store, button: str, values: dict[str, str]
) -> None:
    draft_id, message = await first_review(rig)
    await rig.press(message, button, user="U0ANA")
    [view] = await rig.fake.wait_for(lambda: rig.fake.calls_to("views.open"), "the form")
    form = view.args["view"]
    form = dict(json.loads(form) if isinstance(form, str) else form)
    await follow_up(rig)  # the customer writes again while the reviewer types

    status, body = await rig.submit(form, values)
    assert (status, body) == (200, "")
    [note] = await rig.fake.wait_for(
        lambda: rig.fake.calls_to("chat.postEphemeral"), "the private note"
    )
    assert (note.args["channel"], note.args["user"]) == (REVIEW, "U0ANA")
    assert "changed since" in note.args["text"] and "see the new message" in note.args["text"]
    await still_the_second_version(store, draft_id)


async def test_a_form_from_before_fingerprints_still_decides(rig: Rig, store: Store) -> None:
    """A form opened by a button that carried only the draft id rejects as before."""
    draft_id, message = await first_review(rig)
    old = stale_copy(message)
    for block in old.blocks:
        if block["type"] == "actions":
            block["elements"] = [{**e, "value": str(draft_id)} for e in block["elements"]]
    await rig.press(old, "draft_reject", user="U0ANA")
    [view] = await rig.fake.wait_for(lambda: rig.fake.calls_to("views.open"), "the form")
    form = view.args["view"]
    form = dict(json.loads(form) if isinstance(form, str) else form)
    await rig.submit(form, {"reason": "answered by DM"})
    await rig.fake.wait_for(lambda: message.edits > 0, "the review message to be updated")
    assert (await store.drafts.get(draft_id)).status is DraftStatus.REJECTED
