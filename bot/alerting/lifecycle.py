"""Pending → firing → resolved: what changes when the engine reports the alerts true now."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.models import Alert, AlertRecord, AlertState, Transition

__all__ = ["Transition", "still_firing", "transitions"]


def still_firing(record: AlertRecord, now: datetime) -> bool:
    """Whether a firing alert the engine no longer reports is kept firing for now."""
    if record.state is not AlertState.FIRING or record.last_seen is None:
        return False
    return now - datetime.fromisoformat(record.last_seen) < record.keep_firing_for


def transitions(
    current: Sequence[Alert], active: Sequence[AlertRecord], now: datetime
) -> list[Transition]:
    """Pure: the state changes that take the stored active alerts to what is true now.

    An alert seen for the first time is pending until it has held for its `pending_for`
    (at once firing when that is zero); an active alert no longer reported is resolved,
    unless it is firing and was last reported less than its `keep_firing_for` ago (then it
    stays as it is, with its last numbers). Alerts that stay in their state are re-saved so
    their numbers stay current.
    """
    stored = {a.fingerprint: a for a in active}
    seen: set[str] = set()
    changes: list[Transition] = []
    for alert in current:
        fp = alert.fingerprint
        if fp in seen:
            continue
        seen.add(fp)
        record = stored.get(fp)
        if record is None:
            state = AlertState.FIRING if not alert.pending_for else AlertState.PENDING
        elif record.state is AlertState.PENDING:
            held = now - datetime.fromisoformat(record.started_at)
            state = AlertState.FIRING if held >= alert.pending_for else AlertState.PENDING
        else:
            state = record.state
        changes.append(Transition(alert, fp, state))
    for fp in sorted(stored.keys() - seen):
        if still_firing(stored[fp], now):
            continue
        changes.append(Transition(None, fp, AlertState.RESOLVED))
    return changes
