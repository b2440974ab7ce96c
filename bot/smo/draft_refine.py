"""The drafting steps once a template is chosen: a lead, a billing complaint, a promo code, a
question to answer by hand, a how-to or a new question, a third party or a concern of its own,
no cheer under a complaint; then the language, the voice and the template file."""

from __future__ import annotations

from dataclasses import replace

from bot.smo.asks import direct_question, fix_asked, how_to_ask
from bot.smo.asks_answered import only_chases
from bot.smo.comment_patterns import ASKS, HOW_TO, info_question
from bot.smo.concern_reply import BY_A_PERSON, concern_reply
from bot.smo.conversation import bare_courtesy, complaint_above, earlier_gripe
from bot.smo.draft_state import DraftState, Halt
from bot.smo.escalation import Escalation
from bot.smo.faq import FAQ_THRESHOLD
from bot.smo.guardrails import (
    is_real_question,
    only_reservations,
    playful_allowed,
)
from bot.smo.language import UNSURE
from bot.smo.product_facts import asks_product_fact
from bot.smo.reply_plan import ReplyPlan
from bot.smo.second_matter import BILLED
from bot.smo.situations import given_details, third_party
from bot.smo.template_library import TemplateLibrary
from bot.smo.thread import answer_to, chased, quoted
from bot.smo.topics import Concern, question_gist
from bot.smo.wording import possessive

__all__ = ["refine"]


def refine(s: DraftState, library: TemplateLibrary) -> Halt | None:
    """Settles the template in turn, then finds its file; a step may give it to a person."""
    note_lead(s)
    billing_complaint(s)
    halt = written_language(s)
    if halt is not None:
        return halt
    promo_code_asked(s)
    answer_by_hand(s)
    how_to_question(s)
    new_question(s)
    third_party_or_concern(s)
    halt = no_cheer_under_complaint(s)
    if halt is not None:
        return halt
    choose_voice(s)
    return find_template(s, library)


def answered(plan: ReplyPlan) -> bool:
    """Whether the FAQ answers the comment well enough to quote."""
    return plan.faq is not None and plan.faq.score >= FAQ_THRESHOLD


def note_lead(s: DraftState) -> None:
    """Notes purchase intent as a lead, unless the customer is unhappy or leaving."""
    if (
        "purchase_intent" in s.plan.intents
        and s.why is None
        and s.trouble is None
        and (s.escalation is None or s.escalation.kind not in ("gone", "missed", "churn", "return"))
    ):
        s.notes.append("lead: purchase intent")


def billing_complaint(s: DraftState) -> None:
    """A complaint about a bill: a person checks the account before replying."""
    if (
        (
            s.template in ("complaint", "escalation")
            or (
                s.template in ("support", "follow_up")
                and (s.why is not None or "complaint" in s.plan.intents)
            )
        )
        and s.overcharged is None
        and (s.plan.issue == "billing" or BILLED.search(s.said) is not None)
    ):
        # Billed after cancelling, after a disaster, after three calls: acknowledge the
        # bill and let a person check the account; an outage question would miss the point.
        s.plan = replace(s.plan, issue="billing")
        s.notes.append("a billing complaint — a person checks the account before replying")
        s.by_hand = True


def written_language(s: DraftState) -> Halt | None:
    """The reply's language; one the brand does not write in goes to a person."""
    s.language = s.plan.language or s.brand.default_language
    if s.language == UNSURE:
        s.notes.append("its language is unsure and not English — write by hand")
        return "human"
    if s.language != "en" and s.language not in s.brand.languages:
        s.notes.append(
            f"language '{s.language}' is not one of {possessive(s.brand.name)} languages"
            " — write by hand"
        )
        return "human"
    return None


def promo_code_asked(s: DraftState) -> None:
    """A request for a promo code: none promised; a person points to any current offer."""
    if s.wants_code and s.template in ("complaint", "support", "purchase_intent", "question"):
        # No code is promised and none is said to have failed: a person answers with any
        # offer there is.
        s.notes.append("asks for a promo code — promise none; point to any current offer")
        s.template, s.by_hand, s.escalation = "by_hand", True, None


def answer_by_hand(s: DraftState) -> None:
    """A lead's question, a question for information, or one the FAQ cannot answer: a person
    writes the answer."""
    lead_question(s)
    information_question(s)
    question_without_faq(s)
    product_fact_question(s)


def lead_question(s: DraftState) -> None:
    """A lead who asked something, with no FAQ answer: the answer to write."""
    if s.template == "purchase_intent" and "question" in s.plan.intents and not answered(s.plan):
        # A lead who asked something deserves the answer, not only a next step.
        s.notes.append("a lead's question and no FAQ answer — write the answer")
        s.template, s.by_hand = "by_hand", True


def information_question(s: DraftState) -> None:
    """A calm question for information: the answer in public, not a request for details."""
    if (
        s.template == "support"
        and not s.by_hand
        and info_question(s.said)
        and "complaint" not in s.plan.intents
        and s.plan.sentiment != "negative"
        and s.plan.topic not in ("order", "account", "refund")
    ):
        # "How do I …?" wants the answer in public, not a request for details.
        s.notes.append("a question for information — write the answer")
        s.template, s.by_hand = "by_hand", True


def question_without_faq(s: DraftState) -> None:
    """A question the FAQ cannot answer (or not in this language): a skeleton for a person."""
    if s.template == "question" and (
        s.plan.faq is None
        or s.plan.faq.score < FAQ_THRESHOLD
        or s.language != s.brand.default_language
    ):
        if s.language != s.brand.default_language:
            s.notes.append(f"the FAQ is in '{s.brand.default_language}' — answer by hand")
        s.by_hand = True
        # "Anyone else's keyboard typing a '0' for an 'o'?": a fault put as a question to
        # others says what goes wrong; it is answered as the fault it is.
        fault = "symptom" in given_details(s.said).split(",")
        if fault:
            s.notes.append("a fault put as a question — answer it as a fault")
        if (
            not fault
            and "complaint" not in s.plan.intents
            and s.plan.sentiment != "negative"
            and (
                info_question(s.said)
                or (s.why is None and s.plan.topic is None and ASKS.search(s.said) is None)
            )
        ):
            # A question for information wants the answer in public, not a request for
            # details: a skeleton for the person to write it in.
            s.template = "by_hand"
        else:
            # A problem or a request for help: a skeleton the person can finish, with the
            # details to ask for.
            s.template = "complaint" if s.why or fault else "support"


def product_fact_question(s: DraftState) -> None:
    """A calm question about a product's own facts (how heavy, whether it fits in a car) with
    no FAQ answer: we check the product details, with no request for the customer's."""
    if (
        s.by_hand
        and s.template in ("support", "by_hand")
        # A bag allowance or a card limit is no product with details to look up.
        and s.brand.industry not in ("travel", "finance")
        and s.escalation is None
        and s.trouble is None
        and s.why is None
        and "complaint" not in s.plan.intents
        and s.plan.sentiment != "negative"
        and asks_product_fact(s.said)
    ):
        s.notes.append("a question about the product itself — check its details and answer")
        s.template, s.product_fact = "by_hand", True


def how_to_question(s: DraftState) -> None:
    """A how-to question with no FAQ entry: an answer to write, no apology, no checklist."""
    if fix_asked(s.said) and "symptom" in given_details(s.said).split(","):
        # "Internet drops every few minutes. How can I fix this?": the fault told, put as a
        # question; it is answered as a fault, with a sorry and what to check.
        s.how_to = False
        return
    s.how_to = (
        s.by_hand
        and s.template in ("complaint", "support", "by_hand")
        and s.escalation is None
        and s.trouble is None
        and "complaint" not in s.plan.intents
        and s.plan.sentiment != "negative"
        and not s.plan.sarcasm
        and s.sharp is None
        and (s.why is None or only_reservations(s.said))
        and is_real_question(s.said)
        and HOW_TO.search(s.said) is not None
    ) or (
        # "How do I get an invoice?", "which help centre do I use?": an answer to write,
        # whatever trouble the customer had finding it, with no apology and no checklist.
        s.template in ("complaint", "support", "by_hand", "question", "follow_up")
        and s.escalation is None
        and "complaint" not in s.plan.intents
        and (s.plan.sentiment != "negative" or s.why is None or only_reservations(s.said))
        and not s.plan.sarcasm
        and s.sharp is None
        and (s.concern is None or s.concern.kind == "billing")
        and is_real_question(s.said)
        and how_to_ask(s.said)
    )
    if s.how_to:
        # "Can you remove X from my listings?" with no FAQ entry: a question to answer,
        # with no apology and no request for details.
        s.notes.append("a how-to question and no FAQ entry — write the answer")
        s.template = "by_hand"
    # "Thanks, that worked! One more thing: how do I …?": a new question after a close or
    # a "still not fixed" is answered as new, not met with the old reply.


def new_question(s: DraftState) -> None:
    """A new question in our conversation, answered as new rather than with the old reply."""
    s.fresh = (
        direct_question(s.said)
        if s.template == "follow_up" and s.kind in ("resolved", "thanks", "agreed")
        # "Still broken, can you look into it again?" asks about the old matter: only a
        # how-to question is new there.
        else question_gist(s.said)
        if s.template == "follow_up" and s.kind == "unresolved"
        else None
    )
    if s.fresh is not None and chased(s.said):
        s.fresh = None  # "any update?" chases the old matter
    taking_step = s.parent is not None and answer_to(s.parent.text, s.comment.text) == "will try"
    if s.template == "follow_up" and (
        # "Yes I can. Will let you know!" reads like a question, but takes our step.
        # "Anyone there??" asks nothing new: it chases the old matter.
        (
            s.kind == "info"
            and is_real_question(s.said)
            and not taking_step
            and not only_chases(s.said)
        )
        or s.fresh is not None
    ):
        # A new question in our conversation: a person answers it.
        s.notes.append(
            "a question in reply to our earlier message — answer it"
            if s.fresh is None
            else f'a new question after our earlier reply ("{s.fresh}") — answer it as new'
        )
        s.template, s.by_hand, s.escalation = "by_hand", True, None
        # A how-to question is answered with no apology, whatever came before it.
        s.how_to = s.how_to or (
            question_gist(s.said) is not None and (s.why is None or only_reservations(s.said))
        )


def third_party_or_concern(s: DraftState) -> None:
    """A seller or carrier that let them down, or a concern with its own reply (a PIN, staff)."""
    s.plain_template = s.template
    s.party = (
        third_party(s.said, s.brand.industry)
        if s.template in ("complaint", "support", "escalation")
        and (s.escalation is None or s.escalation.kind in ("failed support", "info"))
        and (
            s.why is not None
            or s.trouble is not None
            or {"complaint", "support"} & set(s.plan.intents)
        )
        else None
    )
    if s.party is not None:
        # A seller, a shop or a carrier let them down, not our support: say what we can do
        # and what they must, and ask only for the customer's own details.
        s.notes.append(
            f"about {s.party}, not our own support — say what we can do and what {s.party}"
            " must; ask only for the customer's own details"
        )
        s.concern, s.escalation = Concern("third party", s.party), None
        s.template = "concern"
    elif s.concern is not None and concern_reply(s.concern, s.template, s.escalation, s.kind):
        # Not a fault: a PIN, a code, an upgrade, a complaint about staff, the food on
        # board. Its own acknowledgement, and no fault checklist.
        s.template = "concern"
        if s.concern.kind in BY_A_PERSON:
            s.notes.append(BY_A_PERSON[s.concern.kind])
            s.by_hand = True


def no_cheer_under_complaint(s: DraftState) -> Halt | None:
    """A cheer never goes out under a complaint, whoever wrote the comment; a bare "thanks"
    under the customer's own unanswered complaint is held for that complaint, as an "ok" is."""
    if not (
        s.template in ("praise", "chat", "milestone") and s.parent is not None and not s.parent.own
    ):
        return None
    above = complaint_above(s) if bare_courtesy(s.said) else None
    if above is not None and above.kind != "staff":
        s.notes.append(
            f"continues their own complaint above ({quoted(s.parent)}), not yet answered"
            " — a person answers it"
        )
        s.template, s.by_hand, s.escalation = "by_hand", True, Escalation("above", "")
        return None
    s.gripe = earlier_gripe(s)
    if s.gripe is None:
        return None
    s.notes.insert(
        0,
        f'the thread carries a complaint ("{s.gripe}" in {quoted(s.parent)}) — no cheer;'
        " a person decides whether to reply",
    )
    return "human"


def choose_voice(s: DraftState) -> None:
    """The brand's voice; playful only answers praise and chat."""
    s.voice = s.brand.voice
    if s.voice == "playful" and not (
        s.template in ("praise", "question", "purchase_intent")
        and playful_allowed(s.comment.text, s.readings)
    ):
        s.voice = "friendly"  # playful only answers praise and chat


def find_template(s: DraftState, library: TemplateLibrary) -> Halt | None:
    """The template file, or a plainer template's where the language has none; with none at
    all, a person writes the reply."""
    name = library.find(s.language, s.template, s.voice, s.comment.platform)
    if name is None and s.template == "milestone":
        s.template = "praise"
        name = library.find(s.language, s.template, s.voice, s.comment.platform)
    if name is None and s.template == "escalation":
        s.template = "complaint"
        name = library.find(s.language, s.template, s.voice, s.comment.platform)
    if name is None and s.template == "chat":
        s.template = "praise"
        name = library.find(s.language, s.template, s.voice, s.comment.platform)
    if name is None and s.template in ("disruption", "outage"):
        s.notes.append(f"no {s.template} template for language '{s.language}' — write by hand")
        return "human"
    if name is None and s.template == "concern":
        s.template = s.plain_template
        name = library.find(s.language, s.template, s.voice, s.comment.platform)
    if name is None:
        s.notes.append(f"no {s.template} template for language '{s.language}' — write by hand")
        return "human"
    s.name = name
    return None
