"""Reply drafts from Jinja2 templates per language, intent, voice and platform, with variants."""

from __future__ import annotations

import operator
import re
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.bundled import templates_dir
from bot.models import Comment, Draft
from bot.smo.asks import bare_plea, catalogue_gap, code_missing, direct_question, how_to_ask
from bot.smo.billing import overcharge
from bot.smo.brand import BrandProfile
from bot.smo.escalation import Escalation, find_escalation, find_unanswered
from bot.smo.faq import FAQ_THRESHOLD, FaqMatch
from bot.smo.guardrails import (
    FIXABLE,
    Problem,
    Readings,
    check,
    compose_within,
    ends_on_praise,
    fix,
    has_emoji,
    is_real_question,
    negative_clause,
    only_reservations,
    plain_quotes,
    playful_allowed,
    unhappy,
)
from bot.smo.lexicon import CUE_LANGUAGES
from bot.smo.moments import celebration, failed_channel, fellow_customers
from bot.smo.platforms import (
    PRIVATE_CHANNEL,
    REPLY_LIMITS,
    REPLY_WINDOWS,
    USES_HANDLES,
    reply_length,
)
from bot.smo.remarks import find_opinion, outage_gripe, outage_question, rhetorical_question
from bot.smo.safety import Hazard, find_hazard
from bot.smo.sentiment import UNKNOWN
from bot.smo.situations import (
    Closure,
    area_named,
    bought_online,
    details_sent,
    domain_of,
    error_code,
    find_closure,
    find_feedback,
    find_pass_on,
    find_policy,
    find_slip,
    gave_details,
    given_details,
    greeting,
    not_answered_by_others,
    posts_private,
    reward_trouble,
    someone_elses_account,
    taken_away,
    third_party,
    time_greeting,
    visited_store,
    waited_long,
)
from bot.smo.thread import (
    ThreadMemory,
    Turn,
    addressed,
    answer_to,
    asks_for_dm,
    bare_done,
    chased,
    follow_up_kind,
    names_problem,
)
from bot.smo.topics import (
    Concern,
    concern_of,
    meal_on_trip,
    plan_trouble,
    pointed,
    praised,
    question_gist,
    sequence_masked,
    service_named,
    speaks_of_booking,
    stranded,
    suggestion,
    talks_of_order,
    told_when,
)
from bot.smo.wording import possessive
from bot.templating import template_environment

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
# A request for help in words, when no intent was read ("can someone", "how do I").
_ASKS = re.compile(
    r"(?<!\w)(?:help|please|pls|plz|assist|fix|can someone|can you|could you|how (?:do|can) i"
    r"|need|needed|want|wanted|trying to|tried to|unable|can'?t|let me know|tell me"
    r"|would like|(?:speak|talk) (?:to|with)|needs? (?:to be )?fix\w*"
    r"|where(?:'?s| is| are) (?:my|our))(?!\w)",
    re.IGNORECASE,
)
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
# Words of a problem the readers may leave unread ("charged me twice", "stopped connecting",
# "get it together"): enough to hand the comment to a person rather than drop it. Searched in
# lowercased text, which costs half what a case-blind pattern does.
# A complaint about being billed or charged: a person checks the account; no fault questions.
_BILLED = re.compile(
    r"(?<![\w-])(?:(?:still|keep|kept) (?:being |getting )?(?:billed|charged|billing|charging)"
    r"|(?:billed|charged|billing|charging) (?:me|us)|(?:my|our|the) (?:bill|invoice|direct debit)s?"
    r"|overcharg\w*|double[- ]charged)(?![\w-])",
    re.IGNORECASE,
)

# A parcel on its way to the customer (searched in lowercased text).
_PARCEL = re.compile(
    r"(?<![\w-])(?:parcels?|packages?|tracking|courier|shipped|shipping|shipment|delivered"
    r"|out for delivery|left (?:it|my \w+) (?:outside|at|in))(?![\w-])"
)
# Words that put an order, a delivery, a booking or a trip in the comment.
_ORDER_TALK = re.compile(
    r"(?<![\w-])(?:orders?|ordered|ordering|deliver\w*|arriv\w*|parcels?|packages?|ship\w*"
    r"|booking|booked|trips?|flights?|purchas\w*|bought|returns?|returned|refund\w*|items?"
    r"|courier|tracking|dispatch\w*|online|website|app|came|received|sent)(?![\w-])",
    re.IGNORECASE,
)

_TROUBLE = re.compile(
    r"(?<!\w)(?:stopped (?:working|connecting|charging|loading|\w+ing)|(?:charged|billed)"
    r" (?:me|my|us|twice|\d+|for)|still (?:coming|happening|showing|there|the same|getting)"
    r"|get (?:your|it|ur) (?:act |shit |stuff )?together|c'?mon|come on|complain\w*"
    r"|(?:a |some |few )+questions?|did to (?:my|our)|every (?:single )?time|drain\w*"
    r"|it'?s been (?:\w+ )?(?:days|weeks|months|years)"
    r"|#?thanks ?for ?nothing|in repair|crapped|supposed to|sort (?:it|this) (?:\w+ )?out"
    r"|been like this|i expect(?:ed)?|(?<!no )(?<!any )(?:problems?|issues?)|glitch\w*|bug(?:gy|s)?"
    r"|on and off|inconvenient|(?:having|have|had) to (?:reboot|reset|restart)|throttl\w*"
    r"|keeps? (?:dropping|cutting|crashing|freezing|disconnecting)"
    r"|(?:doesn'?t|won'?t|not) load\w*|used to work|without (?:picking|collecting|telling"
    r"|asking|warning|informing|notice|notifying|letting)|after (?:the |this )?(?:\w+ ){0,2}?"
    r"updat\w*)"
    r"(?!\w)",
)
# Praise that reads like a request ("they need a shout-out"): no request for help.
_PRAISE_ASK = re.compile(
    r"(?<!\w)(?:needs?|deserves?|want|wanted) (?:a |an )?(?:big )?(?:shout ?-?outs?|raise|promotion"
    r"|bonus|recognition|medal|award|pay ?rise)(?!\w)",
    re.IGNORECASE,
)
# Warm words to the brand: a thank-you with a photo is not spam to hide unseen.
_WARM = re.compile(r"(?<!\w)(?:thank\w*|kudos|grateful|shout ?out|appreciate\w*)(?!\w)", re.I)
# Kind words to an answer of ours ("well done, guys", "you rock").
_KUDOS = re.compile(
    r"(?<!\w)(?:well done|great (?:job|work|stuff)|good (?:job|work|stuff)|nice (?:one|work)"
    r"|nicely done|you (?:guys )?(?:rock|are the best|'re the best|are amazing|'re amazing)"
    r"|amazing|awesome|brilliant|legends?|kudos|love (?:it|this|you))(?!\w)|\U0001f44d",
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
# An answer to a support question ("yes", "I did", "sure can!"), not chat.
_AFFIRM = re.compile(
    r"(?:yes|yeah|yep|yup|no|nope|sure|ok|okay|done|just did|i (?:sure )?(?:can|did|do|will"
    r"|have|tried))(?!\w)",
    re.IGNORECASE,
)
_MENTIONS = re.compile(r"(?:^|\s)@\w+")
_NO_WORRIES = re.compile(r"no (?:problem|worries|bother|prob)(?!\w)|not at all(?!\w)", re.I)
_SAD = re.compile(
    "[\U0001f615\U0001f61e\U0001f622\U0001f62d\U0001f621\U0001f620\U0001f641"
    "\u2639\U0001f629\U0001f62b\U0001f624\U0001f926\U0001f612\U0001f611]"
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
# The thread already has a case open in private messages (a named agent, "in my DMs").
_DM_CASE = re.compile(
    r"(?<!\w)(?:(?i:(?:in|via|over|through|on|check(?:ing)?) (?:my|your|the|our|ur)"
    r" (?:dms?|direct messages?|inbox|pms?)|replied (?:to )?(?:your|my) dm"
    r"|(?:i|i'?ve|i have|just|already) (?:sent|dm'?e?d) (?:you|u|y'?all)(?: guys| all)?"
    r" (?:a |an )?(?:dm|direct message|message|pm)"
    # "DM'd you an hour ago", "sent you a DM": said plainly, with no "I" before it.
    r"|dm'?e?d (?:you|u|y'?all)|sent (?:you|u|y'?all) (?:a |an )?(?:dm|direct message|pm)"
    r"|we(?:'ve| have)? (?:replied|responded) (?:to you )?in dms?)"
    r"|(?i:talking|speaking|chatting) (?i:to|with) [A-Z][a-z]+"
    r"|[A-Z][a-z]+ (?i:in|from) (?i:dms?|your team))(?!\w)"
)
# The brand's earlier reply says a private conversation is under way ("I've sent you a DM",
# "we have received your DM and will follow up there").
_DM_OPEN = re.compile(
    r"(?<!\w)(?:(?:sent|send|sending) (?:you|u) (?:a |an )?(?:dm|direct message|private message"
    r"|message)|(?:received|got|have|seen|see|saw) your (?:dm|direct message|private message)"
    r"|(?:follow(?:ing)? up|respond(?:ing)?|repl(?:y|ying)|continue) (?:with you )?"
    r"(?:there|in (?:the |your )?dms?))(?!\w)",
    re.IGNORECASE,
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
# A late or cancelled flight or train, for a travel brand.
_DELAYED = re.compile(
    r"(?<!\w)(?:delay\w*|late|cancell?ed|cancell?ation|(?:\d+|an?|one|two|three|four|five|six"
    r"|several) (?:hours?|hrs))(?!\w)",
    re.IGNORECASE,
)
# A ride-hailing trip: a fare, a charged or cancelled trip, with no flight, train or stay.
_RIDE_TRIP = re.compile(
    r"^(?!.*(?<!\w)(?:flights?|plane|airport|trains?|rail|station|platform|hotel|room|stay)(?!\w))"
    r".*(?<!\w)(?:surge|tip(?:ped)?|(?:trip|trips) (?:\w+ ){0,6}?(?:charg\w*|cancel\w*"
    r"|driver|fee)|(?:charg\w*|cancel\w*|fee) (?:\w+ ){0,6}?(?:trip|trips))(?!\w)",
    re.DOTALL,
)
# Getting into or using an account: a login, a password, a code, a lockout.
_ACCOUNT_TROUBLE = re.compile(
    r"(?<!\w)(?:log ?-?in\w*|logging (?:in|on)|log(?:s|ged)? me (?:in|out)"
    r"|sign(?:ing)? ?-?(?:in|on)|password|locked out|account|verification code|two[- ]step|2fa)"
    r"(?!\w)",
    re.IGNORECASE,
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
# An outage question that says where ("is the network down in Leeds?"): no "which area?".
_PLACE_NAMED = re.compile(
    r"(?<!\w)(?:(?:in|near|around) (?:the )?(?:[A-Z][a-z]+|\d{5}|[A-Z]{1,2}\d{1,2}[A-Z]?)"
    r"|(?:for|in) (?:the )?\d{5}(?: area)?)(?!\w)"
)
# A zip code or a UK postcode on its own ("7th time this month. 95608."): the area is given.
_POSTCODE = re.compile(
    r"(?<![\w@$£€.,])(?:\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})(?![\w.,]\d|\w)"
)
_LEADING_TAGS = re.compile(r"^\s*(?:\.?@\w+[\s,:]*){4,}")
_LINK = re.compile(r"https?://", re.IGNORECASE)


def _reply_chain_only(comment: Comment) -> bool:
    """Whether a reply's many tags are all the handles it opens with (the thread's reply chain
    on X), with no link: no mention bomb."""
    opening = _LEADING_TAGS.match(comment.text)
    if comment.parent_id is None or opening is None:
        return False
    rest = comment.text[opening.end() :]
    return "@" not in rest and _LINK.search(rest) is None


# Where a comment turns to a second matter: a new sentence, or "also", "plus", "and my".
_TURN = re.compile(
    r"(?<=[.!?])\s+|(?<!\w)(?:(?:and also|also|plus|as well as|on top of (?:that|this))(?!\w)"
    r"|(?:and|but)(?= (?:my|the|our|i) ))",
    re.IGNORECASE,
)


def _second_matter(said: str, cue: str, industry: str) -> tuple[str, str] | None:
    """Another matter in ``said`` than the one its words ``cue`` name, as (kind, phrase):
    ("question", "how to …") for a how-to question, ("issue", "your bill") for another
    problem; None when the comment is about the one matter only."""
    cue = cue.lower()
    rest = " ".join(
        part
        for part in _TURN.split(said)
        if part and cue not in part.lower().replace("\u2019", "'")
    )
    if len(rest.split()) < 3:
        return None
    gist = question_gist(rest)
    if gist is not None:
        return "question", gist
    other = concern_of(rest, industry)
    if other is not None and other.kind != "outage":
        return "issue", other.label
    if overcharge(rest) or _BILLED.search(rest.lower()):
        return "issue", "your bill"
    # Unnamed, only where the customer marks it as another matter ("also", "plus"): the rest
    # of an outage report mostly tells the same outage.
    if _ANOTHER.search(said) and (
        _TROUBLE.search(rest.lower()) or negative_clause(rest) is not None
    ):
        return "issue", "the other problem you mentioned"
    return None


_ANOTHER = re.compile(
    r"(?<!\w)(?:also|plus|as well|too|on top of (?:that|this)|another thing|one more thing)(?!\w)",
    re.IGNORECASE,
)
# A gist that ends on a word standing for something unseen ("how to report this"): no slot.
_VAGUE_END = re.compile(r"(?<!\w)(?:this|that|it|them|these|those)$")


def _question_beside(said: str) -> tuple[str, str] | None:
    """A how-to question asked beside a complaint ("the app keeps crashing. Also, how do I
    export my playlists?") as ("question", "how to …"), or None."""
    parts = [part for part in _TURN.split(said) if part and part.strip()]
    asked = [part for part in parts if question_gist(part) is not None]
    if not asked or len(asked) == len(parts):
        return None
    sore = any(
        negative_clause(part) is not None or _TROUBLE.search(part.lower()) is not None
        for part in parts
        if part not in asked
    )
    gist = question_gist(asked[0])
    if gist is None or _VAGUE_END.search(gist):
        return None
    return ("question", gist) if sore else None


# The service itself named as what is down ("internet out", "network down again").
_SERVICE = re.compile(
    r"(?:internet|wi-?fi|service|network|signal|broadband|connection|servers?|streaming|data"
    r"|phones?|lines?|tv|cable|app|site|website|outages?|no (?:service|signal|internet|wi-?fi"
    r"|connection|network|reception|tv|cable))(?!\w)"
)


# A short notice with no link: room for "done, check your DMs", never for a lure.
_SENT_NOTICE_WORDS = 12


# What a spammer's "check your DMs" dangles: a prize, money, a follow.
_LURE = re.compile(
    r"(?<!\w)(?:win\w*|won|prizes?|free|giveaways?|gift|cash|money|earn\w*|crypto|bitcoin|invest\w*"
    r"|promo\w*|deals?|offers?|follow (?:me|back)|collab\w*|dollars|\$\d)(?!\w)",
    re.IGNORECASE,
)


def _says_sent(text: str) -> bool:
    """Whether ``text`` only tells the brand the customer sent a private message ("done,
    check your DMs", "just DM'd you")."""
    said = _MENTIONS.sub(" ", text)
    return (
        _LINK.search(said) is None
        and _LURE.search(said) is None
        and len(said.split()) <= _SENT_NOTICE_WORDS
        and follow_up_kind(said) == "sent"
    )


# A purchase that fails on its way ("trying to book a flight and an error comes up"): there
# is no booking or order yet, so none is spoken of or asked for.
_BUYING_STUCK = re.compile(
    r"(?<!\w)(?:(?:trying|tried|try|attempting|attempted|unable|won'?t let me|doesn'?t let me)"
    r" to|can'?t|cannot|couldn'?t) (book|buy|order|purchase|pay|check ?out|reserve)(?!\w)",
    re.IGNORECASE,
)
# What the reply calls the purchase that failed ("sorry about the trouble booking").
_BUYING_WORDS = {
    "book": "booking",
    "reserve": "booking",
    "buy": "placing your order",
    "order": "placing your order",
    "purchase": "placing your order",
    "checkout": "checking out",
    "pay": "paying",
}
# An order, a booking or a parcel of the customer's own: its number is worth asking for.
_OWN_THING = re.compile(
    r"(?<!\w)(?:(?:my|our|the|this|that) (?:\w+ )?(?:bookings?|reservations?|flights?|trips?"
    r"|rides?|tickets?|food|meal|pizza)|(?:my|our|the|this|that|an?) (?:\w+ )?(?:orders?"
    r"|parcels?|packages?|deliver(?:y|ies)|refund|return|purchase|shipment)|order (?:no|number|#)"
    r"|booking ref\w*|confirmation|tracking|ordered|booked|delivered|bought|purchased"
    r"|ship(?:ped|ping|s)?)(?!\w)",
    re.IGNORECASE,
)
_RAIL = re.compile(r"(?<!\w)(?:trains?|rail|railway|station|platform|carriage|tube)(?!\w)")
# Words of a wait: "sorry about the wait" only where the customer speaks of one.
_WAITED = re.compile(
    r"(?<!\w)(?:wait\w*|delay\w*|late|still|yet|hours?|days?|weeks?|months?|took|taking|slow"
    r"|overdue|never (?:came|arrived|showed)|hasn'?t (?:arrived|come|shown))(?!\w)",
    re.IGNORECASE,
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
# How a reply names rewards that did not come through, or an offer that was not honoured.
_REWARD_LABELS = {"points": "your rewards points", "offer": "the offer"}
_BY_A_PERSON = {
    "staff": "a complaint about a member of staff — a team lead reads it and answers",
    "price": (
        "a point about our prices — the suggested text is a holding reply; add why the prices"
        " differ or what the price includes if you can"
    ),
}
_VARIANT = re.compile(r"v\d+")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.!?;:])")
# Drafts repeat (same brand, intent, issue, product) but for the reader's name, so a variant is
# rendered once with this private-use character for the name, which is filled in afterwards.
# That gives the same text only while templates print the name as it is and never read the
# author, and while the name holds no whitespace and does not start with punctuation that
# ``_tidy`` would pull to the word before it.
_NAME_SLOT = "\ue000"
_PRINTED_NAME = re.compile(r"\{\{ c\.addressee \}\}")
_NAME_USES = re.compile(r"addressee|author")
_TIDY_PUNCTUATION = ",.!?;:"
_WHITESPACE = re.compile(r"\s")
# How many situations' rendered variants are kept; all are forgotten when full (they are few).
_RENDERED_MEMORY = 10_000


def default_templates_dir() -> Path:
    """The ``replies`` folder of the templates shipped with socialpulse."""
    return templates_dir() / "replies"


@dataclass(frozen=True, slots=True)
class ReplyContext:
    """What a reply template may use; every field is always present (None when unknown)."""

    addressee: str
    author: str
    brand: str
    sign_off: str
    voice: str
    platform: str
    language: str
    product: str | None
    issue: str | None
    topic: str | None
    faq_question: str | None
    faq_answer: str | None
    link: str | None
    private: str | None
    contact: str | None
    # What the brand sells (see ``BrandProfile.industry``); ``short`` leaves out the optional
    # sentences (the diagnostic question) when a platform's limit is tight.
    industry: str = "retail"
    short: bool = False
    # Where the trouble is when the comment names it: "website" or "app" (else None).
    channel: str | None = None
    # Whether the comment talks about an order, a delivery, a booking or a trip: only then
    # does a reply ask for an order number or speak of an order.
    ordered: bool = True
    # What the comment talks about ("food", "ride", "flight", "mobile", "broadband"), which
    # picks the words before the brand's industry default; and what it already gave
    # ("device,version,symptom,reference"), so a reply asks only for what is missing.
    domain: str | None = None
    given: str = ""
    # What the message is about beyond a fault ("access", "promo", "staff", …; see
    # ``bot.smo.topics``) and a fixed phrase naming it ("the PIN or password").
    concern: str | None = None
    concern_label: str | None = None
    # What praise names, from a fixed list ("the team", "the lounge"), and its kind.
    praised: str | None = None
    praised_kind: str | None = None
    # The customer is unhappy: no cheer ("happy to help") and no thanks in the reply; and
    # whether they ask a question (a question whose words read a little negative, "is it too
    # late to …?", is no report of trouble).
    upset: bool = False
    asking: bool = False
    # A "how do I …" question as "how to …", for the slot a person fills with the answer.
    gist: str | None = None
    # The brand's earlier reply in the thread already asked for a private message.
    dm_asked: bool = False
    # A travel customer speaks of a booking, a ticket or a journey: only then does a reply
    # say "your booking" or ask for a booking reference.
    booked: bool = True
    # The service a telco customer names, as a reply names it ("your home phone line").
    service: str | None = None
    # A travel customer speaks of a train or a station (where staff on the spot can help).
    rail: bool = False
    # The trouble is with our website or app, or getting into an account (a login, an
    # outage), and no order or booking of the customer's is in question: a reply asks for the
    # account's email address, never an order number or a booking reference they may not have.
    account_trouble: bool = False
    # A purchase failed on its way, before there was a booking or order ("trouble booking").
    buying: str | None = None
    # The error code the customer quotes ("03059"; letters, digits and a dash only).
    error: str | None = None
    # The personal details the customer posted in public ("phone number and email address").
    posted: str | None = None
    # The customer gave details a reply may thank for (a number, steps, a long description).
    detailed: bool = False
    # The customer's greeting that names the time of day ("Good morning"), mirrored in a reply.
    greeting: str | None = None
    # An upgrade or a change of plan the customer wants, with nothing said to have gone wrong
    # with it: a sales question, never "sorry about the trouble with your upgrade".
    plan_wish: bool = False
    # The account in question is someone else's ("my friend's account"): a reply asks only
    # for the customer's own details.
    for_someone: bool = False
    # The customer counts a long wait ("wait") or says they have asked before ("again"): a
    # reply opens by owning it.
    waited: str | None = None
    # The brand's public service-status page, which an outage reply points to (None: none).
    status: str | None = None
    # The customer lost a code or voucher, or it never arrived: no error message to ask for.
    code_lost: bool = False
    # The comment says nothing but that the customer needs help: a reply asks what is
    # happening, never a checklist for a fault nobody named, and thanks for nothing.
    plea: bool = False
    # The customer says they were charged twice or more than agreed: a reply asks which
    # charge (and never the amount they named).
    overcharge: bool = False
    # A second matter in the same comment that the reply names so it is not dropped: a
    # how-to question ("how to export your playlists", ``also_kind`` "question") or another
    # problem ("your bill", ``also_kind`` "issue").
    also: str | None = None
    also_kind: str | None = None


@dataclass(frozen=True, slots=True)
class ReplyPlan:
    """What the engine understood that drafting needs, for one comment."""

    intents: tuple[str, ...]
    language: str | None
    issue: str | None
    topic: str | None
    product: str | None
    sarcasm: bool
    faq: FaqMatch | None
    sentiment: str = "neutral"
    score: float = 0.0

    def readings(self) -> Readings:
        return Readings(self.sentiment, self.score, self.intents, self.sarcasm, self.faq)


class TemplateLibrary:
    """Every reply template under one directory, compiled once with its variant macros.

    Layout: ``<lang>/<template>.<voice>.<platform>.j2``, then ``<lang>/<template>.<voice>.j2``,
    then ``<lang>/<template>.j2`` — the first that exists wins. A template defines its variants
    as macros ``v1``, ``v2``, … taking the :class:`ReplyContext` ``c``; files starting with ``_``
    hold shared macros.
    """

    def __init__(self, directory: Path) -> None:
        if not directory.is_dir():
            raise FileNotFoundError(f"reply templates folder not found: {directory}")
        self.directory = directory
        self._env = template_environment(
            directory, {"first_upper": _first_upper, "possessive": possessive}
        )
        self._variants: dict[str, tuple[Any, ...]] = {}
        # Per template: whether it prints the name as it is (the shared macro files, which
        # any template may import, count for every one).
        self._names_printed_as_is: dict[str, bool] = {}
        shared_as_is = True
        for name in self._env.list_templates(extensions=["j2"]):
            source = (directory / name).read_text(encoding="utf-8")
            as_is = not _NAME_USES.search(_PRINTED_NAME.sub("", source))
            if Path(name).name.startswith("_"):
                shared_as_is = shared_as_is and as_is
                continue
            self._names_printed_as_is[name] = as_is
            module = self._env.get_template(name).module
            macros = sorted(
                (key for key in dir(module) if _VARIANT.fullmatch(key)), key=lambda k: int(k[1:])
            )
            if not macros:
                raise ValueError(f"{directory / name}: no variant macros v1, v2, …")
            self._variants[name] = tuple(getattr(module, key) for key in macros)
        self._shared_as_is = shared_as_is
        self._rendered: dict[tuple[str, tuple[str | bool | None, ...]], _Rendered] = {}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self._variants))

    def languages(self, template: str) -> frozenset[str]:
        return frozenset(n.split("/")[0] for n in self._variants if _base(n) == template)

    def find(self, language: str, template: str, voice: str, platform: str) -> str | None:
        for name in (
            f"{language}/{template}.{voice}.{platform}.j2",
            f"{language}/{template}.{voice}.j2",
            f"{language}/{template}.{platform}.j2",
            f"{language}/{template}.j2",
        ):
            if name in self._variants:
                return name
        return None

    def render(self, name: str, context: ReplyContext) -> list[str]:
        """Every variant of template ``name`` rendered for ``context``, whitespace tidied."""
        return [_tidy(str(macro(context))) for macro in self._variants[name]]

    def variant_count(self, name: str) -> int:
        return len(self._variants[name])

    def render_in_turn(self, name: str, start: int, context: ReplyContext) -> Iterator[str]:
        """The variants of template ``name`` as ``render`` gives them, one at a time from
        ``start`` round to the one before it."""
        count = len(self._variants[name])
        indexes = [(start + i) % count for i in range(count)]
        situation = _situation(context)
        rendered = self._rendered.get((name, situation))
        if rendered is None:
            if len(self._rendered) >= _RENDERED_MEMORY:
                self._rendered.clear()
            fills = self._shared_as_is and self._names_printed_as_is[name]
            fills = fills and _slot_free(situation)
            rendered = self._rendered[name, situation] = _Rendered(fills, [None] * count)
        if not (rendered.fills and _name_fills_in(context.addressee)):
            for index in indexes:
                yield self._render(name, index, context)
            return
        for index in indexes:
            text = rendered.texts[index]
            if text is None:
                general = replace(context, addressee=_NAME_SLOT, author="")
                text = rendered.texts[index] = self._render(name, index, general)
            yield text.replace(_NAME_SLOT, context.addressee)

    def _render(self, name: str, index: int, context: ReplyContext) -> str:
        return _tidy(str(self._variants[name][index](context)))


# Every field of a reply's context but the reader's name and handle.
_situation = operator.attrgetter(
    *(f.name for f in fields(ReplyContext) if f.name not in ("addressee", "author"))
)


@dataclass(slots=True)
class _Rendered:
    """A template's variants rendered for one situation with the name left as a slot (None
    until needed), and whether the situation lets the name be filled in afterwards."""

    fills: bool
    texts: list[str | None]


def _slot_free(situation: tuple[str | bool | None, ...]) -> bool:
    """The situation's half of whether a reply renders the same with the name filled in
    afterwards (``_name_fills_in`` is the name's half)."""
    return not any(isinstance(part, str) and _NAME_SLOT in part for part in situation)


def _name_fills_in(name: str) -> bool:
    """Whether a reply renders the same with ``name`` filled in afterwards, given a situation
    that allows it (``_slot_free``)."""
    return bool(name) and name[0] not in _TIDY_PUNCTUATION and _WHITESPACE.search(name) is None


# What the reviewer is told when a comment needs more than a request for details.
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


_CHANNEL = re.compile(
    r"(?<!\w)(?:(?P<website>website|web ?site|site|web page|webpage|checkout page|online checkout)"
    r"|(?P<app>app))(?!\w)",
    re.IGNORECASE,
)


def _channel(text: str) -> str | None:
    """Where the comment says the trouble is: "website", "app" or None."""
    lowered = text.lower()
    if "app" not in lowered and "site" not in lowered and "checkout" not in lowered:
        return None  # most comments: no search
    match = _CHANNEL.search(text)
    if match is None:
        return None
    return "website" if match.group("website") else "app"


def _light(text: str, plan: ReplyPlan) -> bool:
    """Whether an answer in a thread says something light: no yes or no, no sad or negative
    words, no details and no question ("I was long gone by then", "love it!")."""
    body = _MENTIONS.sub("", text).strip()
    # "No problem!" and "no worries" answer thanks; they say no "no".
    affirm = _AFFIRM.match(body) is not None and _NO_WORRIES.match(body) is None
    if plan.sentiment == "negative" or affirm or _SAD.search(body):
        return False
    # Details for support, not chat.
    return not (any(ch.isdigit() for ch in body) or given_details(body) or _ASKS.search(body))


# A statement told in a sentence of its own ("I just did", "they're the ones charging it").
_TOLD = re.compile(
    r"(?<!\w)(?:i|i'?d|i'?m|i'?ve|i'?ll|we|we'?re|we'?ve|they|they'?re|it|it'?s|that|that'?s)"
    r"\s+\w",
    re.IGNORECASE,
)


def _chatty(text: str, plan: ReplyPlan) -> bool:
    """Whether an answer in a thread is cheerful chat: light words with an exclamation, an
    emoji or a positive reading."""
    body = _MENTIONS.sub("", text).strip()
    # U+FE0F after a plain letter ("I️", an old iOS keyboard bug) is no emoji.
    return _light(text, plan) and (
        "!" in body or has_emoji(body.replace("\ufe0f", "")) or plan.sentiment == "positive"
    )


# A pleasantry in answer to ours ("my pleasure", "you're welcome"): chat, not information.
_PLEASANTRY = re.compile(
    r"(?<!\w)(?:my pleasure|you'?re (?:very )?welcome|no worries|no problem|any ?time|cheers"
    r"|same to you|you too|likewise)(?!\w)",
    re.IGNORECASE,
)


def _cheerful(said: str, plan: ReplyPlan) -> bool:
    """Whether an answer to our reply shows cheer itself (praise, thanks, an exclamation, an
    emoji): a plain statement of fact that merely reads positive ("the line is a postpay
    one") is information, never met with "Love that!"."""
    body = _MENTIONS.sub("", said)
    return (
        "!" in body
        or has_emoji(body.replace("\ufe0f", ""))
        or "praise" in plan.intents
        or _WARM.search(body) is not None
        or _KUDOS.search(body) is not None
        or _PLEASANTRY.search(body) is not None
    )


# Our earlier reply dealt with a problem: an apology, an assessment, help offered or sent on.
_PROBLEM_REPLY = re.compile(
    r"(?<!\w)(?:sorry|apologi[sz]\w*|inconvenience|frustrat\w*|assess\w*|damage\w*|claim"
    r"|issues?|problems?|trouble\w*|outage|fault|assist\w*|look into|looking into"
    r"|investigat\w*|agent|dm|direct message|reach out|resolve\w*|fix\w*)(?!\w)",
    re.IGNORECASE,
)


def _cheer_fits(said: str, plan: ReplyPlan, parent: Turn | None) -> bool:
    """Whether a cheerful word back fits an answer in a thread: the comment is itself warm, or
    our earlier reply dealt with no problem ("I was long gone by then" after "an agent must
    assess the damage" goes on with the case)."""
    if "praise" in plan.intents or _WARM.search(said) is not None:
        return True
    return parent is None or not parent.own or _PROBLEM_REPLY.search(parent.text) is None


# Our earlier reply asked for details (which, since when, have you…): an answer to it is
# information, not chat; "anything else I can help with?" asks for none.
_DETAILS_ASKED = re.compile(
    r"(?<!\w)(?:which|what (?:is|are|was|were|do|does|did|happens|error|kind|type|model|version"
    r"|device|browser|app|time|date)|when did|since when|how long|where (?:are|were|is|was|did)"
    r"|is it|are you|have you|did you|were you|could you (?:tell|send|confirm|let|share|check)"
    r"|can you (?:tell|send|confirm|let|share|check)|are (?:all )?(?:of )?your|is your|does it"
    r"|has it|do you (?:have|see|get)|how can (?:i|we) help|is there anything (?:i|we) can)"
    r"(?!\w)[^?]*\?",
    re.IGNORECASE,
)


def _asked_details(ours: str) -> bool:
    return "anything else" not in ours.lower() and _DETAILS_ASKED.search(ours) is not None


def _ongoing_dm(text: str, parent: Turn | None) -> bool:
    """Whether the comment or the brand's earlier reply shows a case open in private messages."""
    if _DM_CASE.search(text):
        return True
    return (
        parent is not None
        and parent.own
        and (_DM_CASE.search(parent.text) is not None or _DM_OPEN.search(parent.text) is not None)
    )


def _one_word_answer(text: str, plan: ReplyPlan) -> bool:
    """Whether ``text`` is a word or two in answer to a post ("Treat", "Team blue") with no
    problem, detail or request in it: chat, not a case."""
    body = _MENTIONS.sub("", text).strip(" .!?,")
    words = body.split()
    if not 0 < len(words) <= 2 or plan.sentiment == "negative" or _AFFIRM.match(body):
        return False
    return not (any(ch.isdigit() for ch in body) or given_details(body) or _ASKS.search(body))


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


def _reward(said: str, parent: Turn | None) -> Concern | None:
    """Rewards or points that did not come through, or an offer that was not honoured: no
    order, visit or outage questions."""
    # Only the brand's own post to everyone holds an offer ("$2 off with …"), not its reply to
    # someone ("we'd like to offer you …").
    post = parent.text if parent is not None and parent.own and not addressed(parent.text) else None
    kind = reward_trouble(said, post)
    return None if kind is None else Concern("reward", _REWARD_LABELS[kind])


def _info_question(text: str) -> bool:
    return is_real_question(text) and _INFO_QUESTION.search(text) is not None


# "? hello", "hello?": someone waiting for an answer, not a greeting.
_CHASING_HELLO = re.compile(r"(?:\s*[@.]\w+)*\W*(?:\?\W*(?:hello|hi|hey)|(?:hello|hi|hey)\W*\?)")
# Words in an answer to a campaign prompt that is still a pick ("treat!", "the red one").
_PICK_WORDS = 5


def _kind_words(said: str, plan: ReplyPlan) -> bool:
    """Whether ``said`` praises the brand (its staff, a product, the service)."""
    if "praise" in plan.intents and plan.sentiment == "positive":
        return True
    warm = _WARM.search(said)
    return (warm is not None and warm.group(0).lower() != "thankfully") or (
        plan.sentiment == "positive" and praised(said).kind is not None
    )


def _answered(plan: ReplyPlan) -> bool:
    return plan.faq is not None and plan.faq.score >= FAQ_THRESHOLD


def _base(name: str) -> str:
    return Path(name).name.split(".")[0]


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in _BLANK_LINES.split(text.strip())]
    return _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(line for line in lines if line))


def _addressee(author: str, platform: str) -> str:
    name = author.strip().lstrip("@")
    if " " in name:
        return name.split()[0]
    return f"@{name}" if platform in USES_HANDLES else name


_FIRST_MENTION = re.compile(r"^\s*\.?@(\w+)")
# A comment that opens by tagging someone, after a greeting at most ("Hi @brand. I pay for…").
_OPENS_WITH_TAG = re.compile(r"^\s*(?:(?:hi|hey|hello|dear|yo|ok(?:ay)?)[\s,]+)?\.?@\w+", re.I)
_NOT_WORDS = re.compile(r"(?:@|#)\w+|https?://\S+")


def _to_the_brand(text: str) -> bool:
    """Whether ``text`` opens by tagging someone and says something (three words or more)."""
    return _OPENS_WITH_TAG.match(text) is not None and len(_NOT_WORDS.sub(" ", text).split()) >= 3


def _bystander(comment: Comment, parent: Turn | None, brand: BrandProfile) -> bool:
    """Whether ``comment`` is someone's remark to another customer in that customer's thread:
    it answers a customer's tweet by someone else, and opens by naming a person, not the brand
    ("@dana @brand welcome to Denver!")."""
    if parent is None or parent.own or parent.author == comment.author:
        return False
    first = _FIRST_MENTION.match(comment.text)
    return first is not None and first.group(1).lower() not in brand.own_handles


def _quote(turn: Turn) -> str:
    text = " ".join(turn.text.split())
    return f"\u201c{text[:117] + '…' if len(text) > 120 else text}\u201d"


def _duration(delta: timedelta) -> str:
    hours = abs(delta.total_seconds()) / 3600
    if hours < 1:
        return f"{max(1, round(hours * 60))} min"
    if hours < 48:
        return f"{round(hours)} h"
    return f"{round(hours / 24)} days"


# A reply that already owns the wait in its first sentence.
_OWNS_WAIT = re.compile(
    r"(?<!\w)(?:wait\w*|chas\w*|hear from us|answer from us|more than once|ask again|delay\w*)"
    r"(?!\w)",
    re.IGNORECASE,
)
# The replies to a problem, where a wait the customer counts is owned first.
_OWNS_WAIT_IN = frozenset(
    {"complaint", "support", "escalation", "concern", "follow_up", "by_hand", "outage"}
)
_FIRST_SENTENCE = re.compile(r"(?P<first>.+?[.!?])(?:\s+(?P<rest>.*))?$", re.DOTALL)
_GREETING_WORDS = r"(?:(?:Hi|Hello|Hey|Good morning|Good afternoon|Good evening) )?"
_SORRY = re.compile(r"^(?:we'?re |we are )?(?:really |so |very )?sorry (?P<what>.+)$", re.I)


def _owning_wait(text: str, context: ReplyContext, platform: str) -> str:
    """``text`` opening by owning the wait the customer counts ("Sorry for the wait, @sam, and
    sorry about …") or the asking again, where its first sentence does not already."""
    match = _FIRST_SENTENCE.match(text)
    if not context.waited or match is None or _OWNS_WAIT.search(match.group("first")):
        return text
    name = context.addressee
    opener = "Sorry you've had to ask again" if context.waited == "again" else "Sorry for the wait"
    body = re.sub(rf"^{_GREETING_WORDS}{re.escape(name)}, ", "", match.group("first"), count=1)
    body = body.replace(f", {name}", "", 1)
    if name in body:
        return text
    sorry = _SORRY.match(body)
    first = (
        f"{opener}, {name}, and sorry {sorry.group('what')}"
        if sorry
        else f"{opener}, {name}. {_first_upper(body)}"
    )
    owned = f"{first} {match.group('rest') or ''}".strip()
    limit = REPLY_LIMITS.get(platform)
    return owned if limit is None or reply_length(owned, platform) <= limit else text


def _greeted(text: str, context: ReplyContext, platform: str) -> str:
    """``text`` opening with the customer's own greeting ("Good morning @sam, …") where they
    greeted with the time of day and the reply opens with their name, room allowing."""
    if not context.greeting or not text.startswith(f"{context.addressee},"):
        return text
    greeted = f"{context.greeting} {text}"
    limit = REPLY_LIMITS.get(platform)
    return greeted if limit is None or reply_length(greeted, platform) <= limit else text


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
                asked.append(is_real_question(said) or _ASKS.search(said) is not None)
            return asked[0]

        escalation = find_escalation(comment.text, brand.own_handles)
        needs = {"complaint", "support", "question"} & set(plan.intents)
        trouble = _TROUBLE.search(said.lower())
        by_hand = False
        if "spam" in plan.intents and _says_sent(comment.text):
            # "Done, check your DMs": the customer tells us a private message is on its way,
            # which reads like a lure to the spam readers.
            notes.append("says they sent us a private message — not spam")
            plan = replace(plan, intents=tuple(i for i in plan.intents if i != "spam"))
        if "spam" in plan.intents and _reply_chain_only(comment):
            # On X a reply carries every handle of the thread before its words: many accounts
            # tagged there is the reply chain (a game between brands), not a mention bomb.
            notes.append("many accounts tagged, but they are the thread's reply chain — not spam")
            plan = replace(plan, intents=tuple(i for i in plan.intents if i != "spam"))
        if "spam" in plan.intents:
            unhappy_ask = why is not None and (
                plan.sentiment == "negative" or is_real_question(said)
            )
            if not (needs or trouble or escalation or unhappy_ask):
                if not (comment.parent_id or _WARM.search(said) or asks()):
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
        concern = _reward(said, parent) or concern
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
            _bystander(comment, parent, brand)
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
                f"a remark to another customer in their thread ({_quote(parent)}), not"
                f" addressed to {brand.name} — no reply needed, or a person answers",
            )
            return self._action(comment, "human", notes)
        asked_dm = parent is not None and parent.own and asks_for_dm(parent.text)
        kind = (
            follow_up_kind(comment.text, asked_dm)
            if comment.parent_id
            # A tweet of its own that only says a DM was sent answers our earlier request.
            else "sent"
            if _says_sent(comment.text)
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
                    or (_ASKS.search(thanked) is None and why is None and trouble is None)
                )
            )
            follow_up = closing
            if follow_up:
                notes.append(f"a reply in a conversation whose earlier turns were not seen: {kind}")
        feedback = find_feedback(said)
        # An opinion on a change ("not a fan of the new layout"): acknowledged and passed on,
        # with no apology for a fault and no questions to diagnose one.
        opinion = find_opinion(said)
        if feedback is None:
            feedback = opinion
        policy = (
            find_policy(said)
            if escalation is None and not follow_up and _BILLED.search(said.lower()) is None
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
                f"answers our post to everyone: {_quote(parent)} — the reply may point to it"
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
                    and _LEADING_TAGS.match(comment.text) is not None
                    and _GAME.search(f"{parent.text} {said}") is not None
                    and not _info_question(said)
                    and _HOW_TO.search(said) is None
                    and _OWN_THING.search(said) is None
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
            and _OWN_THING.search(said) is None
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
            if campaign and len(_NOT_WORDS.sub(" ", said).split()) > _PICK_WORDS:
                # More than a pick: praise ("your crew earn an A+") is thanked as praise, the
                # rest gets a friendly word; neither is an entry ("thanks for playing along").
                campaign = False
                if _kind_words(said, plan):
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
                and not (parent is not None and _asked_details(parent.text))
                and _chatty(said, plan)
                and _cheer_fits(said, plan, parent)
                and _cheerful(said, plan)
            ):
                # Cheerful chat in answer to our reply ("No problem! Love this time of year"):
                # a short friendly word back, not a request for details.
                notes.append("a cheerful reply in a conversation, no problem in it")
                template, follow_up = "chat", False
        elif escalation is not None:
            template = "escalation"
            notes.append(_ESCALATION_NOTES[escalation.kind].format(cue=escalation.cue))
        else:
            sharp_why = f'the comment is pointed ("{sharp}")' if sharp is not None else None
            template = self._choose_template(plan, notes, why or sharp_why, comment)
        if template is None:
            if why is None and trouble is not None:
                why = f'the comment names a problem ("{trouble.group(0)}")'
            if why is None and not asks():
                if (
                    not plan.sarcasm
                    and trouble is None
                    and (warm := _WARM.search(said)) is not None
                    and warm.group(0).lower() != "thankfully"
                    and not _THANKS_FOR_HELP.search(said)
                    and not any(ch.isdigit() for ch in _MENTIONS.sub("", said))
                ):
                    # Warm words the readers left unread ("kudos to the pilot"): thank them.
                    notes.append("warm words to the brand — thank them")
                    template = "praise"
                elif (
                    comment.parent_id
                    and kind == "info"
                    and not follow_up
                    and (_chatty(said, plan) or _one_word_answer(said, plan))
                    and _cheer_fits(said, plan, parent)
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
                elif comment.parent_id is None and _to_the_brand(said):
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
            and (plan.issue == "billing" or _BILLED.search(said) is not None)
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
                    or (why is None and plan.topic is None and _ASKS.search(said) is None)
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
                f'the thread carries a complaint ("{gripe}" in {_quote(parent)}) — no cheer;'
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

        context = self._context(
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
                    _chatty(said, plan)
                    or (
                        "?" not in said
                        and not is_real_question(said)
                        and _TOLD.search(said) is not None
                        and _light(said, plan)
                    )
                )
                and not _cheer_fits(said, plan, parent)
            )
        )
        context = replace(context, upset=upset, asking=is_real_question(said))
        if overcharged is not None:
            context = replace(context, overcharge=True)
        second = (
            _second_matter(said, outage or gripe or "", brand.industry)
            if template == "outage"
            else _question_beside(said)
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
            _PLACE_NAMED.search(_MENTIONS.sub(" ", comment.text)) or _POSTCODE.search(said)
        ):
            context = replace(context, given=",".join(filter(None, (context.given, "area"))))
        if template == "concern" and context.plan_wish:
            notes.append(
                "wants an upgrade or another plan, nothing said to have gone wrong — a sales"
                " question, not a fault"
            )
        if follow_up and parent is not None:
            notes.append(f"follow-up to our earlier reply: {_quote(parent)}")
        if template == "follow_up":
            topic = follow_up_kind(comment.text, asked_dm)
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
                if _WARM.search(said):
                    topic = "thanks"
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
                and _KUDOS.search(said) is not None
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
                and _PLEASANTRY.search(said) is None
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
        ) and _ongoing_dm(comment.text, parent):
            # The thread shows a case already open in private messages: continue it there.
            notes.append("an ongoing case in private messages — continue it there, no restart")
            template = "follow_up"
            # Sent, and still not fixed or still waiting: sorry for the wait, not a bare "got it".
            waiting = chased(said) or (kind == "unresolved" and _DM_CASE.search(said) is not None)
            context = replace(context, topic="dm_chased" if waiting else "dm")
            name = self.library.find(language, template, voice, comment.platform) or name
        if comment.platform == "youtube" and template in GOES_PRIVATE and not brand.support_contact:
            notes.append("YouTube has no private messages: set the brand's support contact")
        notes.extend(self._window_notes(comment, template, now))
        text = self._pick(comment, name, context, notes)
        if text is not None and template in _OWNS_WAIT_IN:
            text = _owning_wait(text, context, comment.platform)
        if text is not None:
            text = _greeted(text, context, comment.platform)
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
            self._context(comment, brand, plan, "escalation", language),
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
            self._context(comment, brand, plan, "closure", language),
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
                self._context(comment, brand, plan, "safety", language),
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

    def _choose_template(
        self, plan: ReplyPlan, notes: list[str], why: str | None, comment: Comment
    ) -> str | None:
        intents = plan.intents
        faq = plan.faq
        answered = faq is not None and faq.score >= FAQ_THRESHOLD
        question = "question" in intents
        if answered and question and (why is not None or not is_real_question(comment.text)):
            # An FAQ answer only answers a real question from a customer who is not unhappy.
            assert faq is not None
            reason = why or "it asks no question"
            notes.append(f'FAQ "{faq.question}" (score {faq.score:.2f}) not used: {reason}')
            answered = False
            faq = None
        if "complaint" in intents:
            template = "complaint"
        elif "purchase_intent" in intents and why is None:
            template = "purchase_intent"
        elif question and answered:
            template = "question"
        elif "support" in intents:
            template = "support"
        elif question:
            template = "question"
        elif "purchase_intent" in intents:
            template = "support"
        elif "praise" in intents:
            # No thanks where a clause or a reading says something is wrong, nor where the
            # customer asks for something.
            text = plain_quotes(comment.text)
            if (
                why is not None
                and plan.sentiment == "positive"
                and not plan.sarcasm
                and _TROUBLE.search(text.lower()) is None
                and not is_real_question(text)
                and _ASKS.search(_PRAISE_ASK.sub(" ", text)) is None
                and only_reservations(text)
            ):
                # Praise with a reservation ("nothing short of amazing", "but lately they've
                # been great"): no apology and no request for details, and no thanks on a
                # negative clause either — say it is passed on.
                template = "feedback"
                notes.append(f"praise with a reservation: {why} — no apology and no thanks")
            elif why is not None:
                template = "complaint"
                notes.append(f"praise with a problem: {why}")
            elif is_real_question(text):
                template = "question"
                notes.append("praise with a question")
            elif _ASKS.search(_PRAISE_ASK.sub(" ", text)):
                template = "support"
                notes.append("praise with a request")
            else:
                template = "praise"
        else:
            return None
        if faq is not None and answered:
            hint = "FAQ match" if template in ("question", "purchase_intent") else "FAQ may help"
            notes.append(f'{hint}: "{faq.question}" (score {faq.score:.2f})')
        elif faq is not None and template in ("question", "purchase_intent"):
            notes.append(
                f'no FAQ entry is close enough (best "{faq.question}" scored '
                f"{faq.score:.2f} < {FAQ_THRESHOLD:.2f}) — answer by hand"
            )
        elif template == "question":
            notes.append("a question and no FAQ to answer from — answer by hand")
        return template

    def _context(
        self,
        comment: Comment,
        brand: BrandProfile,
        plan: ReplyPlan,
        template: str,
        language: str,
        parent: Turn | None = None,
    ) -> ReplyContext:
        faq = plan.faq if plan.faq is not None and plan.faq.score >= FAQ_THRESHOLD else None
        if template not in ("question", "purchase_intent"):
            faq = None
        # An FAQ answer is written in the brand's default language; don't mix it into another.
        if language != brand.default_language:
            faq = None
        said = sequence_masked(plain_quotes(comment.text))
        ordered = _ORDER_TALK.search(said) is not None
        issue = plan.issue if template in ("complaint", "follow_up", "escalation") else None
        if issue == "no answer" and not_answered_by_others(said):
            issue = None  # the seller or the driver did not answer, not us
        if (
            issue == "delay"
            and language == "en"
            and (
                _WAITED.search(said) is None
                or (brand.industry == "software" and not talks_of_order(said))
            )
        ):
            issue = None  # no "sorry about the wait" where no wait is spoken of
        elif (
            template == "complaint"
            and language == "en"
            and issue in (None, "experience")
            and brand.industry == "travel"
            and _DELAYED.search(said)
        ):
            issue = "delay"
        domain = domain_of(said)
        if domain == "food" and brand.industry == "travel" and meal_on_trip(said):
            domain = "flight"  # a meal on board, not one delivered
        lowered = said.lower()
        if domain is None and brand.industry == "retail" and _PARCEL.search(lowered):
            domain = "delivery"  # a parcel is no visit to a store: no "which store?"
        if domain is None and brand.industry == "travel" and _RIDE_TRIP.search(lowered):
            domain = "ride"  # a fare or a charged trip with no flight, train or stay in it
        service = service_named(said) if brand.industry == "telco" else None
        if brand.industry == "telco":
            # The words follow the service the customer names, not the first word matched; with
            # none named, the reply says "your service" rather than guess one (a YouTube
            # channel is no TV service).
            domain = (
                None if service is None else "mobile" if service.kind == "mobile" else "broadband"
            )
        concern = _reward(said, parent) or concern_of(said, brand.industry)
        if template == "concern" and (party := third_party(said, brand.industry)) is not None:
            concern = Concern("third party", party)
        thing = praised(said) if template in ("praise", "feedback") else None
        given = given_details(comment.text)
        if told_when(said):
            given = f"{given},when" if given else "when"
        if area_named(said, brand.industry):
            given = f"{given},area" if given else "area"
        if bought_online(said):
            given = f"{given},online" if given else "online"
        if visited_store(said):
            given = f"{given},visit" if given else "visit"
        if parent is not None:
            # What the brand's earlier reply shows it knows is not asked again.
            known = {d for d in given_details(parent.text).split(",") if d in ("device", "version")}
            if names_problem(parent.text):
                known.add("symptom")
            given = ",".join(sorted({*filter(None, given.split(",")), *known}))
        owns_one = _OWN_THING.search(said) is not None
        stuck = None if owns_one else _BUYING_STUCK.search(said)
        buying_stuck = stuck is not None
        return ReplyContext(
            addressee=_addressee(comment.author, comment.platform),
            author=comment.author,
            brand=brand.name,
            sign_off=brand.sign_off,
            voice=brand.voice,
            platform=comment.platform,
            language=language,
            product=plan.product,
            issue=issue,
            topic=plan.topic,
            faq_question=faq.question if faq else None,
            faq_answer=faq.answer if faq else None,
            link=brand.shop_url,
            private=PRIVATE_CHANNEL.get(comment.platform),
            contact=brand.support_contact,
            status=brand.status_url,
            industry=brand.industry,
            channel=_channel(comment.text),
            domain=domain,
            given=given,
            ordered=ordered,
            concern=concern.kind if concern else None,
            concern_label=concern.label if concern else None,
            praised=thing.name if thing else None,
            praised_kind=thing.kind if thing else None,
            gist=question_gist(said) if template == "by_hand" else None,
            dm_asked=parent is not None and asks_for_dm(parent.text),
            booked=(
                brand.industry != "travel"
                or speaks_of_booking(said)
                or (parent is not None and speaks_of_booking(parent.text))
            )
            and not buying_stuck,
            service=service.label if service is not None else None,
            rail=brand.industry == "travel" and _RAIL.search(lowered) is not None,
            buying=_BUYING_WORDS.get(stuck.group(1).lower().replace(" ", "")) if stuck else None,
            error=error_code(comment.text),
            detailed=gave_details(said),
            greeting=time_greeting(said),
            for_someone=someone_elses_account(said),
            waited=waited_long(said),
            code_lost=code_missing(said),
            plea=bare_plea(said),
            plan_wish=concern is not None and concern.kind == "upgrade" and not plan_trouble(said),
            account_trouble=(
                _channel(comment.text) is not None
                or (concern is not None and concern.kind in ("access", "outage"))
                or plan.topic == "account"
                or _ACCOUNT_TROUBLE.search(said) is not None
                or buying_stuck
            )
            and not owns_one,
        )

    def _window_notes(self, comment: Comment, template: str, now: datetime) -> list[str]:
        window = REPLY_WINDOWS.get(comment.platform)
        if window is None or template not in GOES_PRIVATE:
            return []
        left = comment.created_at + window.length - now
        if left <= timedelta(0):
            return [f"private-reply window closed {_duration(left)} ago ({window.rule})"]
        if left <= window.warn_before:
            return [f"window closes in {_duration(left)} ({window.rule})"]
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
            if _base(name) in ("complaint", "support") and short_name in self.library.names:
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
            note="; ".join(notes),
        )
