"""What the ad engine is told about each campaign and organic post, as frozen values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["BoostCandidate", "CampaignTarget", "Objective"]

Objective = Literal["purchases", "leads"]


@dataclass(frozen=True, slots=True)
class CampaignTarget:
    """Targets and budgets of one campaign, mapped by the caller from the workspace config.

    For a ``leads`` campaign the cost per result is the cost per lead (CPL) and
    ``target_cpa`` is the target CPL. ``monthly_budget`` wins over ``daily_budget`` for
    pacing; a daily budget alone is read as that amount every day of the month.
    """

    platform: str
    account: str
    campaign: str
    brand: str = ""
    objective: Objective = "purchases"
    target_cpa: float | None = None
    target_roas: float | None = None
    monthly_budget: float | None = None
    daily_budget: float | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.platform, self.account, self.campaign)


@dataclass(frozen=True, slots=True)
class BoostCandidate:
    """An organic post the engagement engine found strong enough to promote."""

    post_key: str
    platform: str
    brand: str
    impressions: int
    engagements: int
    clicks: int = 0
    url: str | None = None
    reason: str = ""

    @property
    def engagement_rate(self) -> float:
        return self.engagements / self.impressions if self.impressions else 0.0
