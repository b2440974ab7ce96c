"""The brands the team runs (voice, handles, FAQ) and the ad campaigns it watches."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from pydantic import Field, field_validator

from bot.config.fields import (
    AdPlatform,
    Handle,
    Language,
    NonEmpty,
    Platform,
    PositiveDuration,
    PublicName,
    PublicText,
    Section,
    Slug,
    Text,
)
from bot.smo.brand import Industry

__all__ = ["Brand", "Campaign", "FaqEntry"]


class FaqEntry(Section):
    """A question customers ask often and the brand's approved answer."""

    question: PublicName
    answer: PublicName


class Brand(Section):
    """A brand the team runs: its voice, handles, FAQ and where its drafts are reviewed."""

    id: Slug
    name: PublicName
    voice: Literal["friendly", "formal", "playful"] = "friendly"
    sign_off: PublicText = ""
    handles: dict[Platform, Handle] = Field(default_factory=dict)
    review_receiver: str | None = None
    faq: tuple[FaqEntry, ...] = ()
    languages: Annotated[tuple[Language, ...], NonEmpty] = ("en",)
    # How long a draft may wait for review before the team is reminded.
    reply_sla: PositiveDuration = timedelta(hours=4)
    shop_url: PublicText | None = None
    support_contact: PublicText | None = None
    # The public service-status page replies to "is it down?" point to.
    status_url: PublicText | None = None
    products: tuple[PublicName, ...] = ()
    # What the brand sells: picks the details and diagnostic questions replies ask for.
    industry: Industry = "retail"

    @field_validator("languages")
    @classmethod
    def _distinct_languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(value))


class Campaign(Section):
    """An ad campaign the bot watches, with the targets its alerts compare against."""

    platform: AdPlatform
    account: Text
    campaign: Text
    brand: str
    objective: Literal["purchases", "leads"] = "purchases"
    target_cpa: float | None = Field(default=None, gt=0)
    target_roas: float | None = Field(default=None, gt=0)
    monthly_budget: float | None = Field(default=None, ge=0)
    daily_budget: float | None = Field(default=None, ge=0)

    @property
    def key(self) -> tuple[str, str, str]:
        """(platform, account, campaign): how ad-metric rows name this campaign."""
        return (self.platform, self.account, self.campaign)
