"""Inhibition: an alert that explains others (a stale feed, a tracking outage) mutes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

__all__ = [
    "InhibitRule",
    "Labelled",
    "inhibited",
]


class Labelled(Protocol):
    """An alert as the engine reports it or as the store keeps it."""

    @property
    def labels(self) -> Mapping[str, str]: ...

    @property
    def fingerprint(self) -> str: ...

    @property
    def implied_labels(self) -> Mapping[str, str]: ...


class InhibitRule(Protocol):
    """While the source alert fires it mutes `targets` whose `equal` labels match its own.

    A label an alert does not carry may be implied by it (`Labelled.implied_labels`: the only
    ad set of a campaign) and is matched as if carried, on either side."""

    @property
    def targets(self) -> frozenset[str]: ...

    @property
    def equal(self) -> tuple[str, ...]: ...


# A gap in the hourly feed says nothing about alerts judged on complete days.
_NOT_EXPLAINING = {"feed": "hourly"}


def inhibited(alerts: Sequence[Labelled], rules: Mapping[str, InhibitRule]) -> set[str]:
    """Fingerprints of firing alerts muted by another firing alert (Alertmanager semantics).

    The dispatcher, the backtest and the replay all use this one rule, so what a replay calls
    muted is what the team would not have been told."""
    sources = [
        a
        for a in alerts
        if a.labels.get("alertname", "") in rules
        and not any(a.labels.get(k) == v for k, v in _NOT_EXPLAINING.items())
    ]
    muted: set[str] = set()
    for target in alerts:
        name = target.labels.get("alertname", "")
        for source in sources:
            rule = rules[source.labels["alertname"]]
            if source.fingerprint == target.fingerprint or name not in rule.targets:
                continue
            if all(_label(source, k) == _label(target, k) for k in rule.equal):
                muted.add(target.fingerprint)
                break
    return muted


def _label(alert: Labelled, key: str) -> str:
    """The alert's label ``key``, or the one it implies; an absent label is empty."""
    value = alert.labels.get(key)
    return alert.implied_labels.get(key, "") if value is None else value
