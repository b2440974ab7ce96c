"""How the ad engine writes numbers in summaries, evidence and suggestions."""

from __future__ import annotations

import math

__all__ = ["fmt_change", "fmt_count", "fmt_kpi", "fmt_money", "fmt_pct"]

_PERCENT_KPIS = frozenset({"ctr", "cvr"})
_MONEY_KPIS = frozenset({"cpc", "cpm", "cpa", "cpl", "spend", "revenue"})


def fmt_money(value: float) -> str:
    """An amount with two decimals and thousands separators: ``1,234.50``."""
    return f"{value:,.2f}"


def fmt_count(value: float) -> str:
    """A count, whole when it is whole: ``1,234`` or ``12.5``."""
    if math.isclose(value, round(value)):
        return f"{round(value):,}"
    return f"{value:,.1f}"


def fmt_pct(value: float, digits: int = 1) -> str:
    """A fraction as a percentage: ``0.0123`` → ``1.2%``."""
    return f"{100 * value:.{digits}f}%"


def fmt_change(new: float, old: float) -> str:
    """The relative change from ``old`` to ``new``: ``+35%`` or ``-12%``."""
    if old == 0 or math.isnan(old) or math.isnan(new):
        return "n/a"
    return f"{100 * (new / old - 1):+.0f}%"


def fmt_kpi(name: str, value: float | None) -> str:
    """A KPI the way a media buyer reads it: CTR ``1.23%``, CPA ``42.10``, ROAS ``3.20x``."""
    if value is None or math.isnan(value):
        return "n/a"
    if name in _PERCENT_KPIS:
        return fmt_pct(value, 2)
    if name in _MONEY_KPIS:
        return fmt_money(value)
    if name == "roas":
        return f"{value:.2f}x"
    if name == "frequency":
        return f"{value:.2f}"
    return fmt_count(value)
