"""Safety and legal topics in a comment that a person must answer: what and the words behind it."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.smo.lexicon import pattern_groups, word_list
from bot.text.whole_words import whole_words

__all__ = ["SAFETY_TOPICS", "Hazard", "find_hazard"]


@dataclass(frozen=True, slots=True)
class Hazard:
    """A safety or legal topic a comment raises and the words that raised it."""

    topic: str
    cue: str


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(whole_words(*patterns), re.IGNORECASE)


# In order: the first topic that matches names the hazard (the phrases are package data).
SAFETY_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (topic, _words(*patterns)) for topic, patterns in pattern_groups("safety.yaml", "topics")
)


# Every topic's pattern in one, so a comment is searched once (most comments raise none); it
# is searched in lowercased text, which costs half what a case-blind search does.
_ANY = re.compile(
    "|".join(f"(?P<t{i}>{pattern.pattern})" for i, (_, pattern) in enumerate(SAFETY_TOPICS))
)


# A word every pattern above starts or turns on, so most comments are let go after one cheap
# look at their words (the combined pattern costs more than the rest of drafting).
_TRIGGERS = frozenset(word_list("safety.yaml", "triggers"))
_TRIGGER_STEMS = word_list("safety.yaml", "trigger_stems")
_WORD = re.compile(r"[a-z&'-]+")


@functools.lru_cache(maxsize=1024)
def find_hazard(text: str) -> Hazard | None:
    """The safety or legal topic ``text`` raises first, or None (remembered for the last
    texts: the drafter and the guardrails both ask about the same comment)."""
    text = text.replace("\u2019", "'")
    lowered = text.lower()
    words = set(_WORD.findall(lowered))
    if words.isdisjoint(_TRIGGERS) and not any(w.startswith(_TRIGGER_STEMS) for w in words):
        return None
    match = _ANY.search(lowered)
    if match is None:
        return None
    index = int(str(match.lastgroup)[1:])
    # The cue as the customer wrote it, where lowercasing kept every position.
    cue = text[match.start() : match.end()] if len(lowered) == len(text) else match.group(0)
    return Hazard(SAFETY_TOPICS[index][0], cue)
