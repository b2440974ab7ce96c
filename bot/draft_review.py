"""A reply draft as the store keeps it, and the rules of deciding one (approve, edit, reject)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from bot.models import DraftStatus

__all__ = [
    "BY_HAND",
    "HIDE_ACTIONS",
    "DraftChanged",
    "DraftNotFound",
    "DraftRecord",
    "InvalidTransition",
    "UnfitDecision",
    "decision_problem",
    "draft_fingerprint",
    "takes_reply",
]

# Moderation drafts: approving one hides the comment; there is no reply to write or edit.
HIDE_ACTIONS: frozenset[str] = frozenset({"hide", "hide_and_escalate"})
# A draft a person has to answer: it holds no reply until someone writes one (an edit).
BY_HAND = "human"


class InvalidTransition(ValueError):
    """The draft is not in a state that allows the requested decision."""

    def __init__(self, record: DraftRecord, wanted: DraftStatus) -> None:
        who = f" by {record.decided_by}" if record.decided_by else ""
        super().__init__(
            f"draft {record.id} is already {record.status.value}{who}; cannot make it "
            f"{wanted.value}"
        )
        self.record = record


class DraftNotFound(LookupError):
    pass


class UnfitDecision(ValueError):
    """The decision does not fit the draft (no reply to approve, a text for a hide); the
    message says what to do instead."""


class DraftChanged(UnfitDecision):
    """The draft was updated after the message a decision came from was posted: the person
    did not see what approving it now would publish. Nothing changed."""

    def __init__(self, record: DraftRecord) -> None:
        super().__init__(
            f"draft #{record.id} changed since this message was posted (the customer wrote"
            " again) — see the new message for it; nothing changed"
        )
        self.record = record


def draft_fingerprint(action: str, text: str, comment_key: str) -> str:
    """A short fingerprint of what approving a draft publishes (its action and reply) and of
    the comment it answers, carried by a review message's buttons so a decision is taken on
    the version the person saw: a follow-up that moves the draft to the customer's new comment
    changes it even when the reply reads the same."""
    return hashlib.sha256(f"{comment_key}\n{action}\n{text}".encode()).hexdigest()[:12]


# Buttons posted before the comment was part of the fingerprint carry ten characters of the
# action and reply alone; they still decide the version they showed.
_LEGACY_LENGTH = 10


def _legacy_fingerprint(action: str, text: str) -> str:
    return hashlib.sha256(f"{action}\n{text}".encode()).hexdigest()[:_LEGACY_LENGTH]


@dataclass(frozen=True, slots=True)
class DraftRecord:
    """A draft as stored, with the comment it answers."""

    id: int
    comment_key: str
    brand: str
    platform: str
    action: str
    text: str
    note: str
    status: DraftStatus
    reason: str | None
    decided_by: str | None
    decided_at: str | None
    published_at: str | None
    created_at: str
    author: str
    comment_text: str
    comment_created_at: str
    post_id: str
    priority: float
    intents: tuple[str, ...]
    sentiment: str

    @property
    def fingerprint(self) -> str:
        """``draft_fingerprint`` of this version of the draft."""
        return draft_fingerprint(self.action, self.text, self.comment_key)

    def shown_as(self, seen: str) -> bool:
        """Whether a button carrying ``seen`` was posted for this version of the draft."""
        if len(seen) == _LEGACY_LENGTH:
            return seen == _legacy_fingerprint(self.action, self.text)
        return seen == self.fingerprint


def takes_reply(action: str) -> bool:
    """Whether a draft with this action publishes a reply (a hide publishes none)."""
    return action not in HIDE_ACTIONS


def decision_problem(draft: DraftRecord, to: DraftStatus, text: str | None) -> str | None:
    """Why deciding `draft` this way (`text` for an edit) would publish nonsense, or None.

    A hide is a hide: it takes no text. Any other draft is approved only with a reply to
    publish; one to answer by hand gets its reply from an edit.
    """
    if to is DraftStatus.REJECTED:
        return None
    if not takes_reply(draft.action):
        if text is not None:
            return "the draft hides the comment and takes no reply: approve the hide or reject it"
        return None
    if text is not None and not text.strip():
        return "the reply is empty: write one, or reject the draft"
    if text is None and to is DraftStatus.APPROVED and not draft.text.strip():
        why = ": the draft is for answering by hand" if draft.action == BY_HAND else ""
        return f"there is no reply to approve{why}; write one first (an edit), or reject it"
    return None
