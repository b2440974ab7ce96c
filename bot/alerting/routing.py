"""The routing tree of the workspace file, after Alertmanager's `route`, and its mute windows.

`RouteConfig` is a node as written; `Route` is the same node with every inherited value
filled in, which the alert manager walks (as Alertmanager builds `dispatch.Route` from
`config.Route`).
"""

from __future__ import annotations

import dataclasses
import re
import types
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator

from bot.config.checks import unknown
from bot.config.errors import Loc
from bot.config.fields import (
    WEEKDAYS,
    Clock,
    LabelName,
    LabelValue,
    Name,
    NonEmpty,
    PositiveDuration,
    Regex,
    Section,
    TimeZoneName,
    Weekday,
)
from bot.durations import Duration, format_duration

__all__ = [
    "MuteWindow",
    "Route",
    "RouteConfig",
    "TimeRange",
    "describe_route",
    "resolve_routes",
    "route_problems",
]


class RouteConfig(Section):
    """One node of the routing tree as written; unset values are inherited from the parent."""

    receiver: str | None = None
    group_by: tuple[str, ...] | None = None
    group_wait: Duration | None = None
    group_interval: PositiveDuration | None = None
    repeat_interval: PositiveDuration | None = None
    match: dict[LabelName, LabelValue] = Field(default_factory=dict)
    match_re: dict[LabelName, Regex] = Field(default_factory=dict)
    continue_: bool = Field(default=False, alias="continue")
    mute_windows: tuple[str, ...] | None = None
    routes: tuple[RouteConfig, ...] = ()

    @field_validator("group_wait")
    @classmethod
    def _not_negative(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value < timedelta(0):
            raise ValueError("must not be negative")
        return value


@dataclasses.dataclass(frozen=True, slots=True, eq=False)
class Route:
    """A routing-tree node with every inherited value filled in.

    `key` is the node's place in the file (`route.routes[0]`); it stays the same across
    restarts as long as the file does, so it can be part of an alert group's identity.
    Regexes match the whole label value, as in Alertmanager. Nodes compare by identity.
    """

    key: str
    receiver: str
    group_by: tuple[str, ...]
    group_wait: timedelta
    group_interval: timedelta
    repeat_interval: timedelta
    match: Mapping[str, str]
    match_re: Mapping[str, re.Pattern[str]]
    continue_: bool
    routes: tuple[Route, ...]
    mute_windows: tuple[str, ...] = ()

    @property
    def group_by_all(self) -> bool:
        """`group_by: ['...']` groups by every label, as in Alertmanager."""
        return "..." in self.group_by

    def matches(self, labels: Mapping[str, str]) -> bool:
        """True when every matcher of this node accepts the labels (missing label = "")."""
        for name, value in self.match.items():
            if labels.get(name, "") != value:
                return False
        return all(
            pattern.fullmatch(labels.get(name, "")) is not None
            for name, pattern in self.match_re.items()
        )

    def match_routes(self, labels: Mapping[str, str]) -> list[Route]:
        """The nodes that take an alert: the deepest matching ones, honouring `continue`."""
        if not self.matches(labels):
            return []
        found: list[Route] = []
        for child in self.routes:
            taken = child.match_routes(labels)
            found.extend(taken)
            if taken and not child.continue_:
                break
        return found or [self]

    def walk(self) -> Iterator[Route]:
        """This node and every node below it, depth first."""
        yield self
        for child in self.routes:
            yield from child.walk()


class TimeRange(Section):
    """From `start` to `end` in local time; an `end` before `start` runs past midnight."""

    start: Clock
    end: Clock

    def contains(self, moment: time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


class MuteWindow(Section):
    """Times when a route stays quiet (nights, weekends); notices wait until it ends."""

    name: Name
    times: Annotated[tuple[TimeRange, ...], NonEmpty]
    weekdays: tuple[Weekday, ...] | None = None
    timezone: TimeZoneName | None = None

    def contains(self, moment: datetime, zone: ZoneInfo) -> bool:
        local = moment.astimezone(ZoneInfo(self.timezone) if self.timezone else zone)
        if self.weekdays is not None and WEEKDAYS[local.weekday()] not in self.weekdays:
            return False
        return any(window.contains(local.time()) for window in self.times)


def resolve_routes(config: RouteConfig, receiver: str) -> Route:
    """The tree as the alert manager walks it; the root inherits Alertmanager's defaults."""
    return _resolve(config, "route", _root_defaults(receiver))


def route_problems(
    route: RouteConfig, loc: Loc, receiver_names: Sequence[str], windows: Sequence[str] = ()
) -> Iterator[tuple[Loc, str]]:
    """Receivers and mute windows a node or its children name that the file does not define."""
    if route.receiver is not None and route.receiver not in receiver_names:
        yield (*loc, "receiver"), unknown("receiver", route.receiver, receiver_names)
    for index, name in enumerate(route.mute_windows or ()):
        if name not in windows:
            yield (*loc, "mute_windows", index), unknown("mute window", name, windows)
    for index, child in enumerate(route.routes):
        yield from route_problems(child, (*loc, "routes", index), receiver_names, windows)


def _resolve(config: RouteConfig, key: str, parent: Route) -> Route:
    node = Route(
        key=key,
        receiver=config.receiver if config.receiver is not None else parent.receiver,
        group_by=config.group_by if config.group_by is not None else parent.group_by,
        group_wait=config.group_wait if config.group_wait is not None else parent.group_wait,
        group_interval=(
            config.group_interval if config.group_interval is not None else parent.group_interval
        ),
        repeat_interval=(
            config.repeat_interval if config.repeat_interval is not None else parent.repeat_interval
        ),
        match=types.MappingProxyType(dict(config.match)),
        match_re=types.MappingProxyType(dict(config.match_re)),
        continue_=config.continue_,
        routes=(),
        mute_windows=(
            config.mute_windows if config.mute_windows is not None else parent.mute_windows
        ),
    )
    children = tuple(
        _resolve(child, f"{key}.routes[{index}]", node) for index, child in enumerate(config.routes)
    )
    return dataclasses.replace(node, routes=children)


def _root_defaults(receiver: str) -> Route:
    """What the root route inherits: Alertmanager's default timings."""
    return Route(
        key="",
        receiver=receiver,
        group_by=("alertname",),
        group_wait=timedelta(seconds=30),
        group_interval=timedelta(minutes=5),
        repeat_interval=timedelta(hours=4),
        match=types.MappingProxyType({}),
        match_re=types.MappingProxyType({}),
        continue_=False,
        routes=(),
    )


def describe_route(route: Route) -> str:
    """A one-line summary of a node for logs and `/config` output."""
    matchers = [f"{name}={value}" for name, value in route.match.items()]
    matchers += [f"{name}=~{pattern.pattern}" for name, pattern in route.match_re.items()]
    return (
        f"{route.key} → {route.receiver} [{', '.join(matchers) or 'all'}]"
        f" group_by={','.join(route.group_by)} wait={format_duration(route.group_wait)}"
        f" interval={format_duration(route.group_interval)}"
        f" repeat={format_duration(route.repeat_interval)}"
    )
