"""An overcharge in a customer's words: charged twice, or billed more than the plan or price."""

from __future__ import annotations

import functools
import re

from bot.text.whole_words import whole_words

__all__ = ["overcharge"]


def _words(*patterns: str) -> re.Pattern[str]:
    # Searched in lowercased text.
    return re.compile(whole_words(*patterns))


# A run of digits is tried from its start only: "1.1.1…" tried from every dot costs the square
# of its length on a public comment.
_MONEY = (
    r"(?:[£$€₹]\s?\d[\d,.]*|(?<![\w.,])\d[\d,.]*\s?"
    r"(?:dollars|bucks|pounds|quid|euros?|rs|inr|usd|gbp))"
)
_CHARGED = (
    r"(?:charged|billed|charging|billing|debited|deducted|took|taken|taking|withdrew|withdrawn)"
)
# "Charged me twice", "billed $40 more than my plan", "my bill is £30 higher than it should
# be", "a double charge": money taken that the customer did not agree to. A remark that prices
# are high ("too expensive", "prices went up") is no overcharge.
_OVERCHARGE = _words(
    _CHARGED + r" (?:me |us |my \w+ |our \w+ )?(?:\w+ )?(?:twice|two times|double|2x|x2|three times"
    r"|thrice|again for|for the same|more than once)",
    _CHARGED
    + r" (?:me |us )?(?:an? )?(?:extra|additional)? ?"
    + _MONEY
    + r" (?:more|extra|too much|over)",
    _CHARGED + r" (?:me |us )?(?:more|extra|too much|over) (?:than|for)",
    r"(?:bill|invoice|statement|charge|payment)s? (?:\w+ ){0,2}?(?:is|was|are|were|came|went|has"
    r" gone|have gone|came out|come out|came to|shows?|showed)(?: up)? (?:by |to |at )?(?:an? )?"
    r"(?:" + _MONEY + r" )?(?:more|higher|extra|over) than (?:my|the|our|what|it|i|we|usual|normal"
    r"|last)",
    _MONEY + r" (?:more|extra|higher|over) than (?:my|the|our|what|usual|normal|agreed|quoted"
    r"|expected|last)",
    r"overcharg\w*|over-charg\w*|double[- ]?charg\w*|double[- ]?bill\w*|charged double"
    r"|duplicate (?:charges?|payments?|transactions?)|(?:two|2|three|3) (?:identical |separate )?"
    r"(?:charges|payments|debits|transactions) (?:for|of) (?:the same|one)",
)


@functools.lru_cache(maxsize=1024)
def overcharge(text: str) -> str | None:
    """The words that say the customer was charged twice or more than agreed, or None."""
    match = _OVERCHARGE.search(text.replace("\u2019", "'").lower())
    return match.group(0) if match else None
