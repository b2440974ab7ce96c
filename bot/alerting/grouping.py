"""Routing, grouping and timing: which receiver hears about which alert group, and when."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from bot.alerting.routing import Route
from bot.models import AlertRecord, Logged

__all__ = [
    "INCIDENTS",
    "Planned",
    "group_key",
    "incident_name",
    "plan",
]


@dataclass(frozen=True, slots=True)
class Planned:
    """One notification to queue, and what the log should say after it."""

    receiver: str
    group_key: str
    kind: Literal["alert", "resolved", "none"]
    alerts: tuple[AlertRecord, ...]
    resolved: tuple[str, ...]
    firing_after: frozenset[str]


@dataclass(slots=True)
class _Group:
    route: Route
    labels: dict[str, str]
    alerts: list[AlertRecord] = field(default_factory=list)


INCIDENTS: dict[str, str] = {
    **dict.fromkeys(
        ("CPASpike", "CPAAboveTarget", "ROASDrop", "ROASBelowTarget", "CPCSpike", "CPMSpike"),
        "Performance",
    ),
    **dict.fromkeys(
        (
            "SpendSpike",
            "SpendDrop",
            "DeliveryCollapse",
            "BudgetOverspend",
            "BudgetUnderdelivery",
        ),
        "Delivery",
    ),
}
"""Alert names that describe one incident of a campaign from different sides: a CPA spike,
CPA above target and a ROAS drop are one cost problem; a spend drop and a delivery
collapse one delivery problem. Grouping by ``alertname`` groups them as one."""


def incident_name(labels: Mapping[str, str]) -> str:
    """The ``alertname`` a group sees: the incident's name for an alert about a campaign."""
    name = labels.get("alertname", "")
    if labels.get("campaign"):
        return INCIDENTS.get(name, name)
    return name


def group_key(route: Route, labels: Mapping[str, str]) -> str:
    """The group's identity: the route's place in the tree plus the grouping label values.

    ``alertname`` groups by incident (``INCIDENTS``), so one campaign's cost problem is one
    message with all its evidence, not one message per detector that saw it.
    """
    if route.group_by_all:
        chosen = dict(labels)
    else:
        chosen = {name: labels.get(name, "") for name in route.group_by}
    if "alertname" in chosen:
        chosen["alertname"] = incident_name(labels)
    return f"{route.key}:{json.dumps(chosen, sort_keys=True, separators=(',', ':'))}"


def plan(
    firing: Sequence[AlertRecord],
    resolved: set[str],
    tree: Route,
    log: Mapping[tuple[str, str], Logged],
    now: datetime,
    muted: Callable[[Route], bool] = lambda _route: False,
) -> list[Planned]:
    """Pure: the notifications due now for the firing (not muted) alerts.

    A new group waits `group_wait`; a changed group waits `group_interval` after its last
    notice; an unchanged one is repeated after `repeat_interval`; a group whose alerts have all
    resolved gets one resolved notice. `kind == "none"` updates the log without a message
    (a group emptied by a silence, not by resolution). A route inside a mute window sends
    nothing and logs nothing, so its groups are told once the window ends.
    """
    routes = {route.key: route for route in tree.walk()}
    groups: dict[tuple[str, str], _Group] = {}
    for alert in firing:
        for route in tree.match_routes(alert.labels):
            key = (route.receiver, group_key(route, alert.labels))
            group = groups.setdefault(key, _Group(route, dict(alert.labels)))
            group.alerts.append(alert)

    planned: list[Planned] = []
    for (receiver, gkey), group in sorted(groups.items()):
        if muted(group.route):
            continue
        current = frozenset(a.fingerprint for a in group.alerts)
        entry = log.get((receiver, gkey))
        alerts = tuple(sorted(group.alerts, key=lambda a: (a.severity, a.alertname, a.fingerprint)))
        if entry is None:
            first = min(datetime.fromisoformat(a.firing_at or a.started_at) for a in group.alerts)
            if now - first >= group.route.group_wait:
                planned.append(Planned(receiver, gkey, "alert", alerts, (), current))
            continue
        since = now - entry.sent_at
        gone = tuple(sorted((entry.firing - current) & resolved))
        if current != entry.firing:
            if since >= group.route.group_interval:
                planned.append(Planned(receiver, gkey, "alert", alerts, gone, current))
        elif since >= group.route.repeat_interval:
            planned.append(Planned(receiver, gkey, "alert", alerts, (), current))

    for (receiver, gkey), entry in sorted(log.items()):
        if (receiver, gkey) in groups or not entry.firing:
            continue
        owner = routes.get(gkey.split(":", 1)[0])
        if owner is not None and muted(owner):
            continue
        gone = tuple(sorted(entry.firing & resolved))
        kind: Literal["resolved", "none"] = "resolved" if gone else "none"
        planned.append(Planned(receiver, gkey, kind, (), gone, frozenset()))
    return planned
