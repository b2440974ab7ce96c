"""Reply drafts from Jinja2 templates per language, intent, voice and platform, with variants."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.models import Comment, Draft
from bot.smo.brand import BrandProfile
from bot.smo.conversation import read_conversation
from bot.smo.draft_context import continue_in_private, frame_context, tell_topic, warn_exposed
from bot.smo.draft_first_matters import first_matters
from bot.smo.draft_guard import guarded, without_text
from bot.smo.draft_pick import SentTexts, pick
from bot.smo.draft_reading import (
    clear_spam_misreads,
    name_unread_trouble,
    note_broadcast,
    read_comment,
    read_feedback,
    read_light_moments,
    read_service_moments,
    screen_abuse,
    screen_own_storage,
    screen_spam,
)
from bot.smo.draft_refine import refine
from bot.smo.draft_route import route
from bot.smo.draft_state import DraftState, Halt
from bot.smo.openings import OWNS_WAIT_IN, owning_wait, with_greeting
from bot.smo.platforms import GOES_PRIVATE, PLATFORM_NAMES, REPLY_LIMITS, window_notes
from bot.smo.reply_plan import ReplyContext, ReplyPlan
from bot.smo.template_library import TemplateLibrary, default_templates_dir
from bot.smo.thread import ThreadMemory
from bot.smo.wording import URGENT

__all__ = [
    "GOES_PRIVATE",
    "PLATFORM_NAMES",
    "REPLY_TEMPLATES",
    "URGENT",
    "Drafter",
    "ReplyContext",
    "ReplyPlan",
    "TemplateLibrary",
    "default_templates_dir",
]

# The templates a reply can be drawn from, named after what the reply does.
REPLY_TEMPLATES: tuple[str, ...] = ("complaint", "support", "purchase_intent", "question", "praise")


class Drafter:
    """Turns an understood comment into a Draft; remembers the last text sent to each author
    and the comments seen (``threads``), so a follow-up continues the conversation.

    A draft is made in steps over one ``DraftState``: the matters that come first (safety,
    closing an account, an unanswered question, a failed channel: ``draft_first_matters``);
    what the comment says and where it sits in its conversation (``draft_reading``,
    ``conversation``); the template it is answered from (``draft_route``) and what settles it
    (``draft_refine``); what the template is told (``draft_context``); then the text, picked
    (``draft_pick``) and guarded (``draft_guard``).

    Every reply passes ``bot.smo.guardrails``: what it cannot fix goes to a person."""

    def __init__(self, library: TemplateLibrary, memory: int = 100_000) -> None:
        self.library = library
        self.threads = ThreadMemory()
        self.sent = SentTexts(memory)

    def draft(
        self, comment: Comment, brand: BrandProfile, plan: ReplyPlan, now: datetime, known: bool
    ) -> Draft | None:
        """The draft for one comment, or None when nothing needs doing."""
        notes = first_notes(comment, plan, known)
        first = first_matters(comment, brand, plan, notes, now, self.library, self.sent)
        if first is not None:
            return first
        s = read_comment(comment, brand, plan, notes)
        halt = self._read(s) or route(s) or refine(s, self.library)
        if halt is not None:
            return None if halt == "drop" else without_text(comment, halt, notes)
        context = frame_context(s)
        context = tell_topic(s, context, self.library)
        context = continue_in_private(s, context, self.library)
        context = warn_exposed(s, context)
        return self._finish(s, context, now)

    def _read(self, s: DraftState) -> Halt | None:
        """Reads the comment in turn: spam and abuse, its conversation, what else it is."""
        clear_spam_misreads(s)
        halt = screen_spam(s) or screen_abuse(s)
        if halt is not None:
            return halt
        name_unread_trouble(s)
        halt = read_conversation(s, self.threads)
        if halt is not None:
            return halt
        read_feedback(s)
        halt = screen_own_storage(s)
        if halt is not None:
            return halt
        note_broadcast(s)
        read_light_moments(s)
        read_service_moments(s)
        return None

    def _finish(self, s: DraftState, context: ReplyContext, now: datetime) -> Draft:
        """The notes on private messages, the text picked and opened, and the guarded draft."""
        if (
            s.comment.platform == "youtube"
            and s.template in GOES_PRIVATE
            and not s.brand.support_contact
        ):
            s.notes.append("YouTube has no private messages: set the brand's support contact")
        s.notes.extend(window_notes(s.comment, s.template, now))
        text = pick(s.comment, s.name, context, s.notes, self.library, self.sent)
        if text is not None and s.template in OWNS_WAIT_IN:
            text = owning_wait(text, context, s.comment.platform)
        if text is not None:
            text = with_greeting(text, context, s.comment.platform)
        if text is None:
            platform = PLATFORM_NAMES.get(s.comment.platform, s.comment.platform)
            s.notes.append(
                f"no reply fits {platform}'s {REPLY_LIMITS.get(s.comment.platform)} "
                "characters without cutting it — write a short one"
            )
            return without_text(s.comment, "human", s.notes)
        # A reference the customer lost is no fault of ours: kind words beside it are thanked.
        readings = replace(s.readings, own_loss=s.ref_lost)
        return guarded(s.comment, text, readings, s.brand, context.sign_off, s.notes, s.by_hand)


def first_notes(comment: Comment, plan: ReplyPlan, known: bool) -> list[str]:
    """The reviewer's first notes: an unknown brand, and sarcasm read."""
    notes: list[str] = []
    if not known:
        notes.append(f"unknown brand '{comment.brand}' — add it to the workspace")
    if plan.sarcasm:
        notes.append("reads as sarcasm — check the tone")
    return notes
