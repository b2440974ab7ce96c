"""Things said rather than asked: a question that cheers, a check for an outage, an opinion."""

from __future__ import annotations

import functools
import re

from bot.smo.lexicon import pattern_list, word_list
from bot.text.whole_words import whole_words

__all__ = ["find_opinion", "outage_gripe", "outage_question", "rhetorical_question"]


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(whole_words(*patterns))


# The phrase banks: bot/smo/phrases/remarks.yaml says what each one holds.
_RHETORICAL = _words(*pattern_list("remarks.yaml", "rhetorical"))
_MOMENT = re.compile("^(?:" + "|".join(pattern_list("remarks.yaml", "moment")) + ")")
_TROUBLE_WORDS = _words(*pattern_list("remarks.yaml", "trouble_words"))
_OUTAGE_ASK = _words(*pattern_list("remarks.yaml", "outage_ask"))
_ASKED = _words(*pattern_list("remarks.yaml", "asked"))
_OUTAGE_ABROAD = re.compile(
    r"(?<!\w)(?:" + "|".join(pattern_list("remarks.yaml", "outage_abroad")) + r")(?!\w)"
)
_OUTAGE_WORDS = word_list("remarks.yaml", "outage_words")
_OWN_CASE = _words(*pattern_list("remarks.yaml", "own_case"))
_DOWN = _words(*pattern_list("remarks.yaml", "down"))
_NOT_DOWN = _words(*pattern_list("remarks.yaml", "not_down"))
_JIBE = _words(*pattern_list("remarks.yaml", "jibe"))
_OPINION = _words(*pattern_list("remarks.yaml", "opinion"))
_FAULTY = _words(*pattern_list("remarks.yaml", "faulty"))


@functools.lru_cache(maxsize=1024)
def rhetorical_question(text: str) -> str | None:
    """The words of a question that asks nothing but shares delight ("how good is this?!",
    "who else is loving the new menu?"), or None (also None when trouble is spoken of)."""
    lowered = text.replace("\u2019", "'").lower()
    if "?" not in lowered and "who else" not in lowered and "just say" not in lowered:
        moment = _MOMENT.match(lowered)
        if moment is None or _TROUBLE_WORDS.search(lowered):
            return None
        return " ".join(moment.group(0).split()[:6])
    match = _RHETORICAL.search(lowered)
    if match is None or _TROUBLE_WORDS.search(_RHETORICAL.sub(" ", lowered)):
        return None
    return match.group(0)


@functools.lru_cache(maxsize=1024)
def outage_question(text: str) -> str | None:
    """The words of a question whether the service is down (for everyone), or None."""
    lowered = text.replace("\u2019", "'").lower()
    if "?" in lowered and (abroad := _OUTAGE_ABROAD.search(lowered)) is not None:
        return abroad.group(0)
    if not any(word in lowered for word in _OUTAGE_WORDS):
        return None  # most comments: no search
    # Asked: a question mark, "anyone else", "or is it just me", "tell me if there's …".
    if "?" not in lowered and _ASKED.search(lowered) is None:
        return None
    match = _OUTAGE_ASK.search(lowered)
    if match is None or _OWN_CASE.search(lowered):
        return None
    return match.group(0)


@functools.lru_cache(maxsize=1024)
def outage_gripe(text: str) -> str | None:
    """The words of an angry or sarcastic complaint that the service is down ("great, down
    AGAIN, love paying for nothing?"), or None: a grievance to apologise for, not a question
    whether there is an outage, however it ends."""
    lowered = _NOT_DOWN.sub(" ", text.replace("\u2019", "'").lower())
    down = _DOWN.search(lowered)
    if down is None:
        return None
    jibe = _JIBE.search(lowered)
    if jibe is None:
        return None
    return down.group(0)


@functools.lru_cache(maxsize=1024)
def find_opinion(text: str) -> str | None:
    """The words of an opinion on the brand's choices (a redesign, a recipe, an ad), or None
    (also None when a fault or a request for help comes with it)."""
    lowered = text.replace("\u2019", "'").lower()
    match = _OPINION.search(lowered)
    if match is None or _FAULTY.search(lowered):
        return None
    return match.group(0)
