"""Where a comment sits in its conversation with the brand: the earlier turn it answers,
whether that was our post to everyone or our reply to them, and how it answers us."""

from __future__ import annotations

import re

from bot.smo.comment_patterns import ASKS, SUPPORT_REPLY, THANKS_FOR_HELP
from bot.smo.draft_state import DraftState, Halt
from bot.smo.guardrails import tweet_gripe
from bot.smo.language import UNSURE, writes_language
from bot.smo.reply_context import reward_concern
from bot.smo.safety import find_hazard
from bot.smo.thread import (
    MENTIONS,
    ThreadMemory,
    addressed,
    asks_for_dm,
    bare_done,
    bystander,
    follow_up_kind,
    quoted,
    says_resolved,
    says_sent,
    speaks_of_trouble,
)
from bot.smo.topics import FAULTS, Concern, concern_of

__all__ = ["bare_courtesy", "complaint_above", "earlier_gripe", "read_conversation"]


def read_conversation(s: DraftState, threads: ThreadMemory) -> Halt | None:
    """Reads the conversation in turn; a remark to another customer goes to a person."""
    read_parent(s, threads)
    halt = bystander_remark(s)
    if halt is not None:
        return halt
    read_answer_kind(s)
    continue_unseen(s)
    return None


def read_parent(s: DraftState, threads: ThreadMemory) -> None:
    """The earlier turn, and whether it opens a conversation with this customer."""
    s.parent = threads.parent(s.comment)
    s.concern = reward_concern(s.said, s.parent) or s.concern
    # The brand's own post to everyone (a campaign prompt, a service update) opens no
    # conversation with this customer; its reply to them does.
    s.broadcast = (
        s.parent is not None
        and s.parent.own
        and not addressed(s.parent.text)
        and SUPPORT_REPLY.search(s.parent.text) is None
    )
    s.follow_up = s.parent is not None and s.parent.own and not s.broadcast


def bystander_remark(s: DraftState) -> Halt | None:
    """A remark to another customer in their thread: no reply, unless a person sees one is
    wanted."""
    if (
        bystander(s.comment, s.parent, s.brand)
        and s.why is None
        and s.trouble is None
        and s.escalation is None
        and not s.asks()
    ):
        # A remark to another customer in their thread (often their complaint): no brand
        # cheer, and no reply at all unless a person sees one is wanted.
        assert s.parent is not None
        s.notes.insert(
            0,
            f"a remark to another customer in their thread ({quoted(s.parent)}), not"
            f" addressed to {s.brand.name} — no reply needed, or a person answers",
        )
        return "human"
    return None


def read_answer_kind(s: DraftState) -> None:
    """How the comment answers us ("resolved", "sent", "thanks", ...), if it does."""
    s.asked_dm = s.parent is not None and s.parent.own and asks_for_dm(s.parent.text)
    s.kind = (
        follow_up_kind(s.comment.text, s.asked_dm)
        if s.comment.parent_id
        # A tweet of its own that only says a DM was sent answers our earlier request.
        else "sent"
        if says_sent(s.comment.text)
        # "My problem has been resolved": news that it is sorted, no case to open — but
        # not where it comes with a grievance ("fixed now, who refunds the 4 days?",
        # "sorted after 3 hours on hold… cancelling"): that one still wants a person.
        else "resolved"
        if says_resolved(s.comment.text)
        and "?" not in s.said
        and s.plan.sentiment != "negative"
        and s.sharp is None
        and s.escalation is None
        else None
    )
    if (
        s.kind == "sent"
        and s.escalation is not None
        and s.escalation.kind == "failed support"
        and bare_done(s.comment.text)
    ):
        # "I already sent it" to our "please DM us": done as asked, not let down.
        s.escalation = None


def continue_unseen(s: DraftState) -> None:
    """A closing word in a conversation whose earlier turns were not seen continues it."""
    if not s.follow_up and s.parent is None and s.kind is not None:
        # The turn it answers was not seen (often the brand's own reply): a closing
        # "it works now" or "sent you a DM" continues that conversation all the same.
        thanked = THANKS_FOR_HELP.sub(" ", s.said)
        closing = s.kind == "resolved" or (
            s.escalation is None
            and s.kind in ("sent", "thanks", "agreed")
            and "?" not in s.said
            and "complaint" not in s.plan.intents
            and (
                s.kind == "sent"
                or (ASKS.search(thanked) is None and s.why is None and s.trouble is None)
            )
        )
        s.follow_up = closing
        if s.follow_up:
            s.notes.append(
                "says the trouble is sorted now — no case to open"
                if s.comment.parent_id is None and s.kind == "resolved"
                else f"a reply in a conversation whose earlier turns were not seen: {s.kind}"
            )


def complaint_above(s: DraftState) -> Concern | None:
    """The complaint in the customer's own tweet that this one continues, still unanswered
    (no reply of ours between): what it is about, or a plain complaint where no concern is
    read; None where there is none or they now say it is sorted."""
    parent = s.parent
    if (
        parent is None
        or parent.own
        or parent.author.lower() != s.comment.author.lower()
        or s.kind == "resolved"
    ):
        return None
    concern = concern_of(parent.text, s.brand.industry)
    # Only a complaint about staff carries over as it is: other concerns read from a
    # description ("the 4th carriage" is no complaint about the journey) are too loose.
    if concern is not None and concern.kind == "staff":
        return concern
    # A plain fault ("my wifi is down again") is a complaint however few its words: a bare
    # "ok" under it still leaves it unanswered.
    fault = concern is not None and concern.kind in FAULTS
    # "Found a hair in my burger", "Mein Paket ist nie angekommen": an unhappy tweet or a
    # hazard makes it a complaint as much as the words of trouble do.
    trouble = (
        fault
        or speaks_of_trouble(parent)
        or earlier_gripe(s) is not None
        or find_hazard(parent.text) is not None
    )
    return Concern("complaint", "your complaint") if trouble else None


def earlier_gripe(s: DraftState) -> str | None:
    """The words of the earlier tweet that say something is wrong, judged in the language it
    was written in: "okay thanks cheers" under "Mein Paket ist nie angekommen" is English
    under a German complaint. Where its language is unknown or unsure, in each the brand
    answers in, another language's words counting only in a tweet that writes that language:
    a bare "no" is English as much as Spanish, "No funciona" is Spanish."""
    parent = s.parent
    if parent is None:
        return None
    known = parent.language if parent.language != UNSURE else None
    languages = (known,) if known else (s.brand.languages or (None,))
    for language in languages:
        clause = tweet_gripe(parent.text, language)
        if clause is None:
            continue
        if (
            known is None
            and language not in (None, "en")
            and tweet_gripe(parent.text, None) is None
            and not writes_language(language, parent.text)
        ):
            continue
        return clause
    return None


# A bare word of courtesy or assent ("ok", "k", "thanks", "ok thx", "ok danke", "vale,
# gracias"): it says nothing new.
_BARE_COURTESY = re.compile(
    r"(?:(?:ok(?:ay|ey)?|k|kk|thanks?|thank you|thx|ty|cheers|ta|cool|alright|fine|noted|sure"
    r"|danke(?: ?sch(?:ö|oe)n)?|vielen dank|gracias|muchas gracias|vale)"
    r"[\s.!,]*){1,3}",
    re.IGNORECASE,
)


def bare_courtesy(said: str) -> bool:
    """Whether ``said`` is only a word of courtesy or assent ("ok", "thanks", "ok thx")."""
    return _BARE_COURTESY.fullmatch(MENTIONS.sub("", said).strip()) is not None
