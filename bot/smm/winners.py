"""Winners: ad sets clearly and steadily beating target with room to take more budget."""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np

from bot.labels import how_sure
from bot.models import Alert
from bot.smm.anomaly import p_value
from bot.smm.context import Context, LevelView, make_alert
from bot.smm.frame import (
    CLICKS,
    REACH,
    REACH_IMPRESSIONS,
    RESULTS,
    REVENUE,
    SPEND,
    BoolArray,
    FloatArray,
    Level,
)
from bot.smm.kpis import ratio
from bot.smm.rules import significance
from bot.smm.settings import EngineSettings
from bot.smm.suggestions import for_winner
from bot.smm.text import fmt_count, fmt_kpi, fmt_money

__all__ = ["detect_winners"]

_PENDING = timedelta(hours=6)


def _leaf_groups(ctx: Context, view: LevelView) -> BoolArray:
    """Ad sets, and campaigns reported without ad sets."""
    if view.level == "adset":
        return np.ones(len(view), dtype=np.bool_)
    adset_view = ctx.view("adset", "day")
    with_adsets = {k[:3] for k in adset_view.keys} if adset_view is not None else set()
    return np.array([k[:3] not in with_adsets for k in view.keys], dtype=np.bool_)


def _qualify(
    view: LevelView,
    leaf: BoolArray,
    s: EngineSettings,
    offset: int,
    bar: tuple[float, float, float],
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, BoolArray, BoolArray]:
    """The winner test as of ``offset`` days back at ``bar``: the share of ``winner_margin``
    the span must beat target by, its significance, and the share the recent week must beat
    it by. Returns the span's sums, frequency, z by CPA and ROAS, and who passes by each."""
    margin, z, recent_margin = bar
    span = view.window(s.winner_days, offset)
    recent = view.window(s.winner_recent_days, offset)
    results = span[RESULTS]
    cost = ratio(span[SPEND], results)
    recent_cost = ratio(recent[SPEND], recent[RESULTS])
    roas = ratio(span[REVENUE], span[SPEND])
    recent_roas = ratio(recent[REVENUE], recent[SPEND])
    frequency = ratio(span[REACH_IMPRESSIONS], span[REACH])
    target_cpa = view.target("target_cpa")
    target_roas = view.target("target_roas")
    share = 1 - s.winner_margin * margin
    recent_share = 1 - s.winner_margin * recent_margin
    with np.errstate(invalid="ignore", divide="ignore"):
        z_cpa = significance("cpa", "<", span, target_cpa)
        z_roas = significance("roas", ">", span, target_roas)
        unsaturated = np.isnan(frequency) | (frequency < s.winner_max_frequency)
        base = view.active & leaf & (results >= s.winner_min_results) & unsaturated
        by_cpa = (
            base
            & (cost <= share * target_cpa)
            & (recent_cost <= recent_share * target_cpa)
            & (z_cpa >= z)
        )
        by_roas = (
            base
            & np.isnan(target_cpa)
            & (roas * share >= target_roas)
            & (recent_roas * recent_share >= target_roas)
            & (z_roas >= z)
        )
    return span, frequency, z_cpa, z_roas, by_cpa, by_roas


def detect_winners(ctx: Context) -> list[Alert]:
    """ScaleWinner where CPA (or ROAS) beats target by a margin, steadily, unsaturated.

    Over ``winner_days`` the cost per result (or ROAS) must beat target by ``winner_margin``
    and be significantly better than target (Poisson z on the results the target would
    buy); the last ``winner_recent_days`` must beat it by the margin too, so a lucky week
    or a fading winner does not qualify; and frequency must leave room to reach more people.
    """
    s = ctx.settings
    alerts: list[Alert] = []
    levels: tuple[Level, ...] = ("adset", "campaign")
    for level in levels:
        view = ctx.view(level, "day")
        if view is None or len(view) == 0:
            continue
        leaf = _leaf_groups(ctx, view)
        full = (1.0, s.winner_z, 1.0)
        # Hysteresis: the span by half the margin at a lower significance, and the recent
        # week merely beating target (a week of ~30 results swings ±20 % on its own).
        loose = (0.5, s.winner_z_stay, 0.0)
        span, frequency, z_cpa, z_roas, by_cpa, by_roas = _qualify(view, leaf, s, 0, full)
        target_cpa = view.target("target_cpa")
        target_roas = view.target("target_roas")
        # Hysteresis: a winner found on one of the last ``winner_hold_days`` mornings stays one
        # while it beats target by half the margin on every morning since, so a winner near
        # the margin is one episode rather than one alert every week.
        holding = np.ones(len(view), dtype=np.bool_)
        kept = np.zeros(len(view), dtype=np.bool_)
        loose_now: tuple[BoolArray, BoolArray] | None = None
        for offset in range(s.winner_hold_days + 1):
            *_, loose_cpa, loose_roas = _qualify(view, leaf, s, offset, loose)
            loose_now = loose_now or (loose_cpa, loose_roas)
            holding &= loose_cpa | loose_roas
            if offset > 0 and holding.any():
                *_, was_cpa, was_roas = _qualify(view, leaf, s, offset, full)
                kept |= holding & (was_cpa | was_roas)
        assert loose_now is not None
        kept &= ~(by_cpa | by_roas)
        by_cpa = by_cpa | (kept & loose_now[0])
        by_roas = by_roas | (kept & loose_now[1] & ~loose_now[0])
        for g in np.flatnonzero(by_cpa | by_roas).tolist():
            use_roas = bool(by_roas[g]) and not bool(by_cpa[g])
            alerts.append(
                _alert(
                    ctx,
                    view,
                    g,
                    span[:, g],
                    use_roas,
                    float(target_roas[g] if use_roas else target_cpa[g]),
                    float(frequency[g]),
                    float(z_roas[g] if use_roas else z_cpa[g]),
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
    z: float,
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
    evidence = {
        "metric": kpi_name,
        "current": fmt_kpi(kpi_name, value),
        "baseline": f"target {fmt_kpi(kpi_name, target_value)}",
        "window": f"{view.span(g, s.winner_days)} ({s.winner_days}d)",
        "volume": (
            f"spend {fmt_money(week[SPEND])}, clicks {fmt_count(week[CLICKS])}, "
            f"results {fmt_count(results)}"
        ),
        "confidence": how_sure(p_value(z)),
        "test": (
            f"z={z:.1f}, p={p_value(z):.1e} that it beats target "
            f"(Poisson, {fmt_count(results)} results)"
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
