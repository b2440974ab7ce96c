"""The rules of deciding a draft: which decision fits it, and which version a button decides."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

import pytest

from bot.draft_review import (
    BY_HAND,
    DraftChanged,
    DraftRecord,
    InvalidTransition,
    decision_problem,
    draft_fingerprint,
    takes_reply,
)
from bot.models import DraftStatus


def record(action: str = "reply", text: str = "So sorry! DM us.", **changes: Any) -> DraftRecord:
    """A stored draft waiting for review, as the store returns it."""
    draft = DraftRecord(
        id=7,
        comment_key="instagram:c-1",
        brand="acme",
        platform="instagram",
        action=action,
        text=text,
        note="",
        status=DraftStatus.PENDING_REVIEW,
        reason=None,
        decided_by=None,
        decided_at=None,
        published_at=None,
        created_at="2026-01-05T09:00:00+00:00",
        author="sam",
        comment_text="Where is my order #4411?",
        comment_created_at="2026-01-05T08:59:00+00:00",
        post_id="p-1",
        priority=72.0,
        intents=("complaint",),
        sentiment="negative",
    )
    return replace(draft, **changes)


@pytest.mark.parametrize("action", ["hide", "hide_and_escalate"])
def test_a_hide_publishes_no_reply_and_takes_no_text(action: str) -> None:
    hide = record(action, "")
    assert not takes_reply(action)
    assert decision_problem(hide, DraftStatus.APPROVED, None) is None
    assert decision_problem(hide, DraftStatus.REJECTED, None) is None
    problem = decision_problem(hide, DraftStatus.EDITED, "Go away")
    assert (
        problem == "the draft hides the comment and takes no reply: approve the hide or reject it"
    )


def test_a_reply_is_approved_as_written_or_edited_to_a_text() -> None:
    reply = record()
    assert takes_reply(reply.action)
    assert decision_problem(reply, DraftStatus.APPROVED, None) is None
    assert decision_problem(reply, DraftStatus.EDITED, "Hi! DM us your order number.") is None


@pytest.mark.parametrize("text", ["", "   \n"])
def test_an_edit_to_an_empty_reply_is_refused(text: str) -> None:
    problem = decision_problem(record(), DraftStatus.EDITED, text)
    assert problem == "the reply is empty: write one, or reject the draft"


def test_a_draft_to_answer_by_hand_needs_a_reply_before_it_is_approved() -> None:
    by_hand = record(BY_HAND, "")
    assert takes_reply(BY_HAND)
    problem = decision_problem(by_hand, DraftStatus.APPROVED, None)
    assert problem == (
        "there is no reply to approve: the draft is for answering by hand; write one first"
        " (an edit), or reject it"
    )
    assert decision_problem(by_hand, DraftStatus.EDITED, "Hi! DM us.") is None
    assert decision_problem(by_hand, DraftStatus.REJECTED, None) is None


def test_a_reply_draft_left_empty_is_not_approved_but_not_called_one_by_hand() -> None:
    problem = decision_problem(record(text=" "), DraftStatus.APPROVED, None)
    assert problem == "there is no reply to approve; write one first (an edit), or reject it"


def test_a_button_decides_only_the_version_it_was_posted_for() -> None:
    draft = record()
    shown = draft.fingerprint
    assert len(shown) == 12 and set(shown) <= set("0123456789abcdef")
    assert draft.shown_as(shown)
    # The customer wrote again: the draft moved to the new comment, with the same reply.
    assert not replace(draft, comment_key="instagram:c-2").shown_as(shown)
    assert not replace(draft, text="So sorry! Please DM us.").shown_as(shown)
    assert not replace(draft, action="hide").shown_as(shown)
    assert shown == draft_fingerprint("reply", "So sorry! DM us.", "instagram:c-1")


def test_a_button_posted_before_the_comment_was_fingerprinted_still_decides_its_version() -> None:
    draft = record()
    # Such buttons carry ten hex characters of the action and the reply alone.
    older = hashlib.sha256(b"reply\nSo sorry! DM us.").hexdigest()[:10]
    assert draft.shown_as(older)
    assert not replace(draft, text="So sorry! Please DM us.").shown_as(older)


def test_refusals_name_the_draft_its_state_and_who_decided_it() -> None:
    decided = record(status=DraftStatus.EDITED, decided_by="ana (slack)")
    refused = InvalidTransition(decided, DraftStatus.REJECTED)
    assert str(refused) == "draft 7 is already edited by ana (slack); cannot make it rejected"
    assert refused.record is decided
    changed = DraftChanged(decided)
    assert str(changed).startswith("draft #7 changed since this message was posted")
    assert str(changed).endswith("nothing changed")
