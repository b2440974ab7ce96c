"""The patterns a comment and the brand's earlier post are read by: a request for help, words
of a problem, what a comment asks, tells or shares, and what kind of post it answers."""

from __future__ import annotations

import re

from bot.smo.guardrails import is_real_question
from bot.smo.lexicon import PAID_NOT_GIVEN

__all__ = [
    "ASKED_FOR",
    "ASKS",
    "ASKS_FOR_A_CODE",
    "CHASING_HELLO",
    "CURIOUS",
    "CURIOUS_BUT",
    "GAME",
    "HASHTAG",
    "HOW_TO",
    "MILESTONE",
    "NEGATED",
    "OPINION_ASK",
    "PLACE_ASKED",
    "PLACE_NAMED",
    "PROMPT",
    "RECOMMEND",
    "REPEATED",
    "SERVICE",
    "SHARED",
    "SUGGESTED",
    "SUPPORT_REPLY",
    "THANKS_FOR_HELP",
    "TOLD",
    "TROUBLE",
    "info_question",
]

# A question for information a person can answer in public (how to, whether, when, how much),
# rather than one about the customer's own order or account.
INFO_QUESTION = re.compile(
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
THANKS_FOR_HELP = re.compile(
    r"(?<!\w)(?:thanks?|thank you|thx|ty)(?: (?:so|very) much)? for (?:[\w&;]+ ){0,4}?"
    r"(?:help|assistance|support)",
    re.IGNORECASE,
)
# The brand's own earlier post was a support reply (not a campaign prompt) when it says so.
SUPPORT_REPLY = re.compile(
    r"(?<!\w)(?:dm|dms|direct message|private message|sorry|apolog\w*|help|details|look into"
    r"|account|order|booking|follow|reach out|contact|issue|trouble|problem|assist\w*"
    r"|fix\w*|sorted|resolved|working|outage|update)(?!\w)",
    re.IGNORECASE,
)
# A post that invites replies (a question, a hashtag, "tell us", "share"): a campaign prompt
# when it is no support reply.
PROMPT = re.compile(
    r"\?|#\w|(?<!\w)(?:tell us|share|caption|comment|tag|reply with|drop (?:a|an|your)|guess"
    r"|vote|fill in|finish (?:this|the))(?!\w)",
    re.IGNORECASE,
)
# A loyalty milestone the customer shares ("10 years with you", "member since 2009").
MILESTONE = re.compile(
    r"(?<!\w)(?:\d+\+? ?(?:years?|yrs) (?:with|as an? (?:\w+ )?(?:customer|member)|of being"
    r"|a (?:customer|member)|and counting|loyal)|(?:customer|member) since (?:19|20)\d\d"
    r"|(?:\d+(?:st|nd|th|rd)|one|two|five|ten) ?-?year anniversary|anniversary with"
    r"|\d[\d,]* (?:miles|points|flights|rides|orders|stays|trips)(?: with| on| milestone)"
    r"|(?:hit|reached|reaching|hitting|made) (?:\w+ )?(?:status|tier|level|milestone|million miler"
    r"|\d[\d,]* \w+))"
    r"(?!\w)"
)
HASHTAG = re.compile(r"#\w+")
# A request for a code ("need a promo code", "any discount codes?", "hook me up with a code"),
# with no word that one failed.
ASKS_FOR_A_CODE = re.compile(
    r"(?i)^(?!.*(?:not|n'?t|never) (?:\w+ )?(?:work\w*|valid|accept\w*|appl\w*)|.*(?:invalid"
    r"|expired|error|declined|rejected))"
    r".*(?:(?:need|want|get|got|have|give|send|hook|any|is there)\w*\b[^.?!]{0,40}?"
    r"(?:promo(?:tion(?:al)?)?|discount|coupon|offer|voucher) codes?|hook (?:me|us) up"
    r"|(?:need|want|get) an? hook ?-?up)"
)
# Something the customer passes on to us ("here's the article in case you need it").
SHARED = re.compile(r"(?<!\w)(?:here'?s|in case|fyi|link|article|news)(?!\w)", re.IGNORECASE)
# We asked what the customer thinks of something: the answer is feedback, not a fault.
OPINION_ASK = re.compile(
    r"(?<!\w)(?:(?:find|found) (?:\w+ )?(?:difficult|hard|confusing|annoying|frustrating)"
    r"|what do you (?:think|like|dislike|prefer)|what are your thoughts"
    r"|what would you (?:like|change|improve))(?!\w)",
    re.IGNORECASE,
)
# A complaint about support that says it happened more than once ("already", "3 times").
REPEATED = re.compile(
    r"(?<!\w)(?:already|again|times|keep|kept|explain\w*|repeat\w*|chas\w*|\d+|several|multiple"
    r"|many|countless|numerous|second|third|fourth|fifth|another|same)(?!\w)"
)
# A question how to do something, or a request to change a setting or a listing ("can you
# remove …", "is there a way to …"): a person answers it, with no apology.
HOW_TO = re.compile(
    r"(?<!\w)(?:how (?:do|can|would|should) (?:i|we|you|one)|is (?:there|it) (?:a|any) ?(?:way"
    r"|option|setting)|is it possible|(?:can|could|would) (?:you|u|i|we) (?:please )?(?:remove"
    r"|add|change|delete|turn|switch|hide|disable|enable|stop|set|get rid|opt|block|unlink|link"
    r"|edit|move|transfer|merge|rename|undo|restore|make))(?!\w)",
    re.IGNORECASE,
)
# A feedback cue that offers an idea ("you should add", "it would be great if"): thanked as a
# suggestion, however negative the words around it read.
SUGGESTED = re.compile(
    r"suggest|should|ought to|would (?:be|love)|wish|i'?d (?:love|like)|as a user|idea"
    r"|(?:^|\b)(?:please |pls |plz )?add\b|how about|what about|why not"
    r"|(?:can|could|would|will) (?:you|u) (?:please )?(?:add|remove|make|put|give)"
)
# Our earlier reply asked for details to act on (an address, a number, an email, a store).
ASKED_FOR = re.compile(
    r"(?<!\w)(?:address|phone|number|e-?mail|zip|post ?code|location|branch|store|contact"
    r" (?:info|details)|order|booking|reference|confirmation|details|full name)(?!\w)",
    re.IGNORECASE,
)
# It asked where something happened: the address given is a store's, not the customer's.
PLACE_ASKED = re.compile(
    r"(?<!\w)(?:store|branch|location|restaurant|station|airport|shop)(?!\w)", re.IGNORECASE
)
# A tongue-in-cheek recommendation ("you need to get the Frostbite ones", "try the pecan ones").
RECOMMEND = re.compile(
    r"(?<!\w)(?:(?:you|u|y'?all|you lot|you guys) (?:\w+ )?(?:need to|needa|should|gotta"
    r"|have to|must|ought to) (?:\w+ )?(?:get|try|taste|have|grab|stock|check out|go for|pick)"
    r"|(?:try|get) (?:the|some) \w+(?: \w+)? ones)(?!\w)",
    re.IGNORECASE,
)
# A game, a contest or a taste-off between brands ("round one", "results are in", "derby").
GAME = re.compile(
    r"(?<!\w)(?:games?|contest|competition|round (?:one|two|three|\d)|first round|scores?|scored"
    r"|results are in|votes?|poll|derby|battle|wars|vs\.?|taste[- ]?(?:off|test)|\w+ off is go"
    r"|challenge|leaderboard|winner|trick or treat|quiz|who'?s up next)(?!\w)",
    re.IGNORECASE,
)
NEGATED = re.compile(r"n'?t(?!\w)|(?<!\w)not(?!\w)")
# An outage question that says where ("is the network down in Leeds?"): no "which area?". A
# code for the place (a ZIP code, a postcode) is read by ``place_code_given``.
PLACE_NAMED = re.compile(
    r"(?<!\w)(?:in|near|around) (?:the )?(?:[A-Z][a-z]+|[A-Z]{1,2}\d{1,2}[A-Z]?)(?!\w)"
)


# The service itself named as what is down ("internet out", "network down again").
SERVICE = re.compile(
    r"(?:internet|wi-?fi|service|network|signal|broadband|connection|servers?|streaming|data"
    r"|phones?|lines?|tv|cable|app|site|website|outages?|no (?:service|signal|internet|wi-?fi"
    r"|connection|network|reception|tv|cable))(?!\w)"
)


# A statement told in a sentence of its own ("I just did", "they're the ones charging it").
TOLD = re.compile(
    r"(?<!\w)(?:i|i'?d|i'?m|i'?ve|i'?ll|we|we'?re|we'?ve|they|they'?re|it|it'?s|that|that'?s)"
    r"\s+\w",
    re.IGNORECASE,
)


# A question asked out of curiosity, with no complaint in it ("just curious why …", "not a
# complaint, but …"). "I was wondering if you could …" is a request, not curiosity.
CURIOUS = re.compile(
    r"(?<!\w)(?:(?:just|only) (?:curious|wondering)|(?:i'?m|i am|i was|was) (?:just )?(?:curious"
    r"|wondering)(?! (?:if|whether) \w+ (?:can|could|would|might|may))"
    r"|out of (?:pure |sheer )?curiosity|not (?:a )?(?:complaint|complaining)"
    r"|(?:isn'?t|is not|not) (?:a|really a) problem (?:at|in|on|for|with|when))(?!\w)",
    re.IGNORECASE,
)

# A problem stated beside the curiosity ("just wondering why my flight is 3 hours late", "not a
# complaint, but the wifi never works"): a problem however idly asked about.
CURIOUS_BUT = re.compile(
    r"(?<!\w)(?:\d+ ?(?:hours?|hrs?|mins?|minutes?|days?|weeks?) (?:late|delayed|overdue)"
    r"|delayed|cancell?ed|never (?:works?|worked|came|arrived|turned up)"
    r"|(?:doesn'?t|does not|won'?t|isn'?t|is not|not|stopped) work(?:ing|s)?|broken"
    # Chasing an answer ("just wondering when someone will actually answer me"), or a jibe
    # ("… if anyone there knows how to do their job"): a complaint put as curiosity.
    r"|(?:someone|anyone|anybody|somebody|you|u|y'?all) (?:\w+ ){0,2}?(?:answer|reply|respond"
    r"|get back|call|ring|contact)\w* (?:to )?(?:me|us|my)|actually (?:answer|reply|respond|help"
    r"|bother|do|fix|read)\w*|(?:know|knows) how to do (?:their|his|her|your|the) jobs?"
    # Money taken ("curious how you can charge me twice"), or the customer's own order or
    # parcel sought ("just wondering where my package is"): a case for a person to check.
    r"|charg\w* (?:me|us|my \w+) (?:twice|double|again|two|three|\d)|double[- ]charged"
    r"|overcharg\w*|where(?:'?s| is| are) (?:my|our)|where (?:my|our) \w+ (?:is|are))(?!\w)",
    re.IGNORECASE,
)


# "? hello", "hello?": someone waiting for an answer, not a greeting.
CHASING_HELLO = re.compile(r"(?:\s*[@.]\w+)*\W*(?:\?\W*(?:hello|hi|hey)|(?:hello|hi|hey)\W*\?)")


# A request for help in words, when no intent was read ("can someone", "how do I").
ASKS = re.compile(
    r"(?<!\w)(?:help|please|pls|plz|assist|fix|can someone|can you|could you|how (?:do|can) i"
    # "Can't wait", "can't get enough": eagerness, no request for help.
    r"|need|needed|want|wanted|trying to|tried to|unable|can'?t(?! (?:hardly )?wait(?!\w)"
    r"| get enough)|let me know|tell me"
    r"|would like|(?:speak|talk) (?:to|with)|needs? (?:to be )?fix\w*"
    r"|where(?:'?s| is| are) (?:my|our))(?!\w)",
    re.IGNORECASE,
)
# Words of a problem the readers may leave unread ("charged me twice", "stopped connecting",
# "get it together"): enough to hand the comment to a person rather than drop it. Searched in
# lowercased text, which costs half what a case-blind pattern does.
TROUBLE = re.compile(
    r"(?<!\w)(?:stopped (?:working|connecting|charging|loading|\w+ing)|(?:charged|billed)"
    r" (?:me|my|us|twice|\d+|for)|charg(?:e|es|ing) (?:me|us) (?:twice|double|again)"
    r"|still (?:coming|happening|showing|there|the same|getting)"
    r"|get (?:your|it|ur) (?:act |shit |stuff )?together|c'?mon|come on|complain\w*"
    r"|(?:a |some |few )+questions?|did to (?:my|our)|every (?:single )?time|drain\w*"
    r"|it'?s been (?:\w+ )?(?:days|weeks|months|years)"
    r"|#?thanks ?for ?nothing|in repair|crapped|supposed to|sort (?:it|this) (?:\w+ )?out"
    r"|been like this|i expect(?:ed)?|(?<!no )(?<!any )(?:problems?|issues?)|glitch\w*|bug(?:gy|s)?"
    r"|on and off|inconvenient|(?:having|have|had) to (?:reboot|reset|restart)|throttl\w*"
    r"|keeps? (?:dropping|cutting|crashing|freezing|disconnecting)"
    r"|(?:doesn'?t|won'?t|not) load\w*|used to work|without (?:picking|collecting|telling"
    r"|asking|warning|informing|notice|notifying|letting)|after (?:the |this )?(?:\w+ ){0,2}?"
    r"updat\w*"
    # "The window seat I paid extra for": an extra paid for and not given.
    rf"|{PAID_NOT_GIVEN})"
    r"(?!\w)",
)


def info_question(text: str) -> bool:
    """Whether ``text`` is a real question for information a person can answer in public."""
    return is_real_question(text) and INFO_QUESTION.search(text) is not None
