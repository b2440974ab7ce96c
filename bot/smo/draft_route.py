"""The template a reply is drafted from, tried in order: a stranded traveller first, a gripe at
our own delay notice, then a greeting, a light moment, an outage, a complaint, feedback, our
conversation, an escalation, and last the template the plan reads; what none of them takes is
read once more."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.smo.asks import direct_question
from bot.smo.comment_patterns import ASKED_FOR, CHASING_HELLO, THANKS_FOR_HELP, info_question
from bot.smo.concern_reply import BY_A_PERSON, CONCERN_REPLIES
from bot.smo.conversation import complaint_above
from bot.smo.draft_state import DraftState, Halt
from bot.smo.escalation import Escalation
from bot.smo.guardrails import is_real_question
from bot.smo.language import UNSURE
from bot.smo.lexicon import CUE_LANGUAGES
from bot.smo.reply_context import OWN_THING
from bot.smo.sentiment import UNKNOWN
from bot.smo.shown_in_public import shown_in_public
from bot.smo.situations import given_details, greeting, taken_away
from bot.smo.template_choice import choose_template
from bot.smo.thread import MENTIONS, NOT_WORDS, quoted, to_the_brand
from bot.smo.tone import (
    WARM,
    asked_details,
    chatty,
    cheer_fits,
    cheerful,
    good_news,
    kind_words,
    one_word_answer,
)
from bot.smo.wording import URGENT

__all__ = ["route"]

# What the reviewer is told when a comment needs more than a request for details.
GLAD_NOTE = "good news in a conversation about a problem — glad it's sorted, no cheer"

ESCALATION_NOTES = {
    "gone": (
        'a customer who has left or gone to another company ("{cue}"): no pitch, no cheer and no'
        ' "before you decide" — say sorry to see them go and offer one person to hear what went'
        " wrong"
    ),
    "missed": (
        'the chance has passed ("{cue}"): no sales push — acknowledge it; a person adds anything'
        " we can still offer"
    ),
    "return": (
        'asks to come back ("{cue}"): a win-back, not a fault — welcome them and offer one person'
        " to go through the options; promise no old plan or price"
    ),
    "churn": 'churn risk ("{cue}"): acknowledge it and offer one person to follow it through',
    "failed support": (
        'let down by support already ("{cue}"): no restart — ask what they were told and carry on'
    ),
}
# Words in an answer to a campaign prompt that is still a pick ("treat!", "the red one").
PICK_WORDS = 5


def to_write_by_hand(s: DraftState) -> None:
    """An answer a person writes: the by-hand skeleton, no follow-up ask, no escalation."""
    s.template, s.follow_up, s.by_hand, s.escalation = "by_hand", False, True, None


def route(s: DraftState) -> Halt | None:
    """Chooses the template: the first route that takes the comment, else the plan's choice;
    a comment none fits is read once more (``unrouted``)."""
    if not any(take(s) for take in ROUTES):
        by_plan(s)
    return unrouted(s)


def stranded_traveller(s: DraftState) -> bool:
    """A traveller stranded mid-journey: an urgent holding reply, no account details."""
    if not (s.stuck is not None and s.kind not in ("resolved", "thanks", "sent")):
        return False
    s.notes.insert(
        0,
        f'{URGENT} — a traveller stranded mid-journey ("{s.stuck}"): answer now with what'
        " is happening and what to do next (the suggested text is a holding reply: add"
        " the live update when you have it); no account details",
    )
    s.template, s.escalation, s.follow_up, s.by_hand = "disruption", None, False, True
    return True


# Our own service update about a delay or a disruption ("services are expected to be delayed").
DISRUPTION_POST = re.compile(
    r"(?<!\w)(?:delay\w*|disrupt\w*|cancell?ed|cancellations?|running late|held up|suspended"
    r"|(?:line|lines|road|roads) (?:is |are )?(?:closed|blocked)|reduced service)(?!\w)",
    re.I,
)


def griped_at_update(s: DraftState) -> bool:
    """A gripe about the delay our own service update announced: a sorry and the update, no
    booking details."""
    if not (
        s.broadcast
        and s.parent is not None
        and DISRUPTION_POST.search(s.parent.text) is not None
        and (s.why is not None or "complaint" in s.plan.intents)
        and s.escalation is None
        and not is_real_question(s.said)
        and OWN_THING.search(s.said) is None
    ):
        return False
    # "Typical, delays as always" under our own delay notice: the cause is in the post,
    # and there is no booking of theirs to look up.
    s.notes.append(
        "a gripe about the disruption our own update announced — say sorry, point to the"
        " update (a person may add the cause); no booking details"
    )
    s.template, s.follow_up, s.announced = "disruption", False, True
    return True


def greeted(s: DraftState) -> bool:
    """A greeting with nothing asked: a short friendly word back."""
    if not (
        greeting(s.said)
        and not s.follow_up
        and (s.parent is None or s.parent.own)  # "hello?" under their own complaint chases it
        and not CHASING_HELLO.match(s.said)
        and s.why is None
        and s.trouble is None
        and s.escalation is None
        and "??" not in s.said
    ):
        return False
    # "Hi", "good morning @brand": a short friendly word back, not a hand-over.
    s.notes.append("a greeting, nothing asked — a short friendly reply")
    s.template, s.follow_up, s.greeted = "chat", False, True
    return True


def celebrated(s: DraftState) -> bool:
    """A happy moment shared: a warm word back, no offer of help."""
    if s.celebrated is None:
        return False
    s.notes.append(
        f'a happy moment shared ("{s.celebrated}"), nothing asked — a warm word back,'
        " no offer of help"
    )
    s.template, s.follow_up, s.greeted = "chat", False, False
    return True


def light_reply(s: DraftState) -> bool:
    """An answer to our campaign prompt, a loyalty milestone or banter: a light word back."""
    if not (s.campaign or s.milestone or s.banter):
        return False
    # A reply to the brand's own campaign prompt, or a loyalty milestone: a short,
    # friendly reply, not a hand-off to support.
    s.notes.append(
        "a loyalty milestone — thank them"
        if s.milestone
        else "banter or a tip on a game post, no problem in it — a light word back, or none"
        if s.banter
        else "a reply to our own post, no problem in it — a short friendly reply"
    )
    s.by_hand = s.by_hand or (s.banter and not s.campaign)
    s.template, s.escalation, s.follow_up = ("milestone" if s.milestone else "chat"), None, False
    if s.campaign and len(NOT_WORDS.sub(" ", s.said).split()) > PICK_WORDS:
        # More than a pick: praise ("your crew earn an A+") is thanked as praise, the
        # rest gets a friendly word; neither is an entry ("thanks for playing along").
        s.campaign = False
        if kind_words(s.said, s.plan):
            s.notes[-1] = "praise in answer to our own post — thank them, no contest words"
            s.template = "praise"
    return True


def rhetorical(s: DraftState) -> bool:
    """Delight put as a question: a warm word back."""
    if s.rhetorical is None:
        return False
    s.notes.append(
        f'a question that shares delight ("{s.rhetorical}"), nothing asked — a warm word back'
    )
    s.template, s.follow_up, s.escalation = "chat", False, None
    if s.rhetorical.endswith("just say"):
        # "Can I just say your rep was brilliant!": praise, thanked as praise.
        s.template = "praise"
    return True


def outage_asked(s: DraftState) -> bool:
    """Whether the service is down: a holding reply while a person checks the status."""
    if s.outage is None:
        return False
    s.notes.append(
        f'asks whether the service is down ("{s.outage}") — say whether there is a known'
        " outage; the suggested text is a holding reply that promises no time — post"
        " the status in this thread once you know"
        + ("" if s.brand.status_url else " (set the brand's status_url to link to it)")
    )
    s.template, s.follow_up, s.escalation, s.by_hand = "outage", False, None, True
    return True


def outage_complaint(s: DraftState) -> bool:
    """An angry complaint that the service is down: a sorry and the outage reply."""
    if s.gripe is None:
        return False
    s.notes.append(
        f'an angry or sarcastic complaint that the service is down ("{s.gripe}") — not a'
        " question: say sorry and whether there is a known outage; the suggested text"
        " promises no time — post the status in this thread once you know"
        + ("" if s.brand.status_url else " (set the brand's status_url to link to it)")
    )
    s.template, s.follow_up, s.by_hand = "outage", False, True
    return True


def timing_question(s: DraftState) -> bool:
    """How late or early a named service ran: its record to check, no booking asked for."""
    if s.timing is None:
        return False
    s.notes.append(
        f'asks how a named service ran ("{s.timing}") — give its recorded times; no booking details'
    )
    to_write_by_hand(s)
    return True


def service_ran_wrong(s: DraftState) -> bool:
    """A train or bus that left early, ran late or never came: a sorry for it, no booking."""
    if s.event is None:
        return False
    s.notes.append(
        f"a complaint about {s.event.what}, not about a booking of theirs — say sorry for it"
        " and pass it on (a person may add what happened); "
        + ("no booking details" if s.event.named else "ask only which service and when")
    )
    s.template, s.follow_up, s.escalation, s.by_hand = "disruption", False, None, True
    return True


def overcharged(s: DraftState) -> bool:
    """Money taken that was not agreed: a billing complaint for a person."""
    if s.overcharged is None:
        return False
    s.notes.append(
        f'an overcharge ("{s.overcharged}") — a billing complaint: a person checks the'
        " account and the charges before replying; nothing is promised back"
    )
    s.plan = replace(
        s.plan,
        issue="billing",
        intents=tuple(i for i in s.plan.intents if i not in ("purchase_intent", "praise")),
    )
    s.template, s.follow_up, s.by_hand, s.concern = "complaint", False, True, None
    return True


def about_other_customers(s: DraftState) -> bool:
    """A complaint about other customers: acknowledged and passed on."""
    if s.fellow is None:
        return False
    s.notes.append(
        f'a complaint about other customers or what is allowed on board ("{s.fellow}") —'
        " acknowledge it and pass it on; no booking details, no fault questions"
    )
    s.template, s.follow_up = "feedback", False
    return True


def policy_argued(s: DraftState) -> bool:
    """A fee or a rule argued: acknowledged and passed on, no account details."""
    if s.policy is None:
        return False
    # Arguing a fee or a rule: no account details to ask for; acknowledge the point and
    # say it is passed on (a person may add where the policy is written).
    s.notes.append(
        f'argues {s.policy.name} ("{s.policy.cue}") — acknowledge the point and pass it on;'
        " no account details, and no facts about the policy that are not in it"
    )
    s.template, s.follow_up = "feedback", False
    return True


def cost_asked(s: DraftState) -> bool:
    """What a repair or a service costs: an answer to write, no fault questions."""
    if s.cost is None:
        return False
    s.notes.append(
        f'asks what it costs ("{s.cost}") — give the price or where it is set out; no device'
        " or version questions"
    )
    to_write_by_hand(s)
    return True


def lookup_asked(s: DraftState) -> bool:
    """A booking or order reference the customer lost, with no complaint beside it: we look it
    up from the name and email address on it."""
    if not (
        s.ref_lost is not None
        and s.stuck is None
        and "complaint" not in s.plan.intents
        and s.plan.sentiment != "negative"
        # Our earlier reply asked for what finds it: the answer to it is no new loss.
        and not (
            s.follow_up
            and s.parent is not None
            and s.parent.own
            and ASKED_FOR.search(s.parent.text) is not None
        )
    ):
        return False
    s.notes.append(
        f'cannot find their reference ("{s.ref_lost}") — offer to look it up; never ask for'
        " the reference itself"
    )
    to_write_by_hand(s)
    s.concern = None
    return True


def passed_on(s: DraftState) -> bool:
    """A message for someone here: shared or passed on, nothing to look up."""
    if not (s.pass_on is not None and s.kind not in ("resolved", "unresolved")):
        return False
    s.notes.append(
        f'a message to pass on ("{s.pass_on.cue}") — '
        + ("share the thanks" if s.pass_on.thanks else "say it will be passed on")
        + "; no booking or order to look up"
    )
    s.template, s.follow_up = "feedback", False
    return True


def curious(s: DraftState) -> bool:
    """A question out of curiosity, no complaint in it: answered as a question, no apology and
    no booking or order asked for."""
    if s.curious is None:
        return False
    s.notes.append(
        f'a question out of curiosity ("{s.curious}"), no complaint — answer it (or say we'
        " will find out); no apology, no account details"
    )
    to_write_by_hand(s)
    return True


def feedback(s: DraftState) -> bool:
    """Feedback, a suggestion or an opinion: acknowledged and passed on, no questions."""
    if not (
        s.feedback is not None
        and (s.escalation is None or (s.escalation.kind == "missed" and taken_away(s.feedback)))
        and s.kind != "resolved"
    ):
        return False
    # Feedback, a suggestion or an opinion: thank (or acknowledge) and pass it on, no
    # troubleshooting questions.
    s.notes.append(
        f'feedback or a suggestion — an opinion ("{s.opinion}"): acknowledge it and pass it'
        " on; no apology, no questions"
        if s.opinion is not None
        else f'a title with parts missing ("{s.content_cut}") — the content as we received'
        " it: ask which and where, and pass it on to the team who look after it; no device"
        " questions"
        if s.content_cut is not None and s.feedback == s.content_cut
        else f'feedback or a suggestion ("{s.feedback}") — pass it on to the team'
    )
    s.template, s.follow_up, s.escalation = "feedback", False, None
    # A title gone from the catalogue ("where did it go?") is the team's to look at.
    s.feedback_asks = direct_question(s.said) if s.feedback != s.missing_title else None
    if s.feedback_asks is not None:
        # "Your new update is awful. Can I go back to the old version?": the question
        # wants an answer (or the person who has one), not only "we'll pass it on".
        s.notes.append(
            f'but it asks a direct question ("{s.feedback_asks}") — answer it, or say who'
            " can; pass the feedback on too"
        )
        s.template, s.by_hand = "by_hand", True
    return True


def our_conversation(s: DraftState) -> bool:
    """A reply in our conversation: it carries on, or gets a friendly or glad word back."""
    if not (s.follow_up and not (s.escalation is not None and s.kind != "resolved")):
        return False
    s.template = "follow_up"
    if (
        s.kind == "info"
        and s.why is None
        and s.trouble is None
        and not s.asks()
        and not (s.parent is not None and asked_details(s.parent.text))
        and chatty(s.said, s.plan)
        and cheer_fits(s.said, s.plan, s.parent)
        and cheerful(s.said, s.plan)
    ):
        # Cheerful chat in answer to our reply ("No problem! Love this time of year"):
        # a short friendly word back, not a request for details.
        s.notes.append("a cheerful reply in a conversation, no problem in it")
        s.template, s.follow_up = "chat", False
    elif (
        s.kind == "info"
        and s.why is None
        and s.trouble is None
        and not s.asks()
        and good_news(s.said, s.plan, s.parent, s.comment.author)
    ):
        s.notes.append(GLAD_NOTE)
        s.glad = True
    return True


def escalated(s: DraftState) -> bool:
    """A customer gone, a chance missed, churn or support that failed: its own reply."""
    if s.escalation is None:
        return False
    s.template = "escalation"
    s.notes.append(ESCALATION_NOTES[s.escalation.kind].format(cue=s.escalation.cue))
    return True


# Tried in this order: the first that takes the comment chooses its template.
ROUTES: tuple[Callable[[DraftState], bool], ...] = (
    stranded_traveller,
    griped_at_update,
    greeted,
    celebrated,
    light_reply,
    rhetorical,
    outage_asked,
    outage_complaint,
    timing_question,
    service_ran_wrong,
    overcharged,
    about_other_customers,
    policy_argued,
    cost_asked,
    lookup_asked,
    passed_on,
    curious,
    feedback,
    our_conversation,
    escalated,
)


def by_plan(s: DraftState) -> None:
    """The template the plan reads; no cheer in a thread about a problem."""
    sharp_why = f'the comment is pointed ("{s.sharp}")' if s.sharp is not None else None
    s.template = choose_template(s.plan, s.notes, s.why or sharp_why, s.comment) or ""
    if s.template in ("praise", "chat") and not cheer_fits(s.said, s.plan, s.parent):
        # Praise-like words in a thread about a problem, with no thanks in them: good
        # news gets "good to hear it's sorted", the rest a person reads; never a cheer.
        if good_news(s.said, s.plan, s.parent, s.comment.author) and not staff_above(s):
            s.notes.append(GLAD_NOTE)
            s.template, s.glad = "follow_up", True
        else:
            s.template = ""


def staff_above(s: DraftState) -> bool:
    """Whether the comment continues the customer's own unanswered complaint about a member
    of staff: no good news, no chat."""
    above = complaint_above(s)
    return above is not None and above.kind == "staff"


def unrouted(s: DraftState) -> Halt | None:
    """A comment no template took: thanked, continued, given to a person, or dropped."""
    if s.template:
        return None
    if s.why is None and s.trouble is not None:
        s.why = f'the comment names a problem ("{s.trouble.group(0)}")'
    if s.why is None and not s.asks():
        return nothing_asked(s)
    # Nothing read clearly, but the customer has a problem or asks: never dropped.
    reason = s.why or "it asks for something"
    s.notes.append(f"no clear request read, but {reason} — check the suggested reply")
    s.template, s.by_hand = ("complaint" if s.why else "support"), True
    if s.why is None and info_question(s.said):
        s.template = "by_hand"
    return None


def nothing_asked(s: DraftState) -> Halt | None:
    """A comment with no problem and no request: a light or continuing reply, else a concern,
    a person's, or no draft."""
    # A quip or a cheers under their own unanswered complaint about staff is no good news and
    # no chat: that complaint is answered. Under a plain fault, good news ("it turned up after
    # all") still reads as such.
    if not staff_above(s) and answered_lightly(s):
        return None
    return concern_or_person(s)


def answered_lightly(s: DraftState) -> bool:
    """Warm words thanked, good news, a cheerful answer, or more details: the reply goes on."""
    if (
        not s.plan.sarcasm
        and s.trouble is None
        and (warm := WARM.search(s.said)) is not None
        and warm.group(0).lower() != "thankfully"
        and not THANKS_FOR_HELP.search(s.said)
        and not any(ch.isdigit() for ch in MENTIONS.sub("", s.said))
    ):
        # Warm words the readers left unread ("kudos to the pilot"): thank them.
        s.notes.append("warm words to the brand — thank them")
        s.template = "praise"
    elif (
        s.comment.parent_id
        and s.kind == "info"
        and not s.follow_up
        and good_news(s.said, s.plan, s.parent, s.comment.author)
    ):
        s.notes.append(GLAD_NOTE)
        s.template, s.glad = "follow_up", True
    elif (
        s.comment.parent_id
        and s.kind == "info"
        and not s.follow_up
        and (chatty(s.said, s.plan) or one_word_answer(s.said, s.plan))
        and cheer_fits(s.said, s.plan, s.parent)
    ):
        # A cheerful or one-word answer to a post (a campaign prompt, a chat) with
        # no problem in it: a short friendly reply, not a hand-off.
        s.notes.append("a cheerful reply in a conversation, no problem in it")
        s.template = "chat"
    elif s.comment.parent_id and s.kind == "info":
        # More details in answer to an earlier question: the conversation goes on.
        s.notes.append("more details in reply to an earlier message — continue the conversation")
        s.template, s.by_hand = "by_hand", True
        s.escalation = Escalation("info", "")
    else:
        return False
    return True


def concern_or_person(s: DraftState) -> Halt | None:
    """A concern of the customer's own, or a comment a person reads; else no draft."""
    if s.plan.language == UNSURE:
        s.notes.append("its language is unsure and not English — a person should read it")
        return "human"
    if s.plan.language is not None and s.plan.language not in CUE_LANGUAGES:
        s.notes.append(f"no cues read in language '{s.plan.language}' — a person should read it")
        return "human"
    elif s.concern is not None and s.concern.kind == "price":
        # A public jibe about prices is a complaint all the same: explain them.
        s.notes.append(BY_A_PERSON["price"])
        s.template, s.by_hand = "concern", True
    elif s.concern is not None and s.concern.kind in CONCERN_REPLIES:
        # A PIN, a code, an upgrade, staff: a customer's matter, never dropped.
        s.notes.append(
            f"no clear request read, but it is about {s.concern.label} — check the suggested reply"
        )
        s.template, s.by_hand = "concern", True
    elif "reference" in given_details(s.said).split(","):
        # A booking or order reference is sent for something to be done with it.
        s.notes.append(
            "no clear request read, but it gives a booking or order reference"
            " — a person reads what they want"
        )
        return "human"
    elif (above := complaint_above(s)) is not None:
        # A follow-up to their own complaint above, not yet answered ("tell him to mind his
        # language, cheers"): the thread is that complaint, never dropped.
        assert s.parent is not None
        if above.kind == "staff":
            s.concern = s.concern_above = above
            s.notes.append(
                f"continues their own complaint above ({quoted(s.parent)}), about"
                f" {above.label} — check the suggested reply"
            )
            s.template, s.by_hand = "concern", True
        else:
            # A bare "ok" or a quip under it: the complaint above is still the matter, so
            # a person answers it, with a holding reply that says sorry and that we're on it.
            s.notes.append(
                f"continues their own complaint above ({quoted(s.parent)}), not yet answered"
                " — a person answers it"
            )
            s.template, s.by_hand = "by_hand", True
            s.escalation = Escalation("above", "")
    elif s.plan.sentiment == UNKNOWN:
        # No reader covers its language: a person reads it rather than nobody.
        s.notes.append("written in a language no reader covers — a person should read it")
        return "human"
    elif s.comment.parent_id is None and to_the_brand(s.said):
        # A tweet of its own that opens by tagging the brand: someone wants us to
        # read it, even where nothing was read in it.
        s.notes.append(
            "addressed to the brand, but no request or problem read — a person"
            " decides whether it needs an answer"
        )
        shown = shown_in_public(s.said).own if s.brand.industry == "finance" else ()
        if shown:
            # No reply is drafted to carry the word on privacy: the reviewer gives it.
            s.notes.insert(
                0,
                f"PRIVATE DETAILS posted in public ({', '.join(shown)}): check whether to hide"
                " the comment, and ask them not to share personal details in public",
            )
        return "human"
    else:
        return "drop"
    return None
