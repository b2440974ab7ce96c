"""The matters drafted before anything else is read: a safety or legal matter, closing an
account, an unanswered question and a channel that got the customer nowhere."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.models import Comment, Draft
from bot.smo.brand import BrandProfile
from bot.smo.draft_guard import guarded, without_text
from bot.smo.draft_pick import SentTexts, pick
from bot.smo.escalation import find_unanswered
from bot.smo.moments import failed_channel
from bot.smo.platforms import window_notes
from bot.smo.reply_context import reply_context
from bot.smo.reply_plan import ReplyPlan
from bot.smo.safety import Hazard, find_hazard
from bot.smo.situations import (
    Closure,
    find_closure,
    not_answered_by_others,
    posts_private,
    third_party,
)
from bot.smo.template_library import TemplateLibrary
from bot.smo.wording import URGENT

__all__ = ["first_matters"]


def first_matters(
    comment: Comment,
    brand: BrandProfile,
    plan: ReplyPlan,
    notes: list[str],
    now: datetime,
    library: TemplateLibrary,
    sent: SentTexts,
) -> Draft | None:
    """A safety or legal matter, a closure, an unanswered question or a failed channel:
    each drafted on its own, before anything else is read."""
    # A safety or legal matter is never hidden, whatever else the comment reads as.
    hazard = find_hazard(comment.text)
    if hazard is not None:
        return urgent_draft(comment, brand, plan, hazard, notes, library, sent)
    # Closing an account, cancelling or unsubscribing is honoured: no pitch, no questions.
    closure = find_closure(comment.text)
    if closure is not None:
        return closure_draft(comment, brand, plan, closure, notes, now, library, sent)

    # "That wasn't my question": another request for a DM would deflect them again.
    unanswered = find_unanswered(comment.text)
    if unanswered is not None:
        notes.insert(
            0,
            f'customer says their question was not answered ("{unanswered}") — a person'
            " reads the thread and answers it",
        )
        return without_text(comment, "human", notes)
    # "My DMs went unanswered all weekend": sending them back to the DMs would deflect
    # them again, so a person picks it up in this thread.
    failed = failed_channel(comment.text)
    if (
        failed is not None
        # "The seller ignores my messages": someone else's silence, not our channel.
        and not not_answered_by_others(comment.text)
        and third_party(comment.text, brand.industry) is None
    ):
        return failed_channel_draft(comment, brand, plan, failed, notes, library, sent)
    return None


def failed_channel_draft(
    comment: Comment,
    brand: BrandProfile,
    plan: ReplyPlan,
    failed: tuple[str, str],
    notes: list[str],
    library: TemplateLibrary,
    sent: SentTexts,
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
    name = library.find(language, "escalation", brand.voice, comment.platform)
    if name is None:
        notes.append(f"no escalation template for language '{language}' — write by hand")
        return without_text(comment, "human", notes)
    context = replace(
        reply_context(comment, brand, plan, "escalation", language),
        topic="failed channel",
        issue=label,
        upset=True,
    )
    text = pick(comment, name, context, notes, library, sent)
    if text is None:
        notes.append("no reply fits without cutting it — write a short one")
        return without_text(comment, "human", notes)
    return guarded(comment, text, plan.readings(), brand, context.sign_off, notes, True)


def closure_draft(
    comment: Comment,
    brand: BrandProfile,
    plan: ReplyPlan,
    closure: Closure,
    notes: list[str],
    now: datetime,
    library: TemplateLibrary,
    sent: SentTexts,
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
    name = library.find(language, "closure", brand.voice, comment.platform)
    if name is None:
        notes.append(f"no closure template for language '{language}' — write by hand")
        return without_text(comment, "human", notes)
    context = replace(
        reply_context(comment, brand, plan, "closure", language),
        topic=closure.what,
        issue="private" if shared else None,
    )
    notes.extend(window_notes(comment, "escalation", now))
    text = pick(comment, name, context, notes, library, sent)
    if text is None:
        notes.append("no reply fits without cutting it — write a short one")
        return without_text(comment, "human", notes)
    return guarded(comment, text, plan.readings(), brand, context.sign_off, notes, shared)


def urgent_draft(
    comment: Comment,
    brand: BrandProfile,
    plan: ReplyPlan,
    hazard: Hazard,
    notes: list[str],
    library: TemplateLibrary,
    sent: SentTexts,
) -> Draft:
    """A safety or legal matter: to a person, urgently, with a holding reply that admits
    nothing and has no emoji (in English; other languages are written by hand)."""
    notes.insert(
        0,
        f'{URGENT} — {hazard.topic} ("{hazard.cue}"): a person must answer; the suggested '
        "holding reply admits nothing and promises nothing",
    )
    language = plan.language or brand.default_language
    name = library.find(language, "safety", brand.voice, comment.platform)
    text = ""
    if name is not None:
        context = replace(
            reply_context(comment, brand, plan, "safety", language),
            issue=hazard.topic,
            faq_question=None,
            faq_answer=None,
            link=None,
        )
        text = pick(comment, name, context, notes, library, sent) or ""
    return Draft(
        comment_key=comment.key,
        brand=comment.brand,
        platform=comment.platform,
        text=text,
        action="human",
        note="; ".join(notes),
    )
