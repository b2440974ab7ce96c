"""What a KPI alert costs in money, per day and so far, and the ranking by it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bot.smm.text import fmt_money

__all__ = [
    "AT_STAKE",
    "Money",
    "at_stake",
    "extra_spend",
    "for_rule",
    "paid_above",
    "revenue_lost",
]

AT_STAKE = "at_stake"
"""The evidence key holding the money at stake so far, as a plain amount (``1,240.00``):
alerts are ranked by it in chat, the stand-up and ``alerts list``."""

Kind = Literal[
    "extra spend",
    "revenue lost",
    "spend without its usual clicks",
    "budget",
    "paid above the usual price",
]


@dataclass(frozen=True, slots=True)
class Money:
    """An alert's cost: ``per_day`` over its window and ``so_far`` since the onset; an
    alert judged on hourly rows says it per hour (``unit``)."""

    kind: Kind
    per_day: float
    so_far: float
    reference: str
    since: str
    unit: Literal["day", "hour"] = "day"

    def evidence(self) -> dict[str, str]:
        """``money`` in words and ``at_stake`` as the amount the alerts are ranked by."""
        per_day = max(self.per_day, 0.0)
        so_far = max(self.so_far, 0.0)
        words = (
            f"≈{fmt_money(per_day)}/{self.unit} {self.kind} against {self.reference}; "
            f"{fmt_money(so_far)} so far ({self.since})"
        )
        return {"money": words, AT_STAKE: fmt_money(so_far)}


def extra_spend(spend: float, results: float, expected: float) -> float:
    """Spend beyond what the results would have cost at the normal CPA: with ``expected``
    results for this spend, the normal CPA is ``spend / expected``."""
    if expected <= 0 or not math.isfinite(expected):
        return 0.0
    return max(spend - results * spend / expected, 0.0)


def paid_above(
    spend: float,
    bought: float,
    usual: float,
    reference: str,
    length: int,
    since: str,
    unit: Literal["day", "hour"] = "day",
) -> Money:
    """What a CPC (CPM) spike cost: ``spend`` bought ``bought`` clicks (impressions) where
    the usual price would have bought ``usual``, so (price now - usual price) × what was
    bought, over ``length`` days (hours)."""
    extra = extra_spend(spend, bought, usual)
    return Money(
        "paid above the usual price", extra / max(length, 1), extra, reference, since, unit
    )


def revenue_lost(revenue: float, expected_revenue: float) -> float:
    """Revenue short of what the normal ROAS would have brought for the same spend."""
    if not math.isfinite(expected_revenue):
        return 0.0
    return max(expected_revenue - revenue, 0.0)


def at_stake(evidence: Mapping[str, object] | None) -> float:
    """The money an alert's evidence puts at stake (0 when it names none)."""
    if not evidence:
        return 0.0
    text = evidence.get(AT_STAKE)
    if not isinstance(text, str):
        return 0.0
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        return 0.0
    return value if math.isfinite(value) else 0.0


def for_rule(
    metric: str, spend: float, results: float, revenue: float, reference: float, days: float
) -> Money | None:
    """A rule's money against its reference (target, baseline or constant) over its window:
    extra spend for a cost per result, revenue lost for ROAS; None for other metrics."""
    if not math.isfinite(reference) or reference <= 0 or days <= 0:
        return None
    if metric in ("cpa", "cpl"):
        extra = max(spend - results * reference, 0.0)
        word = f"{metric.upper()} {fmt_money(reference)}"
        return Money("extra spend", extra / days, extra, word, f"the window's {days:g} days")
    if metric == "roas":
        lost = max(spend * reference - revenue, 0.0)
        word = f"ROAS {reference:.2f}x"
        return Money("revenue lost", lost / days, lost, word, f"the window's {days:g} days")
    return None
