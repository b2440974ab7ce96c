"""Asks with no fault to diagnose and no reference to ask for: a price, a lost one, an event."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.smo.guardrails import plain_quotes
from bot.text.whole_words import whole_words

__all__ = ["ServiceEvent", "cost_question", "reference_lost", "service_event", "timing_asked"]


def _words(*patterns: str) -> re.Pattern[str]:
    # Searched in lowercased text with plain apostrophes.
    return re.compile(whole_words(*patterns))


def _plain(text: str) -> str:
    return plain_quotes(text).lower()


def _unmentioned(text: str) -> str:
    """``text`` with plain quotes and without @handles and #tags, spaces folded."""
    return " ".join(re.sub(r"(?<!\w)[@#]\w+", " ", plain_quotes(text)).split())


# Work a brand does for a price: a repair, a diagnosis, sending a device in.
_WORK = (
    r"(?:repairs?|repairing|fix|fixing|diagnos\w*|servic(?:e|ing)|replac\w*|send(?:ing)?"
    r" (?:\w+ ){0,2}?in|mail(?:ing)? (?:\w+ ){0,2}?in|check-?ups?|inspections?|look at it|unlock\w*"
    r"|(?:screen|battery|parts?) replacements?|new (?:screen|battery))"
)
# What it costs asked ("how much does it cost to send it in?", "cost for a diagnosis out of
# warranty?", "what do you charge for a repair?"): an answer to write, no fault to diagnose.
_COST = _words(
    r"how much (?:does|do|would|will|is|are|'s|was|should|could|might) (?:\w+ ){0,4}?(?:cost"
    r"|charge|be)(?: (?:me|us))? (?:to|for) (?:\w+ ){0,4}?" + _WORK,
    r"how much (?:is|are|for|does|do|would) (?:a |an |the |my |it to )?(?:\w+ ){0,2}?" + _WORK,
    r"(?:cost|price|fee|charge)s? (?:of|for|to) (?:\w+ ){0,4}?" + _WORK,
    r"what (?:do|does|would|will) (?:you|it|they) (?:\w+ )?(?:charge|cost) (?:\w+ )?(?:to|for)"
    r" (?:\w+ ){0,4}?" + _WORK,
    r"(?:is|are) (?:there|it) (?:a |any )?(?:fee|charge|cost) (?:to|for) (?:\w+ ){0,4}?" + _WORK,
)


@functools.lru_cache(maxsize=1024)
def cost_question(text: str) -> str | None:
    """The words that ask what a repair, a diagnosis or another service costs, or None (also
    None with no question in it: "the repair cost me a fortune" is a complaint)."""
    if "?" not in text:
        return None
    match = _COST.search(_plain(text))
    return match.group(0) if match else None


# What finds a booking or an order: a confirmation or booking number, a reference.
_NUMBERED = (
    r"(?:confirmation|booking|reservation|order|ticket|tracking|case|voucher|travel fund)"
    r" (?:numbers?|nos?\.?|#s?|codes?|ids?|references?|refs?)"
)
_IDENTIFIER = r"(?:" + _NUMBERED + r"|references?|ref|pnr|record locator|confirmations?)"
# The customer says they lost it or cannot find it ("can't track down my confirmation
# numbers", "I lost my booking reference"), or never had one ("I don't have an order number").
_LOST = _words(
    r"(?:lost|misplaced|deleted|forgot(?:ten)?|can'?t (?:seem to )?(?:find|locate|track down"
    r"|remember|get hold of)|cannot (?:seem to )?(?:find|locate|track down|remember)|couldn'?t"
    r" (?:find|locate|track down)|unable to (?:find|locate)|no idea (?:what|where)) (?:\w+ ){0,3}?"
    + _IDENTIFIER,
    r"(?:don'?t|do not|didn'?t|did not|never) (?:have|had|got|get|receive[d]?) (?:\w+ ){0,2}?"
    + _NUMBERED,
    r"(?:no|without (?:a|an|the|my)) " + _NUMBERED,
    _NUMBERED + r" (?:\w+ ){0,2}?(?:is|are|was|were|got) (?:lost|missing|gone)",
)


@functools.lru_cache(maxsize=1024)
def reference_lost(text: str) -> str | None:
    """The words that say the customer lost, cannot find or has no booking or order reference,
    or None: a reply never asks for what they say they lack."""
    match = _LOST.search(_plain(text))
    return match.group(0) if match else None


@dataclass(frozen=True)
class ServiceEvent:
    """A service that ran wrong (``what``: a fixed phrase, "the train leaving early"), and
    whether the comment names which one (its time or its route)."""

    what: str
    named: bool


# Services one turns up for; a flight is the traveller's own booking, looked up as such.
_VEHICLE = r"(?:train|bus|tram|coach|ferry|service|boat|shuttle)"
# How a service ran wrong, each with the fixed phrase a reply names it by.
_EVENTS: tuple[tuple[re.Pattern[str], str], ...] = (
    # "Arrived early" is good news, not a service that left before its time.
    (_words(r"(?:left|leaving|departed|went|ran|running) (?:\w+ ){0,2}?early"), "early"),
    (
        _words(
            r"(?:was|is|were|are|ran|running|arrived?|came) (?:\w+ ){0,2}?(?:late|delayed)",
            r"(?:\d+|twenty|thirty|forty|fifty|an?) ?(?:mins?|minutes?|hours?|hrs?) late",
        ),
        "late",
    ),
    (_words(r"(?:was |got |been |is )?(?:cancell?ed|axed|scrapped)"), "cancelled"),
    (
        _words(
            r"(?:never|didn'?t|did not|failed to) (?:\w+ )?(?:turn(?:ed)? up|show(?:ed)? up|came"
            r"|come|arrived?|stop(?:ped)?(?! \w+ing))",
            r"(?:drove|went|sailed) (?:straight )?(?:past|by) (?:me|us|the stop)",
        ),
        "no-show",
    ),
)
_PHRASES = {
    "early": "the {v} leaving early",
    "late": "the late {v}",
    "cancelled": "the cancelled {v}",
    "no-show": "the {v} not turning up",
}
_THE_VEHICLE = re.compile(
    r"(?<![\w-])(?:the|this|that|our|my|today'?s|tonight'?s|\d{1,2}[:.]?\d\d(?:\s?[ap]m)?)"
    r" (?:[\w@]+ ){0,2}?(" + _VEHICLE + r")s?(?![\w-])"
)
# People of the service put after it ("the train staff never stopped helping us", "the bus
# driver didn't stop smiling"): what follows tells of them, not of the service running.
_ITS_PEOPLE = re.compile(
    r"\s*(?:staff|drivers?|crew|conductors?|guards?|team|attendants?|captain|guides?|hosts?)\b"
)
# A bare "the service" is as often the service at table ("the service came late but the food
# was amazing"); only a timed one ("the 18.40 service") or a replacement is a train or bus.
_A_RUN_SERVICE = re.compile(r"\d|replacement")
# Words of the customer's own trip or money: their booking is the matter after all.
_OWN_BOOKING = _words(
    r"my (?:booking|reservation|ticket|tickets|seat|refund|money|connection|flight|bags?"
    r"|luggage)",
    r"(?:booking|reservation) (?:ref\w*|number|code)",
    r"refund\w*",
    r"compensation",
    r"delay repay",
    r"rebook\w*",
    r"stuck|stranded",
)
# How far after the service its event is told ("the 22.12 train from A to B left early").
_EVENT_REACH = 80
# Which service is named: a departure time ("the 22.12", "7:15pm") or a route ("from A to B").
_NAMED = re.compile(
    r"(?<![\w.:])\d{1,2}[:.]\d\d(?![\d])|(?<!\w)\d{1,2}\s?[ap]m(?!\w)|(?<!\w)from \w+(?: \w+)?"
    r" to \w+",
    re.I,
)


@functools.lru_cache(maxsize=1024)
def service_event(text: str) -> ServiceEvent | None:
    """A train, bus or other service that left early, ran late, was cancelled or never came,
    told as a complaint about the service itself rather than the customer's own booking; or
    None."""
    plain = _unmentioned(text)
    lowered = plain.lower()
    vehicle = _THE_VEHICLE.search(lowered)
    if vehicle is None or _OWN_BOOKING.search(lowered):
        return None
    if vehicle.group(1) == "service" and _A_RUN_SERVICE.search(vehicle.group(0)) is None:
        return None
    # The service is what ran wrong: "I left early to catch the train" tells no event.
    after = lowered[vehicle.end() : vehicle.end() + _EVENT_REACH]
    if _ITS_PEOPLE.match(after):
        return None
    for pattern, kind in _EVENTS:
        if pattern.search(after):
            what = _PHRASES[kind].format(v=vehicle.group(1))
            return ServiceEvent(what, _NAMED.search(plain) is not None)
    return None


# How late or early a service ran, asked ("how long was the delay for the 20:43 train",
# "what time did the 7.15 bus actually leave?"): the service's record, not a booking.
_TIMING = _words(
    r"how (?:long|late|early) (?:was|were|did) (?:the )?(?:delay|it|(?:[\w.:]+ )?"
    + _VEHICLE
    + r")",
    r"what time did (?:the |that )?(?:[\w.:]+ )?" + _VEHICLE + r" (?:actually )?(?:arrive|leave"
    r"|depart|get in|run)",
)


@functools.lru_cache(maxsize=1024)
def timing_asked(text: str) -> str | None:
    """The words that ask how late or early a service named by its time or route ran, or None
    (None too where no service is named: which one is then the question)."""
    plain = _unmentioned(text)
    match = _TIMING.search(plain.lower())
    return match.group(0) if match and _NAMED.search(plain) else None
