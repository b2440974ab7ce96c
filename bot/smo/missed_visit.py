"""A visit the brand booked and missed: an installer, an engineer, an appointment."""

from __future__ import annotations

import re

from bot.smo.lexicon import alternatives, filled, pattern_list
from bot.text.whole_words import whole_words

__all__ = ["missed_visit"]

# Who or what was booked to come, and how it was missed (phrases/visit_words.yaml).
_VISIT = alternatives(pattern_list("visit_words.yaml", "visit"))
_MISSED = re.compile(whole_words(*filled("visit_words.yaml", "missed", visit=_VISIT)))

# A visit still to come: "hasn't arrived, is 2pm still ok?" asks about a slot not yet missed.
_STILL_DUE = re.compile(
    r"(?<!\w)" + alternatives(pattern_list("visit_words.yaml", "still_due")) + r"(?!\w)"
)


def missed_visit(text: str) -> bool:
    """Whether ``text`` tells of a visit the brand booked and missed ("install no-show", "the
    engineer never turned up"), so a reply says sorry for it and offers to rebook rather
    than asking what happened."""
    lowered = text.replace("\u2019", "'").lower()
    return _MISSED.search(lowered) is not None and _STILL_DUE.search(lowered) is None
