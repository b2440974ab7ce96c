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


class InhibitRule(Protocol):
    """While the source alert fires it mutes `targets` whose `equal` labels match its own,
    and whose `equal_if_named` labels match it where the target carries them."""

    @property
    def targets(self) -> frozenset[str]: ...

    @property
    def equal(self) -> tuple[str, ...]: ...

    @property
    def equal_if_named(self) -> tuple[str, ...]: ...


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
            if _matches(source.labels, target.labels, rule):
                muted.add(target.fingerprint)
                break
    return muted


def _matches(source: Mapping[str, str], target: Mapping[str, str], rule: InhibitRule) -> bool:
    """Alertmanager's ``equal`` (an absent label is the empty value); an ``equal_if_named``
    label must be equal too unless the target lacks it, being about the object above."""
    if any(source.get(k, "") != target.get(k, "") for k in rule.equal):
        return False
    return all(not target.get(k) or source.get(k, "") == target[k] for k in rule.equal_if_named)
