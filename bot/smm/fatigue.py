"""Creative fatigue: an ad's frequency climbing while its CTR falls."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from bot.labels import how_sure
from bot.models import Alert
from bot.smm.anomaly import p_value
from bot.smm.context import Context, LevelView, make_alert
from bot.smm.frame import (
    CLICKS,
    IMPRESSIONS,
    REACH,
    REACH_IMPRESSIONS,
    SPEND,
    BoolArray,
    FloatArray,
    IntArray,
    Level,
)
from bot.smm.kpis import ratio
from bot.smm.money import Money
from bot.smm.settings import EngineSettings
from bot.smm.suggestions import for_fatigue
from bot.smm.text import fmt_change, fmt_count, fmt_kpi, fmt_money

__all__ = ["detect_fatigue"]

_PENDING = timedelta(hours=2)
_RISE = 1.1


def _leaf_mask(ctx: Context, view: LevelView) -> BoolArray:
    """Ads, or ad sets reported without ads: the objects that carry a creative."""
    if view.level == "ad":
        return np.ones(len(view), dtype=np.bool_)
    frame = ctx.frame("day")
    leaves = {key[:4] for key in frame.entities if not key[4]} if frame else set()
    return np.array([key[:4] in leaves for key in view.keys], dtype=np.bool_)


def detect_fatigue(ctx: Context) -> list[Alert]:
    """CreativeFatigue per ad: CTR down ≥ 30 % (significantly) while frequency ≥ 2.5 and rising."""
    s = ctx.settings
    alerts: list[Alert] = []
    levels: tuple[Level, ...] = ("ad", "adset")
    for level in levels:
        view = ctx.view(level, "day")
        if view is None or len(view) == 0:
            continue
        recent = view.window(s.fatigue_recent_days)
        reference, ref_offset = _peak(view, s.fatigue_recent_days, s)
        ctr_now = ratio(recent[CLICKS], recent[IMPRESSIONS])
        ctr_ref = ratio(reference[CLICKS], reference[IMPRESSIONS])
        freq_now = ratio(recent[REACH_IMPRESSIONS], recent[REACH])
        freq_ref = ratio(reference[REACH_IMPRESSIONS], reference[REACH])
        z = _two_proportion_z(
            reference[CLICKS], reference[IMPRESSIONS], recent[CLICKS], recent[IMPRESSIONS]
        )
        with np.errstate(invalid="ignore"):
            hit = (
                view.active
                & _leaf_mask(ctx, view)
                & (recent[IMPRESSIONS] >= s.fatigue_min_impressions)
                & (reference[IMPRESSIONS] >= s.fatigue_min_impressions)
                & (ctr_now <= (1 - s.fatigue_ctr_drop) * ctr_ref)
                & (freq_now >= s.fatigue_frequency)
                & (freq_now >= _RISE * freq_ref)
                & (z >= s.z_threshold)
            )
        for g in np.flatnonzero(hit).tolist():
            alerts.append(
                _alert(
                    ctx,
                    view,
                    g,
                    (float(ctr_now[g]), float(ctr_ref[g])),
                    (float(freq_now[g]), float(freq_ref[g])),
                    float(z[g]),
                    reference[:, g],
                    int(ref_offset[g]),
                )
            )
    return alerts


def _peak(view: LevelView, recent_days: int, s: EngineSettings) -> tuple[FloatArray, IntArray]:
    """Per group, the sums of its best-CTR reference window in the weeks before the recent days.

    Fatigue is a slide from where the creative was at its best, so the recent CTR is held
    against that peak rather than against the days just before, which are already sliding.
    """
    length = s.fatigue_reference_days
    offsets = range(recent_days, recent_days + max(s.fatigue_lookback_days - length, 0) + 1)
    best = view.window(length, recent_days)
    best_ctr = np.full(len(view), -1.0)
    best_offset = np.full(len(view), recent_days, dtype=np.int64)
    for offset in offsets:
        sums = view.window(length, offset)
        ctr = np.nan_to_num(ratio(sums[CLICKS], sums[IMPRESSIONS]), nan=-1.0)
        better = (ctr > best_ctr) & (sums[IMPRESSIONS] >= s.fatigue_min_impressions)
        best = np.where(better[None, :], sums, best)
        best_ctr = np.where(better, ctr, best_ctr)
        best_offset = np.where(better, offset, best_offset)
    return best, best_offset


def _two_proportion_z(
    clicks_a: FloatArray, impressions_a: FloatArray, clicks_b: FloatArray, impressions_b: FloatArray
) -> FloatArray:
    """z for the rate of window ``a`` being above that of window ``b`` (pooled variance)."""
    total = impressions_a + impressions_b
    pooled = ratio(clicks_a + clicks_b, total)
    var = (
        pooled
        * (1 - pooled)
        * (
            1 / np.where(impressions_a > 0, impressions_a, np.nan)
            + 1 / np.where(impressions_b > 0, impressions_b, np.nan)
        )
    )
    diff = ratio(clicks_a, impressions_a) - ratio(clicks_b, impressions_b)
    out: np.typing.NDArray[np.float64] = np.where(
        var > 0, diff / np.sqrt(np.where(var > 0, var, 1)), 0.0
    )
    return np.nan_to_num(out)


def _alert(
    ctx: Context,
    view: LevelView,
    g: int,
    ctr: tuple[float, float],
    freq: tuple[float, float],
    z: float,
    reference: FloatArray,
    ref_offset: int,
) -> Alert:
    s = ctx.settings
    recent = view.window(s.fatigue_recent_days)[:, g]
    labels = view.labels(g)
    where = "/".join(v for k, v in labels.items() if k != "brand")
    window = view.span(g, s.fatigue_recent_days)
    evidence = {
        "metric": "ctr",
        "current": f"CTR {fmt_kpi('ctr', ctr[0])}, frequency {fmt_kpi('frequency', freq[0])}",
        "baseline": (
            f"CTR {fmt_kpi('ctr', ctr[1])}, frequency {fmt_kpi('frequency', freq[1])} over "
            f"{view.span(g, s.fatigue_reference_days, ref_offset)} (its best week)"
        ),
        "window": f"{window} ({s.fatigue_recent_days}d)",
        "volume": (
            f"impressions {fmt_count(recent[IMPRESSIONS])}, clicks {fmt_count(recent[CLICKS])}, "
            f"spend {fmt_money(recent[SPEND])}"
        ),
        "confidence": how_sure(p_value(z)),
        "test": f"z={z:.1f}, p={p_value(z):.1e} (two-proportion test on clicks/impressions)",
    }
    days = s.fatigue_recent_days
    spent = float(recent[SPEND])
    lost_share = max(1 - ctr[0] / ctr[1], 0.0) if ctr[1] > 0 else 0.0
    first = f"since {date.fromordinal(view.last_bucket(g) - days + 1).isoformat()}"
    money = Money(
        "spend without its usual clicks",
        spent * lost_share / days,
        spent * lost_share,
        f"its best week's CTR {fmt_kpi('ctr', ctr[1])}",
        first,
    )
    evidence.update(money.evidence())
    summary = (
        f"Creative fatigue on {where}: CTR {fmt_kpi('ctr', ctr[0])} "
        f"({fmt_change(ctr[0], ctr[1])}) while frequency rose to {fmt_kpi('frequency', freq[0])}"
    )
    return make_alert(
        "CreativeFatigue",
        labels,
        summary,
        severity="warning",
        value=ctr[0],
        baseline=ctr[1],
        evidence=evidence,
        suggestions=for_fatigue(ctx, view, g, recent, reference, s.fatigue_recent_days),
        pending_for=_PENDING,
    )
