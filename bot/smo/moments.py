"""Moments that are no fault to diagnose: fellow customers, a celebration, a channel that failed."""

from __future__ import annotations

import functools
import re

from bot.smo.lexicon import pattern_groups, pattern_list
from bot.text.whole_words import gated_words as _words

__all__ = ["celebration", "eager", "failed_channel", "fellow_customers"]

_FELLOW = _words(*pattern_list("moments.yaml", "fellow_customers"))
_CELEBRATION = _words(*pattern_list("moments.yaml", "celebration"))
_EAGER = _words(*pattern_list("moments.yaml", "eager"))
_FAILED_CHANNEL = _words(*pattern_list("moments.yaml", "failed_channel"))
_CHANNELS = tuple(
    (label, _words(*patterns)) for label, patterns in pattern_groups("moments.yaml", "channels")
)


def _lowered(text: str) -> str:
    return text.replace("\u2019", "'").lower()


@functools.lru_cache(maxsize=1024)
def fellow_customers(text: str) -> str | None:
    """The words in ``text`` that put other customers (a passenger beside them, someone's
    dog in the cabin) at the heart of a complaint, or None: an experience to acknowledge and
    pass on, never a fault in the customer's own booking or order."""
    match = _FELLOW.search(_lowered(text))
    return match.group(0) if match else None


@functools.lru_cache(maxsize=1024)
def celebration(text: str) -> str | None:
    """The words in ``text`` that share a happy occasion or a bargain ("our wedding", "only
    $85 return"), or None: a warm word back, no offer of help."""
    lowered = _lowered(text)
    match = _CELEBRATION.search(lowered)
    if match is None or _HEDGED.search(lowered):
        return None
    return match.group(0)


def eager(cue: str) -> bool:
    """Whether the celebration cue ``cue`` (from ``celebration``) is eagerness for something
    still to come ("can't wait for", "so excited") rather than an occasion or a bargain."""
    return _EAGER.search(_lowered(cue)) is not None


# A worry or a jibe beside the happy news ("hope the trains run this time", "fingers crossed",
# "don't let us down"): the customer is not only sharing joy, so no cheer is published. So too
# eagerness that chases or mocks: "counting down the days until you answer me", "can't wait
# for my order to finally turn up", "so excited to see if my parcel arrives this month lol".
_HEDGED = re.compile(
    r"(?<!\w)(?:hope (?:\w+ ){0,6}?(?:this time|works?|runs?|on time|turns? up|shows? up|arrives?)"
    r"|fingers crossed|(?:don'?t|do not) let (?:me|us) down|pray(?:ing)?|this time|again"
    r"|(?:until|till|til) (?:you|someone|somebody|anyone|anybody|they) (?:\w+ )?"
    r"(?:answers?|repl(?:y|ies)|responds?|gets? back|calls? (?:me|us) back|sorts?|fix(?:es)?)"
    r"|finally (?:\w+ )?(?:turns? up|arrives?|comes?|shows? up|ships?|gets? here|answers?"
    r"|repl(?:y|ies)|responds?|refunds?|delivers?)"
    r"|(?:if|whether|when) (?:my|our|the) (?:\w+ )?(?:order|parcel|package|delivery|refund"
    r"|money|replacement|item)s? (?:\w+ )?(?:arrives?|turns? up|comes?|shows? up|gets? here)"
    r"|(?:for|to get|to see) (?:my|our) (?:\w+ )?(?:order|parcel|package|delivery|refund|money"
    r"|replacement)s?|lol|lmao|/s)(?!\w)"
)


@functools.lru_cache(maxsize=1024)
def failed_channel(text: str) -> tuple[str, str] | None:
    """(how a reply names the channel, the words) where ``text`` says a private channel failed
    the customer ("my DMs went unanswered", "fought with you all weekend over DMs"), or None:
    a reply must not send them back to it."""
    lowered = _lowered(text)
    match = _FAILED_CHANNEL.search(lowered)
    if match is None:
        return None
    cue = match.group(0)
    for label, words in _CHANNELS:
        if words.search(cue):
            return label, cue
    return "that channel", cue
