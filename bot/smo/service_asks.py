"""Asks with no fault to diagnose and no reference to ask for: a price, a lost one, an event."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.smo.guardrails import plain_quotes
from bot.smo.lexicon import alternatives, filled, pattern_list
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


# Work a brand does for a price, and what it costs asked: an answer to write, no fault to
# diagnose.
_WORK = alternatives(pattern_list("service_ask_words.yaml", "work"))
_COST = _words(*filled("service_ask_words.yaml", "cost", work=_WORK))


@functools.lru_cache(maxsize=1024)
def cost_question(text: str) -> str | None:
    """The words that ask what a repair, a diagnosis or another service costs, or None (also
    None with no question in it: "the repair cost me a fortune" is a complaint)."""
    if "?" not in text:
        return None
    match = _COST.search(_plain(text))
    return match.group(0) if match else None


# What finds a booking or an order ("booking number", a reference), and the customer saying
# they lost it, cannot find it or never had one.
_NUMBERED = (
    alternatives(pattern_list("service_ask_words.yaml", "numbered_what"))
    + " "
    + alternatives(pattern_list("service_ask_words.yaml", "numbered_as"))
)
_IDENTIFIER = alternatives(filled("service_ask_words.yaml", "identifier", numbered=_NUMBERED))
_LOST = _words(
    *filled("service_ask_words.yaml", "lost", identifier=_IDENTIFIER, numbered=_NUMBERED)
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


# Services one turns up for, and how one ran wrong, each with the fixed phrase a reply names
# it by.
_VEHICLE = alternatives(pattern_list("service_ask_words.yaml", "vehicle"))
_EVENTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_words(*pattern_list("service_ask_words.yaml", "events_early")), "early"),
    (_words(*pattern_list("service_ask_words.yaml", "events_late")), "late"),
    (_words(*pattern_list("service_ask_words.yaml", "events_cancelled")), "cancelled"),
    (_words(*pattern_list("service_ask_words.yaml", "events_no_show")), "no-show"),
)
_PHRASES = {
    "early": "the {v} leaving early",
    "late": "the late {v}",
    "cancelled": "the cancelled {v}",
    "no-show": "the {v} not turning up",
}
_THE_VEHICLE = re.compile(
    r"(?<![\w-])"
    + alternatives(pattern_list("service_ask_words.yaml", "which_vehicle"))
    + r" (?:[\w@]+ ){0,2}?("
    + _VEHICLE
    + r")s?(?![\w-])"
)
# People of the service put after it ("the train staff never stopped helping us"): what
# follows tells of them, not of the service running.
_ITS_PEOPLE = re.compile(
    r"\s*" + alternatives(pattern_list("service_ask_words.yaml", "its_people")) + r"\b"
)
# A bare "the service" is as often the service at table; only a timed one or a replacement
# is a train or bus.
_A_RUN_SERVICE = re.compile("|".join(pattern_list("service_ask_words.yaml", "a_run_service")))
# Words of the customer's own trip or money: their booking is the matter after all.
_OWN_BOOKING = _words(*pattern_list("service_ask_words.yaml", "own_booking"))
# How far after the service its event is told ("the 22.12 train from A to B left early").
_EVENT_REACH = 80
# Which service is named: a departure time ("the 22.12", "7:15pm"), its route named as a
# trip's is ("from Ashby to Kelham"; situation_words.yaml), or a route in any case ("the bus
# from oxford to abingdon"), where its ends are places ("from work to home" names none).
_NOT_A_PLACE = alternatives(pattern_list("service_ask_words.yaml", "not_a_place"))
_NAMED = re.compile(
    r"(?i:(?<![\w.:])\d{1,2}[:.]\d\d(?![\d])|(?<!\w)\d{1,2}\s?[ap]m(?!\w))|(?<!\w)(?:"
    + "|".join(pattern_list("situation_words.yaml", "journey_named"))
    + r")(?!\w)|(?i:(?<!\w)from (?!"
    + _NOT_A_PLACE
    + r"(?!\w))\w+(?: \w+)? to (?!"
    + _NOT_A_PLACE
    + r"(?!\w))\w+)"
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


# How late or early a service ran, asked ("how long was the delay for the 20:43 train"): the
# service's record, not a booking.
_TIMING = _words(*filled("service_ask_words.yaml", "timing", vehicle=_VEHICLE))


@functools.lru_cache(maxsize=1024)
def timing_asked(text: str) -> str | None:
    """The words that ask how late or early a service named by its time or route ran, or None
    (None too where no service is named: which one is then the question)."""
    plain = _unmentioned(text)
    match = _TIMING.search(plain.lower())
    return match.group(0) if match and _NAMED.search(plain) else None
