"""What a KPI alert costs in money, per day (or hour) and so far, and the ranking by it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bot.smm.text import fmt_money

__all__ = [
    "AT_STAKE",
    "Money",
    "Period",
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
    "paid above the rule's price",
]

Period = Literal["day", "hour"]
"""The bucket an alert was judged on, and so the period its rate of money is given per."""


@dataclass(frozen=True, slots=True)
class Money:
    """An alert's cost: ``per_period`` is the rate over its window, per ``period`` (a day on
    daily rows, an hour on hourly rows), and ``so_far`` the total since the onset."""

    kind: Kind
    per_period: float
    so_far: float
    reference: str
    since: str
    period: Period = "day"

    def evidence(self) -> dict[str, str]:
        """``money`` in words and ``at_stake`` as the amount the alerts are ranked by."""
        rate = max(self.per_period, 0.0)
        so_far = max(self.so_far, 0.0)
        words = (
            f"≈{fmt_money(rate)} {self.kind} per {self.period} against {self.reference}; "
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
    period: Period = "day",
    kind: Kind = "paid above the usual price",
) -> Money:
    """What a CPC (CPM) spike cost: ``spend`` bought ``bought`` clicks (impressions) where
    the usual price would have bought ``usual``, so (price now - usual price) × what was
    bought, over ``length`` days (hours, ``period``)."""
    extra = extra_spend(spend, bought, usual)
    return Money(kind, extra / max(length, 1), extra, reference, since, period)


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


# What a cost is paid for, and per how many of them it is quoted (CPM: per thousand).
_PRICED = {"cpc": ("CPC", 1.0), "cpm": ("CPM", 1000.0)}


def for_rule(
    metric: str,
    spend: float,
    bought: float,
    revenue: float,
    reference: float,
    length: int,
    period: Period = "day",
    *,
    usual: bool = False,
) -> Money | None:
    """A rule's money against its reference (target, baseline or constant) over its window
    of ``length`` days (hours, ``period``): extra spend for a cost per result, revenue lost
    for ROAS, spend paid above the price for a CPC or CPM; None for other metrics.

    ``bought`` is what the cost is paid per (results, clicks or impressions); ``usual`` says
    the reference is the metric's own history rather than a price the team set."""
    if not math.isfinite(reference) or reference <= 0 or length <= 0:
        return None
    plural = "s" if length != 1 else ""
    since = f"the window's {length} {period}{plural}"
    if metric in ("cpa", "cpl"):
        extra = max(spend - bought * reference, 0.0)
        word = f"{metric.upper()} {fmt_money(reference)}"
        return Money("extra spend", extra / length, extra, word, since, period)
    if metric == "roas":
        lost = max(spend * reference - revenue, 0.0)
        word = f"ROAS {reference:.2f}x"
        return Money("revenue lost", lost / length, lost, word, since, period)
    if metric in _PRICED:
        # What the spend would have bought at the reference price, as the CPC and CPM
        # detectors price a spike: (price now - reference) × what was bought.
        name, per = _PRICED[metric]
        at_reference = spend * per / reference
        kind: Kind = "paid above the usual price" if usual else "paid above the rule's price"
        word = f"{name} {fmt_money(reference)}"
        return paid_above(spend, bought, at_reference, word, length, since, period, kind)
    return None
