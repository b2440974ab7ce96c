"""The ad-alert engine: ad metric rows and targets in, the alerts currently true out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.models import AdMetricRow, Alert
from bot.smm.anomaly import detect_anomalies
from bot.smm.clicks import one_click_shortfall
from bot.smm.columns import AdMetrics, columns_from_rows
from bot.smm.context import Context
from bot.smm.fatigue import detect_fatigue
from bot.smm.frame import Frames, frames_from_columns
from bot.smm.outage import detect_outage
from bot.smm.pacing import detect_pacing
from bot.smm.prices import detect_prices
from bot.smm.rules import Rule, evaluate_rule
from bot.smm.settings import DEFAULT_SETTINGS, EngineSettings
from bot.smm.spend import detect_spend
from bot.smm.stale import detect_stale
from bot.smm.targets import BoostCandidate, CampaignTarget
from bot.smm.winners import detect_winners

__all__ = [
    "ALERTNAMES",
    "INHIBITS",
    "SEVERITY_ORDER",
    "EngineSettings",
    "Inhibit",
    "evaluate",
    "evaluate_columns",
    "evaluate_frames",
]


@dataclass(frozen=True, slots=True)
class Inhibit:
    """While an alert named like the key fires, it mutes ``targets`` whose ``equal`` labels
    have the same values as its own (Alertmanager's inhibit_rules)."""

    targets: frozenset[str]
    equal: tuple[str, ...]


_KPI_ALERTS = frozenset(
    {"CPASpike", "ROASDrop", "CPAAboveTarget", "ROASBelowTarget", "ScaleWinner"}
)

_SHIFT_ALERTS = frozenset({"SpendSpike", "SpendDrop", "DeliveryCollapse", "CPCSpike", "CPMSpike"})

INHIBITS: dict[str, Inhibit] = {
    "DataMissing": Inhibit(
        _KPI_ALERTS
        | {
            "CTRDrop",
            "CreativeFatigue",
            "TrackingOutage",
            "BudgetUnderdelivery",
        }
        | _SHIFT_ALERTS,
        ("platform", "account"),
    ),
    "TrackingOutage": Inhibit(_KPI_ALERTS, ("platform", "account", "campaign")),
    # The engine tells a CPC spike and a CTR drop on one ad set as the CPC alert; a CTR
    # alert held from before the two met is the same shortfall. A campaign's CTR alert implies
    # the campaign's ad set where it has only one (it is that ad set's drop, muted by its
    # spike; `Alert.implied_labels`); one of a campaign with several ad sets implies none and
    # is never muted by one.
    "CPCSpike": Inhibit(frozenset({"CTRDrop"}), ("platform", "account", "campaign", "adset")),
}
"""Inhibition hints for the dispatcher: a stale feed, a tracking outage or a click shortfall
already told explains these."""

ALERTNAMES: frozenset[str] = frozenset(
    {
        "CPASpike",
        "ROASDrop",
        "CTRDrop",
        "CreativeFatigue",
        "TrackingOutage",
        "DataMissing",
        "BudgetOverspend",
        "BudgetUnderdelivery",
        "ScaleWinner",
    }
    | _SHIFT_ALERTS
)
"""Alert names the built-in detectors raise (rules add their own names)."""

SEVERITY_ORDER: dict[str, int] = {"info": 0, "warning": 1, "critical": 2}


def evaluate_frames(
    frames: Frames,
    targets: Sequence[CampaignTarget],
    rules: Sequence[Rule],
    now: datetime,
    *,
    boost_candidates: Sequence[BoostCandidate] = (),
    settings: EngineSettings = DEFAULT_SETTINGS,
) -> list[Alert]:
    """``evaluate`` on frames already built, for callers that keep them between runs."""
    ctx = Context(
        frames,
        now,
        settings,
        {t.key: t for t in targets},
        tuple(boost_candidates),
    )
    enabled = settings.detectors
    alerts: list[Alert] = []
    if "stale" in enabled:
        alerts += detect_stale(ctx)
    if "rules" in enabled:
        for rule in rules:
            alerts += evaluate_rule(rule, ctx)
    if "anomaly" in enabled:
        alerts += detect_anomalies(ctx)
    if "outage" in enabled:
        alerts += detect_outage(ctx)
    if "pacing" in enabled:
        alerts += detect_pacing(ctx)
    if "fatigue" in enabled:
        alerts += detect_fatigue(ctx)
    if "spend" in enabled or "delivery" in enabled:
        alerts += detect_spend(ctx, spend="spend" in enabled, delivery="delivery" in enabled)
    if "prices" in enabled:
        alerts += detect_prices(ctx)
    if "winners" in enabled:
        alerts += detect_winners(ctx)
    alerts = one_click_shortfall(alerts)
    # Two detectors or rules may name the same labels; the lifecycle wants one per identity.
    unique: dict[str, Alert] = {}
    for alert in map(lambda a: _with_hysteresis(a, settings), alerts):
        kept = unique.get(alert.fingerprint)
        if kept is None or SEVERITY_ORDER.get(alert.severity, 0) > SEVERITY_ORDER.get(
            kept.severity, 0
        ):
            unique[alert.fingerprint] = alert
    return sorted(
        unique.values(),
        key=lambda a: (
            -SEVERITY_ORDER.get(a.severity, 0),
            a.labels.get("alertname", ""),
            sorted(a.labels.items()),
        ),
    )


def _with_hysteresis(alert: Alert, settings: EngineSettings) -> Alert:
    """How long the alert stays firing once the engine stops reporting it.

    A judgement on daily rows holds until the next morning's rows have been judged too, so
    an alert near its threshold is one episode, not a fire-and-clear every other day; one on
    hourly rows holds for two hours. A feed that is no longer stale clears at once.
    """
    if alert.labels.get("alertname") in _NO_HOLD:
        return alert
    hourly = alert.evidence.get("granularity") == "hourly rows"
    keep = settings.keep_firing_hourly if hourly else settings.keep_firing_daily
    return alert if keep <= timedelta(0) else replace(alert, keep_firing_for=keep)


_NO_HOLD = frozenset({"DataMissing"})


def evaluate(
    rows: Sequence[AdMetricRow],
    targets: Sequence[CampaignTarget],
    rules: Sequence[Rule],
    now: datetime,
    *,
    boost_candidates: Sequence[BoostCandidate] = (),
    settings: EngineSettings = DEFAULT_SETTINGS,
) -> list[Alert]:
    """The alerts that are true at ``now`` over complete buckets of ``rows``.

    Pure: no I/O and no clock. ``now`` must be timezone-aware; the current day and hour are
    partial and left out. Each alert has stable labels (alertname, severity, platform,
    account, campaign, adset/ad when relevant, brand when known), evidence, suggestions and
    ``pending_for``; the dispatcher's lifecycle makes them pending, firing and resolved.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return evaluate_columns(
        columns_from_rows(rows),
        targets,
        rules,
        now,
        boost_candidates=boost_candidates,
        settings=settings,
    )


def evaluate_columns(
    metrics: AdMetrics,
    targets: Sequence[CampaignTarget],
    rules: Sequence[Rule],
    now: datetime,
    *,
    boost_candidates: Sequence[BoostCandidate] = (),
    settings: EngineSettings = DEFAULT_SETTINGS,
) -> list[Alert]:
    """``evaluate`` on rows read as columns (the store's ``ad_metrics``), the same alerts."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    leads = {t.key for t in targets if t.objective == "leads"}
    frames = frames_from_columns(
        metrics, now, leads_campaigns=leads, history_days=settings.history_days
    )
    return evaluate_frames(
        frames, targets, rules, now, boost_candidates=boost_candidates, settings=settings
    )
