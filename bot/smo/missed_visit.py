"""A visit the brand booked and missed: an installer, an engineer, an appointment."""

from __future__ import annotations

import re

from bot.text.whole_words import whole_words

__all__ = ["missed_visit"]

# Who or what was booked to come: a courier or a driver is a delivery, not a visit.
_VISIT = (
    r"(?:install(?:ation|er)?s?|tech(?:nician)?s?|engineers?|appointments?|fitters?|installers?"
    r"|repair ?(?:man|men|person|visit|appointment)|service (?:visit|call|appointment)"
    r"|(?:tech|engineer|technician|home) visits?)"
)
_MISSED = re.compile(
    whole_words(
        # "An install no-show", "the engineer was a no-show".
        _VISIT + r"(?: (?:was|were|is))?(?: (?:a|another))? no[- ]?shows?",
        # "The technician never showed up", "the engineer didn't turn up for my install".
        _VISIT + r" (?:\w+ ){0,2}?(?:never|didn'?t|did not|failed to|has(?:n'?t| not)|have(?:n'?t"
        r"| not)|still (?:hasn'?t|has not)) (?:even )?(?:show(?:ed|n)? up|turn(?:ed)? up"
        # Not "didn't show us how", "come up with a fix", "never came with instructions",
        # "hasn't arrived yet, is 2pm still ok?" (a visit not yet due).
        r"|(?:came|come)(?! up| with)|arrived?(?! yet)|make it)(?!\w)",
        # "Missed my installation appointment", "cancelled my engineer visit without telling".
        # Not the customer's own miss ("I missed my appointment").
        r"(?<!i )(?<!we )(?<!i've )(?<!i had )(?<!we had )(?:missed|skipped|no[- ]?showed"
        r"|stood (?:me|us) up (?:for|on)) (?:my|our|the|an?|(?:my|our|the) \w+) " + _VISIT,
        # "Nobody showed up for my install".
        r"(?:no ?one|nobody|no tech\w*|no engineer) (?:ever )?(?:showed up|turned up|came|arrived"
        r"|showed) (?:for|to) (?:my|our|the|an?) (?:\w+ )?" + _VISIT,
    )
)

# A visit still to come: "hasn't arrived, is 2pm still ok?" asks about a slot not yet missed.
_STILL_DUE = re.compile(
    r"(?<!\w)(?:is|are|will) (?:\w+ ){0,3}?still (?:ok|okay|on|fine|happening|coming|booked)(?!\w)"
)


def missed_visit(text: str) -> bool:
    """Whether ``text`` tells of a visit the brand booked and missed ("install no-show", "the
    engineer never turned up"), so a reply says sorry for it and offers to rebook rather
    than asking what happened."""
    lowered = text.replace("\u2019", "'").lower()
    return _MISSED.search(lowered) is not None and _STILL_DUE.search(lowered) is None
