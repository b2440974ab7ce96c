"""Personal details a customer posts for everyone to see: a bank's reply asks them not to."""

from __future__ import annotations

import re

from bot.smo.situations import details_sent, posts_private

__all__ = ["shown_in_public"]

# A case, claim or order number is the matter's reference, no personal detail ("my case ID is
# PP-006-234-348-863"): left out before phone and account numbers are looked for.
_A_REFERENCE = re.compile(
    r"(?<!\w)(?:case|claim|dispute|transaction|order|booking|ticket|tracking|confirmation"
    r"|ref(?:erence)?)(?: id| no\.?| number| #)?(?: is)?[\s:#-]*[A-Z]{0,4}-?\d[\d -]*",
    re.IGNORECASE,
)
# A card number masked in an export of public posts.
_MASKED_CARD = re.compile(r"(?<!\w)__credit_card__(?!\w)")


def shown_in_public(text: str) -> tuple[str, ...]:
    """The personal details ``text`` shows everyone ("account number", "phone number", "email
    address"), as a reply may name their kind (never the detail itself)."""
    unreferenced = _A_REFERENCE.sub(" ", text)
    sent = details_sent(unreferenced)
    shown: list[str] = [d for d in ("phone number", "email address") if d in sent]
    if "phone number" not in shown and (
        posts_private(unreferenced) or _MASKED_CARD.search(text) is not None
    ):
        shown.insert(0, "account number")
    return tuple(shown)
