"""Concrete optimizations computed from the data, each with its expected effect in numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np

from bot.models import Suggestion
from bot.smm.context import Context, LevelView
from bot.smm.frame import (
    CLICKS,
    IMPRESSIONS,
    REACH,
    REACH_IMPRESSIONS,
    RESULTS,
    REVENUE,
    SPEND,
    FloatArray,
    Level,
)
from bot.smm.targets import BoostCandidate
from bot.smm.text import fmt_count, fmt_kpi, fmt_money, fmt_pct

__all__ = [
    "ORGANIC_PLATFORMS",
    "boost_post",
    "breakdown_segments",
    "check_offer",
    "cost_cap",
    "for_cost",
    "for_ctr_drop",
    "for_fatigue",
    "for_outage",
    "for_winner",
    "retarget",
]

ORGANIC_PLATFORMS: dict[str, frozenset[str]] = {
    "meta": frozenset({"facebook", "instagram"}),
    "google": frozenset({"youtube"}),
    "tiktok": frozenset({"tiktok"}),
    "linkedin": frozenset({"linkedin"}),
    "x": frozenset({"x"}),
}
"""Which organic platforms an ad platform can boost posts from."""

# Platforms whose conversion campaigns cannot cap frequency (Meta caps only reach buying).
_NO_FREQUENCY_CAP = frozenset({"meta"})
# What each platform calls a cap on the cost per result.
_CAP_NAMES: dict[str, str] = {
    "meta": "a cost per result goal (cost cap)",
    "google": "a target CPA",
    "microsoft": "a target CPA",
    "tiktok": "a cost cap",
    "linkedin": "a cost cap",
    "pinterest": "a target cost",
    "snapchat": "a target cost",
    "reddit": "a cost cap",
}
_MIN_SHARE = 0.1
_BAD_RATIO = 1.5
_SHIFT_SHARE = 0.25
_SHIFT_DAYS = 7
_MIN_SHIFT_DAYS = 3
_PRIOR_DAYS = 14


def _div(top: float, bottom: float) -> float:
    return float(top) / float(bottom) if bottom > 0 else math.nan


def _name(key: tuple[str, ...], level: str) -> str:
    return key[4] if level == "ad" else key[3] if level == "adset" else key[2]


def _cost_word(kpi_name: str) -> str:
    return "CPL" if kpi_name == "cpl" else "CPA"


def pause_worst(
    ctx: Context, view: LevelView, g: int, length: int, offset: int, kpi_name: str
) -> Suggestion | None:
    """Pause the child ad (or ad set) spending most beyond what its results are worth."""
    child, members = ctx.children(view, g, "ad")
    if len(members) < 2:
        child, members = ctx.children(view, g, "adset")
    if len(members) < 2:
        return None
    parent = view.window(length, offset)[:, g]
    spend, results = float(parent[SPEND]), float(parent[RESULTS])
    cost = _div(spend, results)
    if not math.isfinite(cost) or spend <= 0:
        return None
    sums = child.window(length, offset)[:, members]
    c_spend, c_results = sums[SPEND], sums[RESULTS]
    share = c_spend / spend
    c_cost = np.where(c_results > 0, c_spend / np.where(c_results > 0, c_results, 1), np.inf)
    bad = (share >= _MIN_SHARE) & (c_cost >= _BAD_RATIO * cost) & (c_spend >= 2 * cost)
    if not bad.any():
        return None
    excess = np.where(bad, c_spend - c_results * cost, -np.inf)
    i = int(np.argmax(excess))
    key = child.keys[members[i]]
    word = _cost_word(kpi_name)
    s_i, r_i = float(c_spend[i]), float(c_results[i])
    new_cost = _div(spend - s_i, results - r_i)
    shown = "no results" if r_i == 0 else f"{word} {fmt_kpi(kpi_name, s_i / r_i)}"
    return Suggestion(
        action=f"pause_{child.level}",
        detail=(
            f"Pause {child.level} '{_name(key, child.level)}': {fmt_money(s_i)} spent for "
            f"{fmt_count(r_i)} results ({shown}) over {view.span(g, length, offset)}, "
            f"{fmt_pct(float(share[i]), 0)} of the spend"
        ),
        expected_effect=(
            f"saves {fmt_money(s_i / length)}/day and {fmt_count(r_i / length)} results/day; "
            f"{word} {fmt_kpi(kpi_name, cost)} → {fmt_kpi(kpi_name, new_cost)} if the rest holds"
        ),
    )


def shift_budget(
    ctx: Context, view: LevelView, g: int, length: int, offset: int, kpi_name: str
) -> Suggestion | None:
    """Move a quarter of the worst ad set's budget to the best one of the same campaign.

    Judged over the alert's window (at least three days), so the move follows what is
    happening now rather than last week's mix.
    """
    if view.level == "adset":
        # An ad set's alert: the move is between it and its siblings, judged on the campaign.
        campaigns = ctx.view("campaign", view.granularity)
        if campaigns is None:
            return None
        at = [i for i, key in enumerate(campaigns.keys) if key[:3] == view.keys[g][:3]]
        if not at:
            return None
        view, g = campaigns, at[0]
    if view.level != "campaign":
        return None
    child, members = ctx.children(view, g, "adset")
    if len(members) < 2:
        return None
    days = max(length, _MIN_SHIFT_DAYS)
    parent = view.window(days, offset)[:, g]
    sums = child.window(days, offset)[:, members]
    spend, results = sums[SPEND], sums[RESULTS]
    cost = np.where(results > 0, spend / np.where(results > 0, results, 1), np.inf)
    total_cost = _div(parent[SPEND], parent[RESULTS])
    if not math.isfinite(total_cost):
        return None
    share = spend / max(float(parent[SPEND]), 1e-9)
    worst_ok = (share >= _MIN_SHARE) & (cost >= 1.2 * total_cost)
    best_ok = (results >= 5) & (cost <= 0.8 * total_cost)
    if not worst_ok.any() or not best_ok.any():
        return None
    w = int(np.argmax(np.where(worst_ok, cost, -np.inf)))
    b = int(np.argmin(np.where(best_ok, cost, np.inf)))
    amount = round(_SHIFT_SHARE * float(spend[w]) / days, 2)
    if amount <= 0 or w == b:
        return None
    penalty = 1 + ctx.settings.scale_penalty
    lost = amount / float(cost[w]) if math.isfinite(cost[w]) else 0.0
    gained = amount / (float(cost[b]) * penalty)
    net = gained - lost
    if net <= 0:
        return None
    daily_spend, daily_results = float(parent[SPEND]) / days, float(parent[RESULTS]) / days
    new_cost = _div(daily_spend, daily_results + net)
    word = _cost_word(kpi_name)
    worst_key, best_key = child.keys[members[w]], child.keys[members[b]]
    return Suggestion(
        action="shift_budget",
        detail=(
            f"Move {fmt_money(amount)}/day from ad set '{worst_key[3]}' ({word} "
            f"{fmt_kpi(kpi_name, float(cost[w]))}) to '{best_key[3]}' ({word} "
            f"{fmt_kpi(kpi_name, float(cost[b]))}) over the last {days} days"
        ),
        expected_effect=(
            f"+{fmt_count(round(net, 1))} results/day at the same spend (assuming the receiving "
            f"ad set's marginal {word} is {fmt_pct(ctx.settings.scale_penalty, 0)} worse); "
            f"campaign {word} {fmt_kpi(kpi_name, total_cost)} → {fmt_kpi(kpi_name, new_cost)}"
        ),
    )


@dataclass(frozen=True, slots=True)
class Segment:
    """One breakdown value's sums over a window."""

    key: str
    spend: float
    results: float
    clicks: float
    impressions: float

    @property
    def cost(self) -> float:
        return _div(self.spend, self.results) if self.results > 0 else math.inf


def breakdown_segments(
    ctx: Context, view: LevelView, g: int, days: int, offset: int = 0
) -> list[Segment]:
    """Breakdown rows of the group summed per breakdown value over the window's days."""
    key = view.keys[g]
    rows = ctx.breakdown_rows(key[:3])
    if not rows or view.granularity != "day":
        return []
    target = view.targets[g]
    by_leads = target is not None and target.objective == "leads"
    last = view.last_bucket(g) - offset
    first = last - days + 1
    sums: dict[str, list[float]] = {}
    for row in rows:
        if key[3] and row.adset != key[3]:
            continue
        if key[4] and row.ad != key[4]:
            continue
        day = date.fromisoformat(row.bucket).toordinal()
        if first <= day <= last:
            acc = sums.setdefault(row.breakdown, [0.0, 0.0, 0.0, 0.0])
            acc[0] += row.spend
            acc[1] += row.leads if by_leads and row.leads is not None else row.conversions
            acc[2] += row.clicks
            acc[3] += row.impressions
    return [Segment(k, *v) for k, v in sorted(sums.items())]


def narrow_audience(
    ctx: Context, view: LevelView, g: int, offset: int, kpi_name: str
) -> Suggestion | None:
    """Exclude the breakdown segment whose cost per result is far above the rest."""
    segments = breakdown_segments(ctx, view, g, _SHIFT_DAYS, offset)
    total_spend = sum(s.spend for s in segments)
    total_results = sum(s.results for s in segments)
    if len(segments) < 2 or total_spend <= 0 or total_results <= 0:
        return None
    overall = total_spend / total_results
    bad = [
        s
        for s in segments
        if s.spend / total_spend >= _MIN_SHARE and s.cost >= _BAD_RATIO * overall
    ]
    if not bad:
        return None
    worst = max(bad, key=lambda s: s.spend - s.results * overall)
    new_cost = _div(total_spend - worst.spend, total_results - worst.results)
    word = _cost_word(kpi_name)
    shown = "no results" if worst.results == 0 else f"{word} {fmt_kpi(kpi_name, worst.cost)}"
    return Suggestion(
        action="narrow_audience",
        detail=(
            f"Exclude {worst.key.replace(';', ', ')}: {fmt_money(worst.spend)} of "
            f"{fmt_money(total_spend)} over {_SHIFT_DAYS} days with {fmt_count(worst.results)} "
            f"results ({shown} vs {fmt_kpi(kpi_name, overall)} overall)"
        ),
        expected_effect=(
            f"saves {fmt_money(worst.spend / _SHIFT_DAYS)}/day; {word} "
            f"{fmt_kpi(kpi_name, overall)} → {fmt_kpi(kpi_name, new_cost)} on the rest"
        ),
    )


def check_tracking_for_cvr(
    view: LevelView, g: int, length: int, offset: int, kpi_name: str
) -> Suggestion | None:
    """When CVR collapsed while CPC held, the cause is more likely the site or the pixel."""
    now = view.window(length, offset)[:, g]
    past = view.window(_PRIOR_DAYS, offset + length)[:, g]
    cvr_now, cvr_past = _div(now[RESULTS], now[CLICKS]), _div(past[RESULTS], past[CLICKS])
    cpc_now, cpc_past = _div(now[SPEND], now[CLICKS]), _div(past[SPEND], past[CLICKS])
    if not all(math.isfinite(v) for v in (cvr_now, cvr_past, cpc_now, cpc_past)):
        return None
    if cvr_now > 0.6 * cvr_past or cpc_now > 1.15 * cpc_past:
        return None
    expected = float(now[CLICKS]) * cvr_past
    word = _cost_word(kpi_name)
    current = fmt_kpi(kpi_name, _div(now[SPEND], now[RESULTS])) if now[RESULTS] else "none"
    return Suggestion(
        action="check_tracking",
        detail=(
            f"Check the pixel / conversions API and the landing page: CVR "
            f"{fmt_kpi('cvr', cvr_now)} vs {fmt_kpi('cvr', cvr_past)} over the {_PRIOR_DAYS} "
            f"days before, while CPC held ({fmt_kpi('cpc', cpc_now)} vs "
            f"{fmt_kpi('cpc', cpc_past)})"
        ),
        expected_effect=(
            f"at the earlier CVR the {fmt_count(now[CLICKS])} clicks would bring "
            f"~{fmt_count(round(expected))} results instead of {fmt_count(now[RESULTS])} "
            f"({word} {fmt_kpi(kpi_name, _div(now[SPEND], expected))} instead of {current})"
        ),
    )


def cost_cap(
    view: LevelView, g: int, length: int, offset: int, kpi_name: str, reference: float | None
) -> Suggestion | None:
    """A bid or cost cap at the normal (or target) cost per result, with what it saves and
    what it may cost in delivery."""
    if reference is None or not math.isfinite(reference) or reference <= 0:
        return None
    now = view.window(length, offset)[:, g]
    spend, results = float(now[SPEND]), float(now[RESULTS])
    current = _div(spend, results)
    if math.isfinite(current) and current <= reference:
        return None
    word = _cost_word(kpi_name)
    extra = max(spend - results * reference, 0.0) / length
    platform = view.keys[g][0]
    where = _CAP_NAMES.get(platform, "a cost cap or target CPA bid")
    shown = fmt_kpi(kpi_name, current) if results > 0 else "none (no results)"
    return Suggestion(
        action="set_cost_cap",
        detail=(
            f"Set {where} of {fmt_money(reference)} (the normal {word}; now {shown}) so the "
            f"platform stops buying results above it"
        ),
        expected_effect=(
            f"stops ≈{fmt_money(extra)}/day of spend beyond what these results cost at "
            f"{fmt_money(reference)}; delivery may fall while the auction is dearer, and the "
            "unspent budget stays with you"
        ),
    )


def check_offer(view: LevelView, g: int, length: int, offset: int) -> Suggestion | None:
    """For a ROAS drop: order value against conversion rate says whether to look at the feed,
    prices and promotions (value fell) or at the traffic and site (orders fell)."""
    now = view.window(length, offset)[:, g]
    past = view.window(_PRIOR_DAYS, offset + length)[:, g]
    aov_now, aov_past = _div(now[REVENUE], now[RESULTS]), _div(past[REVENUE], past[RESULTS])
    cvr_now, cvr_past = _div(now[RESULTS], now[CLICKS]), _div(past[RESULTS], past[CLICKS])
    if not all(math.isfinite(v) for v in (aov_now, aov_past)) or aov_past <= 0:
        return None
    value_share = 1 - aov_now / aov_past
    lost = max(aov_past - aov_now, 0.0) * float(now[RESULTS]) / length
    cvr_text = (
        f"CVR {fmt_kpi('cvr', cvr_now)} vs {fmt_kpi('cvr', cvr_past)}"
        if math.isfinite(cvr_now) and math.isfinite(cvr_past)
        else "CVR n/a"
    )
    return Suggestion(
        action="check_offer",
        detail=(
            f"Check the product feed, prices and the promotion mix: order value "
            f"{fmt_money(aov_now)} vs {fmt_money(aov_past)} over the {_PRIOR_DAYS} days before "
            f"({fmt_pct(-value_share, 0) if value_share > 0 else 'held'}), {cvr_text} — "
            "look for a discount code or sale running too deep, best sellers out of stock or "
            "disapproved in the feed, and cheap items taking the spend"
        ),
        expected_effect=(
            f"back at the earlier order value the same orders bring +{fmt_money(lost)}/day "
            "of revenue"
            if lost > 0
            else "order value held: the orders themselves fell, see the other suggestions"
        ),
    )


def for_cost(
    ctx: Context,
    view: LevelView,
    g: int,
    length: int,
    offset: int,
    kpi_name: str,
    reference: float | None = None,
) -> tuple[Suggestion, ...]:
    """What to do about a cost per result (or ROAS) that went the wrong way.

    ``reference`` is the normal (or target) CPA for a cost alert: it sets a cost cap's value.
    A ROAS alert looks first at order value: the feed, prices and promotions.
    """
    cost_kpi = "cpl" if kpi_name == "cpl" else "cpa"
    found = (
        check_offer(view, g, length, offset) if kpi_name == "roas" else None,
        pause_worst(ctx, view, g, length, offset, cost_kpi),
        None if kpi_name == "roas" else cost_cap(view, g, length, offset, cost_kpi, reference),
        shift_budget(ctx, view, g, length, offset, cost_kpi),
        narrow_audience(ctx, view, g, offset, cost_kpi),
        check_tracking_for_cvr(view, g, length, offset, cost_kpi),
    )
    return tuple(s for s in found if s is not None)


def refresh_creative(
    ctx: Context, view: LevelView, g: int, length: int, offset: int
) -> Suggestion | None:
    """Refresh the ad (of this group, or the group itself) that lost the most clicks."""
    if view.level == "ad":
        child, members = view, [g]
    else:
        child, members = ctx.children(view, g, "ad")
    if not members:
        return None
    now = child.window(length, offset)[:, members]
    past = child.window(_PRIOR_DAYS, offset + length)[:, members]
    ctr_now = np.where(now[IMPRESSIONS] > 0, now[CLICKS] / np.maximum(now[IMPRESSIONS], 1), 0)
    ctr_past = np.where(past[IMPRESSIONS] > 0, past[CLICKS] / np.maximum(past[IMPRESSIONS], 1), 0)
    lost = now[IMPRESSIONS] * (ctr_past - ctr_now)
    lost = np.where((ctr_past > 0) & (ctr_now <= 0.8 * ctr_past), lost, -np.inf)
    i = int(np.argmax(lost))
    if not math.isfinite(lost[i]) or lost[i] <= 0:
        return None
    key = child.keys[members[i]]
    n = now[:, i]
    cpc_now = _div(n[SPEND], n[CLICKS])
    cpc_new = _div(n[SPEND], n[CLICKS] + lost[i])
    return Suggestion(
        action="refresh_creative",
        detail=(
            f"Refresh the creative of ad '{key[4]}': CTR {fmt_kpi('ctr', float(ctr_now[i]))} vs "
            f"{fmt_kpi('ctr', float(ctr_past[i]))} in the {_PRIOR_DAYS} days before"
        ),
        expected_effect=(
            f"back at its earlier CTR it would get +{fmt_count(round(lost[i] / length))} "
            f"clicks/day for the same spend; CPC {fmt_kpi('cpc', cpc_now)} → "
            f"{fmt_kpi('cpc', cpc_new)}"
        ),
    )


def retarget(ctx: Context, view: LevelView, g: int, offset: int) -> Suggestion | None:
    """Retarget recent clickers who did not convert, sized honestly.

    The rows count clicks, not people: the pool is at most the clicks without a result, and
    the data has no count of distinct clickers, so the size is an upper bound the buyer checks
    in the platform. Retargeting them brings results only as they see the ads again, click and
    convert: pool × impressions each (the campaign's frequency, else one) × CTR × CVR, never
    pool × CVR as if every one of them clicked again.
    """
    sums = view.window(_PRIOR_DAYS, offset)[:, g]
    clicks, results = float(sums[CLICKS]), float(sums[RESULTS])
    pool = clicks - results
    cvr = _div(results, clicks)
    ctr = _div(clicks, sums[IMPRESSIONS])
    if pool < 1000 or not math.isfinite(cvr) or cvr <= 0 or not math.isfinite(ctr):
        return None
    frequency = _div(sums[REACH_IMPRESSIONS], sums[REACH])
    seen = frequency if math.isfinite(frequency) and frequency >= 1 else 1.0
    expected = pool * seen * ctr * cvr
    return Suggestion(
        action="retarget",
        detail=(
            f"Retarget site visitors of the last {_PRIOR_DAYS} days who did not convert: at "
            f"most ~{fmt_count(round(pool, -2))} people ({fmt_count(round(pool))} clicks "
            "without a result; the data has no count of distinct clickers, so check the "
            "audience size in the ad platform first)"
        ),
        expected_effect=(
            f"each shown the ads ~{seen:.1f} times at this campaign's CTR "
            f"{fmt_kpi('ctr', ctr)} and CVR {fmt_kpi('cvr', cvr)}: ~{fmt_count(round(expected))} "
            "results at most from that pool; a warm audience may click more often"
        ),
    )


def boost_post(ctx: Context, view: LevelView, g: int, offset: int = 0) -> Suggestion | None:
    """Promote the brand's strongest organic post on a matching platform, priced at our CPM."""
    target = view.targets[g]
    if target is None or not target.brand or not ctx.boost_candidates:
        return None
    organic = ORGANIC_PLATFORMS.get(view.keys[g][0], frozenset())
    fitting: list[BoostCandidate] = [
        c for c in ctx.boost_candidates if c.brand == target.brand and c.platform in organic
    ]
    if not fitting:
        return None
    best = max(fitting, key=lambda c: c.engagement_rate)
    sums = view.window(_SHIFT_DAYS, offset)[:, g]
    cpm = _div(1000 * sums[SPEND], sums[IMPRESSIONS])
    ctr = _div(sums[CLICKS], sums[IMPRESSIONS])
    if not math.isfinite(cpm) or cpm <= 0 or best.engagement_rate <= 0:
        return None
    budget = max(round(0.1 * float(sums[SPEND]) / _SHIFT_DAYS), 10)
    impressions = budget / cpm * 1000
    return Suggestion(
        action="boost_post",
        detail=(
            f"Boost organic post {best.post_key} on {best.platform}: engagement rate "
            f"{fmt_pct(best.engagement_rate)} on {fmt_count(best.impressions)} impressions "
            f"vs the ads' CTR {fmt_kpi('ctr', ctr)}"
        ),
        expected_effect=(
            f"{fmt_money(budget)}/day at this campaign's CPM {fmt_kpi('cpm', cpm)} buys "
            f"~{fmt_count(round(impressions, -2))} impressions and "
            f"~{fmt_count(round(impressions * best.engagement_rate))} engagements/day"
        ),
    )


def for_ctr_drop(
    ctx: Context, view: LevelView, g: int, length: int, offset: int
) -> tuple[Suggestion, ...]:
    """What to do when people stop clicking."""
    found = (
        refresh_creative(ctx, view, g, length, offset),
        boost_post(ctx, view, g, offset),
    )
    return tuple(s for s in found if s is not None)


def for_fatigue(
    ctx: Context, view: LevelView, g: int, recent: FloatArray, reference: FloatArray, days: int
) -> tuple[Suggestion, ...]:
    """Refresh the creative, broaden the audience (or cap frequency where the platform
    allows it), retarget, boost."""
    out: list[Suggestion] = []
    ctr_now = _div(recent[CLICKS], recent[IMPRESSIONS])
    ctr_ref = _div(reference[CLICKS], reference[IMPRESSIONS])
    freq_now = _div(recent[REACH_IMPRESSIONS], recent[REACH])
    freq_ref = _div(reference[REACH_IMPRESSIONS], reference[REACH])
    lost = float(recent[IMPRESSIONS]) * (ctr_ref - ctr_now)
    cpc_now = _div(recent[SPEND], recent[CLICKS])
    if lost > 0:
        out.append(
            Suggestion(
                action="refresh_creative",
                detail=(
                    f"Refresh the creative of ad '{view.keys[g][4] or view.keys[g][3]}': CTR "
                    f"{fmt_kpi('ctr', ctr_now)} vs {fmt_kpi('ctr', ctr_ref)} while frequency "
                    f"rose {fmt_kpi('frequency', freq_ref)} → {fmt_kpi('frequency', freq_now)}"
                ),
                expected_effect=(
                    f"a fresh creative at the earlier CTR gets +{fmt_count(round(lost / days))} "
                    f"clicks/day for the same spend; CPC {fmt_kpi('cpc', cpc_now)} → "
                    f"{fmt_kpi('cpc', _div(recent[SPEND], recent[CLICKS] + lost))}"
                ),
            )
        )
    if math.isfinite(freq_now) and freq_now > 0:
        cap = max(round(freq_ref, 1), 1.5) if math.isfinite(freq_ref) else 2.0
        waste = float(recent[IMPRESSIONS]) * max(0.0, 1 - cap / freq_now)
        cpm = _div(1000 * recent[SPEND], recent[IMPRESSIONS])
        seen = (
            f"{fmt_count(round(recent[REACH] / days))} people/day see it "
            f"{fmt_kpi('frequency', freq_now)} times"
        )
        if waste > 0 and math.isfinite(cpm):
            effect = (
                f"moves ~{fmt_count(round(waste / days, -1))} repeat impressions/day "
                f"({fmt_money(waste / 1000 * cpm / days)}/day at CPM "
                f"{fmt_kpi('cpm', cpm)}) to people who have not seen it"
            )
            if view.keys[g][0] in _NO_FREQUENCY_CAP:
                # Meta's conversion campaigns offer no frequency cap: widen who may see it.
                out.append(
                    Suggestion(
                        action="broaden_audience",
                        detail=(
                            f"Broaden the audience (Advantage+ audience, wider interests or "
                            f"lookalike %); conversion campaigns here cannot cap frequency: "
                            f"{seen}"
                        ),
                        expected_effect=effect,
                    )
                )
            else:
                out.append(
                    Suggestion(
                        action="cap_frequency",
                        detail=f"Cap frequency near {cap:g} and broaden the audience: {seen}",
                        expected_effect=effect,
                    )
                )
    for extra in (retarget(ctx, view, g, 0), boost_post(ctx, view, g)):
        if extra is not None:
            out.append(extra)
    return tuple(out)


def for_outage(
    spend_since: float,
    hours_since: float,
    since: str,
    clicks: float,
    expected: float,
    observed: float,
    window_hours: float,
) -> tuple[Suggestion, ...]:
    """Check the pixel / conversions API; say what the blind spend costs."""
    per_day = spend_since / max(hours_since, 1.0) * 24
    results_per_day = expected / max(window_hours, 1.0) * 24
    return (
        Suggestion(
            action="check_tracking",
            detail=(
                f"Check the pixel / conversions API and the conversion event since {since}: "
                f"{fmt_count(observed)} results from {fmt_count(clicks)} clicks where "
                f"~{fmt_count(round(expected))} were expected"
            ),
            expected_effect=(
                f"{fmt_money(spend_since)} spent since then with bidding blind to results "
                f"(~{fmt_money(per_day)}/day); fixing it brings back ~"
                f"{fmt_count(round(results_per_day))} reported results/day"
            ),
        ),
        Suggestion(
            action="hold_changes",
            detail=(
                "Hold budget changes and automated rules on this campaign until results "
                "report again"
            ),
            expected_effect=(
                f"keeps bid strategies from cutting ~{fmt_money(per_day)}/day of delivery "
                "that probably still converts"
            ),
        ),
    )


def for_winner(
    ctx: Context,
    view: LevelView,
    g: int,
    sums: FloatArray,
    days: int,
    kpi_name: str,
    target_value: float,
) -> tuple[Suggestion, ...]:
    """Scale a winner in steps the platforms' learning tolerates, and fund it from a loser."""
    s = ctx.settings
    daily_spend = float(sums[SPEND]) / days
    daily_results = float(sums[RESULTS]) / days
    step = round(s.scale_step * daily_spend, 2)
    out: list[Suggestion] = []
    if kpi_name == "roas":
        roas = _div(sums[REVENUE], sums[SPEND])
        marginal = roas / (1 + s.scale_penalty)
        out.append(
            Suggestion(
                action="raise_budget",
                detail=(
                    f"Raise the daily budget of '{_name(view.keys[g], view.level)}' by "
                    f"{fmt_pct(s.scale_step, 0)}: {fmt_money(daily_spend)} → "
                    f"{fmt_money(daily_spend + step)}/day (ROAS {fmt_kpi('roas', roas)} vs "
                    f"target {fmt_kpi('roas', target_value)})"
                ),
                expected_effect=(
                    f"~+{fmt_money(step * marginal)} revenue/day at an assumed marginal ROAS of "
                    f"{fmt_kpi('roas', marginal)}"
                ),
            )
        )
    else:
        cost = _div(sums[SPEND], sums[RESULTS])
        marginal = cost * (1 + s.scale_penalty)
        word = _cost_word(kpi_name)
        out.append(
            Suggestion(
                action="raise_budget",
                detail=(
                    f"Raise the daily budget of '{_name(view.keys[g], view.level)}' by "
                    f"{fmt_pct(s.scale_step, 0)}: {fmt_money(daily_spend)} → "
                    f"{fmt_money(daily_spend + step)}/day ({word} {fmt_kpi(kpi_name, cost)} "
                    f"vs target {fmt_kpi(kpi_name, target_value)})"
                ),
                expected_effect=(
                    f"~+{fmt_count(round(step / marginal, 1))} results/day "
                    f"({fmt_count(round(daily_results, 1))} → "
                    f"{fmt_count(round(daily_results + step / marginal, 1))}) at an assumed "
                    f"marginal {word} of {fmt_kpi(kpi_name, marginal)}, still "
                    f"{'under' if marginal < target_value else 'near'} target"
                ),
            )
        )
    donor = _donor(ctx, view, g, days, kpi_name, target_value, step)
    if donor is not None:
        out.append(donor)
    boost = boost_post(ctx, view, g)
    if boost is not None:
        out.append(boost)
    return tuple(out)


def _donor(
    ctx: Context,
    view: LevelView,
    g: int,
    days: int,
    kpi_name: str,
    target_value: float,
    step: float,
) -> Suggestion | None:
    """A sibling in the same campaign (or account) over target that can fund the winner."""
    if view.level not in ("adset", "campaign"):
        return None
    parent_level: Level = "campaign" if view.level == "adset" else "account"
    parent = ctx.view(parent_level, view.granularity)
    if parent is None:
        return None
    depth = 3 if parent_level == "campaign" else 2
    owner = parent.keys.index(view.keys[g][:depth] + ("",) * (5 - depth))
    _, members = ctx.children(parent, owner, view.level)
    siblings = [i for i in members if i != g]
    if not siblings or kpi_name == "roas":
        return None
    sums = view.window(days)[:, siblings]
    spend, results = sums[SPEND], sums[RESULTS]
    cost = np.where(results > 0, spend / np.where(results > 0, results, 1), np.inf)
    same_objective = np.array(
        [
            view.targets[i] is not None
            and view.targets[g] is not None
            and view.targets[i].objective == view.targets[g].objective  # type: ignore[union-attr]
            for i in siblings
        ]
    )
    over = (cost > target_value) & (spend / days >= step) & same_objective
    if not over.any():
        return None
    d = int(np.argmax(np.where(over, cost, -np.inf)))
    own = view.window(days)[:, g]
    own_cost = _div(own[SPEND], own[RESULTS]) * (1 + ctx.settings.scale_penalty)
    lost = step / float(cost[d]) if math.isfinite(cost[d]) else 0.0
    net = step / own_cost - lost
    if net <= 0:
        return None
    word = _cost_word(kpi_name)
    key = view.keys[siblings[d]]
    return Suggestion(
        action="shift_budget",
        detail=(
            f"Fund it from '{_name(key, view.level)}' ({word} "
            f"{fmt_kpi(kpi_name, float(cost[d]))}, over target {fmt_kpi(kpi_name, target_value)}): "
            f"move {fmt_money(step)}/day"
        ),
        expected_effect=f"+{fmt_count(round(net, 1))} results/day at the same total spend",
    )
