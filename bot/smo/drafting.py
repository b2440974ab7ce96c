"""Reply drafts from Jinja2 templates per language, intent, voice and platform, with variants."""

from __future__ import annotations

import zlib
from collections import OrderedDict
from dataclasses import replace
from datetime import datetime, timedelta

from bot.models import Comment, Draft
from bot.smo.brand import BrandProfile
from bot.smo.conversation import read_conversation
from bot.smo.draft_context import continue_in_private, frame_context, tell_topic
from bot.smo.draft_reading import (
    clear_spam_misreads,
    name_unread_trouble,
    note_broadcast,
    read_comment,
    read_feedback,
    read_light_moments,
    read_service_moments,
    screen_abuse,
    screen_spam,
)
from bot.smo.draft_refine import refine
from bot.smo.draft_route import route
from bot.smo.draft_state import DraftState, Halt
from bot.smo.escalation import find_unanswered
from bot.smo.guardrails import (
    FIXABLE,
    Problem,
    Readings,
    check,
    compose_within,
    fix,
)
from bot.smo.moments import failed_channel
from bot.smo.openings import OWNS_WAIT_IN, owning_wait, with_greeting
from bot.smo.platforms import REPLY_LIMITS, REPLY_WINDOWS, reply_length
from bot.smo.reply_context import reply_context
from bot.smo.reply_plan import ReplyContext, ReplyPlan
from bot.smo.safety import Hazard, find_hazard
from bot.smo.situations import (
    Closure,
    find_closure,
    not_answered_by_others,
    posts_private,
    third_party,
)
from bot.smo.template_library import TemplateLibrary, default_templates_dir, template_base
from bot.smo.thread import ThreadMemory
from bot.smo.wording import URGENT, duration, note_without_draft

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
# Drafts that move the conversation to private messages, where a platform window applies.
GOES_PRIVATE: frozenset[str] = frozenset({"complaint", "support", "purchase_intent", "escalation"})
PLATFORM_NAMES: dict[str, str] = {
    "instagram": "Instagram",
    "facebook": "Facebook",
    "x": "X",
    "youtube": "YouTube",
    "tiktok": "TikTok",
    "linkedin": "LinkedIn",
}


class Drafter:
    """Turns an understood comment into a Draft; remembers the last text sent to each author
    and the comments seen (``threads``), so a follow-up continues the conversation.

    A draft is made in steps over one ``DraftState``: the matters that come first (safety,
    closing an account, an unanswered question, a failed channel); what the comment says and
    where it sits in its conversation (``draft_reading``, ``conversation``); the template it is
    answered from (``draft_route``) and what settles it (``draft_refine``); what the template
    is told (``draft_context``); then the text, picked and guarded.

    Every reply passes ``bot.smo.guardrails``: what it cannot fix goes to a person."""

    def __init__(self, library: TemplateLibrary, memory: int = 100_000) -> None:
        self.library = library
        self.threads = ThreadMemory()
        self._last: OrderedDict[tuple[str, str, str], str] = OrderedDict()
        self._memory = memory

    def draft(
        self, comment: Comment, brand: BrandProfile, plan: ReplyPlan, now: datetime, known: bool
    ) -> Draft | None:
        """The draft for one comment, or None when nothing needs doing."""
        notes = first_notes(comment, plan, known)
        first = self._first_matters(comment, brand, plan, notes, now)
        if first is not None:
            return first
        s = read_comment(comment, brand, plan, notes)
        halt = self._read(s) or route(s) or refine(s, self.library)
        if halt is not None:
            return None if halt == "drop" else self._action(comment, halt, notes)
        context = frame_context(s)
        context = tell_topic(s, context, self.library)
        context = continue_in_private(s, context, self.library)
        return self._finish(s, context, now)

    def _first_matters(
        self,
        comment: Comment,
        brand: BrandProfile,
        plan: ReplyPlan,
        notes: list[str],
        now: datetime,
    ) -> Draft | None:
        """A safety or legal matter, a closure, an unanswered question or a failed channel:
        each drafted on its own, before anything else is read."""
        # A safety or legal matter is never hidden, whatever else the comment reads as.
        hazard = find_hazard(comment.text)
        if hazard is not None:
            return self._urgent(comment, brand, plan, hazard, notes)
        # Closing an account, cancelling or unsubscribing is honoured: no pitch, no questions.
        closure = find_closure(comment.text)
        if closure is not None:
            return self._closure(comment, brand, plan, closure, notes, now)

        # "That wasn't my question": another request for a DM would deflect them again.
        unanswered = find_unanswered(comment.text)
        if unanswered is not None:
            notes.insert(
                0,
                f'customer says their question was not answered ("{unanswered}") — a person'
                " reads the thread and answers it",
            )
            return self._action(comment, "human", notes)
        # "My DMs went unanswered all weekend": sending them back to the DMs would deflect
        # them again, so a person picks it up in this thread.
        failed = failed_channel(comment.text)
        if (
            failed is not None
            # "The seller ignores my messages": someone else's silence, not our channel.
            and not not_answered_by_others(comment.text)
            and third_party(comment.text, brand.industry) is None
        ):
            return self._failed_channel(comment, brand, plan, failed, notes)
        return None

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
        s.notes.extend(self._window_notes(s.comment, s.template, now))
        text = self._pick(s.comment, s.name, context, s.notes)
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
            return self._action(s.comment, "human", s.notes)
        return self._guarded(
            s.comment, text, s.readings, s.brand, context.sign_off, s.notes, s.by_hand
        )

    def _guarded(
        self,
        comment: Comment,
        text: str,
        readings: Readings,
        brand: BrandProfile,
        sign_off: str,
        notes: list[str],
        by_hand: bool,
    ) -> Draft:
        """The draft of ``text`` once the guardrails have fixed what they can; a person's if
        problems remain or ``by_hand``."""
        text, problems = self._guard(text, comment, readings, brand, sign_off)
        if problems:
            notes.append("guardrails: " + "; ".join(p.message for p in problems))
            return self._action(comment, "human", notes)
        return Draft(
            comment_key=comment.key,
            brand=comment.brand,
            platform=comment.platform,
            text=text,
            action="human" if by_hand else "reply",
            note="; ".join(notes),
        )

    def _guard(
        self, text: str, comment: Comment, readings: Readings, brand: BrandProfile, sign_off: str
    ) -> tuple[str, list[Problem]]:
        """``text`` with what the guardrails can fix fixed, and the problems left."""
        problems = check(text, comment, readings, brand, comment.platform)
        if not problems:
            return text, []
        fixed = fix(text, problems, comment.platform, sign_off)
        if fixed is None:
            return text, [p for p in problems if p.code in ("length", "cut")] or problems
        left = [p for p in check(fixed, comment, readings, brand, comment.platform)]
        return fixed, [p for p in left if p.code not in FIXABLE or p.code == "length"]

    def _failed_channel(
        self,
        comment: Comment,
        brand: BrandProfile,
        plan: ReplyPlan,
        failed: tuple[str, str],
        notes: list[str],
    ) -> Draft:
        """A customer whose DMs, emails or calls got nowhere: to a person, with a holding
        reply that picks the matter up in this thread and never sends them back to it."""
        label, cue = failed
        notes.insert(
            0,
            f'FAILED CHANNEL — says {label} got them nowhere ("{cue}"): do not send them back'
            " there; a person reads the thread and picks it up here",
        )
        language = plan.language or brand.default_language
        name = self.library.find(language, "escalation", brand.voice, comment.platform)
        if name is None:
            notes.append(f"no escalation template for language '{language}' — write by hand")
            return self._action(comment, "human", notes)
        context = replace(
            reply_context(comment, brand, plan, "escalation", language),
            topic="failed channel",
            issue=label,
            upset=True,
        )
        text = self._pick(comment, name, context, notes)
        if text is None:
            notes.append("no reply fits without cutting it — write a short one")
            return self._action(comment, "human", notes)
        return self._guarded(comment, text, plan.readings(), brand, context.sign_off, notes, True)

    def _closure(
        self,
        comment: Comment,
        brand: BrandProfile,
        plan: ReplyPlan,
        closure: Closure,
        notes: list[str],
        now: datetime,
    ) -> Draft:
        """A request to close an account, cancel or stop mailings: acknowledged, with how it
        will be done; a person does it. Private details posted in public are flagged."""
        what = {
            "account": "close the account",
            "subscription": "cancel",
            "mailings": "stop the mailings",
        }[closure.what]
        notes.append(
            f'a request to {what} ("{closure.cue}"): honour it — no retention pitch, no '
            "questions; a person from the team does it"
        )
        shared = posts_private(comment.text)
        if shared:
            notes.insert(
                0,
                "PRIVATE DETAILS posted in public (an account, card or phone number): hide the "
                "comment; the reply advises them not to share it",
            )
        language = plan.language or brand.default_language
        name = self.library.find(language, "closure", brand.voice, comment.platform)
        if name is None:
            notes.append(f"no closure template for language '{language}' — write by hand")
            return self._action(comment, "human", notes)
        context = replace(
            reply_context(comment, brand, plan, "closure", language),
            topic=closure.what,
            issue="private" if shared else None,
        )
        notes.extend(self._window_notes(comment, "escalation", now))
        text = self._pick(comment, name, context, notes)
        if text is None:
            notes.append("no reply fits without cutting it — write a short one")
            return self._action(comment, "human", notes)
        return self._guarded(comment, text, plan.readings(), brand, context.sign_off, notes, shared)

    def _urgent(
        self,
        comment: Comment,
        brand: BrandProfile,
        plan: ReplyPlan,
        hazard: Hazard,
        notes: list[str],
    ) -> Draft:
        """A safety or legal matter: to a person, urgently, with a holding reply that admits
        nothing and has no emoji (in English; other languages are written by hand)."""
        notes.insert(
            0,
            f'{URGENT} — {hazard.topic} ("{hazard.cue}"): a person must answer; the suggested '
            "holding reply admits nothing and promises nothing",
        )
        language = plan.language or brand.default_language
        name = self.library.find(language, "safety", brand.voice, comment.platform)
        text = ""
        if name is not None:
            context = replace(
                reply_context(comment, brand, plan, "safety", language),
                issue=hazard.topic,
                faq_question=None,
                faq_answer=None,
                link=None,
            )
            text = self._pick(comment, name, context, notes) or ""
        return Draft(
            comment_key=comment.key,
            brand=comment.brand,
            platform=comment.platform,
            text=text,
            action="human",
            note="; ".join(notes),
        )

    def _window_notes(self, comment: Comment, template: str, now: datetime) -> list[str]:
        window = REPLY_WINDOWS.get(comment.platform)
        if window is None or template not in GOES_PRIVATE:
            return []
        left = comment.created_at + window.length - now
        if left <= timedelta(0):
            return [f"private-reply window closed {duration(left)} ago ({window.rule})"]
        if left <= window.warn_before:
            return [f"window closes in {duration(left)} ({window.rule})"]
        return []

    def _pick(
        self, comment: Comment, name: str, context: ReplyContext, notes: list[str]
    ) -> str | None:
        """The first variant, from a start fixed by the comment, that differs from the last text
        this author got and fits the platform; failing that, a shorter composition (without the
        optional sentences, then without whole sentences); None when nothing fits uncut."""
        key = (comment.brand, comment.platform, comment.author.lower())
        last = self._last.get(key)
        limit = REPLY_LIMITS.get(comment.platform)
        start = zlib.crc32(comment.key.encode()) % self.library.variant_count(name)
        # Rendered one at a time: the first variant usually does.
        order: list[str] = []
        for text in self.library.render_in_turn(name, start, context):
            if text != last and (limit is None or reply_length(text, comment.platform) <= limit):
                self._remember(key, text)
                return text
            order.append(text)
        fresh = [t for t in order if t != last] or order
        fitting = [t for t in fresh if limit is None or reply_length(t, comment.platform) <= limit]
        if not fitting:
            compact = replace(context, short=True)
            short = list(self.library.render_in_turn(name, start, compact))
            short_name = f"{name.split('/')[0]}/short.j2"
            if template_base(name) in ("complaint", "support") and short_name in self.library.names:
                short = [*short, *self.library.render_in_turn(short_name, 0, compact)]
            fitting = [t for t in short if reply_length(t, comment.platform) <= (limit or 0)]
            fitting = fitting or [
                composed
                for text in (*short, *fresh)
                if (composed := compose_within(text, comment.platform, context.sign_off))
            ]
            if not fitting:
                return None
            platform = PLATFORM_NAMES.get(comment.platform, comment.platform)
            notes.append(f"composed shorter to fit {platform}'s {limit} characters")
        text = min(fitting, key=lambda t: t == last)
        self._remember(key, text)
        return text

    def _remember(self, key: tuple[str, str, str], text: str) -> None:
        self._last[key] = text
        self._last.move_to_end(key)
        if len(self._last) > self._memory:
            self._last.popitem(last=False)

    @staticmethod
    def _action(comment: Comment, action: str, notes: list[str]) -> Draft:
        return Draft(
            comment_key=comment.key,
            brand=comment.brand,
            platform=comment.platform,
            text="",
            action=action,
            # No suggested text: the note says what to write, never what a text does.
            note=note_without_draft("; ".join(notes)),
        )


def first_notes(comment: Comment, plan: ReplyPlan, known: bool) -> list[str]:
    """The reviewer's first notes: an unknown brand, and sarcasm read."""
    notes: list[str] = []
    if not known:
        notes.append(f"unknown brand '{comment.brand}' — add it to the workspace")
    if plan.sarcasm:
        notes.append("reads as sarcasm — check the tone")
    return notes
