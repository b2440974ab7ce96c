"""Small synthetic ad-metric series with planted patterns, for the ad engine's tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import numpy as np

from bot.models import AdMetricRow, Alert
from bot.smm.targets import CampaignTarget, Objective

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)

Effect = Callable[[int], dict[str, float]]
"""Multipliers for the day ``age`` days before today (1 = yesterday), e.g. {"cvr": 0.5}."""


@dataclass(frozen=True, slots=True)
class Shape:
    """The steady state of one ad: daily impressions and its rates."""

    impressions: float = 20_000
    ctr: float = 0.02
    cpc: float = 0.8
    cvr: float = 0.05
    aov: float = 60.0
    frequency: float = 1.3
    weekend: float = 0.85
    weekend_cvr: float = 1.0


def daily(
    *,
    days: int = 42,
    now: datetime = NOW,
    seed: int = 0,
    platform: str = "meta",
    account: str = "acct-1",
    campaign: str = "Shoes",
    adset: str = "",
    ad: str = "",
    shape: Shape = Shape(),
    effect: Effect | None = None,
    noise: bool = True,
) -> list[AdMetricRow]:
    """One object's daily rows for the ``days`` complete days before ``now``."""
    rng = np.random.default_rng(seed)
    today = now.date()
    rows = []
    for age in range(days, 0, -1):
        day = today - timedelta(days=age)
        change = effect(age) if effect else {}
        s = replace(shape, **{k: getattr(shape, k) * v for k, v in change.items()})
        weekend = day.weekday() >= 5
        mean = s.impressions * (s.weekend if weekend else 1.0)
        cvr = s.cvr * (s.weekend_cvr if weekend else 1.0)
        impressions = int(rng.poisson(mean)) if noise else round(mean)
        clicks = int(rng.binomial(impressions, s.ctr)) if noise else round(impressions * s.ctr)
        conversions = int(rng.binomial(clicks, cvr)) if noise else round(clicks * cvr)
        rows.append(
            AdMetricRow(
                bucket=day.isoformat(),
                granularity="day",
                platform=platform,
                account=account,
                campaign=campaign,
                adset=adset,
                ad=ad,
                impressions=impressions,
                clicks=clicks,
                spend=round(clicks * s.cpc, 2),
                conversions=float(conversions),
                revenue=round(conversions * s.aov, 2),
                reach=max(round(impressions / s.frequency), 1) if impressions else 0,
            )
        )
    return rows


def hourly(
    *,
    hours: int = 24 * 10,
    now: datetime = NOW,
    seed: int = 0,
    account: str = "acct-1",
    campaign: str = "Shoes",
    shape: Shape = Shape(),
    effect: Callable[[int], dict[str, float]] | None = None,
) -> list[AdMetricRow]:
    """Hourly rows for the ``hours`` complete hours before ``now``; ``effect`` takes hours ago."""
    rng = np.random.default_rng(seed)
    start = now.replace(minute=0, second=0, microsecond=0)
    rows = []
    for age in range(hours, 0, -1):
        moment = start - timedelta(hours=age)
        change = effect(age) if effect else {}
        s = replace(shape, **{k: getattr(shape, k) * v for k, v in change.items()})
        daylight = 0.4 + 0.6 * np.sin(np.pi * moment.hour / 24) ** 2
        impressions = int(rng.poisson(s.impressions / 24 * daylight * 2))
        clicks = int(rng.binomial(impressions, s.ctr))
        conversions = int(rng.binomial(clicks, s.cvr))
        rows.append(
            AdMetricRow(
                bucket=moment.isoformat(),
                granularity="hour",
                platform="meta",
                account=account,
                campaign=campaign,
                adset="",
                ad="",
                impressions=impressions,
                clicks=clicks,
                spend=round(clicks * s.cpc, 2),
                conversions=float(conversions),
                revenue=round(conversions * s.aov, 2),
            )
        )
    return rows


def target(
    campaign: str = "Shoes",
    *,
    account: str = "acct-1",
    target_cpa: float | None = None,
    target_roas: float | None = None,
    monthly_budget: float | None = None,
    daily_budget: float | None = None,
    objective: Objective = "purchases",
) -> CampaignTarget:
    return CampaignTarget(
        platform="meta",
        account=account,
        campaign=campaign,
        brand="acme",
        objective=objective,
        target_cpa=target_cpa,
        target_roas=target_roas,
        monthly_budget=monthly_budget,
        daily_budget=daily_budget,
    )


def names(alerts: Sequence[Alert]) -> list[str]:
    return sorted(a.labels["alertname"] for a in alerts)
