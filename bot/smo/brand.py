"""The slice of a brand's workspace settings that the engagement engine drafts with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

__all__ = ["INDUSTRIES", "VOICES", "BrandProfile", "Industry", "Voice"]

Voice = Literal["friendly", "formal", "playful"]
VOICES: tuple[Voice, ...] = ("friendly", "formal", "playful")
# What the brand sells decides what a reply asks for (an order number, a booking reference, the
# app version) and what it calls the customer's thing ("your order", "your service"). A
# "delivery" brand carries parcels for others (a courier): it asks for the tracking number and
# the delivery address, never an order number or a store.
Industry = Literal[
    "retail", "restaurant", "telco", "software", "games", "travel", "finance", "delivery", "other"
]
INDUSTRIES: tuple[Industry, ...] = (
    "retail",
    "restaurant",
    "telco",
    "software",
    "games",
    "travel",
    "finance",
    "delivery",
    "other",
)


def _no_handles() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class BrandProfile:
    """Who the brand is when it answers: voice, sign-off, FAQ, languages and handles.

    ``faq`` holds (question, answer) pairs; ``languages`` lists ISO 639-1 codes the team
    replies in, the first being the default; ``handles`` maps a platform to the brand's own
    handle (without ``@``). ``shop_url``, ``products``, ``support_contact`` and ``status_url``
    are optional extras that make drafts more specific when the workspace provides them;
    ``industry`` picks the details and diagnostic questions a reply asks for.
    """

    id: str
    name: str
    voice: Voice = "friendly"
    sign_off: str = ""
    faq: tuple[tuple[str, str], ...] = ()
    languages: tuple[str, ...] = ("en",)
    review_receiver: str | None = None
    handles: Mapping[str, str] = field(default_factory=_no_handles)
    shop_url: str | None = None
    products: tuple[str, ...] = ()
    support_contact: str | None = None
    industry: Industry = "retail"
    # The public service-status page an outage question is pointed to.
    status_url: str | None = None

    @property
    def default_language(self) -> str:
        return self.languages[0] if self.languages else "en"

    @property
    def own_handles(self) -> frozenset[str]:
        return frozenset(h.lstrip("@").lower() for h in self.handles.values())
