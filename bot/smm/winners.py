"""Winners: ad sets clearly and steadily beating target with room to take more budget."""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np

from bot.models import Alert
from bot.smm.context import Context, LevelView, make_alert
from bot.smm.frame import CLICKS, REACH, REACH_IMPRESSIONS, RESULTS, REVENUE, SPEND, BoolArray
from bot.smm.kpis import ratio
from bot.smm.suggestions import for_winner
from bot.smm.text import fmt_count, fmt_kpi, fmt_money

__all__ = ["detect_winners"]

_PENDING = timedelta(hours=6)
_RECENT_DAYS = 3
_STEADY = 1.2


def _leaf_groups(ctx: Context, view: LevelView) -> BoolArray:
    """Ad sets, and campaigns reported without ad sets."""
    if view.level == "adset":
        return np.ones(len(view), dtype=np.bool_)
    adset_view = ctx.view("adset", "day")
    with_adsets = {k[:3] for k in adset_view.keys} if adset_view is not None else set()
    return np.array([k[:3] not in with_adsets for k in view.keys], dtype=np.bool_)


def detect_winners(ctx: Context) -> list[Alert]:
    """ScaleWinner where CPA (or ROAS) beats target by a margin, steadily, unsaturated."""
    s = ctx.settings
    alerts: list[Alert] = []
    for level in ("adset", "campaign"):
        view = ctx.view(level, "day")  # type: ignore[arg-type]
        if view is None or len(view) == 0:
            continue
        week = view.window(s.winner_days)
        recent = view.window_late(_RECENT_DAYS)
        week_late = view.window_late(s.winner_days)
        results = week[RESULTS]
        # Pessimistic results (about two standard deviations low) so luck does not qualify.
        low_results = np.maximum(results - 2 * np.sqrt(results), 0)
        cost = ratio(week[SPEND], results)
        cost_high = ratio(week[SPEND], low_results)
        recent_cost = ratio(recent[SPEND], recent[RESULTS])
        week_cost_late = ratio(week_late[SPEND], week_late[RESULTS])
        roas = ratio(week[REVENUE], week[SPEND])
        roas_recent = ratio(recent[REVENUE], recent[SPEND])
        frequency = ratio(week[REACH_IMPRESSIONS], week[REACH])
        target_cpa = view.target("target_cpa")
        target_roas = view.target("target_roas")
        with np.errstate(invalid="ignore"):
            unsaturated = np.isnan(frequency) | (frequency < s.winner_max_frequency)
            base = (
                view.active
                & _leaf_groups(ctx, view)
                & (results >= s.winner_min_results)
                & unsaturated
            )
            by_cpa = (
                base
                & (cost <= (1 - s.winner_margin) * target_cpa)
                & (cost_high <= target_cpa)
                & (recent_cost <= target_cpa)
                & (recent_cost <= _STEADY * week_cost_late)
            )
            by_roas = (
                base
                & np.isnan(target_cpa)
                & (roas >= (1 + s.winner_margin) * target_roas)
                & (roas_recent >= target_roas)
            )
        for g in np.flatnonzero(by_cpa | by_roas).tolist():
            use_roas = bool(by_roas[g]) and not bool(by_cpa[g])
            alerts.append(
                _alert(
                    ctx,
                    view,
                    g,
                    week[:, g],
                    use_roas,
                    float(target_roas[g] if use_roas else target_cpa[g]),
                    float(frequency[g]),
                )
            )
    return alerts


def _alert(
    ctx: Context,
    view: LevelView,
    g: int,
    week: np.typing.NDArray[np.float64],
    use_roas: bool,
    target_value: float,
    frequency: float,
) -> Alert:
    s = ctx.settings
    labels = view.labels(g)
    where = "/".join(v for k, v in labels.items() if k != "brand")
    target = view.targets[g]
    if use_roas:
        kpi_name = "roas"
        value = float(week[REVENUE] / week[SPEND])
    else:
        kpi_name = "cpl" if target is not None and target.objective == "leads" else "cpa"
        value = float(week[SPEND] / week[RESULTS])
    results = float(week[RESULTS])
    low = max(results - 2 * math.sqrt(results), 0.0)
    evidence = {
        "metric": kpi_name,
        "current": fmt_kpi(kpi_name, value),
        "baseline": f"target {fmt_kpi(kpi_name, target_value)}",
        "window": f"{view.span(g, s.winner_days)} ({s.winner_days}d)",
        "volume": (
            f"spend {fmt_money(week[SPEND])}, clicks {fmt_count(week[CLICKS])}, "
            f"results {fmt_count(results)}"
        ),
        "confidence": (
            f"still beats target with {fmt_count(round(low))} results (2σ low)"
            if not use_roas
            else f"{fmt_count(results)} results; last {_RECENT_DAYS} days also above target"
        ),
        "frequency": "unknown" if math.isnan(frequency) else fmt_kpi("frequency", frequency),
    }
    summary = (
        f"{where} beats its target: {kpi_name.upper()} {fmt_kpi(kpi_name, value)} vs "
        f"{fmt_kpi(kpi_name, target_value)} over {s.winner_days}d with room to scale"
    )
    return make_alert(
        "ScaleWinner",
        labels,
        summary,
        severity="info",
        value=value,
        baseline=target_value,
        evidence=evidence,
        suggestions=for_winner(ctx, view, g, week, s.winner_days, kpi_name, target_value),
        pending_for=_PENDING,
    )
