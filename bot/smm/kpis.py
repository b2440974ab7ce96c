"""Ad KPIs as ratios of sums, over any array of summed metrics or a list of rows."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from bot.models import AdMetricRow
from bot.smm.frame import (
    CLICKS,
    IMPRESSIONS,
    LEVELS,
    REACH,
    REACH_IMPRESSIONS,
    RESULTS,
    REVENUE,
    SPEND,
    EntityKey,
    FloatArray,
    Level,
    build_frames,
)

__all__ = [
    "HIGHER_IS_WORSE",
    "KPI_NAMES",
    "VOLUME_INDEX",
    "KpiSet",
    "kpi",
    "kpi_table",
    "ratio",
]

KPI_NAMES: tuple[str, ...] = ("ctr", "cpc", "cpm", "cvr", "cpa", "cpl", "roas", "frequency")
"""Rates, each a ratio of two sums; ``cvr``, ``cpa`` and ``cpl`` count the campaign's results
(purchases, or leads for a leads campaign)."""

VOLUME_INDEX: dict[str, int] = {
    "impressions": IMPRESSIONS,
    "clicks": CLICKS,
    "spend": SPEND,
    "conversions": RESULTS,
    "results": RESULTS,
    "leads": RESULTS,
    "revenue": REVENUE,
    "reach": REACH,
}
"""Summable volumes by the name rules use; ``conversions`` and ``leads`` mean the results the
campaign is bought for. Reach summed over several buckets over-counts people seen twice."""

HIGHER_IS_WORSE: frozenset[str] = frozenset({"cpc", "cpm", "cpa", "cpl", "frequency"})

_RATIOS: dict[str, tuple[int, int, float]] = {
    "ctr": (CLICKS, IMPRESSIONS, 1.0),
    "cpc": (SPEND, CLICKS, 1.0),
    "cpm": (SPEND, IMPRESSIONS, 1000.0),
    "cvr": (RESULTS, CLICKS, 1.0),
    "cpa": (SPEND, RESULTS, 1.0),
    "cpl": (SPEND, RESULTS, 1.0),
    "roas": (REVENUE, SPEND, 1.0),
    "frequency": (REACH_IMPRESSIONS, REACH, 1.0),
}


def ratio(numerator: FloatArray, denominator: FloatArray, scale: float = 1.0) -> FloatArray:
    """``scale * numerator / denominator``, NaN where the denominator is zero."""
    safe = np.where(denominator > 0, denominator, 1.0)
    out: FloatArray = np.where(denominator > 0, scale * numerator / safe, np.nan)
    return out


def kpi(name: str, sums: FloatArray) -> FloatArray:
    """One KPI or volume from ``sums[metric, ...]`` (any trailing shape), as a ratio of sums."""
    if name in _RATIOS:
        top, bottom, scale = _RATIOS[name]
        return ratio(sums[top], sums[bottom], scale)
    if name in VOLUME_INDEX:
        out: FloatArray = sums[VOLUME_INDEX[name]]
        return out
    raise KeyError(name)


@dataclass(frozen=True, slots=True)
class KpiSet:
    """The sums and KPIs of one object over one period; a KPI is None when undefined."""

    impressions: float
    clicks: float
    spend: float
    results: float
    revenue: float
    reach: float
    ctr: float | None
    cpc: float | None
    cpm: float | None
    cvr: float | None
    cpa: float | None
    roas: float | None
    frequency: float | None

    @classmethod
    def from_sums(cls, sums: FloatArray) -> KpiSet:
        """From a vector of sums in ``frame.METRICS`` order."""

        def rate(name: str) -> float | None:
            value = float(kpi(name, sums))
            return None if np.isnan(value) else value

        return cls(
            impressions=float(sums[IMPRESSIONS]),
            clicks=float(sums[CLICKS]),
            spend=float(sums[SPEND]),
            results=float(sums[RESULTS]),
            revenue=float(sums[REVENUE]),
            reach=float(sums[REACH]),
            ctr=rate("ctr"),
            cpc=rate("cpc"),
            cpm=rate("cpm"),
            cvr=rate("cvr"),
            cpa=rate("cpa"),
            roas=rate("roas"),
            frequency=rate("frequency"),
        )


def kpi_table(
    rows: Sequence[AdMetricRow],
    level: Level,
    now: datetime,
    *,
    days: int = 7,
    leads_campaigns: Collection[tuple[str, str, str]] = frozenset(),
) -> dict[EntityKey, KpiSet]:
    """KPIs per object at ``level`` over the last ``days`` complete days before ``now``."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    frames = build_frames(rows, now, leads_campaigns=leads_campaigns, history_days=days)
    if frames.daily is None:
        return {}
    groups = frames.daily.groups(level)
    end = np.full(len(groups), frames.daily.length, dtype=np.int64)
    sums = groups.window(end, days)
    return {key: KpiSet.from_sums(sums[:, g]) for g, key in enumerate(groups.keys)}
