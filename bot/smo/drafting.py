"""Reply drafts from Jinja2 templates per language, intent, voice and platform, with variants."""

from __future__ import annotations

import re
import zlib
from collections import OrderedDict
from dataclasses import replace
from datetime import datetime, timedelta

from bot.models import Comment, Draft
from bot.smo.asks import catalogue_gap, direct_question, how_to_ask
from bot.smo.billing import overcharge
from bot.smo.brand import BrandProfile
from bot.smo.escalation import Escalation, find_escalation, find_unanswered
from bot.smo.faq import FAQ_THRESHOLD
from bot.smo.guardrails import (
    FIXABLE,
    Problem,
    Readings,
    check,
    compose_within,
    ends_on_praise,
    fix,
    is_real_question,
    negative_clause,
    only_reservations,
    plain_quotes,
    playful_allowed,
    unhappy,
)
from bot.smo.lexicon import CUE_LANGUAGES
from bot.smo.moments import celebration, failed_channel, fellow_customers
from bot.smo.openings import OWNS_WAIT_IN, owning_wait, with_greeting
from bot.smo.platforms import REPLY_LIMITS, REPLY_WINDOWS, reply_length
from bot.smo.remarks import find_opinion, outage_gripe, outage_question, rhetorical_question
from bot.smo.reply_context import OWN_THING, reply_context, reward_concern
from bot.smo.reply_plan import ReplyContext, ReplyPlan
from bot.smo.safety import Hazard, find_hazard
from bot.smo.second_matter import BILLED, TROUBLE, question_beside, second_matter
from bot.smo.sentiment import UNKNOWN
from bot.smo.situations import (
    Closure,
    details_sent,
    find_closure,
    find_feedback,
    find_pass_on,
    find_policy,
    find_slip,
    given_details,
    greeting,
    not_answered_by_others,
    place_code_given,
    posts_private,
    taken_away,
    third_party,
)
from bot.smo.template_choice import choose_template
from bot.smo.template_library import TemplateLibrary, default_templates_dir, template_base
from bot.smo.thread import (
    DM_CASE,
    LEADING_TAGS,
    MENTIONS,
    NOT_WORDS,
    ThreadMemory,
    addressed,
    answer_to,
    asks_for_dm,
    bare_done,
    bystander,
    chased,
    follow_up_kind,
    ongoing_dm,
    quoted,
    reply_chain_only,
    says_resolved,
    says_sent,
    to_the_brand,
)
from bot.smo.tone import (
    ASKS,
    KUDOS,
    PLEASANTRY,
    WARM,
    asked_details,
    chatty,
    cheer_fits,
    cheerful,
    good_news,
    kind_words,
    light,
    one_word_answer,
)
from bot.smo.topics import (
    Concern,
    concern_of,
    pointed,
    question_gist,
    sequence_masked,
    stranded,
    suggestion,
)
from bot.smo.wording import duration, note_without_draft, possessive

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
# A note that starts with this marks a draft a person must see first (safety, legal).
URGENT = "URGENT"
# A question for information a person can answer in public (how to, whether, when, how much),
# rather than one about the customer's own order or account.
_INFO_QUESTION = re.compile(
    r"(?<!\w)(?:how (?:do|can|would|should|to) (?:i|we|you|u|one)?|is there (?:a|any) ?way"
    r"|is it (?:possible|ok|okay|alright|safe)|(?:do|does|will|would|can|could) (?:you|u|your \w+"
    r"|the \w+|it|they) (?:have|offer|run|sell|ship|deliver|accept|support|work|fly|stock|serve"
    r"|allow|include|come|open|do)|when (?:is|will|are|does|do)|what time|how (?:much|long|many"
    r"|often|far)|why (?:do|does|is|are|can'?t) (?:you|your|the|it)|any (?:news|update|idea)"
    r"|where (?:can|do|is|are)|which \w+ (?:do|does|should|is|are)|when'?s|is there (?:a|an|any)"
    r"|are there|do (?:i|we) (?:have|need) to|what happened to|what (?:is|are) the)(?!\w)",
    re.IGNORECASE,
)


# Thanks for help already given, which is no new request for help.
_THANKS_FOR_HELP = re.compile(
    r"(?<!\w)(?:thanks?|thank you|thx|ty)(?: (?:so|very) much)? for (?:[\w&;]+ ){0,4}?"
    r"(?:help|assistance|support)",
    re.IGNORECASE,
)
# The brand's own earlier post was a support reply (not a campaign prompt) when it says so.
_SUPPORT_REPLY = re.compile(
    r"(?<!\w)(?:dm|dms|direct message|private message|sorry|apolog\w*|help|details|look into"
    r"|account|order|booking|follow|reach out|contact|issue|trouble|problem|assist\w*"
    r"|fix\w*|sorted|resolved|working|outage|update)(?!\w)",
    re.IGNORECASE,
)
# A post that invites replies (a question, a hashtag, "tell us", "share"): a campaign prompt
# when it is no support reply.
_PROMPT = re.compile(
    r"\?|#\w|(?<!\w)(?:tell us|share|caption|comment|tag|reply with|drop (?:a|an|your)|guess"
    r"|vote|fill in|finish (?:this|the))(?!\w)",
    re.IGNORECASE,
)
# A loyalty milestone the customer shares ("10 years with you", "member since 2009").
_MILESTONE = re.compile(
    r"(?<!\w)(?:\d+\+? ?(?:years?|yrs) (?:with|as an? (?:\w+ )?(?:customer|member)|of being"
    r"|a (?:customer|member)|and counting|loyal)|(?:customer|member) since (?:19|20)\d\d"
    r"|(?:\d+(?:st|nd|th|rd)|one|two|five|ten) ?-?year anniversary|anniversary with"
    r"|\d[\d,]* (?:miles|points|flights|rides|orders|stays|trips)(?: with| on| milestone)"
    r"|(?:hit|reached|reaching|hitting|made) (?:\w+ )?(?:status|tier|level|milestone|million miler"
    r"|\d[\d,]* \w+))"
    r"(?!\w)"
)
_HASHTAG = re.compile(r"#\w+")
# A request for a code ("need a promo code", "any discount codes?", "hook me up with a code"),
# with no word that one failed.
_ASKS_FOR_A_CODE = re.compile(
    r"(?i)^(?!.*(?:not|n'?t|never) (?:\w+ )?(?:work\w*|valid|accept\w*|appl\w*)|.*(?:invalid"
    r"|expired|error|declined|rejected))"
    r".*(?:(?:need|want|get|got|have|give|send|hook|any|is there)\w*\b[^.?!]{0,40}?"
    r"(?:promo(?:tion(?:al)?)?|discount|coupon|offer|voucher) codes?|hook (?:me|us) up"
    r"|(?:need|want|get) an? hook ?-?up)"
)
# Something the customer passes on to us ("here's the article in case you need it").
_SHARED = re.compile(r"(?<!\w)(?:here'?s|in case|fyi|link|article|news)(?!\w)", re.IGNORECASE)
# We asked what the customer thinks of something: the answer is feedback, not a fault.
_OPINION_ASK = re.compile(
    r"(?<!\w)(?:(?:find|found) (?:\w+ )?(?:difficult|hard|confusing|annoying|frustrating)"
    r"|what do you (?:think|like|dislike|prefer)|what are your thoughts"
    r"|what would you (?:like|change|improve))(?!\w)",
    re.IGNORECASE,
)
# A complaint about support that says it happened more than once ("already", "3 times").
_REPEATED = re.compile(
    r"(?<!\w)(?:already|again|times|keep|kept|explain\w*|repeat\w*|chas\w*|\d+|several|multiple"
    r"|many|countless|numerous|second|third|fourth|fifth|another|same)(?!\w)"
)
# A question how to do something, or a request to change a setting or a listing ("can you
# remove …", "is there a way to …"): a person answers it, with no apology.
_HOW_TO = re.compile(
    r"(?<!\w)(?:how (?:do|can|would|should) (?:i|we|you|one)|is (?:there|it) (?:a|any) ?(?:way"
    r"|option|setting)|is it possible|(?:can|could|would) (?:you|u|i|we) (?:please )?(?:remove"
    r"|add|change|delete|turn|switch|hide|disable|enable|stop|set|get rid|opt|block|unlink|link"
    r"|edit|move|transfer|merge|rename|undo|restore|make))(?!\w)",
    re.IGNORECASE,
)
# A feedback cue that offers an idea ("you should add", "it would be great if"): thanked as a
# suggestion, however negative the words around it read.
_SUGGESTED = re.compile(
    r"suggest|should|ought to|would (?:be|love)|wish|i'?d (?:love|like)|as a user|idea"
    r"|(?:^|\b)(?:please |pls |plz )?add\b|how about|what about|why not"
    r"|(?:can|could|would|will) (?:you|u) (?:please )?(?:add|remove|make|put|give)"
)
# Our earlier reply asked for details to act on (an address, a number, an email, a store).
_ASKED_FOR = re.compile(
    r"(?<!\w)(?:address|phone|number|e-?mail|zip|post ?code|location|branch|store|contact"
    r" (?:info|details)|order|booking|reference|confirmation|details|full name)(?!\w)",
    re.IGNORECASE,
)
# It asked where something happened: the address given is a store's, not the customer's.
_PLACE_ASKED = re.compile(
    r"(?<!\w)(?:store|branch|location|restaurant|station|airport|shop)(?!\w)", re.IGNORECASE
)
# A tongue-in-cheek recommendation ("you need to get the Frostbite ones", "try the pecan ones").
_RECOMMEND = re.compile(
    r"(?<!\w)(?:(?:you|u|y'?all|you lot|you guys) (?:\w+ )?(?:need to|needa|should|gotta"
    r"|have to|must|ought to) (?:\w+ )?(?:get|try|taste|have|grab|stock|check out|go for|pick)"
    r"|(?:try|get) (?:the|some) \w+(?: \w+)? ones)(?!\w)",
    re.IGNORECASE,
)
# A game, a contest or a taste-off between brands ("round one", "results are in", "derby").
_GAME = re.compile(
    r"(?<!\w)(?:games?|contest|competition|round (?:one|two|three|\d)|first round|scores?|scored"
    r"|results are in|votes?|poll|derby|battle|wars|vs\.?|taste[- ]?(?:off|test)|\w+ off is go"
    r"|challenge|leaderboard|winner|trick or treat|quiz|who'?s up next)(?!\w)",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"n'?t(?!\w)|(?<!\w)not(?!\w)")
# An outage question that says where ("is the network down in Leeds?"): no "which area?". A
# code for the place (a ZIP code, a postcode) is read by ``place_code_given``.
_PLACE_NAMED = re.compile(
    r"(?<!\w)(?:in|near|around) (?:the )?(?:[A-Z][a-z]+|[A-Z]{1,2}\d{1,2}[A-Z]?)(?!\w)"
)


# The service itself named as what is down ("internet out", "network down again").
_SERVICE = re.compile(
    r"(?:internet|wi-?fi|service|network|signal|broadband|connection|servers?|streaming|data"
    r"|phones?|lines?|tv|cable|app|site|website|outages?|no (?:service|signal|internet|wi-?fi"
    r"|connection|network|reception|tv|cable))(?!\w)"
)


# Concerns that get their own reply ("concern.j2") rather than a fault template, and the
# note for those a person must answer.
_CONCERN_REPLIES = frozenset(
    {
        "staff",
        "access",
        "promo",
        "price",
        "catering",
        "onboard",
        "preorder",
        "upgrade",
        "repair",
        "reward",
    }
)
_BY_A_PERSON = {
    "staff": "a complaint about a member of staff — a team lead reads it and answers",
    "price": (
        "a point about our prices — the suggested text is a holding reply; add why the prices"
        " differ or what the price includes if you can"
    ),
}


# What the reviewer is told when a comment needs more than a request for details.
_GLAD_NOTE = "good news in a conversation about a problem — glad it's sorted, no cheer"

_ESCALATION_NOTES = {
    "gone": (
        'a customer who has left or gone to another company ("{cue}"): no pitch, no cheer and no'
        ' "before you decide" — say sorry to see them go and offer one person to hear what went'
        " wrong"
    ),
    "missed": (
        'the chance has passed ("{cue}"): no sales push — acknowledge it; a person adds anything'
        " we can still offer"
    ),
    "churn": 'churn risk ("{cue}"): acknowledge it and offer one person to follow it through',
    "failed support": (
        'let down by support already ("{cue}"): no restart — ask what they were told and carry on'
    ),
}


# A statement told in a sentence of its own ("I just did", "they're the ones charging it").
_TOLD = re.compile(
    r"(?<!\w)(?:i|i'?d|i'?m|i'?ve|i'?ll|we|we'?re|we'?ve|they|they'?re|it|it'?s|that|that'?s)"
    r"\s+\w",
    re.IGNORECASE,
)


def _concern_reply(
    concern: Concern, template: str, escalation: Escalation | None, kind: str | None
) -> bool:
    """Whether a reply of ``template`` should say ``concern``'s own words instead (``kind``
    is how a reply in a thread answers us, see ``follow_up_kind``)."""
    if concern.kind not in _CONCERN_REPLIES:
        return False
    if template in ("complaint", "support", "purchase_intent"):
        return True
    if template == "follow_up" and kind in ("info", "unresolved"):
        return True  # more about a PIN, an upgrade, a code: the same words as a first message
    # A question about an upgrade or a pre-order, or how to complain about someone, is about
    # the customer's own account: acknowledged, and a person looks.
    return (
        template == "by_hand"
        and escalation is None
        and concern.kind in ("staff", "preorder", "upgrade", "price")
    )


def _info_question(text: str) -> bool:
    return is_real_question(text) and _INFO_QUESTION.search(text) is not None


# "? hello", "hello?": someone waiting for an answer, not a greeting.
_CHASING_HELLO = re.compile(r"(?:\s*[@.]\w+)*\W*(?:\?\W*(?:hello|hi|hey)|(?:hello|hi|hey)\W*\?)")
# Words in an answer to a campaign prompt that is still a pick ("treat!", "the red one").
_PICK_WORDS = 5


def _answered(plan: ReplyPlan) -> bool:
    return plan.faq is not None and plan.faq.score >= FAQ_THRESHOLD


class Drafter:
    """Turns an understood comment into a Draft; remembers the last text sent to each author
    and the comments seen (``threads``), so a follow-up continues the conversation.

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
        notes: list[str] = []
        if not known:
            notes.append(f"unknown brand '{comment.brand}' — add it to the workspace")
        if plan.sarcasm:
            notes.append("reads as sarcasm — check the tone")
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

        readings = plan.readings()
        why = unhappy(comment.text, readings)
        said = sequence_masked(plain_quotes(comment.text))
        if plan.topic == "order" and "order" not in said.lower():
            # "The order of songs", "plays in order": a sequence, not a purchase order.
            plan = replace(plan, topic=None)
        concern = concern_of(said, brand.industry)
        if concern is not None and concern.kind == "upgrade" and why is not None:
            # "#UpgradeYourSoftware" under a fault report is a jibe, not a wish to change plan:
            # a sales concern comes from the words, never from a hashtag alone.
            concern = concern_of(_HASHTAG.sub(" ", said), brand.industry)
        wants_code = (
            concern is not None
            and concern.kind == "promo"
            and _ASKS_FOR_A_CODE.search(said) is not None
        )
        if wants_code:
            # "I need a promo code, hook me up": a request for one, not a code that failed.
            concern = None
        sharp = pointed(said)
        # A traveller stuck mid-journey needs help now: no form, no account details.
        stuck = (
            stranded(said)
            # "Please let us off" reads warm to a sentiment score: only praise rules a plea out.
            if brand.industry == "travel"
            and (why is not None or plan.sentiment != "positive" or "praise" not in plan.intents)
            else None
        )
        # Whether the comment asks for something: worked out only where a branch needs it.
        asked: list[bool] = []

        def asks() -> bool:
            if not asked:
                asked.append(is_real_question(said) or ASKS.search(said) is not None)
            return asked[0]

        escalation = find_escalation(comment.text, brand.own_handles)
        needs = {"complaint", "support", "question"} & set(plan.intents)
        trouble = TROUBLE.search(said.lower())
        by_hand = False
        # Good news in a thread about a problem: "good to hear it's sorted", never a cheer.
        glad = False
        if "spam" in plan.intents and says_sent(comment.text):
            # "Done, check your DMs": the customer tells us a private message is on its way,
            # which reads like a lure to the spam readers.
            notes.append("says they sent us a private message — not spam")
            plan = replace(plan, intents=tuple(i for i in plan.intents if i != "spam"))
        if "spam" in plan.intents and reply_chain_only(comment):
            # On X a reply carries every handle of the thread before its words: many accounts
            # tagged there is the reply chain (a game between brands), not a mention bomb.
            notes.append("many accounts tagged, but they are the thread's reply chain — not spam")
            plan = replace(plan, intents=tuple(i for i in plan.intents if i != "spam"))
        if "spam" in plan.intents:
            unhappy_ask = why is not None and (
                plan.sentiment == "negative" or is_real_question(said)
            )
            if not (needs or trouble or escalation or unhappy_ask):
                if not (comment.parent_id or WARM.search(said) or asks()):
                    notes.append("spam — hide it, no reply")
                    return self._action(comment, "hide", notes)
                notes.append(
                    "reads as spam, but it answers an earlier message, thanks the brand or"
                    " asks something — check before hiding"
                )
                if not asks():
                    return self._action(comment, "human", notes)
                by_hand = True
            else:
                # A customer with a problem is never hidden as spam: draft, and say so.
                notes.append("read as spam, but it has a problem or request — check before hiding")
            plan = replace(plan, intents=tuple(i for i in plan.intents if i != "spam"))
        if "abuse" in plan.intents:
            if not (needs or asks() or escalation or trouble):
                notes.append("abusive — hide it and tell the team lead")
                return self._action(comment, "hide_and_escalate", notes)
            # Swearing about a real problem is still a customer to answer.
            notes.append("swears, but has a problem or request — answer it rather than hide it")
            plan = replace(plan, intents=tuple(i for i in plan.intents if i != "abuse"))
            readings = plan.readings()
            by_hand = True

        if (
            why is None
            and trouble is not None
            and (plan.sentiment != "positive" or "praise" in plan.intents)
        ):
            # No cheer and no sales pitch to a problem the readers left unread.
            why = f'the comment names a problem ("{trouble.group(0)}")'
        parent = self.threads.parent(comment)
        concern = reward_concern(said, parent) or concern
        # The brand's own post to everyone (a campaign prompt, a service update) opens no
        # conversation with this customer; its reply to them does.
        broadcast = (
            parent is not None
            and parent.own
            and not addressed(parent.text)
            and _SUPPORT_REPLY.search(parent.text) is None
        )
        follow_up = parent is not None and parent.own and not broadcast
        if (
            bystander(comment, parent, brand)
            and why is None
            and trouble is None
            and escalation is None
            and not asks()
        ):
            # A remark to another customer in their thread (often their complaint): no brand
            # cheer, and no reply at all unless a person sees one is wanted.
            assert parent is not None
            notes.insert(
                0,
                f"a remark to another customer in their thread ({quoted(parent)}), not"
                f" addressed to {brand.name} — no reply needed, or a person answers",
            )
            return self._action(comment, "human", notes)
        asked_dm = parent is not None and parent.own and asks_for_dm(parent.text)
        kind = (
            follow_up_kind(comment.text, asked_dm)
            if comment.parent_id
            # A tweet of its own that only says a DM was sent answers our earlier request.
            else "sent"
            if says_sent(comment.text)
            # "My problem has been resolved": news that it is sorted, no case to open — but
            # not where it comes with a grievance ("fixed now, who refunds the 4 days?",
            # "sorted after 3 hours on hold… cancelling"): that one still wants a person.
            else "resolved"
            if says_resolved(comment.text)
            and "?" not in said
            and plan.sentiment != "negative"
            and sharp is None
            and escalation is None
            else None
        )
        if (
            kind == "sent"
            and escalation is not None
            and escalation.kind == "failed support"
            and bare_done(comment.text)
        ):
            # "I already sent it" to our "please DM us": done as asked, not let down.
            escalation = None
        if not follow_up and parent is None and kind is not None:
            # The turn it answers was not seen (often the brand's own reply): a closing
            # "it works now" or "sent you a DM" continues that conversation all the same.
            thanked = _THANKS_FOR_HELP.sub(" ", said)
            closing = kind == "resolved" or (
                escalation is None
                and kind in ("sent", "thanks", "agreed")
                and "?" not in said
                and "complaint" not in plan.intents
                and (
                    kind == "sent"
                    or (ASKS.search(thanked) is None and why is None and trouble is None)
                )
            )
            follow_up = closing
            if follow_up:
                notes.append(
                    "says the trouble is sorted now — no case to open"
                    if comment.parent_id is None and kind == "resolved"
                    else f"a reply in a conversation whose earlier turns were not seen: {kind}"
                )
        feedback = find_feedback(said)
        # An opinion on a change ("not a fan of the new layout"): acknowledged and passed on,
        # with no apology for a fault and no questions to diagnose one.
        opinion = find_opinion(said)
        if feedback is None:
            feedback = opinion
        policy = (
            find_policy(said)
            if escalation is None and not follow_up and BILLED.search(said.lower()) is None
            else None
        )
        # "Please pass my thanks to the crew": a message for someone here, not a case to open.
        pass_on = (
            find_pass_on(said)
            if escalation is None and trouble is None and (why is None or "praise" in plan.intents)
            else None
        )
        slip = find_slip(said) if escalation is None else None
        if feedback is None and slip is not None:
            feedback = slip
        # A title missing from the catalogue: passed on to the team who look after it, with no
        # device or version to ask about (nothing on the customer's side is at fault).
        missing_title = catalogue_gap(said) if escalation is None and feedback is None else None
        if missing_title is not None:
            feedback = missing_title
        if (
            feedback is None
            and trouble is None
            and "symptom" not in given_details(said)
            and (wish := suggestion(said)) is not None
        ):
            feedback = wish
        if (
            feedback is None
            and follow_up
            and parent is not None
            and _OPINION_ASK.search(parent.text)
            and kind == "info"
        ):
            # We asked what they think, and they told us: feedback, not a fault.
            feedback = "an answer to our question about their view"
        if broadcast and parent is not None and _PROMPT.search(parent.text) is None:
            notes.append(
                f"answers our post to everyone: {quoted(parent)} — the reply may point to it"
            )
        campaign = (
            broadcast
            and parent is not None
            and kind == "info"
            and _PROMPT.search(parent.text) is not None
            and not asks()
            and why is None
            and trouble is None
            and escalation is None
            and "complaint" not in plan.intents
        )
        # The pattern last: the cheap tests settle most comments without it.
        milestone = (
            why is None
            and trouble is None
            and "complaint" not in plan.intents
            and (
                escalation is None or (escalation.kind == "churn" and "customer" in escalation.cue)
            )
            and _MILESTONE.search(said.lower()) is not None
        )
        # Banter on a game or campaign post ("you need to get the Frostbite ones… seriously!"),
        # whoever posted it: a light word back, never a complaint's holding reply.
        banter = (
            parent is not None
            and (broadcast or not parent.own)
            and trouble is None
            and escalation is None
            and "complaint" not in plan.intents
            and plan.score > -0.5
            and (_PROMPT.search(parent.text) is not None or _GAME.search(parent.text) is not None)
            and (
                (not is_real_question(said) and _RECOMMEND.search(said) is not None)
                or (
                    # A game between brands: someone else's post, answered to the whole party.
                    not parent.own
                    and LEADING_TAGS.match(comment.text) is not None
                    and _GAME.search(f"{parent.text} {said}") is not None
                    and not _info_question(said)
                    and _HOW_TO.search(said) is None
                    and OWN_THING.search(said) is None
                )
            )
        )
        # "How good is this?!", "who else is loving the new menu?": delight put as a question,
        # which a warm word answers, never a support holding reply.
        cheer = rhetorical_question(said)
        rhetorical = (
            cheer
            if cheer is not None
            and trouble is None
            and escalation is None
            and not plan.sarcasm
            and kind not in ("resolved", "unresolved", "sent")
            and (
                (why is None and "complaint" not in plan.intents and plan.sentiment != "negative")
                # "Who doesn't love …?": its own negation reads as a complaint to the readers;
                # the rest of the comment decides.
                or (
                    _NEGATED.search(cheer) is not None
                    and negative_clause(re.sub(re.escape(cheer), " ", said, flags=re.I)) is None
                )
            )
            else None
        )
        # "Is it down?", "is the app down for anyone else?": a status check, not a case to
        # diagnose device by device.
        outage = (
            outage_question(said)
            if escalation is None
            and kind not in ("resolved", "sent")
            and not wants_code
            # "Anyone else's iPhone showing no service?" to a software brand: the device is
            # the question, which the usual checklist asks about.
            and not (brand.industry == "software" and "device" in given_details(said))
            else None
        )
        # "Great, down AGAIN, love paying for nothing?": a grievance about an outage, put as a
        # question only in its punctuation — a sorry and the outage reply, not "thanks for asking".
        gripe = (
            outage_gripe(said)
            # In our conversation the follow-up carries on with the case we already have.
            if outage is None
            and escalation is None
            and not follow_up
            and kind not in ("resolved", "sent", "thanks")
            else None
        )
        if gripe is not None and not (
            (concern is not None and concern.kind == "outage") or _SERVICE.match(gripe)
        ):
            gripe = None  # "went out again for dinner": no service said to be down
        # "Charged me twice", "billed $40 more than my plan": money taken that was not agreed,
        # a billing complaint for a person, never a remark on prices or a lead.
        overcharged = (
            overcharge(said) if escalation is None and kind not in ("resolved", "sent") else None
        )
        # "The woman next to me can have her dog in the cabin?": other customers, not the
        # customer's own booking — acknowledged and passed on, no booking checklist.
        fellow = (
            fellow_customers(said)
            if escalation is None
            and not follow_up
            and overcharged is None
            and kind not in ("resolved", "sent")
            and OWN_THING.search(said) is None
            else None
        )
        # "Our wedding — round trip only $85!": a happy moment to share, not a request for help.
        celebrated = (
            celebration(said)
            if why is None
            and trouble is None
            and escalation is None
            and not follow_up
            and "complaint" not in plan.intents
            and plan.sentiment != "negative"
            and not plan.sarcasm
            # "Anyone who needs a flight for our wedding: book now!" opens like a question but
            # asks none; a question mark does.
            and "?" not in said
            else None
        )
        feedback_asks: str | None = None
        template: str | None
        greeted = False
        if stuck is not None and kind not in ("resolved", "thanks", "sent"):
            notes.insert(
                0,
                f'{URGENT} — a traveller stranded mid-journey ("{stuck}"): answer now with what'
                " is happening and what to do next (the suggested text is a holding reply: add"
                " the live update when you have it); no account details",
            )
            template, escalation, follow_up, by_hand = "disruption", None, False, True
        elif (
            greeting(said)
            and not follow_up
            and (parent is None or parent.own)  # "hello?" under their own complaint chases it
            and not _CHASING_HELLO.match(said)
            and why is None
            and trouble is None
            and escalation is None
            and "??" not in said
        ):
            # "Hi", "good morning @brand": a short friendly word back, not a hand-over.
            notes.append("a greeting, nothing asked — a short friendly reply")
            template, follow_up, greeted = "chat", False, True
        elif celebrated is not None:
            notes.append(
                f'a happy moment shared ("{celebrated}"), nothing asked — a warm word back,'
                " no offer of help"
            )
            template, follow_up, greeted = "chat", False, False
        elif campaign or milestone or banter:
            # A reply to the brand's own campaign prompt, or a loyalty milestone: a short,
            # friendly reply, not a hand-off to support.
            notes.append(
                "a loyalty milestone — thank them"
                if milestone
                else "banter or a tip on a game post, no problem in it — a light word back, or none"
                if banter
                else "a reply to our own post, no problem in it — a short friendly reply"
            )
            by_hand = by_hand or (banter and not campaign)
            template, escalation, follow_up = ("milestone" if milestone else "chat"), None, False
            if campaign and len(NOT_WORDS.sub(" ", said).split()) > _PICK_WORDS:
                # More than a pick: praise ("your crew earn an A+") is thanked as praise, the
                # rest gets a friendly word; neither is an entry ("thanks for playing along").
                campaign = False
                if kind_words(said, plan):
                    notes[-1] = "praise in answer to our own post — thank them, no contest words"
                    template = "praise"
        elif rhetorical is not None:
            notes.append(
                f'a question that shares delight ("{rhetorical}"), nothing asked — a warm word back'
            )
            template, follow_up, escalation = "chat", False, None
            if rhetorical.endswith("just say"):
                # "Can I just say your rep was brilliant!": praise, thanked as praise.
                template = "praise"
        elif outage is not None:
            notes.append(
                f'asks whether the service is down ("{outage}") — say whether there is a known'
                " outage; the suggested text is a holding reply that promises no time — post"
                " the status in this thread once you know"
                + ("" if brand.status_url else " (set the brand's status_url to link to it)")
            )
            template, follow_up, escalation, by_hand = "outage", False, None, True
        elif gripe is not None:
            notes.append(
                f'an angry or sarcastic complaint that the service is down ("{gripe}") — not a'
                " question: say sorry and whether there is a known outage; the suggested text"
                " promises no time — post the status in this thread once you know"
                + ("" if brand.status_url else " (set the brand's status_url to link to it)")
            )
            template, follow_up, by_hand = "outage", False, True
        elif overcharged is not None:
            notes.append(
                f'an overcharge ("{overcharged}") — a billing complaint: a person checks the'
                " account and the charges before replying; nothing is promised back"
            )
            plan = replace(
                plan,
                issue="billing",
                intents=tuple(i for i in plan.intents if i not in ("purchase_intent", "praise")),
            )
            template, follow_up, by_hand, concern = "complaint", False, True, None
        elif fellow is not None:
            notes.append(
                f'a complaint about other customers or what is allowed on board ("{fellow}") —'
                " acknowledge it and pass it on; no booking details, no fault questions"
            )
            template, follow_up = "feedback", False
        elif policy is not None:
            # Arguing a fee or a rule: no account details to ask for; acknowledge the point and
            # say it is passed on (a person may add where the policy is written).
            notes.append(
                f'argues {policy.name} ("{policy.cue}") — acknowledge the point and pass it on;'
                " no account details, and no facts about the policy that are not in it"
            )
            template, follow_up = "feedback", False
        elif pass_on is not None and kind not in ("resolved", "unresolved"):
            notes.append(
                f'a message to pass on ("{pass_on.cue}") — '
                + ("share the thanks" if pass_on.thanks else "say it will be passed on")
                + "; no booking or order to look up"
            )
            template, follow_up = "feedback", False
        elif (
            feedback is not None
            and (escalation is None or (escalation.kind == "missed" and taken_away(feedback)))
            and kind != "resolved"
        ):
            # Feedback, a suggestion or an opinion: thank (or acknowledge) and pass it on, no
            # troubleshooting questions.
            notes.append(
                f'feedback or a suggestion — an opinion ("{opinion}"): acknowledge it and pass it'
                " on; no apology, no questions"
                if opinion is not None
                else f'feedback or a suggestion ("{feedback}") — pass it on to the team'
            )
            template, follow_up, escalation = "feedback", False, None
            # A title gone from the catalogue ("where did it go?") is the team's to look at.
            feedback_asks = direct_question(said) if feedback != missing_title else None
            if feedback_asks is not None:
                # "Your new update is awful. Can I go back to the old version?": the question
                # wants an answer (or the person who has one), not only "we'll pass it on".
                notes.append(
                    f'but it asks a direct question ("{feedback_asks}") — answer it, or say who'
                    " can; pass the feedback on too"
                )
                template, by_hand = "by_hand", True
        elif follow_up and not (escalation is not None and kind != "resolved"):
            template = "follow_up"
            if (
                kind == "info"
                and why is None
                and trouble is None
                and not asks()
                and not (parent is not None and asked_details(parent.text))
                and chatty(said, plan)
                and cheer_fits(said, plan, parent)
                and cheerful(said, plan)
            ):
                # Cheerful chat in answer to our reply ("No problem! Love this time of year"):
                # a short friendly word back, not a request for details.
                notes.append("a cheerful reply in a conversation, no problem in it")
                template, follow_up = "chat", False
            elif (
                kind == "info"
                and why is None
                and trouble is None
                and not asks()
                and good_news(said, plan, parent, comment.author)
            ):
                notes.append(_GLAD_NOTE)
                glad = True
        elif escalation is not None:
            template = "escalation"
            notes.append(_ESCALATION_NOTES[escalation.kind].format(cue=escalation.cue))
        else:
            sharp_why = f'the comment is pointed ("{sharp}")' if sharp is not None else None
            template = choose_template(plan, notes, why or sharp_why, comment)
            if template in ("praise", "chat") and not cheer_fits(said, plan, parent):
                # Praise-like words in a thread about a problem, with no thanks in them: good
                # news gets "good to hear it's sorted", the rest a person reads; never a cheer.
                if good_news(said, plan, parent, comment.author):
                    notes.append(_GLAD_NOTE)
                    template, glad = "follow_up", True
                else:
                    template = None
        if template is None:
            if why is None and trouble is not None:
                why = f'the comment names a problem ("{trouble.group(0)}")'
            if why is None and not asks():
                if (
                    not plan.sarcasm
                    and trouble is None
                    and (warm := WARM.search(said)) is not None
                    and warm.group(0).lower() != "thankfully"
                    and not _THANKS_FOR_HELP.search(said)
                    and not any(ch.isdigit() for ch in MENTIONS.sub("", said))
                ):
                    # Warm words the readers left unread ("kudos to the pilot"): thank them.
                    notes.append("warm words to the brand — thank them")
                    template = "praise"
                elif (
                    comment.parent_id
                    and kind == "info"
                    and not follow_up
                    and good_news(said, plan, parent, comment.author)
                ):
                    notes.append(_GLAD_NOTE)
                    template, glad = "follow_up", True
                elif (
                    comment.parent_id
                    and kind == "info"
                    and not follow_up
                    and (chatty(said, plan) or one_word_answer(said, plan))
                    and cheer_fits(said, plan, parent)
                ):
                    # A cheerful or one-word answer to a post (a campaign prompt, a chat) with
                    # no problem in it: a short friendly reply, not a hand-off.
                    notes.append("a cheerful reply in a conversation, no problem in it")
                    template = "chat"
                elif comment.parent_id and kind == "info":
                    # More details in answer to an earlier question: the conversation goes on.
                    notes.append(
                        "more details in reply to an earlier message — continue the conversation"
                    )
                    template, by_hand = "by_hand", True
                    escalation = Escalation("info", "")
                elif plan.language is not None and plan.language not in CUE_LANGUAGES:
                    notes.append(
                        f"no cues read in language '{plan.language}' — a person should read it"
                    )
                    return self._action(comment, "human", notes)
                elif concern is not None and concern.kind == "price":
                    # A public jibe about prices is a complaint all the same: explain them.
                    notes.append(_BY_A_PERSON["price"])
                    template, by_hand = "concern", True
                elif concern is not None and concern.kind in _CONCERN_REPLIES:
                    # A PIN, a code, an upgrade, staff: a customer's matter, never dropped.
                    notes.append(
                        f"no clear request read, but it is about {concern.label}"
                        " — check the suggested reply"
                    )
                    template, by_hand = "concern", True
                elif "reference" in given_details(said).split(","):
                    # A booking or order reference is sent for something to be done with it.
                    notes.append(
                        "no clear request read, but it gives a booking or order reference"
                        " — a person reads what they want"
                    )
                    return self._action(comment, "human", notes)
                elif plan.sentiment == UNKNOWN:
                    # No reader covers its language: a person reads it rather than nobody.
                    notes.append("written in a language no reader covers — a person should read it")
                    return self._action(comment, "human", notes)
                elif comment.parent_id is None and to_the_brand(said):
                    # A tweet of its own that opens by tagging the brand: someone wants us to
                    # read it, even where nothing was read in it.
                    notes.append(
                        "addressed to the brand, but no request or problem read — a person"
                        " decides whether it needs an answer"
                    )
                    return self._action(comment, "human", notes)
                else:
                    return None
            else:
                # Nothing read clearly, but the customer has a problem or asks: never dropped.
                reason = why or "it asks for something"
                notes.append(f"no clear request read, but {reason} — check the suggested reply")
                template, by_hand = ("complaint" if why else "support"), True
                if why is None and _info_question(said):
                    template = "by_hand"
        if (
            "purchase_intent" in plan.intents
            and why is None
            and trouble is None
            and (escalation is None or escalation.kind not in ("gone", "missed", "churn"))
        ):
            notes.append("lead: purchase intent")
        if (
            (
                template in ("complaint", "escalation")
                or (
                    template in ("support", "follow_up")
                    and (why is not None or "complaint" in plan.intents)
                )
            )
            and overcharged is None
            and (plan.issue == "billing" or BILLED.search(said) is not None)
        ):
            # Billed after cancelling, after a disaster, after three calls: acknowledge the
            # bill and let a person check the account; an outage question would miss the point.
            plan = replace(plan, issue="billing")
            notes.append("a billing complaint — a person checks the account before replying")
            by_hand = True

        language = plan.language or brand.default_language
        if language != "en" and language not in brand.languages:
            notes.append(
                f"language '{language}' is not one of {possessive(brand.name)} languages"
                " — write by hand"
            )
            return self._action(comment, "human", notes)
        if wants_code and template in ("complaint", "support", "purchase_intent", "question"):
            # No code is promised and none is said to have failed: a person answers with any
            # offer there is.
            notes.append("asks for a promo code — promise none; point to any current offer")
            template, by_hand, escalation = "by_hand", True, None
        if template == "purchase_intent" and "question" in plan.intents and not _answered(plan):
            # A lead who asked something deserves the answer, not only a next step.
            notes.append("a lead's question and no FAQ answer — write the answer")
            template, by_hand = "by_hand", True
        if (
            template == "support"
            and not by_hand
            and _info_question(said)
            and "complaint" not in plan.intents
            and plan.sentiment != "negative"
            and plan.topic not in ("order", "account", "refund")
        ):
            # "How do I …?" wants the answer in public, not a request for details.
            notes.append("a question for information — write the answer")
            template, by_hand = "by_hand", True
        if template == "question" and (
            plan.faq is None or plan.faq.score < FAQ_THRESHOLD or language != brand.default_language
        ):
            if language != brand.default_language:
                notes.append(f"the FAQ is in '{brand.default_language}' — answer by hand")
            by_hand = True
            if (
                "complaint" not in plan.intents
                and plan.sentiment != "negative"
                and (
                    _info_question(said)
                    or (why is None and plan.topic is None and ASKS.search(said) is None)
                )
            ):
                # A question for information wants the answer in public, not a request for
                # details: a skeleton for the person to write it in.
                template = "by_hand"
            else:
                # A problem or a request for help: a skeleton the person can finish, with the
                # details to ask for.
                template = "complaint" if why else "support"
        how_to = (
            by_hand
            and template in ("complaint", "support", "by_hand")
            and escalation is None
            and trouble is None
            and "complaint" not in plan.intents
            and plan.sentiment != "negative"
            and not plan.sarcasm
            and sharp is None
            and (why is None or only_reservations(said))
            and is_real_question(said)
            and _HOW_TO.search(said) is not None
        ) or (
            # "How do I get an invoice?", "which help centre do I use?": an answer to write,
            # whatever trouble the customer had finding it, with no apology and no checklist.
            template in ("complaint", "support", "by_hand", "question", "follow_up")
            and escalation is None
            and "complaint" not in plan.intents
            and (plan.sentiment != "negative" or why is None or only_reservations(said))
            and not plan.sarcasm
            and sharp is None
            and (concern is None or concern.kind == "billing")
            and is_real_question(said)
            and how_to_ask(said)
        )
        if how_to:
            # "Can you remove X from my listings?" with no FAQ entry: a question to answer,
            # with no apology and no request for details.
            notes.append("a how-to question and no FAQ entry — write the answer")
            template = "by_hand"
        # "Thanks, that worked! One more thing: how do I …?": a new question after a close or
        # a "still not fixed" is answered as new, not met with the old reply.
        fresh = (
            direct_question(said)
            if template == "follow_up" and kind in ("resolved", "thanks", "agreed")
            # "Still broken, can you look into it again?" asks about the old matter: only a
            # how-to question is new there.
            else question_gist(said)
            if template == "follow_up" and kind == "unresolved"
            else None
        )
        if fresh is not None and chased(said):
            fresh = None  # "any update?" chases the old matter
        if template == "follow_up" and (
            (kind == "info" and is_real_question(said)) or fresh is not None
        ):
            # A new question in our conversation: a person answers it.
            notes.append(
                "a question in reply to our earlier message — answer it"
                if fresh is None
                else f'a new question after our earlier reply ("{fresh}") — answer it as new'
            )
            template, by_hand, escalation = "by_hand", True, None
            # A how-to question is answered with no apology, whatever came before it.
            how_to = how_to or (
                question_gist(said) is not None and (why is None or only_reservations(said))
            )
        plain_template = template
        party = (
            third_party(said, brand.industry)
            if template in ("complaint", "support", "escalation")
            and (escalation is None or escalation.kind in ("failed support", "info"))
            and (
                why is not None
                or trouble is not None
                or {"complaint", "support"} & set(plan.intents)
            )
            else None
        )
        if party is not None:
            # A seller, a shop or a carrier let them down, not our support: say what we can do
            # and what they must, and ask only for the customer's own details.
            notes.append(
                f"about {party}, not our own support — say what we can do and what {party}"
                " must; ask only for the customer's own details"
            )
            concern, escalation = Concern("third party", party), None
            template = "concern"
        elif concern is not None and _concern_reply(concern, template, escalation, kind):
            # Not a fault: a PIN, a code, an upgrade, a complaint about staff, the food on
            # board. Its own acknowledgement, and no fault checklist.
            template = "concern"
            if concern.kind in _BY_A_PERSON:
                notes.append(_BY_A_PERSON[concern.kind])
                by_hand = True
        if (
            template in ("praise", "chat", "milestone")
            and parent is not None
            and not parent.own
            and (gripe := negative_clause(parent.text)) is not None
        ):
            # A cheer never goes out under a complaint, whoever wrote the comment.
            notes.insert(
                0,
                f'the thread carries a complaint ("{gripe}" in {quoted(parent)}) — no cheer;'
                " a person decides whether to reply",
            )
            return self._action(comment, "human", notes)
        voice = brand.voice
        if voice == "playful" and not (
            template in ("praise", "question", "purchase_intent")
            and playful_allowed(comment.text, readings)
        ):
            voice = "friendly"  # playful only answers praise and chat
        name = self.library.find(language, template, voice, comment.platform)
        if name is None and template == "milestone":
            template = "praise"
            name = self.library.find(language, template, voice, comment.platform)
        if name is None and template == "escalation":
            template = "complaint"
            name = self.library.find(language, template, voice, comment.platform)
        if name is None and template == "chat":
            template = "praise"
            name = self.library.find(language, template, voice, comment.platform)
        if name is None and template in ("disruption", "outage"):
            notes.append(f"no {template} template for language '{language}' — write by hand")
            return self._action(comment, "human", notes)
        if name is None and template == "concern":
            template = plain_template
            name = self.library.find(language, template, voice, comment.platform)
        if name is None:
            notes.append(f"no {template} template for language '{language}' — write by hand")
            return self._action(comment, "human", notes)

        context = reply_context(
            comment, brand, plan, template, language, parent if follow_up or broadcast else None
        )
        # A sharp question ("why…", "you call this…?") or sarcasm gets no thanks and no cheer,
        # however mild its words read.
        upset = not how_to and (
            gripe is not None
            or why is not None
            or plan.sentiment == "negative"
            or plan.sarcasm
            or sharp is not None
            # Light words under our reply about a problem ("I was long gone by then"), however
            # the readers took their tone: the case goes on, with a sorry rather than thanks.
            # A question or a bare fact ("Alfreton", "the Platinum card") gets its thanks.
            or (
                kind == "info"
                and parent is not None
                and (
                    chatty(said, plan)
                    or (
                        "?" not in said
                        and not is_real_question(said)
                        and _TOLD.search(said) is not None
                        and light(said, plan)
                    )
                )
                and not cheer_fits(said, plan, parent)
            )
        )
        context = replace(context, upset=upset, asking=is_real_question(said))
        if overcharged is not None:
            context = replace(context, overcharge=True)
        second = (
            second_matter(said, outage or gripe or "", brand.industry)
            if template == "outage"
            else question_beside(said)
            if template in ("complaint", "support") and not how_to
            else None
        )
        if second is not None:
            # Two matters in one comment: the reply names the second, so it is not dropped.
            also_kind, also = second
            notes.append(
                f"also asks {also} — answer it in this thread too"
                if also_kind == "question"
                else f"also raises {also} — answer that too, not only the first matter"
            )
            context = replace(context, also=also, also_kind=also_kind)
            by_hand = True
        if template == "outage" and (
            _PLACE_NAMED.search(MENTIONS.sub(" ", comment.text)) or place_code_given(said)
        ):
            context = replace(context, given=",".join(filter(None, (context.given, "area"))))
        if template == "concern" and context.plan_wish:
            notes.append(
                "wants an upgrade or another plan, nothing said to have gone wrong — a sales"
                " question, not a fault"
            )
        if follow_up and parent is not None:
            notes.append(f"follow-up to our earlier reply: {quoted(parent)}")
        if template == "follow_up":
            topic = "resolved" if glad else follow_up_kind(comment.text, asked_dm)
            if topic == "agreed" and asked_dm:
                topic = "agreed_dm"  # "ok" to our "please DM us": we look out for it
            answer = answer_to(parent.text, comment.text) if parent is not None else None
            if answer in ("permitted", "will try") and topic in ("info", "agreed", "unresolved"):
                # A yes to our next step, or the customer taking it: no restart. "I'll do that
                # now" to our request for a DM is the DM on its way.
                topic = "agreed_dm" if answer == "will try" and asked_dm else answer
            elif answer == "not tried" and topic in ("info", "unresolved"):
                topic = answer  # "No" to "have you updated?": the next step, not a restart
            elif answer == "tried" and topic == "info":
                topic = answer
            elif topic == "thanks" and _SHARED.search(said):
                topic = "shared"
            elif topic == "thanks" and "reference" in given_details(said).split(","):
                # "Booking no ABC123. Thanks." sends what we need: no close, carry on.
                topic = "info"
            elif topic in ("info", "thanks", "agreed") and context.plea:
                topic = "plea"  # "I need help": what is happening, no thanks for nothing
            elif topic in ("info", "unresolved") and "fix" in given_details(said).split(","):
                # "Rebooting didn't help": a fix they tried themselves, so the next step.
                topic = "tried"
            sent = (
                details_sent(comment.text)
                if parent is not None and parent.own and _ASKED_FOR.search(parent.text)
                else ()
            )
            if topic in ("info", "thanks") and sent:
                # The details we asked for: not asked again; what happens next, and personal
                # details posted in public are better deleted.
                assert parent is not None
                topic = "received"
                store = _PLACE_ASKED.search(parent.text) is not None
                posted = [d for d in sent if d != "reference" and not (d == "address" and store)]
                if posted:
                    notes.insert(
                        0,
                        f"PRIVATE DETAILS posted in public ({', '.join(posted)}): the reply"
                        " suggests deleting the tweet",
                    )
                context = replace(context, posted=" and ".join(posted) or None)
            if (
                topic == "unresolved"
                and "praise" in plan.intents
                and plan.sentiment == "positive"
                and not {"complaint", "support"} & set(plan.intents)
                and trouble is None
            ):
                # Delight in our conversation ("can't wait to do it all over again", "I'll let
                # you know if it happens again, thanks!"): no "sorry it's still happening".
                notes.append("praise in a conversation, no problem in it")
                if WARM.search(said):
                    topic = "thanks"
                elif not cheer_fits(said, plan, parent):
                    topic = "resolved"  # good news after our apology: glad, no cheer
                else:
                    template, topic = "chat", "chat"
                    name = self.library.find(language, template, voice, comment.platform) or name
            if (
                topic == "info"
                and plan.sentiment != "negative"
                and why is None
                and trouble is None
                and not asks()
                and parent is not None
                and "?" not in parent.text  # an answer to our question is no praise
                and KUDOS.search(said) is not None
            ):
                # "Well done, guys" to our answer: thanks back, not a request for details.
                notes.append("praise in a conversation, no problem in it")
                topic = "praised"
            context = replace(context, topic=topic)
            # A fact in answer to our instructions ("the recipient is a contract line" to "ask
            # them to top up"), where we asked for nothing: a person says what happens next,
            # rather than a checklist or a cheer.
            stated = (
                topic == "info"
                and why is None
                and trouble is None
                and plan.sentiment != "negative"
                and not asks()
                and parent is not None
                and parent.own
                and "?" not in parent.text
                and not asked_dm
                and _ASKED_FOR.search(parent.text) is None
                and PLEASANTRY.search(said) is None
            )
            if stated or (
                topic == "info"
                and context.industry == "travel"
                and not (context.booked or context.domain or context.channel)
                and context.concern != "access"
                and context.topic != "account"
            ):
                # The answer to our question, with no booking to look up: a person says what
                # happens next, rather than asking for "a few details" they just gave.
                notes.append(
                    "a fact in answer to our earlier reply, nothing asked — write the next step"
                    if stated
                    else "the customer answered our question — write the next step"
                )
                template, by_hand = "by_hand", True
                name = self.library.find(language, template, voice, comment.platform) or name
        elif template == "escalation" and escalation is not None:
            topic = escalation.kind
            if topic == "failed support" and _REPEATED.search(escalation.cue):
                topic = "repeated"
            context = replace(context, topic=topic, issue=plan.issue)
        elif template == "by_hand":
            # "Question" only where a reservation would have read as upset ("I do not wish …").
            asked_how = how_to and why is not None
            topic = (
                "pass_question"
                if feedback_asks is not None
                else "question"
                if asked_how
                else escalation.kind
                if escalation
                else "answer"
            )
            context = replace(context, topic=topic)
            # The public text is a holding reply, sendable as it is; what is still to write is
            # the reviewer's, never a gap in the text.
            gap = (
                "the next step or what to try"
                if topic == "info"
                else context.gist or "the answer to their question"
            )
            notes.append(
                f"holding reply — replace it with the answer if you have it: {gap}; sent as it"
                " is, it says the answer follows in this thread (no time promised), so answer here"
                " once you know"
            )
        elif template == "feedback":
            sore = plan.sentiment == "negative" or why is not None
            # A heads-up about a broken link is thanked, however negative its words read.
            topic = (
                "report"
                if slip is not None
                else "opinion"
                if opinion is not None
                else "sorry"
                if sore
                else "thanks"
            )
            if topic == "sorry" and feedback is not None and _SUGGESTED.search(feedback):
                topic = "suggested"  # "you should add …" is passed on, never apologised for
            if topic != "report" and feedback is not None and taken_away(feedback):
                topic = "missed"  # a show, a product, a feature they miss: no "thanks"
            if missing_title is not None and feedback == missing_title:
                topic = "catalogue"
            if fellow is not None:
                topic = "others"
            elif policy is not None:
                topic = "policy"
                context = replace(context, issue=policy.name)
            elif pass_on is not None:
                topic = "pass_thanks" if pass_on.thanks else "pass_on"
                if "?" in said:
                    topic = "pass_ask"  # "can you pass a message to …?": how to send it
            elif feedback is None:
                # Praise with a reservation: neither sorry nor thanks, unless it ends on praise.
                topic = "praised" if ends_on_praise(said) else "noted"
                if topic == "praised":
                    notes.append("but it ends on praise — thank them")
            context = replace(context, topic=topic)
        elif template == "chat":
            tip = banter and _RECOMMEND.search(said) is not None
            topic = (
                "celebrate"
                if celebrated is not None
                else "greeting"
                if greeted
                else "cheer"
                if rhetorical is not None
                else "campaign"
                if campaign
                else "tip"
                if tip
                else "banter"
                if banter
                else "chat"
            )
            context = replace(context, topic=topic)
        if template in (
            "follow_up",
            "complaint",
            "support",
            "escalation",
            "concern",
            "by_hand",
        ) and ongoing_dm(comment.text, parent):
            # The thread shows a case already open in private messages: continue it there.
            notes.append("an ongoing case in private messages — continue it there, no restart")
            template = "follow_up"
            # Sent, and still not fixed or still waiting: sorry for the wait, not a bare "got it".
            waiting = chased(said) or (kind == "unresolved" and DM_CASE.search(said) is not None)
            context = replace(context, topic="dm_chased" if waiting else "dm")
            name = self.library.find(language, template, voice, comment.platform) or name
        if comment.platform == "youtube" and template in GOES_PRIVATE and not brand.support_contact:
            notes.append("YouTube has no private messages: set the brand's support contact")
        notes.extend(self._window_notes(comment, template, now))
        text = self._pick(comment, name, context, notes)
        if text is not None and template in OWNS_WAIT_IN:
            text = owning_wait(text, context, comment.platform)
        if text is not None:
            text = with_greeting(text, context, comment.platform)
        if text is None:
            platform = PLATFORM_NAMES.get(comment.platform, comment.platform)
            notes.append(
                f"no reply fits {platform}'s {REPLY_LIMITS.get(comment.platform)} "
                "characters without cutting it — write a short one"
            )
            return self._action(comment, "human", notes)
        return self._guarded(comment, text, readings, brand, context.sign_off, notes, by_hand)

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
