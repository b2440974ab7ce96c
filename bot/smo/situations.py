"""What a comment asks beyond a fault (a closure, feedback), what it is about and already gave."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.smo.lexicon import pattern_groups, pattern_list, word_list
from bot.smo.thread import tried_steps
from bot.smo.topics import fault_as_wish, own_request
from bot.text.whole_words import gated_words as _words

__all__ = [
    "Closure",
    "PassOn",
    "Policy",
    "area_named",
    "bought_online",
    "details_sent",
    "developer_matter",
    "domain_of",
    "error_code",
    "find_closure",
    "find_feedback",
    "find_pass_on",
    "find_policy",
    "find_slip",
    "food_brought",
    "gave_details",
    "given_details",
    "greeting",
    "not_answered_by_others",
    "place_code_given",
    "posts_private",
    "reference_known",
    "region_of",
    "reward_trouble",
    "someone_elses_account",
    "taken_away",
    "third_party",
    "time_greeting",
    "visited_store",
    "waited_long",
]


@dataclass(frozen=True, slots=True)
class Policy:
    """A customer arguing a rule or a fee: ``name``, a fixed phrase a reply may print ("the
    baggage rules"), and the words that argue it."""

    name: str
    cue: str


@dataclass(frozen=True, slots=True)
class PassOn:
    """A message for someone at the brand (the crew, a driver, a store's staff): ``thanks`` when
    it thanks them, and the words that asked for it to be passed on."""

    thanks: bool
    cue: str


@dataclass(frozen=True, slots=True)
class Closure:
    """A request to end something: ``what`` is "account", "subscription" or "mailings"."""

    what: str
    cue: str


_STOP_MAIL = _words(*pattern_list("situation_words.yaml", "stop_mail"))
_CLOSE = _words(*pattern_list("situation_words.yaml", "close"))
# The request names something the customer is leaving over, but a request it is all the same:
# "cancel my reservation" is a booking change, not a closure.
_NOT_CLOSURE = _words(*pattern_list("situation_words.yaml", "not_closure"))
# An account, card or phone number posted in public: 6+ digits, perhaps spaced or dashed.
_PRIVATE_NUMBER = re.compile(r"(?<![\w@#/.])\d(?:[ -]?\d){5,}(?![\w/])")
_PRIVATE_WORDS = _words(*pattern_list("situation_words.yaml", "private_words"))


@functools.lru_cache(maxsize=1024)
def find_closure(text: str) -> Closure | None:
    """A request in ``text`` to close an account, cancel a subscription or stop mailings."""
    lowered = text.replace("\u2019", "'").lower()
    mail = _STOP_MAIL.search(lowered)
    if mail is not None:
        return Closure("mailings", mail.group(0))
    close = _CLOSE.search(lowered)
    if close is None or _NOT_CLOSURE.search(close.group(0)):
        return None
    what = close.group("what") or close.group("what2")
    if what is None:  # a German or Spanish question how to cancel: the account if it says so
        what = "account" if re.search(r"konto|cuenta|perfil", close.group(0)) else "subscription"
    return Closure("account" if what in ("account", "profile") else "subscription", close.group(0))


def posts_private(text: str) -> bool:
    """Whether ``text`` shows an account, card or phone number for everyone to see."""
    return _PRIVATE_NUMBER.search(text) is not None or (
        _PRIVATE_WORDS.search(text.lower()) is not None and re.search(r"\d{4,}", text) is not None
    )


# Feedback, suggestions and opinions about how the product is, not a fault to diagnose.
_FEEDBACK = _words(*pattern_list("situations.yaml", "feedback"))
# Words of a fault that stop feedback being only feedback (it also needs help).
_FAULT = _words(*pattern_list("situation_words.yaml", "fault"))


# Feedback about something taken away (a show, a product, a feature): the customer misses it.
_TAKEN_AWAY = re.compile(r"^(?:why(?! not)|how come)|what happened|discontinu|no longer|bring")


def taken_away(cue: str) -> bool:
    """Whether the feedback cue ``cue`` (from ``find_feedback``) misses something taken away."""
    return _TAKEN_AWAY.search(cue) is not None


@functools.lru_cache(maxsize=1024)
def find_feedback(text: str) -> str | None:
    """The cue that makes ``text`` feedback, a suggestion or an opinion, or None (also None
    when it reports a fault that needs help as well)."""
    lowered = text.replace("\u2019", "'").lower()
    match = _FEEDBACK.search(lowered)
    if match is None or _FAULT.search(lowered) or own_request(lowered) or fault_as_wish(lowered):
        return None
    return match.group(0)


# A heads-up about a slip on the brand's own pages (a broken link, a typo), not a fault of the
# customer's to diagnose: thanked and passed on.
_SLIP = _words(*pattern_list("situation_words.yaml", "slip"))
# A slip that stops the customer ("can't check out"): a fault after all.
_BLOCKED = _words(*pattern_list("situation_words.yaml", "blocked"))


@functools.lru_cache(maxsize=1024)
def find_slip(text: str) -> str | None:
    """The words of a heads-up about a broken link or a typo on the brand's pages, or None
    (also None when it stops the customer doing something)."""
    lowered = text.replace("\u2019", "'").lower()
    match = _SLIP.search(lowered)
    if match is None or _BLOCKED.search(lowered):
        return None
    return match.group(0)


# The customer's thing, by what the comment talks about (before the brand's industry default).
_DOMAINS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (domain, _words(*patterns)) for domain, patterns in pattern_groups("situations.yaml", "domains")
)


# A developer's matter with a cloud or software product: deploying, configuring, an API, a
# resource. A reply asks which service or resource, the error and what was tried, never which
# device. Searched in lowercased text.
_DEVELOPER = _words(*pattern_list("situation_words.yaml", "developer"))


def developer_matter(text: str) -> bool:
    """Whether ``text`` is a developer's matter (deploying, configuring, an API, a resource)."""
    return _DEVELOPER.search(text.replace("\u2019", "'").lower()) is not None


@functools.lru_cache(maxsize=1024)
def domain_of(text: str) -> str | None:
    """What the comment is about: "delivery", "food", "flight", "ride", "broadband",
    "mobile" or None."""
    lowered = text.replace("\u2019", "'").lower()
    for name, pattern in _DOMAINS:
        if pattern.search(lowered):
            return name
    return None


_DEVICE = _words(*pattern_list("situation_words.yaml", "device"))
_VERSION = re.compile(
    r"(?<!\w)(?:(?:ios|macos|android|version|v|build|osx|os x|watch ?os)\s?\d+(?:\.\d+)*"
    r"|(?:fully |completely )?up to date|(?:the )?(?:latest|newest|most recent) (?:\w+ )?"
    r"(?:version|update|software|ios|os)|updated (?:it )?to"
    # "Updated my 7 plus to 11.1", "#ios1103", "on 11.0.3": a version number said plainly.
    r"|updated (?:\w+ ){1,3}?to \d|#?ios ?\d{2,4}|(?:on|to|running|with) \d{1,2}\.\d+(?:\.\d+)*)",
    re.I,
)
_SYMPTOM = _words(*pattern_list("situation_words.yaml", "symptom"))
# An amount of money the customer names ("$40", "£12.50", "300 rupees"): not asked again.
_AMOUNT = re.compile(
    r"[£$€₹]\s?\d|(?<![\w.,])\d[\d,.]*\s?(?:dollars|bucks|pounds|quid|euros?|rs|inr|rupees)(?!\w)",
    re.I,
)
# A flight or route named ("BA0257", "DL 1262", "LHR-DEL", "from Leeds to York"): not asked.
# Searched as written: a flight number is in capitals.
_TRIP_GIVEN = re.compile(
    # A sum in a currency's letters ("RM676.90") is no flight number.
    r"(?<!\w)(?:[A-Z][A-Z0-9]\s?\d{2,4}(?![.,]\d)|[A-Z]{3}\s?[-–/>]\s?[A-Z]{3}|(?i:[a-z]{3})-(?i:[a-z]{3})(?=\s"
    r"\d)|" + "|".join(pattern_list("situation_words.yaml", "journey_named")) + r")(?!\w)"
)
_ORDER_GIVEN = re.compile(
    r"(?<!\w)(?:(?:order|booking|confirmation|ref(?:erence)?|pnr)\s*(?:(?:#|no\.?|number|:)\s*:?\s*"
    r"|(?=[A-Z]*\d))[A-Z0-9]{5,}|flight\s*(?:#|no\.?|number)?\s*[A-Z]{0,3}\d{2,5}"
    # "My case number 494610", "booking ref is X4Y5Z6", "reservation code: 7781234": a
    # reference with a digit in it, however it is introduced.
    r"|(?<!in )(?:order|booking|confirmation|ref(?:erence)?|pnr|case|ticket|reservation)"
    # Its code in capitals or digits: "order is 30minutes late" gives none.
    r"(?:\s*(?:#|no\.?|number|code|id|ref(?:erence)?|is|:))*\s*(?-i:(?=[A-Z]*\d)[A-Z0-9]{5,}))"
    r"(?!\w)",
    re.IGNORECASE,
)
# The brand's earlier reply speaks of the customer's booking or order as one it has looked at
# ("no payment was made on your booking number", "we've checked your order"): the reference
# is known and not asked again. A reply that asks for it ("DM us your booking number") knows
# none.
# Sympathy's own words ("sorry for the delay on your order") know nothing: a bare "on your
# order" counts only with its number named ("on your booking number").
_REFERENCE_KNOWN = re.compile(
    r"(?<!\w)(?:(?:on|in|for|under|against|of|from) your (?:booking|order|reservation|case"
    r"|ticket|pnr) (?:number|no\.?|reference|ref|code|id)|(?:checked|looked (?:at|into)|found"
    r"|located|reviewed|(?:can )?see|updated|amended|cancell?ed|refunded|reissued) (?:your|the)"
    r" (?:booking|order|reservation|case|ticket|pnr)(?: (?:number|no\.?|reference|ref|code|id))?)"
    r"(?!\w)",
    re.IGNORECASE,
)
# An ask for the reference, however it is named ("DM us your reference", "send the
# confirmation number via DM", "DM the details").
_REFERENCE_ASKED = re.compile(
    r"(?<!\w)(?:dm|send|share|provide|confirm|give|tell|include|pass|what(?:'s| is)|need|with"
    r"|let us know|us)(?: us| me)?(?: \w+){0,2}? (?:your|the) (?:booking|order|reservation|case"
    r"|ticket|pnr|reference|ref|confirmation|details)(?!\w)",
    re.IGNORECASE,
)


def reference_known(text: str) -> bool:
    """Whether the brand's reply ``text`` shows it has the customer's booking or order
    reference (it quotes one, or speaks of having looked at it), so it is not asked again."""
    text = text.replace("\u2019", "'")
    return _ORDER_GIVEN.search(text) is not None or (
        _REFERENCE_KNOWN.search(text) is not None and _REFERENCE_ASKED.search(text) is None
    )


# A store the customer names ("Burnsville store", "the store in Leeds", "our Kendal branch"),
# searched case-sensitively: the place name is capitalised. An app store is no shop.
_STORE_GIVEN = re.compile(
    r"(?<!\w)(?!(?:App|Play|Microsoft|Windows|Google|Apple|Online|Web) )[A-Z][\w'.-]+"
    r"(?: [A-Z][\w'.-]+)? (?:[Ss]tore|[Bb]ranch|[Ss]uperstore)(?!\w)"
    r"|(?<!\w)(?<!any )(?<!every )(?<!no )(?:store|branch|shop) (?:in|at|on) (?:the )?"
    r"(?!US\b|UK\b|USA\b)[A-Z][\w'.-]+"
)


# A fix the customer tried themselves that did not help ("rebooting didn't help", "I already
# tried restarting"): the reply skips that step, and it is no complaint about support.
_FIX_FAILED = _words(*pattern_list("situation_words.yaml", "fix_failed"))
# An error code the customer quotes ("error message says 03059", "error E-104"): the reply
# names it, so they know it was read. Only letters, digits and a dash are kept.
_ERROR_CODE = re.compile(
    r"(?<!\w)(?:error|err)(?: message| code| no\.?| number)?(?: (?:says|said|reads|shows|is|of))?"
    r"[\s:#]*(?P<code>[A-Z]{0,4}-?\d{2,6}[A-Z]?)(?![\w-])",
    re.IGNORECASE,
)


def error_code(text: str) -> str | None:
    """The error code ``text`` quotes, or None."""
    match = _ERROR_CODE.search(text)
    return match.group("code").upper() if match else None


# The customer bought it online: no store to name, no visit to date.
_ONLINE = re.compile(
    r"(?<!\w)(?:online|on-line|(?:on|from) (?:your|the) (?:website|web ?site)"
    # A checkout that fails with an error, or a cart or basket, is the website's, not a till's.
    r"|check-?out (?:process|page|screen|button)|(?:errors?|error messages?|fails?|failing"
    r"|stuck|crash\w*) (?:\w+ )?(?:at|in|on|during|when i get to) (?:the )?check-?out"
    r"|(?:my |the |your )?(?:shopping )?(?:cart|basket) (?:page|keeps|won'?t|is|empties)"
    r"|add(?:ed|ing)? (?:it |them |this |items? )?to (?:my |the )?(?:cart|basket))(?!\w)"
)


# What goes wrong shown in a picture linked beside the words.
_LINKED = re.compile(r"https?://", re.IGNORECASE)
_SHOWN = _words(*pattern_list("situation_words.yaml", "shown"))


@functools.lru_cache(maxsize=1024)
def given_details(text: str) -> str:
    """What ``text`` already tells: "device", "version", "symptom", "reference", "tried"
    (steps already taken), "store" (the store it names), "fix" (a fix tried that did not help),
    "amount" (a sum of money), "trip" (a flight number or a route),
    as a comma-joined string (empty when none), so a reply asks only for what is missing."""
    # U+FE0F after a letter ("I️", an old keyboard bug) hides the word from the patterns.
    lowered = text.replace("\u2019", "'").replace("\ufe0f", "").lower()
    given = []
    if _DEVICE.search(lowered):
        given.append("device")
    if _VERSION.search(text):
        given.append("version")
    if _SYMPTOM.search(lowered) or (_LINKED.search(text) and _SHOWN.search(lowered)):
        given.append("symptom")
    if _ORDER_GIVEN.search(text):
        given.append("reference")
    if tried_steps(text):
        given.append("tried")
    if _STORE_GIVEN.search(text):
        given.append("store")
    if _FIX_FAILED.search(lowered):
        given.append("fix")
    if _AMOUNT.search(text):
        given.append("amount")
    if _TRIP_GIVEN.search(text):
        given.append("trip")
    return ",".join(given)


# The customer was in a store: a visit to name and date.
_VISIT = re.compile(
    r"(?<!\w)(?:came (?:in|into|to (?:buy|get|pick|the)|specifically)|went (?:in|into|to (?:buy"
    r"|get|the))|visited|popped (?:in|into)|in-?store"
    r"|(?:in|at|to|into|outside|with|from) (?:the|your|a|my|our|this|that) (?:local )?"
    r"(?:store|shop|branch|superstore|supermarket)|cashiers?|check-?outs?|tills?"
    r"|aisles?|shel(?:f|ves)|car ?park|staff|assistants?|(?:store |shop )?managers?|queu\w*"
    r"|self[- ]service)(?!\w)"
)


def visited_store(text: str) -> bool:
    """Whether ``text`` tells of a visit to a store, so asking which store and when fits."""
    return _VISIT.search(text.replace("\u2019", "'").lower()) is not None


def bought_online(text: str) -> bool:
    """Whether ``text`` says the order was made online, so there is no store to ask about."""
    return _ONLINE.search(text.replace("\u2019", "'").lower()) is not None


# People at the brand a customer sends a message to.
_PEOPLE = (
    r"(?:\w+ ){0,3}?(?:crew|cabin crew|staff|driver|team|pilots?|captain|waiter|waitress|server"
    r"|agent|guard|conductor|manager|colleagues?|chef|cashier|rep|lady|guy|gentleman|man|woman"
    r"|girl|boy|people|folks|everyone|employees?|attendants?|host|barista|[a-z]+)s?"
)
# "Please pass my thanks to the crew", "tell the driver he was great", "say thank you to Jo".
_PASS_ON = _words(
    r"(?:pass(?:ing)?|send|give|relay|forward|share|extend|convey)(?: (?:on|along))? (?:(?:my|our"
    r"|a|this|the|these|big|huge|massive|sincere|heartfelt|special|warm|thanks|and) )*?(?P<what>"
    r"thanks|thank ?yous?|gratitude|appreciation|compliments|kudos|regards|love|message|note"
    r"|words|feedback|praise)(?: (?:on|along))? to " + _PEOPLE,
    r"(?:pass|send) (?:this|it|that) (?:on |along )?to " + _PEOPLE,
    r"(?:please |pls |plz |can you |could you )(?:tell|let) (?:the|my|our|your|that|this) "
    r"(?:\w+ ){0,2}?(?:crew|cabin crew|staff|driver|team|pilot|captain|waiter|waitress|server"
    r"|guard|conductor|manager|chef|cashier|lady|guy|gentleman|man|woman|girl|people|folks"
    r"|employees?|attendants?|barista)s? (?:\w+ ){0,6}?(?:know )?(?:that |how )?(?:they|he|she|i"
    r"|we)(?!\w)",
    r"(?:please |pls |plz )?say (?:a )?(?:big |huge )?(?P<said>thank you|thanks|hi|hello) to "
    + _PEOPLE,
)
_THANKING = _words(*pattern_list("situation_words.yaml", "thanking"))


@functools.lru_cache(maxsize=1024)
def find_pass_on(text: str) -> PassOn | None:
    """A message the customer asks us to pass on to someone at the brand, or None."""
    lowered = text.replace("\u2019", "'").lower()
    match = _PASS_ON.search(lowered)
    if match is None:
        return None
    return PassOn(_THANKING.search(lowered) is not None, match.group(0))


_DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# A greeting and nothing else ("hi", "good morning @brand", "happy friday! how are you?").
_GREETING = re.compile(
    r"(?:(?:hi|hello|hey|heya|hiya|howdy|yo|greetings|morning|evening|afternoon|night|nite"
    r"|goodnight|good (?:morning|afternoon|evening|day|night)|happy (?:"
    + _DAYS
    + r"|weekend|holidays|new year|halloween"
    r"|thanksgiving|christmas|easter|hump day)|merry christmas)(?: (?:there|all|team|guys"
    r"|everyone|folks|friends|y'?all|to you|to you all|to all))?|how (?:are|r) (?:you|u|y'?all)"
    r"(?: (?:doing|today|guys|all))*|how'?s it going|how (?:is|was) your (?:day|weekend)"
    r"|what'?s up|sup|hope (?:you'?re|you are|y'?all are) (?:well|good|doing well|having a good"
    r" (?:day|week|weekend))|have a (?:good|great|nice|lovely) (?:day|week|weekend))",
)
_SEPARATORS = re.compile(r"[\s,.!?:;~\-]+")
_HANDLES_AND_EMOJI = re.compile(r"\.?@\w+|#\w+|[^\w\s,.!?:;'~\-]")


def greeting(text: str) -> bool:
    """Whether ``text`` is only a greeting or small talk, with no question about a service."""
    said = _HANDLES_AND_EMOJI.sub(" ", text.replace("\u2019", "'").lower())
    parts = [p for p in _SEPARATORS.split(said) if p]
    if not parts or len(parts) > 12:
        return False
    rest = _SEPARATORS.sub(" ", said).strip()
    greeted = False
    while rest:
        match = _GREETING.match(rest)
        if match is None or (match.end() < len(rest) and rest[match.end()] != " "):
            # "Night Joel", "hi Sam": a greeting may end with the name of whoever answers.
            return greeted and " " not in rest and rest not in _NOT_A_NAME and rest.isalpha()
        greeted = True
        rest = rest[match.end() :].strip()
    return True


# A greeting that names the time of day, near the start ("good morning @brand", "hi, evening
# all"): a reply mirrors it rather than answer "Hi" to it.
_TIME_GREETING = re.compile(
    r"^(?:(?:hi|hello|hey|and a|a very)[\s,!.]+)?(?:good\s+(?P<good>morning|afternoon|evening)\b"
    r"|(?P<bare>morning|afternoon|evening)(?=\s*(?:[,.!~]|$|(?:all|team|guys|folks|everyone"
    r"|there|y'?all)\b)))"
)
_TIME_WORDS = {"morning": "Good morning", "afternoon": "Good afternoon", "evening": "Good evening"}


def time_greeting(text: str) -> str | None:
    """The greeting to mirror when ``text`` opens by naming the time of day ("Good morning"),
    or None: a reply never claims a time of day the customer did not say."""
    said = _HANDLES_AND_EMOJI.sub(" ", text.replace("\u2019", "'").lower()).strip(" \t\n,.:-")
    match = _TIME_GREETING.match(said)
    if match is None:
        return None
    return _TIME_WORDS[match.group("good") or match.group("bare")]


# Numbers in a comment that are no detail: a handle, a link, a hashtag.
_NOT_A_DETAIL = re.compile(r"\.?@\w+|#\w+|https?://\S+")
# Enough words for a description of what happened, beyond a remark.
_DESCRIBED_WORDS = 18


def gave_details(text: str) -> bool:
    """Whether ``text`` gives details a reply may thank for: a number, a reference, steps, a
    device, a symptom, or a long description. A bare link, a one-word answer or a joke gives
    none ("Thanks for the details" would not fit)."""
    if given_details(text):
        return True
    said = _NOT_A_DETAIL.sub(" ", text)
    return any(ch.isdigit() for ch in said) or len(said.split()) >= _DESCRIBED_WORDS


# Someone else who sells or carries what the customer bought: a reply names them with a fixed
# phrase, never the customer's words. A seller on a marketplace, a shop that resold it, a
# delivery company (for a brand that is not itself the carrier).
_SELLER = _words(*pattern_list("situation_words.yaml", "seller"))
_RESELLER = _words(*pattern_list("situation_words.yaml", "reseller"))
# What a shop that resold it answers for: a return, a refund, an exchange.
_RETURN = _words(*pattern_list("situation_words.yaml", "return"))
# The customer's complaint is (also) about our own support: the seller does not explain it.
_OUR_SUPPORT = _words(*pattern_list("situation_words.yaml", "our_support"))
_CARRIER = _words(*pattern_list("situation_words.yaml", "carrier"))


def third_party(text: str, industry: str) -> str | None:
    """Who else the comment holds to account for the trouble, as a reply names them ("the
    seller", "the shop you bought it from", "the delivery company"), or None (also where it
    blames our own support as well)."""
    lowered = text.replace("\u2019", "'").lower()
    if _OUR_SUPPORT.search(lowered):
        return None
    if _SELLER.search(lowered):
        return "the seller"
    if _RESELLER.search(lowered) and _RETURN.search(lowered) and industry != "retail":
        return "the shop you bought it from"
    if _CARRIER.search(lowered) and industry not in ("delivery", "travel", "restaurant"):
        return "the delivery company"
    return None


# Someone else not answering ("the seller won't reply", "the driver never picked up"): the
# silence is theirs, not ours.
_OTHERS_SILENT = _words(*pattern_list("situation_words.yaml", "others_silent"))


def not_answered_by_others(text: str) -> bool:
    """Whether the silence ``text`` complains of is someone else's (a seller, a driver)."""
    return _OTHERS_SILENT.search(text.replace("\u2019", "'").lower()) is not None


# The account, phone or booking in question is someone else's: "my friend's account", "my
# wife can't log in", "his phone".
_SOMEONE = (
    r"(?:friend|mate|wife|husband|partner|mum|mom|dad|father|mother|son|daughter|brother"
    r"|sister|gf|bf|girlfriend|boyfriend|cousin|grandma|grandmother|grandad|grandpa|grandfather"
    r"|aunt|uncle|colleague|kid|child|niece|nephew|neighbou?r)"
)
_SOMEONE_ELSES = _words(
    r"my " + _SOMEONE + r"'?s? (?:\w+ )?(?:account|phone|login|email|profile|card|number)",
    r"(?:his|her|their) (?:\w+ )?(?:account|login|email|profile)",
    r"my "
    + _SOMEONE
    + r" (?:can'?t|cannot|couldn'?t|is unable to) (?:log|sign|get) ?(?:in|into|on)",
    # "My friend left his phone in the cab": their trip, their account.
    r"my " + _SOMEONE + r",?(?: \w+){0,3}? (?:left|lost|forgot) (?:his|her|their)",
)


def someone_elses_account(text: str) -> bool:
    """Whether ``text`` is about someone else's account (a friend's, a parent's): a reply
    asks only for the customer's own details, never for theirs."""
    lowered = text.replace("\u2019", "'").lower()
    # "My friend lost his phone, can you help me get into my account?": the customer's own.
    return _SOMEONE_ELSES.search(lowered) is not None and _MY_ACCOUNT.search(lowered) is None


_MY_ACCOUNT = re.compile(r"(?<!\w)(?:my|our) (?:own )?(?:account|login|email|profile)(?!\w)")


# A long wait the customer counts ("on hold for 45 minutes", "no reply in 2 weeks", "waited 3
# hours") or a question asked again and again ("third time I'm asking"): a reply owns it first.
_SPAN = (
    r"(?:about |almost |nearly |over |more than |at least |like |literally )?(?:\d+|an?|one|two"
    r"|three|four|five|six|seven|eight|nine|ten|twelve|several|many|a few|few|a couple of)"
    r"\+? ?(?:\+ )?(?:mins?|minutes?|hours?|hrs?|days?|weeks?|wks?|months?)"
)
# "Can't wait 5 days till it comes!" counts down with joy: no wait to be sorry for.
_NOT_EAGER = r"(?<!can't )(?<!cant )(?<!cannot )(?<!hardly )(?<!barely )"
_WAIT = _words(
    r"(?:"
    + _NOT_EAGER
    + r"wait(?:ed|ing)?|been waiting|on hold|held|in (?:the |a )?(?:queue|line)|queu(?:ed|ing)"
    r"|chasing)(?: \w+){0,4}? (?:for |over |since )?" + _SPAN,
    r"no (?:reply|replies|response|answer|word|update|call ?back|contact)(?: \w+){0,4}? (?:in|for"
    r"|after|since) " + _SPAN,
    # "3 days and still no reply"; not "three days later you're still advertising it".
    _SPAN + r" (?:(?:of )?(?:being )?on hold|in (?:the )?queue|waiting|of waiting"
    r"|(?:later )?and (?:still|no|nothing))",
    # "on hold for ages"; not "sold out for ages", a wait for stock rather than for us.
    r"(?:" + _NOT_EAGER + r"wait(?:ed|ing)?|on hold|held|in (?:the |a )?(?:queue|line)|chasing"
    r"|no (?:reply|response"
    r"|answer))(?: \w+){0,3}? for (?:ages|hours|days|weeks|months)",
)
_ASKED_AGAIN = _words(*pattern_list("situation_words.yaml", "asked_again"))


def waited_long(text: str) -> str | None:
    """ "again" where the customer says they have asked before ("third time I'm asking"),
    "wait" where they count a long wait, or None."""
    lowered = text.replace("\u2019", "'").lower()
    if _ASKED_AGAIN.search(lowered):
        return "again"
    if _WAIT.search(lowered):
        return "wait"
    return None


# What a brand's first diagnostic question asks to choose between, by industry: where the
# comment already names one, the question is not asked ("my card was declined" answers "a card,
# a payment or online banking?").
_AREAS = {
    industry: _words(*patterns) for industry, patterns in pattern_groups("situations.yaml", "areas")
}


def area_named(text: str, industry: str) -> bool:
    """Whether ``text`` already names which area of the business it is about (a card or a
    payment for a bank, a delivery or a visit for a restaurant, online or in store for a
    shop), so the question that asks which is left out."""
    pattern = _AREAS.get(industry)
    return pattern is not None and pattern.search(text.replace("\u2019", "'").lower()) is not None


_BROUGHT = _words(*pattern_list("situations.yaml", "brought"))


def food_brought(text: str) -> bool:
    """Whether ``text`` tells of food brought to the customer (a delivery, a takeaway, an
    order that never came), so a restaurant asks when it was ordered, not about a visit."""
    return _BROUGHT.search(text.replace("\u2019", "'").lower()) is not None


# Words after a greeting that are no one's name: the comment asks for something.
_NOT_A_NAME = frozenset(word_list("words.yaml", "not_a_name"))


# A rule or a fee, and the fixed phrase a reply names it by (the customer's words stay inert).
_POLICIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "the baggage rules",
        _words(*pattern_list("situation_words.yaml", "policies_the_baggage_rules")),
    ),
    (
        "the refund policy",
        _words(*pattern_list("situation_words.yaml", "policies_the_refund_policy")),
    ),
    (
        "the seating rules",
        _words(*pattern_list("situation_words.yaml", "policies_the_seating_rules")),
    ),
    (
        "fees like this",
        _words(*pattern_list("situation_words.yaml", "policies_fees_like_this")),
    ),
    ("this policy", _words(*pattern_list("situation_words.yaml", "policies_this_policy"))),
)
# Words that argue with a rule rather than report a fault ("a joke", "why should I pay").
_ARGUED = _words(*pattern_list("situation_words.yaml", "argued"))
# The customer's own account or case is wrong ("charged me twice", "my refund hasn't come"):
# that is a case to look into, not a policy to argue.
_OWN_CASE = _words(*pattern_list("situation_words.yaml", "own_case"))


@functools.lru_cache(maxsize=1024)
def find_policy(text: str) -> Policy | None:
    """A rule or fee the customer argues with, or None (also None when their own case went
    wrong: that needs looking into)."""
    lowered = text.replace("\u2019", "'").lower()
    argued = _ARGUED.search(lowered)
    if argued is None or _OWN_CASE.search(lowered):
        return None
    for name, pattern in _POLICIES:
        if pattern.search(lowered):
            return Policy(name, argued.group(0))
    return None


# Rewards that did not come through: points, a birthday reward, miles not credited.
_REWARD = _words(*pattern_list("situation_words.yaml", "reward"))
# An offer or a discount that was not honoured at the till or online.
_OFFER = _words(*pattern_list("situation_words.yaml", "offer"))
# The brand's own post holds an offer ("$2 off", "free fries", "#FreebieFriday").
_OFFER_POST = _words(*pattern_list("situation_words.yaml", "offer_post"))
# "It didn't work" in answer to such a post.
_NOT_HONOURED = _words(*pattern_list("situation_words.yaml", "not_honoured"))


_A_CODE = _words(*pattern_list("situation_words.yaml", "a_code"))


@functools.lru_cache(maxsize=1024)
def reward_trouble(text: str, post: str | None = None) -> str | None:
    """ "points" when ``text`` says rewards or points did not come through, "offer" when an
    offer or a discount was not honoured (``post``, the brand's own post it answers, may hold
    the offer), else None."""
    lowered = text.replace("\u2019", "'").lower()
    if _REWARD.search(lowered):
        return "points"
    if _A_CODE.search(lowered):
        return None  # a promo code, a voucher or a gift card: asked about as a code

    if _OFFER.search(lowered):
        return "offer"
    if post is not None and _OFFER_POST.search(post.lower()) and _NOT_HONOURED.search(lowered):
        return "offer"
    return None


# Details a customer posts for us to use: a phone number, an email address, a street address or
# a postcode, and an order or booking reference.
_PHONE = re.compile(r"(?<![\w@#/.])\+?\(?\d(?:[ ().-]{0,2}\d){7,14}(?![\w/])")
# An email address, or one a platform or export masked ("__email__", "[email]"): posted all
# the same.
_EMAIL = re.compile(
    r"(?<![\w.])[\w.+-]+@[\w-]+\.[\w.]{2,}|(?<!\w)__email__(?!\w)|[\[<]e-?mail[\]>]", re.I
)
_STREET = re.compile(
    r"(?<!\w)\d{1,6} (?:[A-Za-z]+\.? ){1,4}(?:st|street|rd|road|ave|avenue|blvd|boulevard|dr"
    r"|drive|lane|ln|way|hwy|highway|ct|court|pl|place|pkwy|parkway|close|crescent)\.?(?!\w)"
    r"|(?<!\w)[A-Z]{2},? \d{5}(?:-\d{4})?(?!\w)|(?<!\w)[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}(?!\w)",
    re.IGNORECASE,
)


_NOT_PHONE = re.compile(
    r"(?:order|booking|ref\w*|tracking|confirmation|account|card)(?: (?:no\.?|number|#))?\W*$",
    re.IGNORECASE,
)


def _phone(text: str, match: re.Match[str]) -> bool:
    """Whether ``match`` reads as a phone number: nine digits or more, not an order number."""
    digits = sum(ch.isdigit() for ch in match.group(0))
    return (
        digits >= 9 and _NOT_PHONE.search(text[max(0, match.start() - 24) : match.start()]) is None
    )


# Our reply asked for the customer's name ("DM us your full name", "the name on the booking").
_NAME_ASKED = re.compile(r"(?<!\w)(?:full |your |the |first and last |last )name(?!\w)", re.I)
# Words that make a short answer a sentence rather than a name ("done", "I sent it", "thanks").
_NOT_A_FULL_NAME = _words(*pattern_list("situation_words.yaml", "not_a_full_name"))
_NAME_WORD = re.compile(r"[^\W\d_][\w'-]*")


def name_sent(asked: str, text: str) -> bool:
    """Whether ``text`` gives the name our reply ``asked`` for: two to four words of nothing
    but a name ("Jo Anne Smith."), beside any mention, link or email address."""
    if _NAME_ASKED.search(asked) is None:
        return False
    plain = re.sub(r"(?:^|\s)\.?@\w+|https?://\S+", " ", text)
    plain = _EMAIL.sub(" ", plain)
    first = re.split(r"[.,;:\n]", plain.strip(), maxsplit=1)[0]
    names = first.split()
    return (
        2 <= len(names) <= 4
        and all(_NAME_WORD.fullmatch(w) for w in names)
        and _NOT_A_FULL_NAME.search(first.lower().replace("\u2019", "'")) is None
    )


def details_sent(text: str, asked: str = "") -> tuple[str, ...]:
    """What ``text`` gives us to act on: "name" (where our reply ``asked`` for it), "phone
    number", "email address", "address", "reference" (an order or booking reference), in
    that order."""
    sent = ["name"] if name_sent(asked, text) else []
    if any(_phone(text, m) for m in _PHONE.finditer(text)):
        sent.append("phone number")
    if _EMAIL.search(text):
        sent.append("email address")
    if _STREET.search(text):
        sent.append("address")
    if _ORDER_GIVEN.search(text):
        sent.append("reference")
    return tuple(sent)


# Where the customer is, given as a code: a UK postcode, or five digits the words around show to
# be a ZIP code ("zip 95608", "in 02919", "the 02919 area", a number that is a sentence of its
# own). Other five digits (an order, an amount, a count of minutes) are no place.
_UK_POSTCODE = re.compile(r"(?<![\w@#])[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}(?!\w)")
_ZIP = r"\d{5}(?:-\d{4})?"
_ZIP_SAID = re.compile(
    r"(?i)(?<!\w)(?:(?:zip|postal|post) ?code|zip|(?:in|near|around|outside)(?: of)?)"
    r"[\s:#]*(?:is )?" + _ZIP + r"(?![\w,.]\d|\w)|(?<![\w@#$£€.,])" + _ZIP + r" area(?!\w)"
)
_ZIP_ALONE = re.compile(r"(?:^|[.!?]\s+)" + _ZIP + r"\s*[.!]*\s*$")


def place_code_given(text: str) -> bool:
    """Whether ``text`` gives where the customer is as a postcode or a ZIP code."""
    plain = " ".join(re.sub(r"(?:^|\s)\.?@\w+|https?://\S+", " ", text).split())
    return bool(_UK_POSTCODE.search(plain) or _ZIP_SAID.search(plain) or _ZIP_ALONE.search(plain))


# Words only one side of the Atlantic uses: a reply asks for a "ZIP code" or a "postcode" in the
# customer's own terms. Words shared with others are left out: dollars and "mom" are Canadian
# too (who have postal codes), "flat" and "pounds" are also a US flat rate and a weight.
_US_TERMS = _words(*pattern_list("situation_words.yaml", "us_terms"))
_UK_TERMS = _words(*pattern_list("situation_words.yaml", "uk_terms"))


def region_of(text: str) -> str | None:
    """ "us" or "uk" when ``text`` writes in one side's terms ("zip code", "y'all";
    "postcode", "£20", "mum"), else None."""
    lowered = text.replace("\u2019", "'").lower()
    us = _US_TERMS.search(lowered) is not None
    uk = "£" in text or _UK_TERMS.search(lowered) is not None
    return None if us == uk else "us" if us else "uk"
