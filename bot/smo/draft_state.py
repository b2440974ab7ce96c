"""What the drafter has read in one comment so far and the reply it has chosen, shared by the
drafting steps in turn."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from bot.models import Comment
from bot.smo.brand import BrandProfile
from bot.smo.comment_patterns import ASKS
from bot.smo.escalation import Escalation
from bot.smo.guardrails import Readings, is_real_question
from bot.smo.reply_plan import ReplyPlan
from bot.smo.service_asks import ServiceEvent
from bot.smo.situations import PassOn, Policy
from bot.smo.thread import Turn
from bot.smo.topics import Concern

__all__ = ["DraftState", "Halt"]

# How a drafting step can end the draft early: a draft with no text for a person ("human"),
# one to hide ("hide", "hide_and_escalate"), or no draft at all ("drop").
Halt = Literal["human", "hide", "hide_and_escalate", "drop"]


@dataclass
class DraftState:
    """One comment being drafted: what it says and where it sits (read first), then the template
    chosen, the language, voice and template file, and the notes for the reviewer."""

    comment: Comment
    brand: BrandProfile
    plan: ReplyPlan
    notes: list[str]
    readings: Readings
    # Why the customer is unhappy, when they are; the comment's words with quotes plain.
    why: str | None
    said: str
    concern: Concern | None = None
    # The concern of the customer's own unanswered tweet above, which this one continues.
    concern_above: Concern | None = None
    wants_code: bool = False
    sharp: str | None = None
    stuck: str | None = None
    escalation: Escalation | None = None
    needs: set[str] = field(default_factory=set)
    trouble: re.Match[str] | None = None
    by_hand: bool = False
    # Good news in a thread about a problem: "good to hear it's sorted", never a cheer.
    glad: bool = False
    # The conversation: the earlier turn, whether it was our post to everyone, whether this
    # continues our conversation, and how it answers us (``follow_up_kind``).
    parent: Turn | None = None
    broadcast: bool = False
    # A gripe about the delay or disruption our own service update announced.
    announced: bool = False
    follow_up: bool = False
    asked_dm: bool = False
    kind: str | None = None
    # What else the comment is: feedback, a moment to answer lightly, an outage, a complaint.
    feedback: str | None = None
    opinion: str | None = None
    policy: Policy | None = None
    pass_on: PassOn | None = None
    slip: str | None = None
    missing_title: str | None = None
    # A title on the service with parts missing: ``missing_title`` too, asked which one.
    content_cut: str | None = None
    campaign: bool = False
    milestone: bool = False
    banter: bool = False
    rhetorical: str | None = None
    outage: str | None = None
    gripe: str | None = None
    overcharged: str | None = None
    fellow: str | None = None
    celebrated: str | None = None
    curious: str | None = None
    # What a repair or a service costs, asked; a booking or order reference the customer
    # lost; a service that ran wrong (a train that left early): none is a fault to diagnose.
    cost: str | None = None
    # How late or early a named service ran, asked: its record to look up, no booking.
    timing: str | None = None
    ref_lost: str | None = None
    event: ServiceEvent | None = None
    # The reply: its template ("" until one is chosen) and what shapes it.
    feedback_asks: str | None = None
    template: str = ""
    greeted: bool = False
    language: str = ""
    how_to: bool = False
    # A question about a product's own facts (its weight, its size), for a person to answer.
    product_fact: bool = False
    fresh: str | None = None
    plain_template: str = ""
    party: str | None = None
    voice: str = ""
    name: str = ""
    upset: bool = False
    second: tuple[str, str] | None = None
    _asked: list[bool] = field(default_factory=list, repr=False)

    def asks(self) -> bool:
        """Whether the comment asks for something, worked out only where a step needs it."""
        if not self._asked:
            self._asked.append(is_real_question(self.said) or ASKS.search(self.said) is not None)
        return self._asked[0]
