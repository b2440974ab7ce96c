"""Drafts that are not plain replies, in Slack: one to answer by hand is written (within the
platform's limit) before it is approved; a hide is hidden or rejected, never edited."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.models import DraftStatus, Engagement
from bot.publisher import OutboxFilePublisher, publish_approved
from bot.review_message import review_payload
from bot.store import Store
from tests.handlers.slack.fake_slack import Message
from tests.handlers.slack.rig import REVIEW, Rig
from tests.store.test_drafts import drafted, on_platform, published
from tests.store.test_drafts import engagement as reply_engagement


async def review(rig: Rig, item: Engagement) -> tuple[int, Message]:
    """Queue the review request of `item` and deliver it: the draft id and the Slack message."""
    await rig.store.feeds.ingest([item.comment])
    [notice] = await rig.store.drafts.save_engagement([item], review_payload)
    assert (await rig.deliver()).sent == 1
    return int(notice.subject), rig.fake.posts(REVIEW)[-1]


def buttons(message: Message) -> list[str]:
    actions = [b for b in message.blocks if b["type"] == "actions"]
    return [e["text"]["text"] for block in actions for e in block["elements"]]


def shown(message: Message) -> str:
    return json.dumps([message.text, message.blocks], ensure_ascii=False)


def with_stale_button(message: Message, action_id: str, draft_id: int) -> Message:
    """The message as a Slack client that still shows an older button would send it."""
    button = {
        "type": "button",
        "action_id": action_id,
        "value": str(draft_id),
        "text": {"type": "plain_text", "text": "stale"},
    }
    stale = {"type": "actions", "block_id": "stale", "elements": [button]}
    return replace(message, blocks=[*message.blocks, stale])


async def opened_view(rig: Rig, count: int = 1) -> dict[str, Any]:
    calls = await rig.fake.wait_for(
        lambda: len(rig.fake.calls_to("views.open")) >= count and rig.fake.calls_to("views.open"),
        "the modal",
    )
    view = calls[count - 1].args["view"]
    return dict(json.loads(view) if isinstance(view, str) else view)


async def test_a_draft_to_answer_by_hand_offers_write_reply_and_never_an_empty_approval(
    rig: Rig, store: Store, tmp_path: Path
) -> None:
    draft_id, message = await review(rig, drafted(1, "human", "linkedin", receiver="review"))
    assert buttons(message) == ["Write reply", "Reject"]
    assert "Comment to answer by hand" in shown(message)
    assert "No reply drafted" in shown(message)

    # An Approve from an older message has no reply to publish: only the presser hears so.
    stale = with_stale_button(message, "draft_approve", draft_id)
    answer = await rig.response(await rig.press(stale, "draft_approve", user="U0ANA"))
    assert answer["response_type"] == "ephemeral"
    assert answer["replace_original"] is False
    assert answer["text"] == (
        "Sorry — there is no reply to approve: the draft is for answering by hand; write one "
        "first (an edit), or reject it."
    )
    assert (await store.drafts.get(draft_id)).status is DraftStatus.PENDING_REVIEW

    await rig.press(message, "draft_edit", user="U0ANA")
    view = await opened_view(rig)
    assert view["title"]["text"] == "Write reply"
    [_, box] = view["blocks"]
    assert box["hint"]["text"] == "LinkedIn takes at most 1,250 characters."
    assert box["element"]["max_length"] == 1250
    assert not box["element"].get("initial_value")

    # Slack's box stops at 1,250 characters; a submission past it is refused in the form too.
    status, body = await rig.submit(view, {"reply": "Thanks for asking! " * 70})
    assert status == 200
    assert json.loads(body) == {
        "response_action": "errors",
        "errors": {
            "reply": "The reply is 1,329 characters and LinkedIn takes at most 1,250: shorten "
            "it by 79."
        },
    }
    record = await store.drafts.get(draft_id)
    assert (record.status, record.text) == (DraftStatus.PENDING_REVIEW, "")

    status, _ = await rig.submit(view, {"reply": "Thanks for asking! We ship in 3 days."})
    assert status == 200
    await rig.fake.wait_for(lambda: message.edits, "the decision")
    assert (await store.drafts.get(draft_id)).status is DraftStatus.EDITED
    assert "We ship in 3 days." in shown(message)
    assert buttons(message) == []
    assert not rig.fake.calls_to("chat.postEphemeral")
    outbox = tmp_path / "outbox.jsonl"
    assert await publish_approved(store.drafts, OutboxFilePublisher(outbox)) == 1
    [line] = published(outbox)
    assert (line["action"], line["text"]) == ("reply", "Thanks for asking! We ship in 3 days.")


async def test_a_reply_over_the_platforms_limit_is_a_field_error_in_the_edit_form(
    rig: Rig, store: Store
) -> None:
    item = on_platform(reply_engagement(1, receiver="review"), "x")
    draft_id, message = await review(rig, item)
    assert buttons(message) == ["Approve", "Edit", "Reject"]
    await rig.press(message, "draft_edit", user="U0ANA")
    view = await opened_view(rig)
    [_, box] = view["blocks"]
    assert box["hint"]["text"] == "X takes at most 280 characters; a link counts as 23."
    # X counts a link as 23 characters whatever its length, so the box cannot count for it.
    assert box["element"]["max_length"] == 3000

    status, body = await rig.submit(view, {"reply": "So sorry about the wait! " * 12})
    assert json.loads(body)["errors"] == {
        "reply": "The reply is 299 characters and X takes at most 280: shorten it by 19."
    }
    assert (await store.drafts.get(draft_id)).status is DraftStatus.PENDING_REVIEW
    assert message.edits == 0
    # Refused beside the field, not whispered in the channel.
    assert not rig.fake.calls_to("chat.postEphemeral")

    link = "https://shop.example/orders/track?order=4411&utm_source=x&utm_medium=reply" * 4
    status, body = await rig.submit(view, {"reply": f"So sorry! Track it here: {link}"})
    assert (status, body) == (200, "")
    await rig.fake.wait_for(lambda: message.edits, "the decision")
    assert (await store.drafts.get(draft_id)).status is DraftStatus.EDITED


async def test_a_hide_is_hidden_or_rejected_and_offers_no_edit(
    rig: Rig, store: Store, tmp_path: Path
) -> None:
    draft_id, message = await review(rig, drafted(1, "hide_and_escalate", receiver="review"))
    assert buttons(message) == ["Hide", "Reject"]
    assert "Comment to hide" in shown(message)
    assert "Suggested reply" not in shown(message)

    # An Edit from an older message: a hide takes no text, so no form opens.
    stale = with_stale_button(message, "draft_edit", draft_id)
    answer = await rig.response(await rig.press(stale, "draft_edit", user="U0ANA"))
    assert answer["response_type"] == "ephemeral"
    assert answer["replace_original"] is False
    assert answer["text"] == (
        "Sorry — the draft hides the comment and takes no reply: hide it or reject it."
    )
    assert not rig.fake.calls_to("views.open")

    await rig.press(message, "draft_approve", user="U0ANA")
    await rig.fake.wait_for(lambda: message.edits, "the decision")
    assert (await store.drafts.get(draft_id)).status is DraftStatus.APPROVED
    decided = shown(message)
    assert "🙈 Comment hidden · Alpenglow · instagram" in decided
    assert "🙈 Hidden by *Ana*" in decided
    assert "approved" not in decided.lower()
    assert "Reply to publish" not in decided
    assert buttons(message) == []
    outbox = tmp_path / "outbox.jsonl"
    assert await publish_approved(store.drafts, OutboxFilePublisher(outbox)) == 1
    [line] = published(outbox)
    assert line["action"] == "hide" and "text" not in line


async def test_a_decision_made_while_the_form_was_open_is_told_only_to_the_submitter(
    rig: Rig, store: Store
) -> None:
    draft_id, message = await review(rig, reply_engagement(1, receiver="review"))
    await rig.press(message, "draft_edit", user="U0ANA")
    view = await opened_view(rig)
    stale = replace(message, blocks=list(message.blocks))
    await rig.press(stale, "draft_reject", user="U0MAX")
    rejecting = await opened_view(rig, 2)
    await rig.submit(rejecting, {"reason": "answered by DM"}, user="U0MAX")
    await rig.fake.wait_for(lambda: message.edits, "the rejection")

    status, body = await rig.submit(view, {"reply": "So sorry! DM us."})
    assert (status, body) == (200, "")
    [note] = await rig.fake.wait_for(
        lambda: rig.fake.calls_to("chat.postEphemeral"), "the private note"
    )
    assert (note.args["channel"], note.args["user"]) == (REVIEW, "U0ANA")
    assert "already rejected by Max" in note.args["text"]
    assert (await store.drafts.get(draft_id)).status is DraftStatus.REJECTED
    assert len(rig.fake.posts(REVIEW)) == 1 and message.edits == 1
