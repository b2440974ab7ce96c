"""Runs the ad engine, keeps the alert lifecycle, and queues grouped notices once each."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from bot.alerting.grouping import Logged, plan
from bot.alerting.inhibition import InhibitRule, inhibited
from bot.alerting.lifecycle import transitions
from bot.models import Alert, AlertState
from bot.notices import Notice, alert_words
from bot.store import Store, outbox
from bot.store.alerts import AlertRecord
from bot.workspace import Route

log = logging.getLogger(__name__)

AlertSource = Callable[[datetime], Awaitable[Sequence[Alert]]]


def alert_context(record: AlertRecord) -> dict[str, Any]:
    data = asdict(record)
    data["state"] = record.state.value
    data["evidence"] = record.details.get("evidence", {})
    data["suggestions"] = record.details.get("suggestions", [])
    return alert_words(data)


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
        moved = 0
        async with self._store.db.transaction() as conn:
            for change in changes:
                if change.to is AlertState.RESOLVED:
                    await self._store.alerts.resolve(conn, change.fingerprint)
                elif change.alert is not None:
                    await self._store.alerts.save(conn, change.alert, change.to)
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
        firing = await self._store.alerts.select((AlertState.FIRING,))
        silences = await self._store.alerts.active_silences(now)
        muted = inhibited(firing, self._inhibit) | {
            a.fingerprint for a in firing if any(s.mutes(a.labels, a.fingerprint) for s in silences)
        }
        audible = [a for a in firing if a.fingerprint not in muted]
        raw_log = await self._store.alerts.notification_log()
        logged = {
            key: Logged(fps, datetime.fromisoformat(sent)) for key, (fps, sent) in raw_log.items()
        }
        remembered = sorted({fp for fps, _ in raw_log.values() for fp in fps})
        known = {a.fingerprint: a for a in await self._store.alerts.by_fingerprints(remembered)}
        resolved = {fp for fp, a in known.items() if a.state is AlertState.RESOLVED}
        planned = plan(
            audible, resolved, self._tree, logged, now, lambda route: self._muted(route, now)
        )
        queued = 0
        stamp = now.isoformat()
        async with self._store.db.transaction() as conn:
            for item in planned:
                if item.kind != "none":
                    notice = Notice(
                        kind=item.kind,
                        receiver=item.receiver,
                        subject=item.group_key,
                        dedupe_key=f"{item.kind}:{item.group_key}:{stamp}",
                        data={
                            "group_key": item.group_key,
                            "alerts": [alert_context(a) for a in item.alerts],
                            "resolved": [
                                alert_context(known[fp]) for fp in item.resolved if fp in known
                            ],
                        },
                    )
                    if await outbox.queue(conn, notice, self._store.db.now()):
                        queued += 1
                await self._store.alerts.log_notified(
                    conn,
                    item.receiver,
                    item.group_key,
                    set(item.firing_after),
                    set(item.resolved),
                )
        return queued

    async def __call__(self, now: datetime) -> int:
        moved = await self.evaluate(now)
        await self.flush(now)
        return moved
