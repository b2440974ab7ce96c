"""`socialpulse backtest`: replay a metrics history as if it arrived live and list every alert."""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from bot.alerting.inhibition import inhibited
from bot.backtest import Incident, matches, merge_restated
from bot.models import AdMetricRow, Alert
from bot.smm.columns import prefixes
from bot.smm.engine import INHIBITS, evaluate_columns
from bot.smm.rules import Rule
from bot.smm.settings import DEFAULT_SETTINGS, EngineSettings
from bot.smm.targets import CampaignTarget

__all__ = [
    "HOURLY_WARM_UP",
    "STEP",
    "WARM_UP",
    "Episode",
    "Score",
    "as_json",
    "merge",
    "moments",
    "render",
    "replay",
    "score",
    "too_short",
]

STEP = timedelta(days=1)
# The engine needs some history before its baselines mean anything.
WARM_UP = timedelta(days=14)
HOURLY_WARM_UP = timedelta(days=4)


# How long a day stays in the anomaly tests' windows, so an alert can still be about it.
_JUDGED_DAYS = DEFAULT_SETTINGS.max_test_days


@dataclass(slots=True)
class Episode:
    """One alert from the moment it fired until it resolved (or the replay ended)."""

    fingerprint: str
    labels: dict[str, str]
    summary: str
    severity: str
    first_true: datetime
    fired_at: datetime | None = None
    resolved_at: datetime | None = None
    evidence: dict[str, str] = field(default_factory=dict)
    suggestions: list[dict[str, str]] = field(default_factory=list)
    muted: bool = True
    # The lifecycle's keep_firing_for: a fired alert stays open this long after last true.
    last_true: datetime | None = None
    keep_firing_for: timedelta = timedelta(0)
    # The labels the alert stands for without carrying them, as last reported (inhibition).
    implied_labels: dict[str, str] = field(default_factory=dict)

    @property
    def alertname(self) -> str:
        return self.labels.get("alertname", "")


def merge(rows: Sequence[AdMetricRow]) -> list[AdMetricRow]:
    """Restatements applied, in the order the rows could have arrived."""
    return sorted(merge_restated(rows), key=_end_of)


def _end_of(row: AdMetricRow) -> datetime:
    """When a row's bucket is complete, i.e. the earliest moment it could have arrived."""
    if row.granularity == "day":
        return datetime.combine(date.fromisoformat(row.bucket), time(), UTC) + timedelta(days=1)
    return datetime.fromisoformat(row.bucket) + timedelta(hours=1)


def moments(
    rows: Sequence[AdMetricRow], at: time, start: datetime | None, end: datetime | None
) -> list[datetime]:
    """One evaluation a day at `at` UTC, from after the warm-up to the morning after the
    last complete bucket (later mornings would judge days that have no data yet)."""
    if not rows:
        return []
    first = _end_of(rows[0]) + WARM_UP
    last = _end_of(rows[-1])
    begin = start or datetime.combine(first.date(), at, UTC)
    finish = end or datetime.combine(last.date(), at, UTC)
    out = []
    moment = begin
    while moment <= finish:
        out.append(moment)
        moment += STEP
    return sorted(set(out) | set(_hours(rows, start, end)))


def _hours(
    rows: Sequence[AdMetricRow], start: datetime | None, end: datetime | None
) -> list[datetime]:
    """Hourly rows are judged every hour, as the scheduler does, once their hour-of-day
    baseline has ``HOURLY_WARM_UP`` behind it."""
    ends = [_end_of(r) for r in rows if r.granularity == "hour"]
    if not ends:
        return []
    moment = max(min(ends) + HOURLY_WARM_UP, start or min(ends))
    finish = min(max(ends), end or max(ends))
    out = []
    while moment <= finish:
        out.append(moment)
        moment += timedelta(hours=1)
    return out


def too_short(rows: Sequence[AdMetricRow]) -> str:
    """Why `moments` found no morning to judge: the days of metrics needed and held."""
    if not rows:
        return "no ad-metric rows to replay: the files hold none that could be read"
    days = sorted(_end_of(r).date() - timedelta(days=1) for r in rows)
    held = (days[-1] - days[0]).days + 1
    return (
        f"not enough history to replay: the engine learns its baselines from "
        f"{WARM_UP.days} days of metrics and then needs a day to judge, "
        f"{WARM_UP.days + 1} days in all; the files hold {held} day(s) "
        f"({days[0]:%Y-%m-%d} to {days[-1]:%Y-%m-%d})"
    )


def replay(
    rows: Sequence[AdMetricRow],
    targets: Sequence[CampaignTarget],
    rules: Sequence[Rule],
    when: Sequence[datetime],
    settings: EngineSettings = DEFAULT_SETTINGS,
) -> list[Episode]:
    """Strictly causal: at each moment only rows whose bucket had ended are seen.

    A daily replay cannot watch a `for` shorter than a day: such an alert fires at the first
    evaluation that finds it true; longer holds are honoured in whole steps.
    """
    ordered = merge(rows)
    ends = [_end_of(r) for r in ordered]
    # Read as columns once; what has arrived by each moment is a prefix of them.
    arrived = prefixes(ordered)
    open_: dict[str, Episode] = {}
    done: list[Episode] = []
    for moment in when:
        seen = arrived.first(bisect.bisect_right(ends, moment))
        current = evaluate_columns(seen, targets, rules, moment, settings=settings)
        by_fp: dict[str, Alert] = {a.fingerprint: a for a in current}
        for fp, alert in by_fp.items():
            episode = open_.get(fp)
            if episode is None:
                episode = Episode(fp, dict(alert.labels), alert.summary, alert.severity, moment)
                open_[fp] = episode
            if episode.fired_at is None and (
                alert.pending_for < STEP or moment - episode.first_true >= alert.pending_for
            ):
                episode.fired_at = moment
                episode.evidence = dict(alert.evidence)
                episode.suggestions = [
                    {"action": s.action, "detail": s.detail, "expected_effect": s.expected_effect}
                    for s in alert.suggestions
                ]
            episode.last_true, episode.keep_firing_for = moment, alert.keep_firing_for
            episode.implied_labels = dict(alert.implied_labels)
        # Muted as the alert manager mutes: among the alerts firing now, those held by their
        # keep_firing_for included (a CPC spike held from the last hour mutes the CTR drop
        # the morning's daily rows show), never by one still pending.
        firing = [e for e in open_.values() if e.fired_at is not None and _firing(e, moment)]
        muted = inhibited(firing, INHIBITS)
        for episode in firing:
            if episode.fingerprint not in muted:
                episode.muted = False
        for fp in list(open_):
            episode = open_[fp]
            if episode.fired_at and fp not in by_fp and _firing(episode, moment):
                continue
            if fp not in by_fp:
                episode = open_.pop(fp)
                if episode.fired_at is not None:
                    episode.resolved_at = moment
                    done.append(episode)
    done.extend(e for e in open_.values() if e.fired_at is not None)
    return sorted(done, key=lambda e: (e.fired_at or e.first_true, e.alertname))


def _firing(e: Episode, moment: datetime) -> bool:
    """Whether a fired episode is firing at ``moment``: reported now, or held since."""
    last = e.last_true
    return last is not None and (last == moment or moment - last < e.keep_firing_for)


@dataclass(frozen=True, slots=True)
class Score:
    """How a replay did against a manifest of planted incidents."""

    caught: dict[str, datetime | None]
    delay_days: dict[str, int | None]
    violations: dict[str, list[str]]
    false_alerts: list[Episode]
    campaign_months: float

    @property
    def recall(self) -> tuple[int, int]:
        return sum(v is not None for v in self.caught.values()), len(self.caught)

    @property
    def false_per_campaign_month(self) -> float:
        return len(self.false_alerts) / self.campaign_months if self.campaign_months else 0.0


def _as_alert(e: Episode) -> Alert:
    return Alert(labels=e.labels, summary=e.summary, severity=e.severity)


def _violates(e: Episode, inc: Incident) -> bool:
    """Whether ``e`` is the alert ``inc`` must not raise: fired on its entity while its days
    were among the last ``_JUDGED_DAYS`` tested; earlier or later it is just a false alert."""
    return (
        e.fired_at is not None
        and e.alertname == inc.must_not_fire
        and inc.start < e.fired_at.date() <= inc.end + timedelta(days=_JUDGED_DAYS)
        and matches(_as_alert(e), inc.labels)
    )


def score(
    episodes: Sequence[Episode],
    incidents: Sequence[Incident],
    rows: Sequence[AdMetricRow],
    when: Sequence[datetime],
) -> Score:
    """Recall (caught, how late) and false alerts per campaign-month; muted alerts don't count."""
    heard = [e for e in episodes if not e.muted and e.fired_at is not None]
    caught: dict[str, datetime | None] = {}
    delay: dict[str, int | None] = {}
    violations: dict[str, list[str]] = {}
    for inc in incidents:
        if inc.expected_alert:
            hits = sorted(
                e.fired_at
                for e in episodes
                if e.fired_at is not None
                and e.alertname == inc.expected_alert
                and matches(_as_alert(e), inc.labels)
                and e.fired_at.date() > inc.start
            )
            caught[inc.id] = hits[0] if hits else None
            delay[inc.id] = (hits[0].date() - inc.start).days if hits else None
        if inc.must_not_fire:
            violations[inc.id] = [
                e.fired_at.isoformat() for e in heard if _violates(e, inc) and e.fired_at
            ]
    false = []
    for e in heard:
        alert = _as_alert(e)
        if any(i.expected_alert == e.alertname and matches(alert, i.labels) for i in incidents):
            continue
        if any(_violates(e, i) for i in incidents):
            continue  # already counted as a violation
        if any(
            i.expected_alert
            and all(
                i.labels.get(k, "") == e.labels.get(k, "")
                for k in ("platform", "account", "campaign")
            )
            for i in incidents
        ):
            continue  # a side effect of a planted incident on the same campaign
        false.append(e)
    campaigns = {(r.platform, r.account, r.campaign) for r in rows}
    span_days = (when[-1] - when[0]).days + 1 if when else 0
    return Score(caught, delay, violations, false, len(campaigns) * span_days / 30)


def as_json(e: Episode) -> dict[str, Any]:
    return {
        "fingerprint": e.fingerprint,
        "alertname": e.alertname,
        "severity": e.severity,
        "labels": e.labels,
        "summary": e.summary,
        "first_true": e.first_true.isoformat(),
        "fired_at": e.fired_at.isoformat() if e.fired_at else None,
        "resolved_at": e.resolved_at.isoformat() if e.resolved_at else None,
        "muted_by_inhibition": e.muted,
        "evidence": e.evidence,
        "suggestions": e.suggestions,
    }


def render(
    episodes: Sequence[Episode], result: Score | None, incidents: Mapping[str, Incident]
) -> list[str]:
    lines = []
    for e in episodes:
        where = "/".join(
            e.labels[k] for k in ("platform", "campaign", "adset", "ad") if e.labels.get(k)
        )
        until = e.resolved_at.strftime("%Y-%m-%d %H:%M") if e.resolved_at else "still firing"
        muted = " (muted by inhibition)" if e.muted else ""
        fired = e.fired_at.strftime("%Y-%m-%d %H:%M") if e.fired_at else "-"
        lines.append(
            f"{fired} → {until}  {e.fingerprint[:8]} {e.alertname} [{e.severity}] {where}{muted}"
        )
        lines.append(f"    {e.summary}")
        for name, value in e.evidence.items():
            lines.append(f"    - {name}: {value}")
        for s in e.suggestions:
            effect = f" (expected: {s['expected_effect']})" if s.get("expected_effect") else ""
            lines.append(f"    → {s['action']}: {s['detail']}{effect}")
    if result is not None:
        caught, total = result.recall
        lines.append("")
        lines.append(f"recall: {caught}/{total} planted incidents caught")
        for inc_id, hit in result.caught.items():
            inc = incidents[inc_id]
            status = (
                f"caught {hit:%Y-%m-%d %H:%M}, {result.delay_days[inc_id]} day(s) after onset"
                if hit
                else "MISSED"
            )
            lines.append(f"  {inc_id} ({inc.expected_alert}): {status}")
        for inc_id, when in result.violations.items():
            inc = incidents[inc_id]
            verdict = "never fired" if not when else f"FIRED at {', '.join(when)}"
            lines.append(f"  {inc_id} must not fire {inc.must_not_fire}: {verdict}")
        lines.append(
            f"false alerts: {len(result.false_alerts)} over "
            f"{result.campaign_months:.1f} campaign-months = "
            f"{result.false_per_campaign_month:.2f} per campaign-month"
        )
        for e in result.false_alerts:
            lines.append(f"  {e.fired_at:%Y-%m-%d} {e.alertname} {e.labels.get('campaign', '')}")
    return lines
