"""Draft review in Slack end to end: the real Bolt app, signed clicks, SQLite, the outbox."""

from __future__ import annotations

import json
from dataclasses import replace

from bot.draft_review import draft_fingerprint
from bot.models import DraftStatus
from bot.review_message import review_payload
from bot.store import Store
from tests.handlers.slack.fake_slack import Message
from tests.handlers.slack.rig import REVIEW, Rig
from tests.store.test_drafts import engagement


async def review_message(rig: Rig, n: int = 1) -> tuple[int, Message]:
    """Queue a review request and deliver it; returns the draft id and the Slack message."""
    item = engagement(n, receiver="review")
    await rig.store.feeds.ingest([item.comment])
    [notice] = await rig.store.drafts.save_engagement([item], review_payload)
    assert (await rig.deliver()).sent == 1
    message = rig.fake.posts(REVIEW)[-1]
    return int(notice.subject), message


def texts(message: Message) -> str:
    return json.dumps(message.blocks, ensure_ascii=False)


async def edited(rig: Rig, message: Message) -> Message:
    await rig.fake.wait_for(lambda: message.edits > 0, "the review message to be updated")
    return message


async def test_review_request_is_posted_with_buttons_and_its_ref_kept(rig: Rig) -> None:
    draft_id, message = await review_message(rig)
    body = texts(message)
    assert "Where is my order #4411? Two weeks now." in body
    assert "So sorry!" in body
    assert "complaint, support request" in body
    actions = next(b for b in message.blocks if b["type"] == "actions")
    assert [e["text"]["text"] for e in actions["elements"]] == ["Approve", "Edit", "Reject"]
    approve, edit, reject = (e["value"] for e in actions["elements"])
    key = (await rig.store.drafts.get(draft_id)).comment_key
    assert approve == edit == reject == f"{draft_id}:{draft_fingerprint('reply', 'So sorry!', key)}"
    [ref] = await rig.store.outbox.refs("draft", str(draft_id))
    assert (ref.receiver, ref.channel, ref.chat, ref.message_id) == (
        "review",
        "slack",
        REVIEW,
        message.ts,
    )
    call = rig.fake.calls_to("chat.postMessage")[-1]
    assert call.token == "xoxb-0000-test-token"
    assert call.args["unfurl_links"] is False


async def test_approve_updates_sqlite_and_the_message_in_place(rig: Rig, store: Store) -> None:
    draft_id, message = await review_message(rig)
    await rig.press(message, "draft_approve", user="U0ANA")
    await edited(rig, message)
    record = await store.drafts.get(draft_id)
    assert record.status is DraftStatus.APPROVED
    assert record.decided_by == "Ana"
    assert rig.nudges == 1
    assert not any(b["type"] == "actions" for b in message.blocks)
    assert "Approved by *Ana*" in texts(message)
    await rig.settled()
    assert await store.outbox.counts() == {"sent": 2}
    # The bot learnt who it is once, from auth.test against the fake, never from slack.com.
    assert len(rig.fake.calls_to("auth.test")) == 1


async def test_a_second_click_by_someone_else_is_refused_politely(rig: Rig, store: Store) -> None:
    draft_id, message = await review_message(rig)
    stale = replace(message, blocks=list(message.blocks))  # Max's Slack still shows the buttons
    await rig.press(message, "draft_approve", user="U0ANA")
    await edited(rig, message)
    answer = await rig.response(await rig.press(stale, "draft_reject", user="U0MAX"))
    # Reject opens a modal only for a draft still waiting; this one is decided.
    assert answer["response_type"] == "ephemeral"
    assert answer["replace_original"] is False
    assert "already approved by Ana" in answer["text"]
    answer = await rig.response(await rig.press(stale, "draft_approve", user="U0MAX"))
    assert "already approved by Ana at 2026-11-25 08:00 UTC" in answer["text"]
    assert (await store.drafts.get(draft_id)).status is DraftStatus.APPROVED
    decided = await store.db.scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'draft.%'")
    assert decided == 1
    assert not rig.fake.calls_to("views.open")


async def test_edit_opens_a_modal_and_the_edited_reply_is_approved(rig: Rig, store: Store) -> None:
    draft_id, message = await review_message(rig)
    await rig.press(message, "draft_edit", user="U0ANA")
    [call] = await rig.fake.wait_for(lambda: rig.fake.calls_to("views.open"), "the edit modal")
    view = call.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    box = view["blocks"][1]["element"]
    assert box["initial_value"] == "So sorry!"
    assert json.loads(view["private_metadata"])["draft"] == draft_id

    status, body = await rig.submit(view, {"reply": "   "})
    assert status == 200
    assert json.loads(body)["response_action"] == "errors"
    assert (await store.drafts.get(draft_id)).status is DraftStatus.PENDING_REVIEW

    status, _ = await rig.submit(
        view, {"reply": "So sorry! DM us the order number & we'll fix it."}
    )
    assert status == 200
    await edited(rig, message)
    record = await store.drafts.get(draft_id)
    assert record.status is DraftStatus.EDITED
    assert record.text == "So sorry! DM us the order number & we'll fix it."
    assert "DM us the order number &amp; we'll fix it." in texts(message)
    assert "Edited and approved by *Ana*" in texts(message)


async def test_reject_asks_for_a_reason_and_keeps_it(rig: Rig, store: Store) -> None:
    draft_id, message = await review_message(rig)
    await rig.press(message, "draft_reject", user="U0ANA")
    [call] = await rig.fake.wait_for(lambda: rig.fake.calls_to("views.open"), "the reject modal")
    view = call.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["callback_id"] == "draft_reject_submit"
    await rig.submit(view, {"reason": "off-brand <!here> tone"})
    await edited(rig, message)
    record = await store.drafts.get(draft_id)
    assert record.status is DraftStatus.REJECTED
    assert record.reason == "off-brand <!here> tone"
    assert "reason: off-brand &lt;!here&gt; tone" in texts(message)
    assert rig.fake.special_syntax == []


async def test_a_non_approver_is_refused_ephemerally_and_audited(rig: Rig, store: Store) -> None:
    draft_id, message = await review_message(rig)
    answer = await rig.response(await rig.press(message, "draft_approve", user="U0VIC"))
    assert answer["response_type"] == "ephemeral"
    assert "Sorry — you may not decide replies for brand alpenglow" in answer["text"]
    answer = await rig.response(await rig.press(message, "draft_approve", user="U0EVE"))
    assert "not on this workspace's list of people" in answer["text"]
    answer = await rig.response(await rig.press(message, "draft_edit", user="U0LEE"))
    # Opening the editor follows the rule of deciding: the same words as on Telegram.
    assert answer["text"] == "Sorry — you may not decide replies for brand alpenglow."
    assert not rig.fake.calls_to("views.open")
    assert (await store.drafts.get(draft_id)).status is DraftStatus.PENDING_REVIEW
    refused = await store.db.fetchall(
        "SELECT actor, action, subject FROM audit_log WHERE action LIKE 'refused.%' ORDER BY id"
    )
    assert [tuple(r) for r in refused] == [
        ("Vic (slack)", "refused.approved", f"draft:{draft_id}"),
        ("eve (slack)", "refused.approved", f"draft:{draft_id}"),
    ]
    assert message.edits == 0


async def test_an_approver_by_user_group_may_approve(rig: Rig, store: Store) -> None:
    draft_id, message = await review_message(rig)
    name = await rig.press(message, "draft_approve", user="U0GRP")
    await rig.fake.wait_for(
        lambda: message.edits or any(n == name for n, _ in rig.fake.responses),
        "a decision or a refusal",
    )
    assert (await store.drafts.get(draft_id)).status is DraftStatus.APPROVED


async def test_user_groups_are_read_from_slack_and_open_the_editor(rig: Rig) -> None:
    _, message = await review_message(rig)
    await rig.press(message, "draft_edit", user="U0GRP")
    await rig.fake.wait_for(lambda: rig.fake.calls_to("views.open"), "the edit modal")
    [call] = rig.fake.calls_to("usergroups.users.list")
    assert call.args["usergroup"] == "S0CREW"
