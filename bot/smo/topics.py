"""What a customer's message to a service brand is about, so a reply asks the right things."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.smo.lexicon import pattern_list
from bot.text.whole_words import gated_words as _words

__all__ = [
    "CONCERNS",
    "FAULTS",
    "Concern",
    "Praised",
    "Service",
    "alerts_missing",
    "concern_of",
    "fault_as_wish",
    "meal_on_trip",
    "mobile_use_named",
    "own_request",
    "own_storage_aside",
    "plan_trouble",
    "pointed",
    "praised",
    "price_complaint",
    "question_gist",
    "refund_refused",
    "sequence_masked",
    "service_named",
    "speaks_of_booking",
    "stranded",
    "suggestion",
    "talks_of_order",
    "told_when",
    "upgrade_gripe",
]

# What a message can be about, beyond a fault: a reply picks its acknowledgement and its
# questions by this and the brand's industry. "outage" and "device" are faults (a checklist
# fits); the rest are not, and get no fault questions.
CONCERNS: tuple[str, ...] = (
    "staff",
    "access",
    "promo",
    "price",
    "catering",
    "onboard",
    "preorder",
    "upgrade",
    "billing",
    "repair",
    "outage",
    "device",
    "order",
)
FAULTS: frozenset[str] = frozenset({"outage", "device"})


@dataclass(frozen=True, slots=True)
class Concern:
    """What a message is about (``kind``, one of ``CONCERNS``) and how a reply names it
    (``label``, a fixed phrase: never the customer's own words)."""

    kind: str
    label: str


# A complaint about a member of staff, or a request to take one higher.
_STAFF_WHO = (
    r"(?:customer (?:service|care|support) )?(?:reps?|representatives?|agents?"
    r"|employees?|staff|workers?|manager|supervisor|cashier|advis[oe]r|associate|sales ?(?:man"
    r"|woman|person|people)|technician|tech guy|the (?:lady|guy|man|woman|girl)"
    r"|(?:delivery )?drivers?|couriers?|delivery (?:man|guy|person))"
)
_STAFF = _words(
    r"(?:someone|somebody|anyone|person) (?:higher|in charge|above (?:them|him|her))",
    r"higher[- ]ups?",
    r"(?:speak|talk) (?:to|with) (?:a |the |your )?(?:manager|supervisor)",
    r"escalat\w+ (?:this|my|a|the) (?:complaint|case|issue)",
    r"(?:file|make|lodge|raise) (?:a|an) (?:formal )?complaint",
    r"(?:report|complain about) (?:a|an|one of (?:your|the)|your|the) " + _STAFF_WHO,
    _STAFF_WHO + r" (?:\w+ ){0,6}?(?:lied|lying|liar|deliberately|rude|unprofessional|attitude"
    r"|messed up|messing up|hung up)",
    # Swearing at or shouting at the customer: how a member of staff behaved.
    _STAFF_WHO + r" (?:\S+ ){0,8}?[\"'\u2018\u201c]?(?:swore|swearing|sworn|cursed|cursing|shouted"
    r"|shouting|yelled|yelling|screamed|screaming|abusive|f[\w*]{2}k (?:you|off))",
    r"(?:her|his|their|the rep'?s|the agent'?s) name (?:is|was)",
    # A named member of staff called a poor example of service ("… has a horrible
    # representation of customer service"): the person, not the account.
    r"(?:horrible|terrible|awful|appalling|poor|bad|disgusting|shocking) (?:\w+ )?"
    r"(?:representation|representative|example|excuse) of (?:customer )?service",
)
# A PIN as a thing one has (never "pin" the verb: "let us pin notes to the top").
_PIN_NOUN = (
    r"(?:my|the|a|your|new|wrong|sim|card|account|security|4[- ]digit|four[- ]digit) pins?"
    r"|pins? (?:number|code|reset|is|was|isn'?t|wasn'?t|doesn'?t|won'?t|not|please)"
    r"|pin$"
)
# Getting into an account: a PIN, a password, a login, a lock-out.
_ACCESS = _words(
    _PIN_NOUN,
    r"pin (?:number|code)s?",
    r"passcodes?",
    r"passwords?",
    r"log ?-?in",
    r"logging in",
    r"sign ?-?in",
    r"signing in",
    r"locked (?:me )?out",
    r"lock(?:ed|s)? (?:my )?account",
    r"account (?:is |was |got |has been )?(?:locked|suspended|disabled|blocked|frozen)",
    r"verif(?:y|ication|ied)",
    r"two[- ]factor",
    r"2fa",
    r"security (?:questions?|code)",
    r"can'?t (?:get )?(?:into|access) (?:my )?(?:account|profile)",
)
# A promo, discount or gift code, a voucher or an offer to redeem.
_PROMO = _words(*pattern_list("topics.yaml", "promo"))
# A public jibe about prices ("rip off", "#ShopCon", two prices side by side).
_PRICE = _words(*pattern_list("topics.yaml", "price"))
_MONEY = re.compile(r"[£$€]\s?\d+(?:[.,]\d+)?|\d+(?:[.,]\d+)?\s?(?:p|pence|dollars|pounds|euros)\b")
# An upgrade, a plan or what the customer is eligible for.
_UPGRADE = _words(*pattern_list("topics.yaml", "upgrade"))
# An upgrade already made, told as when a fault began ("crashing after the upgrade").
_UPGRADE_DONE = _words(*pattern_list("topics.yaml", "upgrade_done"))
# An order, a pre-order, a delivery or its status.
_ORDER = _words(*pattern_list("topics.yaml", "order"))
# "Order" as a sequence: the order of songs or events, a playlist in order, in order to.
_SEQUENCE = _words(*pattern_list("topics.yaml", "sequence"))
# Words of a purchase beside "order": with any of them, an "order" is the customer's order.
_PURCHASE_ORDER = _words(*pattern_list("topics.yaml", "purchase_order"))
_ORDER_WORD = re.compile(r"(?<![\w-])(order)(s?)(?![\w-])", re.IGNORECASE)


def sequence_masked(text: str) -> str:
    """``text`` with "order" spelled "sequence" where it only means a sequence ("the order of
    songs", "plays in order"): no purchase order is read in it. Unchanged otherwise."""
    if "order" not in text.lower():
        return text
    lowered = text.replace("\u2019", "'").lower()
    if _SEQUENCE.search(lowered) is None or _PURCHASE_ORDER.search(lowered) is not None:
        return text
    return _ORDER_WORD.sub(r"sequence\2", text)


# A charge the customer says is wrong (twice, too much, for nothing): their bill, not a
# point about prices, even with two amounts side by side.
_CHARGED_WRONG = _words(*pattern_list("topic_words.yaml", "charged_wrong"))
# A refund, a claim or compensation turned down: its own reply, never a refund asked for.
_REFUND_REFUSED = _words(*pattern_list("topic_words.yaml", "refund_refused"))
_DENIALS = "|".join(pattern_list("topic_words.yaml", "refund_refusal_denied"))
_REFUSAL_DENIED = re.compile(rf"(?<!\w)(?:{_DENIALS}) (?:\w+ )?$")
_REFUSAL_UNDONE = _words(*pattern_list("topic_words.yaml", "refund_refusal_undone"))


def refund_refused(text: str) -> bool:
    """Whether ``text`` says a refund, a claim or compensation of the customer's was turned
    down: not when the refusal is denied ("you've never declined a claim") or came right
    after ("it was rejected at first but your team sorted it")."""
    lowered = text.replace("\u2019", "'").lower()
    for match in _REFUND_REFUSED.finditer(lowered):
        if _REFUSAL_DENIED.search(lowered[max(0, match.start() - 40) : match.start()]):
            continue
        if _REFUSAL_UNDONE.search(lowered[match.end() :]):
            continue
        return True
    return False


_BILLING = _words(*pattern_list("topics.yaml", "billing"))
# A wait for a repair or an engineer, which is no fault to diagnose again.
_REPAIR = _words(*pattern_list("topics.yaml", "repair"))
_OUTAGE = _words(*pattern_list("topics.yaml", "outage"))
_DEVICE = _words(*pattern_list("topics.yaml", "device"))
# Comfort on a flight or a train, for a travel brand; and words that put food on one.
_ONBOARD = _words(*pattern_list("topics.yaml", "onboard"))
_ON_A_TRIP = _words(*pattern_list("topics.yaml", "on_a_trip"))
_FOOD = _words(*pattern_list("topics.yaml", "food"))
# A meal delivered to the door (a ride brand's food service), not one served on board.
_DELIVERED = _words(*pattern_list("topics.yaml", "delivered"))


_PIN = _words(_PIN_NOUN, r"pin (?:number|code)s?", r"passcodes?", r"passwords?")
_LOGIN = _words(*pattern_list("topic_words.yaml", "login"))
_GIFT = _words(*pattern_list("topic_words.yaml", "gift"))
_VOUCHER = _words(*pattern_list("topic_words.yaml", "voucher"))
_PREORDER = _words(*pattern_list("topic_words.yaml", "preorder"))
_AVAILABILITY = _words(*pattern_list("topic_words.yaml", "availability"))
_PLAN = _words(*pattern_list("topic_words.yaml", "plan"))


# A paid tier of a software brand: only with one is an "upgrade" a plan to buy; "I upgraded,
# it didn't work" to a software brand is an update installed.
_PAID_TIER = _words(*pattern_list("topic_words.yaml", "paid_tier"))


# What says a change of plan or an upgrade went wrong, rather than that one is wanted: without
# it, "thinking about upgrading from this rubbish package" is a sales question, not a fault.
_PLAN_FAILED = _words(*pattern_list("topics.yaml", "plan_failed"))


def plan_trouble(text: str) -> bool:
    """Whether ``text`` about an upgrade or a plan says something went wrong with it (it
    failed, was refused, was not honoured), rather than that the customer wants one."""
    return _PLAN_FAILED.search(text.replace("\u2019", "'").lower()) is not None


# A gripe about how upgrades are given: passed on and looked into, never "what's possible".
_UPGRADE_GRIPE = _words(*pattern_list("topics.yaml", "upgrade_gripe"))


def upgrade_gripe(text: str) -> bool:
    """Whether ``text`` complains about how upgrades are given ("only one person got
    upgraded", "I never get an upgrade"), rather than asking for one or saying one failed."""
    return _UPGRADE_GRIPE.search(text.replace("\u2019", "'").lower()) is not None


# An aside about upgrading the customer's own phone or storage: no fault of ours.
_OWN_STORAGE = _words(*pattern_list("topics.yaml", "own_storage"))


def own_storage_aside(text: str) -> str | None:
    """The words in ``text`` musing about upgrading the customer's own phone or storage
    ("should probably upgrade from my 16GB phone"), or None."""
    match = _OWN_STORAGE.search(text.replace("\u2019", "'").lower())
    return match.group(0) if match else None


@functools.lru_cache(maxsize=1024)
def concern_of(text: str, industry: str) -> Concern | None:
    """What ``text`` is about for a brand in ``industry``, or None when nothing says so; the
    first match wins, the least like a fault first."""
    lowered = text.replace("\u2019", "'").lower()
    if _STAFF.search(lowered):
        return Concern("staff", "your experience with our team")
    if _ACCESS.search(lowered):
        if _PIN.search(lowered):
            return Concern("access", "the PIN or password")
        if _LOGIN.search(lowered):
            return Concern("access", "logging in")
        return Concern("access", "getting into your account")
    if _PROMO.search(lowered):
        if _GIFT.search(lowered):
            return Concern("promo", "the gift card")
        if _VOUCHER.search(lowered):
            return Concern("promo", "the voucher")
        return Concern("promo", "the code")
    if price_complaint(text) and not _CHARGED_WRONG.search(lowered):
        return Concern("price", "our prices")
    if industry == "travel" and not _DELIVERED.search(lowered):
        if _FOOD.search(lowered) and _ON_A_TRIP.search(lowered):
            return Concern("catering", "the food on board")
        if _ONBOARD.search(lowered):
            return Concern("onboard", "your time on board")
    # "Will it be pre-order only or on general sale?" asks how it is sold: no pre-order of theirs.
    if _PREORDER.search(lowered) and not _AVAILABILITY.search(lowered):
        return Concern("preorder", "your pre-order")
    if (
        _UPGRADE.search(lowered)
        and (_PLAN.search(lowered) or not _UPGRADE_DONE.search(lowered))
        and not (industry == "software" and _PAID_TIER.search(lowered) is None)
    ):
        return Concern("upgrade", "your plan" if _PLAN.search(lowered) else "your upgrade")
    if refund_refused(lowered):
        return Concern("refused", "your refund claim")
    if _BILLING.search(lowered):
        refund = "refund" in lowered or "money back" in lowered
        return Concern("billing", "your refund request" if refund else "your bill")
    if _REPAIR.search(lowered):
        return Concern("repair", "the wait for the repair")
    if _OUTAGE.search(lowered):
        return Concern("outage", "your service")
    if _DEVICE.search(lowered):
        return Concern("device", "your device")
    if _ORDER.search(lowered):
        return Concern("order", "your order")
    return None


def talks_of_order(text: str) -> bool:
    """Whether ``text`` speaks of an order, a pre-order or a delivery."""
    return _ORDER.search(text.replace("\u2019", "'").lower()) is not None


def meal_on_trip(text: str) -> bool:
    """Whether ``text`` speaks of food on a flight or a train (not a meal delivered)."""
    lowered = text.replace("\u2019", "'").lower()
    return (
        _FOOD.search(lowered) is not None
        and _ON_A_TRIP.search(lowered) is not None
        and _DELIVERED.search(lowered) is None
    )


@functools.lru_cache(maxsize=1024)
def price_complaint(text: str) -> bool:
    """Whether ``text`` makes a point about prices: a jibe ("rip off", "#ShopCon") or two
    prices side by side with a word of comparison."""
    lowered = text.replace("\u2019", "'").lower()
    if _PRICE.search(lowered):
        return True
    return (
        len(_MONEY.findall(lowered)) >= 2
        and re.search(
            r"(?<!\w)(?:reduced|cheaper|dearer|more|less|same|but|while|whereas|yet|price[sd]?)(?!\w)",
            lowered,
        )
        is not None
    )


# What praise names, from a fixed list (never the customer's own words, which stay inert):
# the kind of thing, and how a reply names it.
_PRAISED: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "staff",
        "the crew",
        _words(*pattern_list("topic_words.yaml", "praised_the_crew")),
    ),
    (
        "staff",
        "the team",
        _words(*pattern_list("topic_words.yaml", "praised_the_team")),
    ),
    ("place", "the lounge", _words(*pattern_list("topic_words.yaml", "praised_the_lounge"))),
    ("place", "the club", _words(*pattern_list("topic_words.yaml", "praised_the_club"))),
    ("place", "the store", _words(*pattern_list("topic_words.yaml", "praised_the_store"))),
    ("place", "the hotel", _words(*pattern_list("topic_words.yaml", "praised_the_hotel"))),
    ("food", "the snacks", _words(*pattern_list("topic_words.yaml", "praised_the_snacks"))),
    ("food", "the food", _words(*pattern_list("topic_words.yaml", "praised_the_food"))),
    ("feature", "the app", _words(*pattern_list("topic_words.yaml", "praised_the_app"))),
    ("feature", "the update", _words(*pattern_list("topic_words.yaml", "praised_the_update"))),
    (
        "feature",
        "the new feature",
        _words(*pattern_list("topic_words.yaml", "praised_the_new_feature")),
    ),
    ("trip", "the flight", _words(*pattern_list("topic_words.yaml", "praised_the_flight"))),
    ("trip", "the ride", _words(*pattern_list("topic_words.yaml", "praised_the_ride"))),
)
# A bad situation the praised help made better ("tracked down our bag", "saved the day").
_RESCUE = _words(*pattern_list("topics.yaml", "rescue"))
# A joke or a wink, which a friendly reply answers in kind.
_JOKE = re.compile(
    r"(?<!\w)(?:haha\w*|lol|lmao|funny|hilarious|joke|maybe next year|next time)(?!\w)"
    "|[\U0001f602\U0001f923\U0001f609\U0001f61c\U0001f61d]"
)


@dataclass(frozen=True, slots=True)
class Praised:
    """What praise names: ``kind`` ("staff", "place", "food", "feature", "trip", "rescue",
    "joke" or None) and ``name``, a fixed phrase a reply may print ("the team")."""

    kind: str | None
    name: str | None


@functools.lru_cache(maxsize=1024)
def praised(text: str) -> Praised:
    """What ``text`` praises, read from a fixed list of things; the customer's words are never
    copied into the reply."""
    lowered = text.replace("\u2019", "'").lower()
    if _JOKE.search(lowered):
        return Praised("joke", None)
    for kind, name, pattern in _PRAISED:
        if pattern.search(lowered):
            if kind == "staff" and _RESCUE.search(lowered):
                return Praised("rescue", name)
            return Praised(kind, name)
    return Praised(None, None)


_LINK_OR_HANDLE = re.compile(r"https?://\S+|www\.\S+|[@#]\w+|&\w+;", re.IGNORECASE)
_HOW_TO = re.compile(
    r"(?<!\w)how (?:do|can|could|would|should|does) (?:i|we|you|u|one|someone|a person)"
    r" (?P<rest>[^?.!\n]{3,})",
)
_PERSON = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "we": "you",
    "us": "you",
    "our": "your",
    "i'm": "you're",
    "myself": "yourself",
    # The customer's "you" is the brand: "how can I contact you" asks how to contact us.
    "you": "us",
    "u": "us",
    "your": "our",
    "ur": "our",
    "yours": "ours",
}
# Words a draft never prints, even inside a slot for a person to fill.
_RUDE = re.compile(
    r"(?<!\w)(?:fuck\w*|shit\w*|crap\w*|damn\w*|hell|ass\w*|bitch\w*|bs|wtf|piss\w*|bloody"
    r"|sucks?|idiot\w*|stupid|dumb)(?!\w)"
)


@functools.lru_cache(maxsize=1024)
def question_gist(text: str) -> str | None:
    """What a "how do I …" question asks, as "how to …" in the reader's person ("how to add
    your card"), for the slot a person fills with the answer; None for any other question, or
    when the words hold a link, a handle or a rude word."""
    cased = _LINK_OR_HANDLE.sub(" ", text.replace("\u2019", "'"))
    plain = cased.lower()
    match = _HOW_TO.search(plain)
    if match is None:
        return None
    words = match.group("rest").split()
    if not words or _RUDE.search(" ".join(words)):
        return None
    # The customer's own casing is kept ("Dropbox"), where lowercasing kept every offset.
    if len(cased) == len(plain):
        words = cased[match.start("rest") : match.end("rest")].split()
    swapped = " ".join(_PERSON.get(word.lower(), word) for word in words).strip(" ,;:-")
    # A long question is paraphrased by the person, not quoted half-way.
    return f"how to {swapped}" if swapped and len(swapped) <= 60 else None


# --- How the customer says it, what they name, and what they already told -------------------

# A sharp question or remark: a "why" or "how come" that opens a question, a jibe ("you call
# this…?", "really???"), a repeat ("the 3rd notice"), a long wait told ("it's been a week").
# No thanks and no cheer answer it, whatever the readers made of its words.
_POINTED = re.compile(
    r"(?:^|[.!?,;:]\s*|\b(?:so|but|and|ok|okay|hey|hi|well|then)\s+)(?:why|how come)(?!\w)"
    r"|(?<!\w)(?:how (?:the \w+ )?(?:does|do|is|are|can) (?:\w+ ){1,6}?make (?:any )?sense"
    r"|(?:you|u|y'?all) (?:guys )?call (?:this|that|these)|what'?s the point|really\s*\?"
    r"|seriously\s*[?!]|is this how (?:you|u) treat|how about (?:getting|you|actually)"
    r"|how (?:much|does) (?:does )?that help|(?:just )?to piss (?:me|us) off|stupid|useless"
    r"|(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth) (?:time|notice|email|call|message|attempt)"
    r"|it'?s been (?:about |almost |over |nearly )?(?:a|an|one|two|three|four|five|six|several"
    r"|\d+) (?:days?|weeks?|months?|years?)|(?:worse|worst) (?:experience|service)"
    r"|0 customer service|no customer service|any ?(?:one|body) (?:there|home|out there|awake)"
    r"|no+o{2,}|ugh+|smh|wtf)(?!\w)"
)
_LEADING_MENTIONS = re.compile(r"^(?:\s*[.]?[@#]\w+[\s,:]*)+")


@functools.lru_cache(maxsize=1024)
def pointed(text: str) -> str | None:
    """The words that make ``text`` a sharp question or remark (see ``_POINTED``), or None."""
    lowered = _LEADING_MENTIONS.sub("", text.replace("\u2019", "'").lower()).strip()
    match = _POINTED.search(lowered)
    return match.group(0).strip(" .,;:") or match.group(0) if match else None


# A traveller stuck mid-journey: on a train or plane that is not moving, at a station or an
# airport with no way on, a last connection missed. They need help now, not a form to fill.
_STRANDED = re.compile(
    # Others stranded ("helping passengers stranded by the ban") is a question, not a plea.
    r"(?<![\w-])(?<!passengers )(?<!people )(?<!customers )(?<!travellers )(?<!travelers )"
    r"(?<!those )(?<!others )(?:stranded|trapped|stuck (?:on|at|outside|between)"
    # Held on board: in their seats, on the plane or the tarmac, on the ground with no gate.
    r"|stuck (?:\w+ ){0,2}?in (?:our |my |their |the )?seats|(?:stuck|sat|sitting|waiting|held)"
    r" (?:\w+ ){0,2}?on the ground|on the (?:tarmac|runway) (?:for )?(?:\d+|an?|two|three|four)"
    r" (?:\w+ )?(?:hours?|hrs?|minutes|mins)"
    r"|(?:there'?s |with |have |has )?no gate (?:for|to|avail\w*)"
    # Kept on board: not let off, or not let use the toilet.
    r"|(?:won'?t|will not|wont|don'?t|do not|not) let (?:us|me|anyone|people|passengers)"
    r" (?:get off|off|deplane|disembark|out|leave|use the (?:lav\w*|toilets?|bathrooms?"
    r"|restrooms?|loo))|(?:can'?t|cannot|unable to) (?:get off|deplane|disembark)"
    r"|let (?:us|me) (?:use the (?:lav\w*|toilets?|bathrooms?|restrooms?|loo)|off(?! the hook))"
    r"|no gate(?= (?:\w+ ){0,3}(?:hours?|minutes|mins))"
    r"|(?:sat|sitting|stood|standing|waiting|held|stopped|stationary) (?:\w+ ){0,2}?"
    r"(?:on (?:the|a|this|our) (?:train"
    r"|plane|platform|tarmac|runway|bus)|outside \w+"
    r"|at (?:a |the )?(?:signal|station|gate|platform))"
    r"|(?:at a )?standstill|not moving|haven'?t moved|hasn'?t moved"
    r"|no (?:trains?|way) (?:home|back)"
    r"|(?:last|final) (?:train|bus|flight) (?:\w+ )?(?:cancell?ed|gone|left)"
    r"|how (?:do|can|will) (?:i|we) get (?:home|back|there)|no (?:water|air ?con\w*|heating|power)"
    r" on (?:the|this|our) (?:train|plane)|(?:on (?:the|this|our) (?:train|plane)|on board)"
    r" (?:\w+ ){0,2}?(?:with )?no (?:water|air ?con\w*|heating|power|food)"
    # Their welfare, in a follow-up as much as a first tweet: hours of waiting, out in the
    # cold, alone at night, unsafe.
    r"|it'?s (?:absolutely |so |bloody |literally |really )?(?:freezing|so cold|bitterly cold)"
    r"(?! up)|(?:out |outside )?in the (?:freezing )?cold"
    r"|(?:expect (?:\w+ ){0,2}?to|has to|have to|having to|got to|gotta|will have to|left to)"
    r" wait (?:\w+ ){0,2}?(?:\d+|two|three|four|five|six|seven|eight|several) (?:more )?hours"
    r"|next (?:train|bus|service|flight) (?:home |back )?(?:is|isn'?t|is not) (?:not )?"
    r"(?:until|till|at) (?:tomorrow|\d{1,2}(?:[.:]\d\d)? ?am)"
    r"|(?:alone|on (?:her|his|my|their) own) (?:at|on) (?:the |a )?(?:station|platform|airport"
    r"|bus stop)|(?:doesn'?t|don'?t|does not|do not|not) feel safe|unsafe)(?![\w-])"
)


@functools.lru_cache(maxsize=1024)
def stranded(text: str) -> str | None:
    """The words that say a traveller is stranded mid-journey, or None."""
    match = _STRANDED.search(text.replace("\u2019", "'").lower())
    return match.group(0) if match else None


# Words of a booking or a journey already planned: only then does a travel reply speak of
# "your booking" or ask for a booking reference.
_BOOKING = _words(*pattern_list("topics.yaml", "booking"))


def speaks_of_booking(text: str) -> bool:
    """Whether ``text`` speaks of a booking, a ticket or a journey (for a travel brand)."""
    return _BOOKING.search(text.replace("\u2019", "'").lower()) is not None


@dataclass(frozen=True, slots=True)
class Service:
    """The service a telco customer names: ``kind`` ("alerts", "home phone", "mobile",
    "internet", "tv") and how a reply names it (``label``), so a reply says what the customer
    said."""

    kind: str
    label: str


_HOME_PHONE = _words(*pattern_list("topic_words.yaml", "home_phone"))
# Alerts and notifications the brand sends (usage, bill or text alerts): they neither arrive
# on a line nor go through a router, so no line checklist fits them. A kind of alert named
# is the matter; a bare "alert" or "notification" is only where no other service is named
# ("a notification about an outage, the internet is down" is an internet fault).
_ALERT_KIND = _words(*pattern_list("topic_words.yaml", "alert_kind"))
_ALERTS = _words(*pattern_list("topic_words.yaml", "alerts"))
_MOBILE = _words(*pattern_list("topics.yaml", "mobile"))
_INTERNET = _words(*pattern_list("topics.yaml", "internet"))
# A channel or guide of one's own ("my YouTube channel", "a user guide") is no TV service.
_TV = _words(*pattern_list("topics.yaml", "tv"))
_PHONE = _words(*pattern_list("topic_words.yaml", "phone"))


@functools.lru_cache(maxsize=1024)
def service_named(text: str) -> Service | None:
    """The service a telco customer names, the most specific first: alerts we send over any
    line ("my usage text alerts stopped"), a home phone over a mobile ("phone line", "VoIP"),
    a mobile's own words over the internet ("data", "signal"), the internet over TV; a bare
    "phone" or "calls" is a mobile."""
    lowered = text.replace("\u2019", "'").lower()
    if _ALERT_KIND.search(lowered):
        return Service("alerts", "your alerts")
    other = _line_service(lowered)
    # A bare "phone" names no service beside the alerts ("no alerts on my phone").
    bare_phone = other is not None and other.kind == "mobile" and not _MOBILE.search(lowered)
    if (other is None or bare_phone) and _ALERTS.search(lowered):
        return Service("alerts", "your alerts")
    return other


def _line_service(lowered: str) -> Service | None:
    """The line service lowercased ``text`` names (see ``service_named``), alerts aside."""
    if _HOME_PHONE.search(lowered):
        return Service("home phone", "your home phone line")
    internet = _INTERNET.search(lowered) is not None
    if _MOBILE.search(lowered) and not (internet and "wifi calling" not in lowered):
        return Service("mobile", "your mobile service")
    tv = _TV.search(lowered) is not None
    if internet and tv:
        return Service("internet", "your internet and TV service")
    if internet:
        return Service("internet", "your internet service")
    if tv:
        return Service("tv", "your TV service")
    if _PHONE.search(lowered):
        return Service("mobile", "your mobile service")
    return None


# Which use of a mobile line is at fault, named ("can't make calls", "no data"): a reply
# does not ask "calls, texts or data?" again. A bare "phone" names none.
_MOBILE_USE = _words(*pattern_list("topic_words.yaml", "mobile_use"))


# Alerts that stopped coming, as against ones that come and should not.
_NOT_ARRIVING = _words(*pattern_list("topic_words.yaml", "not_arriving"))


def alerts_missing(text: str) -> bool:
    """Whether ``text`` says alerts stopped coming or never came (not that unwanted ones do)."""
    return _NOT_ARRIVING.search(text.replace("\u2019", "'").lower()) is not None


def mobile_use_named(text: str) -> bool:
    """Whether ``text`` says which use of a mobile line it is about (calls, texts, data)."""
    return _MOBILE_USE.search(text.replace("\u2019", "'").lower()) is not None


# When the trouble started or how long it has lasted, told already ("since Monday", "for two
# days", "this morning"): a reply does not ask "since when?".
_WHEN = _words(*pattern_list("topics.yaml", "when"))


def told_when(text: str) -> bool:
    """Whether ``text`` already says since when, or how long, the trouble has lasted."""
    return _WHEN.search(text.replace("\u2019", "'").lower()) is not None


# Feedback and suggestions in words the situation cues do not read: an idea, a wish, a
# "why not add…", a request for a feature.
_SUGGESTION = _words(*pattern_list("topics.yaml", "suggestion"))


# A request about the customer's own account or order ("please add my points back"): a
# problem to sort, however much its words sound like an idea.
_OWN_REQUEST = _words(*pattern_list("topics.yaml", "own_request"))
# A fault in German or Spanish words beside an idea's: a fault put as a wish.
_IDEA_FAULT = _words(*pattern_list("topics.yaml", "idea_fault"))


def fault_as_wish(text: str) -> bool:
    """Whether ``text`` wraps a fault in an idea's words ("would be great if the widget worked
    again", "wäre schön, wenn es wieder funktioniert"): a fault to help with, never an idea."""
    return _IDEA_FAULT.search(text.replace("\u2019", "'").lower()) is not None


def own_request(text: str) -> bool:
    """Whether ``text`` asks for something of the customer's own to be put right ("add my
    points back", "give me my money back"), which is no idea for the team."""
    return _OWN_REQUEST.search(text.replace("\u2019", "'").lower()) is not None


@functools.lru_cache(maxsize=1024)
def suggestion(text: str) -> str | None:
    """The words that make ``text`` a suggestion or a feature wish, or None (also None for a
    request about the customer's own account or order, or a fault put as a wish)."""
    lowered = text.replace("\u2019", "'").lower()
    match = _SUGGESTION.search(lowered)
    if match is None or _OWN_REQUEST.search(lowered) or _IDEA_FAULT.search(lowered):
        return None
    return match.group(0)
