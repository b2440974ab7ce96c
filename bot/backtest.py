"""Backtest the ad engine on a samples folder: planted incidents caught, false alerts counted."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from bot.alerting.inhibition import inhibited
from bot.config.loading import load_workspace
from bot.engine_setup import ad_rules, campaign_targets
from bot.feeds.admetrics import read_canonical
from bot.models import AdMetricRow, Alert
from bot.smm.columns import columns_from_rows
from bot.smm.engine import INHIBITS, evaluate, evaluate_columns
from bot.smm.rules import Rule
from bot.smm.settings import DEFAULT_SETTINGS, EngineSettings

__all__ = [
    "Backtest",
    "Incident",
    "IncidentResult",
    "load_incidents",
    "load_rows",
    "matches",
    "merge_restated",
    "run_backtest",
]

DEFAULT_NOW = datetime(2026, 11, 25, 8, tzinfo=UTC)
_ENTITY = ("platform", "account", "campaign", "adset", "ad")


@dataclass(frozen=True, slots=True)
class Incident:
    """One planted incident of the manifest."""

    id: str
    labels: dict[str, str]
    start: date
    end: date
    expected_alert: str | None
    must_not_fire: str | None


@dataclass(slots=True)
class IncidentResult:
    incident: Incident
    at_now: bool = False
    first_fired: datetime | None = None
    violated_at: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        if self.incident.expected_alert is not None:
            return self.at_now or self.first_fired is not None
        return not self.violated_at

    @property
    def days_to_detect(self) -> int | None:
        """How many complete days of the incident were in the data when it first fired."""
        if self.first_fired is None:
            return None
        return (self.first_fired.date() - self.incident.start).days


@dataclass(slots=True)
class Backtest:
    now: datetime
    rows: dict[str, int]
    results: list[IncidentResult]
    alerts: list[Alert]
    muted: set[str]
    related: list[Alert]
    false_positives: list[Alert]
    replay_false: dict[str, list[str]]
    campaign_months: float

    @property
    def recall(self) -> tuple[int, int]:
        expected = [r for r in self.results if r.incident.expected_alert is not None]
        return sum(r.ok for r in expected), len(expected)


def load_rows(folder: Path) -> dict[str, list[AdMetricRow]]:
    """The canonical CSVs of ``folder/ads`` by name (daily, hourly, restated)."""
    out: dict[str, list[AdMetricRow]] = {}
    for name in ("daily", "hourly", "restated"):
        path = folder / "ads" / f"{name}.csv"
        if path.exists():
            result = read_canonical(path.read_text(encoding="utf-8"), str(path))
            if result.rejected:
                print(f"{path}: {len(result.rejected)} rows rejected", file=sys.stderr)
            out[name] = result.rows
    return out


def load_incidents(manifest: Mapping[str, Any]) -> list[Incident]:
    incidents = []
    for entry in manifest.get("incidents") or []:
        labels = {k: str(entry[k]) for k in _ENTITY if entry.get(k)}
        incidents.append(
            Incident(
                id=str(entry.get("id", "")),
                labels=labels,
                start=date.fromisoformat(str(entry["start"])),
                end=date.fromisoformat(str(entry["end"])),
                expected_alert=entry.get("expected_alert"),
                must_not_fire=entry.get("must_not_fire"),
            )
        )
    return incidents


def matches(alert: Alert, labels: Mapping[str, str]) -> bool:
    """Whether the alert is about the incident's object: no entity label disagrees.

    A campaign-level alert covers an incident planted in one of its ad sets, and an ad-set
    alert covers one planted in one of its ads.
    """
    for key in _ENTITY:
        mine, theirs = alert.labels.get(key, ""), labels.get(key, "")
        if mine and theirs and mine != theirs:
            return False
        if key in ("platform", "account", "campaign") and theirs and not mine:
            return False
    return True


def merge_restated(*parts: Sequence[AdMetricRow]) -> list[AdMetricRow]:
    """Later rows restate earlier ones with the same key, as the store's upsert does."""
    merged: dict[tuple[str, ...], AdMetricRow] = {}
    for part in parts:
        for row in part:
            merged[(row.granularity, *row.key)] = row
    return list(merged.values())


def run_backtest(
    folder: Path,
    *,
    now: datetime | None = None,
    rules: Sequence[Rule] | None = None,
    settings: EngineSettings = DEFAULT_SETTINGS,
    replay_days: int = 24,
) -> Backtest:
    """Evaluate at ``now`` with every file read, then replay the days before it causally.

    The replay evaluates each morning at the hour of ``now`` on the rows as first reported
    (daily and hourly, not the restatements: their arrival time is not known), and records
    when each planted incident was first caught and which alerts fired with no incident.
    """
    manifest = yaml.safe_load((folder / "manifest.yaml").read_text(encoding="utf-8")) or {}
    workspace = load_workspace(folder / "workspace.yaml")
    when = now or datetime.fromisoformat(str(manifest.get("now") or DEFAULT_NOW.isoformat()))
    files = load_rows(folder)
    targets = campaign_targets(workspace)
    incidents = load_incidents(manifest)
    if rules is None:
        rules = ad_rules(workspace)
    first_seen = merge_restated(files.get("daily", []), files.get("hourly", []))
    everything = merge_restated(first_seen, files.get("restated", []))

    # The first-reported rows are judged at every replayed morning: read as columns once.
    first_columns = columns_from_rows(first_seen)
    alerts = evaluate(everything, targets, rules, when, settings=settings)
    before_restatement = evaluate_columns(first_columns, targets, rules, when, settings=settings)
    results = [IncidentResult(i) for i in incidents]
    for result in results:
        inc = result.incident
        if inc.expected_alert:
            result.at_now = any(
                a.labels["alertname"] == inc.expected_alert and matches(a, inc.labels)
                for a in alerts
            )
        if inc.must_not_fire:
            for label, found in (("now", alerts), ("now, before restatement", before_restatement)):
                if any(
                    a.labels["alertname"] == inc.must_not_fire and matches(a, inc.labels)
                    for a in found
                ):
                    result.violated_at.append(label)

    muted = inhibited(alerts, INHIBITS)
    related, false_positives = _classify(alerts, incidents)

    replay_false: dict[str, list[str]] = {}
    for step in range(replay_days, 0, -1):
        moment = when - timedelta(days=step)
        found = evaluate_columns(first_columns, targets, rules, moment, settings=settings)
        for result in results:
            inc = result.incident
            hit = any(
                a.labels["alertname"] == inc.expected_alert and matches(a, inc.labels)
                for a in found
            )
            if hit and result.first_fired is None and moment.date() > inc.start:
                result.first_fired = moment
        shown = inhibited(found, INHIBITS)
        _, wrong = _classify([a for a in found if a.fingerprint not in shown], incidents)
        for alert in wrong:
            key = f"{alert.labels['alertname']} {_where(alert)}"
            if any(
                i.must_not_fire == alert.labels["alertname"] and matches(alert, i.labels)
                for i in incidents
            ):
                key += " (on first-reported rows, restated later)"
            replay_false.setdefault(key, []).append(moment.date().isoformat())
    for result in results:
        if result.at_now and result.first_fired is None and result.incident.expected_alert:
            result.first_fired = when

    days = max(replay_days, 1)
    campaigns = {(r.platform, r.account, r.campaign) for r in first_seen}
    counts = {name: len(rows) for name, rows in files.items()}
    return Backtest(
        when,
        counts,
        results,
        alerts,
        muted,
        related,
        false_positives,
        replay_false,
        len(campaigns) * days / 30,
    )


def _classify(
    alerts: Sequence[Alert], incidents: Sequence[Incident]
) -> tuple[list[Alert], list[Alert]]:
    """Alerts on an incident's campaign under another name (related), and the rest (false)."""
    related: list[Alert] = []
    false: list[Alert] = []
    for alert in alerts:
        name = alert.labels["alertname"]
        if any(i.expected_alert == name and matches(alert, i.labels) for i in incidents):
            continue
        campaign_of = {k: v for k, v in alert.labels.items() if k in _ENTITY[:3]}
        same_campaign = [
            i
            for i in incidents
            if i.expected_alert
            and all(i.labels.get(k, "") == campaign_of.get(k, "") for k in _ENTITY[:3])
        ]
        (related if same_campaign else false).append(alert)
    return related, false


def _where(alert: Alert) -> str:
    return "/".join(alert.labels[k] for k in _ENTITY if alert.labels.get(k))
