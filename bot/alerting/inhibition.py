"""Inhibition: an alert that explains others (a stale feed, a tracking outage) mutes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from bot.store.alerts import AlertRecord


class InhibitRule(Protocol):
    """While the source alert fires it mutes `targets` whose `equal` labels match its own."""

    @property
    def targets(self) -> frozenset[str]: ...

    @property
    def equal(self) -> tuple[str, ...]: ...


# A gap in the hourly feed says nothing about alerts judged on complete days.
_NOT_EXPLAINING = {"feed": "hourly"}


def inhibited(alerts: Sequence[AlertRecord], rules: Mapping[str, InhibitRule]) -> set[str]:
    """Fingerprints of firing alerts muted by another firing alert (Alertmanager semantics)."""
    sources = [
        a
        for a in alerts
        if a.alertname in rules
        and not any(a.labels.get(k) == v for k, v in _NOT_EXPLAINING.items())
    ]
    muted: set[str] = set()
    for target in alerts:
        for source in sources:
            rule = rules[source.alertname]
            if source.fingerprint == target.fingerprint or target.alertname not in rule.targets:
                continue
            if all(source.labels.get(k, "") == target.labels.get(k, "") for k in rule.equal):
                muted.add(target.fingerprint)
                break
    return muted
