"""The first drafting steps: what one comment says, whether it is spam or abuse after all, and
what else it is (feedback, a light moment, an outage, an overcharge, a celebration)."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.models import Comment
from bot.smo.asks import catalogue_gap, content_cut
from bot.smo.billing import overcharge
from bot.smo.brand import BrandProfile
from bot.smo.comment_patterns import (
    ASKS_FOR_A_CODE,
    CURIOUS,
    CURIOUS_BUT,
    GAME,
    HASHTAG,
    HOW_TO,
    MILESTONE,
    NEGATED,
    OPINION_ASK,
    PROMPT,
    RECOMMEND,
    SERVICE,
    TROUBLE,
    info_question,
)
from bot.smo.draft_state import DraftState, Halt
from bot.smo.escalation import find_escalation
from bot.smo.guardrails import (
    harmless_removed,
    is_real_question,
    negative_clause,
    plain_quotes,
    unhappy,
)
from bot.smo.moments import celebration, fellow_customers
from bot.smo.remarks import find_opinion, outage_gripe, outage_question, rhetorical_question
from bot.smo.reply_context import OWN_THING
from bot.smo.reply_plan import ReplyPlan
from bot.smo.second_matter import BILLED
from bot.smo.service_asks import cost_question, reference_lost, service_event, timing_asked
from bot.smo.situations import (
    Policy,
    find_feedback,
    find_pass_on,
    find_policy,
    find_slip,
    given_details,
)
from bot.smo.thread import LEADING_TAGS, quoted, reply_chain_only, says_sent
from bot.smo.tone import WARM
from bot.smo.topics import (
    concern_of,
    own_storage_aside,
    plan_trouble,
    pointed,
    sequence_masked,
    stranded,
    suggestion,
)

__all__ = [
    "clear_spam_misreads",
    "name_unread_trouble",
    "note_broadcast",
    "read_comment",
    "read_feedback",
    "read_light_moments",
    "read_service_moments",
    "screen_abuse",
    "screen_own_storage",
    "screen_spam",
]


def read_comment(
    comment: Comment, brand: BrandProfile, plan: ReplyPlan, notes: list[str]
) -> DraftState:
    """What the comment says: its concern, whether it is pointed, stranded or escalated."""
    readings = plan.readings()
    s = DraftState(
        comment,
        brand,
        plan,
        notes,
        readings,
        why=unhappy(comment.text, readings),
        said=sequence_masked(plain_quotes(comment.text)),
    )
    if s.plan.topic == "order" and "order" not in s.said.lower():
        # "The order of songs", "plays in order": a sequence, not a purchase order.
        s.plan = replace(s.plan, topic=None)
    s.concern = concern_of(s.said, s.brand.industry)
    if s.concern is not None and s.concern.kind == "upgrade" and s.why is not None:
        # "#UpgradeYourSoftware" under a fault report is a jibe, not a wish to change plan:
        # a sales concern comes from the words, never from a hashtag alone.
        s.concern = concern_of(HASHTAG.sub(" ", s.said), s.brand.industry)
    s.wants_code = (
        s.concern is not None
        and s.concern.kind == "promo"
        and ASKS_FOR_A_CODE.search(s.said) is not None
    )
    if s.wants_code:
        # "I need a promo code, hook me up": a request for one, not a code that failed.
        s.concern = None
    s.sharp = pointed(s.said)
    # A traveller stuck mid-journey needs help now: no form, no account details.
    s.stuck = (
        stranded(s.said)
        # "Please let us off" reads warm to a sentiment score: only praise rules a plea out.
        if s.brand.industry == "travel"
        and (s.why is not None or s.plan.sentiment != "positive" or "praise" not in s.plan.intents)
        else None
    )
    s.escalation = find_escalation(s.comment.text, s.brand.own_handles)
    s.needs = {"complaint", "support", "question"} & set(s.plan.intents)
    # "Kein Problem, hat alles geklappt": a German or Spanish harmless phrase names no fault.
    s.trouble = TROUBLE.search(harmless_removed(s.said, s.plan.language).lower())
    return s


def clear_spam_misreads(s: DraftState) -> None:
    """Drops a spam reading that is a customer saying they sent a DM, or a reply chain."""
    if "spam" in s.plan.intents and says_sent(s.comment.text):
        # "Done, check your DMs": the customer tells us a private message is on its way,
        # which reads like a lure to the spam readers.
        s.notes.append("says they sent us a private message — not spam")
        s.plan = replace(s.plan, intents=tuple(i for i in s.plan.intents if i != "spam"))
    if "spam" in s.plan.intents and reply_chain_only(s.comment):
        # On X a reply carries every handle of the thread before its words: many accounts
        # tagged there is the reply chain (a game between brands), not a mention bomb.
        s.notes.append("many accounts tagged, but they are the thread's reply chain — not spam")
        s.plan = replace(s.plan, intents=tuple(i for i in s.plan.intents if i != "spam"))


def screen_spam(s: DraftState) -> Halt | None:
    """Hides spam; a customer with a problem or a request is drafted all the same."""
    if "spam" not in s.plan.intents:
        return None
    unhappy_ask = s.why is not None and (s.plan.sentiment == "negative" or is_real_question(s.said))
    if not (s.needs or s.trouble or s.escalation or unhappy_ask):
        if not (s.comment.parent_id or WARM.search(s.said) or s.asks()):
            s.notes.append("spam — hide it, no reply")
            return "hide"
        s.notes.append(
            "reads as spam, but it answers an earlier message, thanks the brand or"
            " asks something — check before hiding"
        )
        if not s.asks():
            return "human"
        s.by_hand = True
    else:
        # A customer with a problem is never hidden as spam: draft, and say so.
        s.notes.append("read as spam, but it has a problem or request — check before hiding")
    s.plan = replace(s.plan, intents=tuple(i for i in s.plan.intents if i != "spam"))
    return None


def screen_abuse(s: DraftState) -> Halt | None:
    """Hides abuse; swearing about a real problem is still a customer to answer."""
    if "abuse" not in s.plan.intents:
        return None
    if not (s.needs or s.asks() or s.escalation or s.trouble):
        s.notes.append("abusive — hide it and tell the team lead")
        return "hide_and_escalate"
    # Swearing about a real problem is still a customer to answer.
    s.notes.append("swears, but has a problem or request — answer it rather than hide it")
    s.plan = replace(s.plan, intents=tuple(i for i in s.plan.intents if i != "abuse"))
    s.readings = s.plan.readings()
    s.by_hand = True

    return None


def name_unread_trouble(s: DraftState) -> None:
    """A problem the readers left unread is a reason for no cheer and no pitch all the same."""
    if (
        s.why is None
        and s.trouble is not None
        and (s.plan.sentiment != "positive" or "praise" in s.plan.intents)
    ):
        # No cheer and no sales pitch to a problem the readers left unread.
        s.why = f'the comment names a problem ("{s.trouble.group(0)}")'


# Words beside a remark on the customer's own phone that say something is wrong with ours.
_BESIDE_ASIDE = re.compile(
    r"(?<!\w)(?:won'?t|can'?t|cannot|doesn'?t|isn'?t|not|no|never|but|error\w*|crash\w*"
    r"|broke\w*|stopp\w*|fail\w*|freez\w*|help)(?!\w)"
)


def screen_own_storage(s: DraftState) -> Halt | None:
    """An aside about upgrading the customer's own phone or storage ("should probably upgrade
    from my 16GB phone"), with nothing else asked: no device question and no plan to sell, so
    a person decides whether it needs an answer. Only at a brand that sells no phones (an
    app, a game): at a carrier a phone upgrade is a plan matter."""
    aside = own_storage_aside(s.said)
    if aside is None or s.brand.industry not in ("software", "games"):
        return None
    if s.trouble is not None or s.escalation is not None or s.feedback:
        return None
    # A question ("any deals?") or a fault beside it ("but the app won't move") is answered.
    if "?" in s.said or plan_trouble(s.said) or _BESIDE_ASIDE.search(s.said.lower()):
        return None
    s.notes.insert(
        0,
        f'a remark on upgrading their own phone or storage ("{aside}") — no fault to diagnose'
        " and no plan to sell; a person decides whether to reply",
    )
    return "human"


def read_feedback(s: DraftState) -> None:
    """Feedback, an opinion, a policy argued, a message to pass on, a slip or a missing title."""
    s.feedback = find_feedback(s.said)
    # An opinion on a change ("not a fan of the new layout"): acknowledged and passed on,
    # with no apology for a fault and no questions to diagnose one.
    s.opinion = find_opinion(s.said)
    if s.feedback is None:
        s.feedback = s.opinion
    s.policy = (
        find_policy(s.said)
        if s.escalation is None and not s.follow_up and BILLED.search(s.said.lower()) is None
        else None
    )
    if s.policy is None and s.escalation is None and s.parent is not None:
        s.policy = rule_pushed_back(s)
    # "Please pass my thanks to the crew": a message for someone here, not a case to open.
    s.pass_on = (
        find_pass_on(s.said)
        if s.escalation is None
        and s.trouble is None
        and (s.why is None or "praise" in s.plan.intents)
        else None
    )
    s.slip = find_slip(s.said) if s.escalation is None else None
    if s.feedback is None and s.slip is not None:
        s.feedback = s.slip
    # A title missing from the catalogue: passed on to the team who look after it, with no
    # device or version to ask about (nothing on the customer's side is at fault).
    s.missing_title = catalogue_gap(s.said) if s.escalation is None and s.feedback is None else None
    # A title whose parts are missing ("the episodes are not complete") is the content as we
    # received it, for the same team: which title and where is asked, no device. Only a brand
    # that streams titles has such a team; a shop's DVD with parts missing is a faulty product.
    s.content_cut = (
        content_cut(s.said)
        if s.escalation is None
        and s.feedback is None
        and s.brand.industry in ("software", "telco", "games")
        else None
    )
    if s.content_cut is not None:
        s.missing_title = s.content_cut
    if s.missing_title is not None:
        s.feedback = s.missing_title
    if (
        s.feedback is None
        and s.trouble is None
        and "symptom" not in given_details(s.said)
        and (wish := suggestion(s.said)) is not None
    ):
        s.feedback = wish
    if (
        s.feedback is None
        and s.follow_up
        and s.parent is not None
        and OPINION_ASK.search(s.parent.text)
        and s.kind == "info"
    ):
        # We asked what they think, and they told us: feedback, not a fault.
        s.feedback = "an answer to our question about their view"


# Our reply explained a rule ("we can only protect members if the conversation stays on the
# site", "it's against our policy").
_RULE_EXPLAINED = re.compile(
    r"(?<!\w)(?:we can only|(?:our|the) polic(?:y|ies)|(?:isn'?t|is not|aren'?t|are not|not)"
    r" (?:allowed|permitted)|against (?:our|the) (?:rules|policy|terms)|kept on (?:the )?site"
    r"|for (?:your|the|our members'?) (?:safety|security))(?!\w)",
    re.I,
)
# The answer opens by pushing back ("But as a driver I can't …").
_PUSHBACK = re.compile(r"(?:\s*\.?@\w+)*[\s,]*(?P<cue>(?:yes,? |ok,? |okay,? )?but)(?!\w)", re.I)


def rule_pushed_back(s: DraftState) -> Policy | None:
    """A push back on the rule our reply explained, in our conversation, with nothing asked:
    acknowledged and passed on, as a rule argued is, never a request for details."""
    if not (
        s.follow_up
        and s.parent is not None
        and _RULE_EXPLAINED.search(s.parent.text) is not None
        and (cue := _PUSHBACK.match(s.said)) is not None
        and not is_real_question(s.said)
    ):
        return None
    return Policy("these rules", cue.group("cue"))


def note_broadcast(s: DraftState) -> None:
    """Notes a comment that answers our post to everyone (not a campaign prompt)."""
    if s.broadcast and s.parent is not None and PROMPT.search(s.parent.text) is None:
        s.notes.append(
            f"answers our post to everyone: {quoted(s.parent)} — the reply may point to it"
        )


def read_light_moments(s: DraftState) -> None:
    """A reply to our campaign prompt, a loyalty milestone, banter, or delight as a question."""
    read_campaign_answer(s)
    read_milestone(s)
    read_banter(s)
    read_rhetorical(s)
    read_curious(s)


def read_curious(s: DraftState) -> None:
    """A question asked out of curiosity ("just curious why …"), with no complaint in it."""
    match = (
        CURIOUS.search(s.said)
        if s.escalation is None
        and s.stuck is None
        and s.plan.sentiment != "negative"
        and not s.plan.sarcasm
        and "complaint" not in s.plan.intents
        and CURIOUS_BUT.search(s.said) is None
        and s.kind != "resolved"
        else None
    )
    s.curious = match.group(0) if match is not None else None


def read_campaign_answer(s: DraftState) -> None:
    """An answer to our campaign prompt with no problem and nothing asked."""
    s.campaign = (
        s.broadcast
        and s.parent is not None
        and s.kind == "info"
        and PROMPT.search(s.parent.text) is not None
        and not s.asks()
        and s.why is None
        and s.trouble is None
        and s.escalation is None
        and "complaint" not in s.plan.intents
    )


def read_milestone(s: DraftState) -> None:
    """A loyalty milestone shared ("10 years with you"), with no problem in it."""
    # The pattern last: the cheap tests settle most comments without it.
    s.milestone = (
        s.why is None
        and s.trouble is None
        and "complaint" not in s.plan.intents
        and (
            s.escalation is None
            or (s.escalation.kind == "churn" and "customer" in s.escalation.cue)
        )
        and MILESTONE.search(s.said.lower()) is not None
    )


def read_banter(s: DraftState) -> None:
    """Banter or a tip on a game or campaign post, whoever posted it."""
    # Banter on a game or campaign post ("you need to get the Frostbite ones… seriously!"),
    # whoever posted it: a light word back, never a complaint's holding reply.
    s.banter = (
        s.parent is not None
        and (s.broadcast or not s.parent.own)
        and s.trouble is None
        and s.escalation is None
        and "complaint" not in s.plan.intents
        and s.plan.score > -0.5
        and (PROMPT.search(s.parent.text) is not None or GAME.search(s.parent.text) is not None)
        and (
            (not is_real_question(s.said) and RECOMMEND.search(s.said) is not None)
            or (
                # A game between brands: someone else's post, answered to the whole party.
                not s.parent.own
                and LEADING_TAGS.match(s.comment.text) is not None
                and GAME.search(f"{s.parent.text} {s.said}") is not None
                and not info_question(s.said)
                and HOW_TO.search(s.said) is None
                and OWN_THING.search(s.said) is None
            )
        )
    )


def read_rhetorical(s: DraftState) -> None:
    """Delight put as a question ("how good is this?!"), which a warm word answers."""
    # "How good is this?!", "who else is loving the new menu?": delight put as a question,
    # which a warm word answers, never a support holding reply.
    cheer = rhetorical_question(s.said)
    s.rhetorical = (
        cheer
        if cheer is not None
        and s.trouble is None
        and s.escalation is None
        and not s.plan.sarcasm
        and s.kind not in ("resolved", "unresolved", "sent")
        and (
            (s.why is None and "complaint" not in s.plan.intents and s.plan.sentiment != "negative")
            # "Who doesn't love …?": its own negation reads as a complaint to the readers;
            # the rest of the comment decides.
            or (
                NEGATED.search(cheer) is not None
                and negative_clause(re.sub(re.escape(cheer), " ", s.said, flags=re.I)) is None
            )
        )
        else None
    )


def read_service_moments(s: DraftState) -> None:
    """An outage question or gripe, an overcharge, other customers, or a happy moment shared."""
    read_outage(s)
    read_overcharge(s)
    read_fellow_customers(s)
    read_celebration(s)
    read_service_asks(s)


def read_outage(s: DraftState) -> None:
    """Whether the service is down, asked or griped about."""
    # "Is it down?", "is the app down for anyone else?": a status check, not a case to
    # diagnose device by device.
    s.outage = (
        outage_question(s.said)
        if s.escalation is None
        and s.kind not in ("resolved", "sent")
        and not s.wants_code
        # "Anyone else's iPhone showing no service?" to a software brand: the device is
        # the question, which the usual checklist asks about.
        and not (s.brand.industry == "software" and "device" in given_details(s.said))
        else None
    )
    # "Great, down AGAIN, love paying for nothing?": a grievance about an outage, put as a
    # question only in its punctuation — a sorry and the outage reply, not "thanks for asking".
    s.gripe = (
        outage_gripe(s.said)
        # In our conversation the follow-up carries on with the case we already have.
        if s.outage is None
        and s.escalation is None
        and not s.follow_up
        and s.kind not in ("resolved", "sent", "thanks")
        else None
    )
    if s.gripe is not None and not (
        (s.concern is not None and s.concern.kind == "outage") or SERVICE.match(s.gripe)
    ):
        s.gripe = None  # "went out again for dinner": no service said to be down


def read_overcharge(s: DraftState) -> None:
    """Money taken that was not agreed ("charged me twice")."""
    # "Charged me twice", "billed $40 more than my plan": money taken that was not agreed,
    # a billing complaint for a person, never a remark on prices or a lead.
    s.overcharged = (
        overcharge(s.said) if s.escalation is None and s.kind not in ("resolved", "sent") else None
    )


def read_fellow_customers(s: DraftState) -> None:
    """A complaint about other customers or what they are allowed, not the customer's own."""
    # "The woman next to me can have her dog in the cabin?": other customers, not the
    # customer's own booking — acknowledged and passed on, no booking checklist.
    s.fellow = (
        fellow_customers(s.said)
        if s.escalation is None
        and not s.follow_up
        and s.overcharged is None
        and s.kind not in ("resolved", "sent")
        and OWN_THING.search(s.said) is None
        else None
    )


def read_service_asks(s: DraftState) -> None:
    """What a service costs, a reference the customer lost, or a service that ran wrong."""
    if s.escalation is not None:
        return
    # "How much is it to send it in for a diagnosis?": a price to give, even under their own
    # fault above; a charge they dispute is an overcharge, read before.
    s.cost = cost_question(s.said) if s.overcharged is None else None
    s.ref_lost = reference_lost(s.said)
    s.timing = timing_asked(s.said) if s.brand.industry == "travel" else None
    # "The 22.12 to Surbiton left early": a complaint about the service itself, with no
    # booking of theirs in it; a traveller stranded by it is answered as such.
    s.event = (
        service_event(s.said)
        if s.brand.industry == "travel"
        and s.stuck is None
        and not s.follow_up
        and (
            s.why is not None
            or s.plan.sentiment == "negative"
            or "complaint" in s.plan.intents
            or negative_clause(s.said) is not None
        )
        else None
    )


def read_celebration(s: DraftState) -> None:
    """A happy moment to share, not a request for help."""
    # "Our wedding — round trip only $85!": a happy moment to share, not a request for help.
    s.celebrated = (
        celebration(s.said)
        if s.why is None
        and s.trouble is None
        and s.escalation is None
        and not s.follow_up
        and "complaint" not in s.plan.intents
        and s.plan.sentiment != "negative"
        and not s.plan.sarcasm
        # "Anyone who needs a flight for our wedding: book now!" opens like a question but
        # asks none; a question mark does.
        and "?" not in s.said
        else None
    )
