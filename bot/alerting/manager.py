"""Runs the ad engine, keeps the alert lifecycle, and queues grouped notices once each."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from bot.alerting.grouping import Planned, plan
from bot.alerting.inhibition import InhibitRule, inhibited
from bot.alerting.lifecycle import transitions
from bot.alerting.ranking import ranked
from bot.alerting.routing import Route
from bot.models import Alert, AlertRecord, AlertState, GroupNotice
from bot.notices import Notice, alert_words
from bot.store import Store

__all__ = [
    "AlertManager",
    "AlertSource",
    "alert_context",
]

log = logging.getLogger(__name__)

AlertSource = Callable[[datetime], Awaitable[Sequence[Alert]]]


def alert_context(record: AlertRecord) -> dict[str, Any]:
    data = asdict(record)
    data["state"] = record.state.value
    data["evidence"] = record.details.get("evidence", {})
    data["suggestions"] = record.details.get("suggestions", [])
    return alert_words(data)


def _notice(item: Planned, known: Mapping[str, AlertRecord], stamp: str) -> Notice:
    """The message for one planned group notice: its alerts, and those resolved since."""
    assert item.kind != "none"
    return Notice(
        kind=item.kind,
        receiver=item.receiver,
        subject=item.group_key,
        dedupe_key=f"{item.kind}:{item.group_key}:{stamp}",
        data={
            "group_key": item.group_key,
            "alerts": [alert_context(a) for a in item.alerts],
            "resolved": [alert_context(known[fp]) for fp in item.resolved if fp in known],
        },
    )


class AlertManager:
    def __init__(
        self,
        store: Store,
        tree: Route,
        source: AlertSource,
        inhibit_rules: Mapping[str, InhibitRule],
        muted: Callable[[Route, datetime], bool] = lambda _route, _now: False,
    ) -> None:
        self._store = store
        self._tree = tree
        self._source = source
        self._inhibit = inhibit_rules
        self._muted = muted

    async def evaluate(self, now: datetime) -> int:
        """Ask the engine what is true now and move alerts through their states."""
        current = await self._source(now)
        active = await self._store.alerts.active()
        changes = transitions(current, active, now)
        before = {a.fingerprint: a.state for a in active}
        await self._store.alerts.apply(changes)
        moved = 0
        for change in changes:
            if before.get(change.fingerprint) is not change.to:
                moved += 1
                log.info(
                    "alert state fingerprint=%s alertname=%s state=%s",
                    change.fingerprint,
                    change.alert.labels.get("alertname") if change.alert else "-",
                    change.to.value,
                )
        return moved

    async def flush(self, now: datetime) -> int:
        """Queue the notifications due now; returns how many were queued."""
        firing = ranked(await self._store.alerts.select((AlertState.FIRING,)))
        silences = await self._store.alerts.active_silences(now)
        muted = inhibited(firing, self._inhibit) | {
            a.fingerprint for a in firing if any(s.mutes(a.labels, a.fingerprint) for s in silences)
        }
        audible = [a for a in firing if a.fingerprint not in muted]
        logged = await self._store.alerts.notification_log()
        remembered = sorted({fp for entry in logged.values() for fp in entry.firing})
        known = {a.fingerprint: a for a in await self._store.alerts.by_fingerprints(remembered)}
        resolved = {fp for fp, a in known.items() if a.state is AlertState.RESOLVED}
        planned = plan(
            audible, resolved, self._tree, logged, now, lambda route: self._muted(route, now)
        )
        stamp = now.isoformat()
        return await self._store.alerts.notify(
            [
                GroupNotice(
                    item.receiver,
                    item.group_key,
                    item.firing_after,
                    frozenset(item.resolved),
                    None if item.kind == "none" else _notice(item, known, stamp),
                )
                for item in planned
            ]
        )

    async def __call__(self, now: datetime) -> int:
        moved = await self.evaluate(now)
        await self.flush(now)
        return moved
