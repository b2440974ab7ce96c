"""A click shortfall: a CPC spike and a CTR drop on one ad set told as one alert."""

from __future__ import annotations

import math
from collections.abc import Sequence

from bot.models import Alert, Suggestion
from bot.smm.money import AT_STAKE
from bot.smm.text import fmt_kpi

__all__ = ["one_click_shortfall"]

# The labels naming the entity an alert is about.
_ENTITY = ("platform", "account", "campaign", "adset", "ad")
# Up to this CPM ratio the auction is taken as steady and the cause as the clicks alone.
_STEADY_CPM = 1.2


def one_click_shortfall(alerts: Sequence[Alert]) -> list[Alert]:
    """``alerts`` with each CPCSpike that has a CTRDrop on the same entity told as one.

    Fewer clicks for the same spend and impressions raise the CPC and lower the CTR at
    once: two detectors see one shortfall. The CPC alert keeps its identity (it is the
    one that also speaks on hourly rows) and takes the CTR's evidence, its money (one
    figure: the spend without its usual clicks, never also the CPC's "paid above the usual
    price", which is the same money) and its suggestions (a creative, not a bid cap:
    the auction did not get dearer). A campaign's CTRDrop is its ad set's when the
    campaign has one ad set: the CTR is judged on the campaign then, and the alert implies
    that ad set (``Context.implied_labels``) without naming it among its labels.
    """
    ctr = {_entity(a): a for a in alerts if a.labels.get("alertname") == "CTRDrop"}
    if not ctr:
        return list(alerts)
    merged: dict[int, Alert] = {}
    told: set[int] = set()
    for i, alert in enumerate(alerts):
        if alert.labels.get("alertname") != "CPCSpike":
            continue
        drop = ctr.get(_entity(alert))
        if drop is None:
            continue
        merged[i] = _merge(alert, drop)
        told.add(id(drop))
    return [merged.get(i, a) for i, a in enumerate(alerts) if id(a) not in told]


def _entity(alert: Alert) -> tuple[str, ...]:
    """The entity the alert is about, with the ad set a campaign alert implies."""
    return tuple(alert.labels.get(k, alert.implied_labels.get(k, "")) for k in _ENTITY)


def _or_nan(value: float | None) -> float:
    return math.nan if value is None else value


def _ratio(alert: Alert) -> float:
    if alert.value is None or alert.baseline is None or alert.baseline <= 0:
        return math.nan
    return alert.value / alert.baseline


def _cause(cpc: Alert, ctr: Alert) -> str:
    """What the two ratios say together: CPM = CPC × CTR × 1000."""
    cpm = _ratio(cpc) * _ratio(ctr)
    if not math.isfinite(cpm):
        return (
            "the spend bought impressions but (almost) no clicks: check that the ad is live "
            "and its link works, then the creative"
        )
    if cpm <= _STEADY_CPM:
        return (
            f"CPM about usual (×{cpm:.2f}): the same spend bought the usual impressions and "
            "fewer of the people who saw the ads clicked; the creative, audience or "
            "placements lost their pull, not the auction"
        )
    return (
        f"CPM up too (×{cpm:.2f}): part of the rise is a dearer auction, the rest fewer "
        "clicks for the impressions bought"
    )


def _look_at_the_ads(cpc: Alert, ctr_usual: str, cpc_usual: str) -> Suggestion:
    """Where no single ad is seen losing its clicks: what to check, never a bid cap."""
    name = cpc.labels.get("adset") or cpc.labels.get("campaign", "")
    return Suggestion(
        action="refresh_creative",
        detail=(
            f"Check the ads of '{name}': a paused or disapproved ad leaving a weaker one to "
            "serve, a changed creative or link, placements moved to lower-intent inventory; "
            "refresh the creative that lost its clicks"
        ),
        expected_effect=(
            f"back at the usual CTR {ctr_usual}, the same spend buys clicks at about the "
            f"usual CPC {cpc_usual}"
        ),
    )


def _merge(cpc: Alert, ctr: Alert) -> Alert:
    where = "/".join(v for k, v in cpc.labels.items() if k in _ENTITY and v)
    ctr_now = ctr.evidence.get("current", fmt_kpi("ctr", _or_nan(ctr.value)))
    ctr_usual = fmt_kpi("ctr", _or_nan(ctr.baseline))
    cpc_usual = fmt_kpi("cpc", _or_nan(cpc.baseline))
    cpc_now = cpc.evidence.get("current", "")
    # A run that bought no click at all says so ("no clicks for 50.00 spent").
    cpc_words = f"CPC {cpc_now} vs {cpc_usual} usual" if cpc.value is not None else cpc_now
    summary = (
        f"Clicks short on {where}: CTR {ctr_now} vs {ctr_usual} expected and {cpc_words}, "
        f"{cpc.evidence.get('window', '')}"
    )
    evidence = dict(cpc.evidence)
    evidence["ctr"] = (
        f"{ctr_now} vs {ctr_usual} expected over {ctr.evidence.get('window', '')}; "
        f"{ctr.evidence.get('test', '')}"
    )
    evidence["cause"] = _cause(cpc, ctr)
    # One shortfall, one figure: the CTR's, per day and since its onset.
    for key in ("money", AT_STAKE):
        evidence.pop(key, None)
        if key in ctr.evidence:
            evidence[key] = ctr.evidence[key]
    return Alert(
        labels=dict(cpc.labels),
        summary=summary,
        severity=cpc.severity,
        value=cpc.value,
        baseline=cpc.baseline,
        evidence=evidence,
        suggestions=ctr.suggestions or (_look_at_the_ads(cpc, ctr_usual, cpc_usual),),
        pending_for=cpc.pending_for,
        keep_firing_for=cpc.keep_firing_for,
        implied_labels=dict(cpc.implied_labels),
    )
