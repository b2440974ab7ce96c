"""Concerns that get their own reply ("concern.j2") rather than a fault template: which ones,
which a person must answer, and when a reply should say the concern's own words."""

from __future__ import annotations

from bot.smo.escalation import Escalation
from bot.smo.topics import Concern

__all__ = ["BY_A_PERSON", "CONCERN_REPLIES", "concern_reply"]

# Concerns that get their own reply ("concern.j2") rather than a fault template, and the
# note for those a person must answer.
CONCERN_REPLIES = frozenset(
    {
        "staff",
        "access",
        "promo",
        "price",
        "catering",
        "onboard",
        "preorder",
        "upgrade",
        "repair",
        "reward",
        "refused",
    }
)
BY_A_PERSON = {
    "staff": "a complaint about a member of staff — a team lead reads it and answers",
    "price": (
        "a point about our prices — the suggested text is a holding reply; add why the prices"
        " differ or what the price includes if you can"
    ),
}


def concern_reply(
    concern: Concern, template: str, escalation: Escalation | None, kind: str | None
) -> bool:
    """Whether a reply of ``template`` should say ``concern``'s own words instead (``kind``
    is how a reply in a thread answers us, see ``follow_up_kind``)."""
    if concern.kind not in CONCERN_REPLIES:
        return False
    if template in ("complaint", "support", "purchase_intent"):
        return True
    if template == "follow_up" and kind in ("info", "unresolved"):
        return True  # more about a PIN, an upgrade, a code: the same words as a first message
    # A question about an upgrade or a pre-order, or how to complain about someone, is about
    # the customer's own account: acknowledged, and a person looks.
    return (
        template == "by_hand"
        and escalation is None
        and concern.kind in ("staff", "preorder", "upgrade", "price")
    )
