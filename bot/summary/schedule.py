"""When each receiver's stand-up is due: a wall-clock time on chosen weekdays in an IANA zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.config.standup import Schedule
from bot.config.workspace import Workspace
from bot.models import Mark, SummaryKind

__all__ = [
    "LATE_AFTER",
    "Mark",
    "Slot",
    "SummaryKind",
    "ad_hour",
    "latest_slot",
    "next_slot",
    "occurrence",
    "owed",
    "slots_owed",
]

# The pipeline looks every minute or so; a send this much after its time was a downtime.
LATE_AFTER = timedelta(minutes=15)

# A weekly schedule runs on at least one weekday, so its last run is at most 7 days back.
_LOOK_DAYS = 8


@dataclass(frozen=True, slots=True)
class Slot:
    """One scheduled send: who gets which kind of summary, when, and for which local day."""

    receiver: str
    kind: SummaryKind
    at: datetime
    local_day: date
    zone: ZoneInfo

    @property
    def key(self) -> tuple[str, str]:
        return (self.receiver, self.kind)


def occurrence(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant the clock in `zone` shows `at` on `day`.

    A time skipped by a spring-forward change runs as much later as the clock jumped (02:30
    becomes 03:30); a time repeated by a fall-back change runs the first time it is shown.
    """
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def _runs_on(schedule: Schedule, day: date) -> bool:
    return day.weekday() in schedule.weekdays


def latest_slot(schedule: Schedule, zone: ZoneInfo, now: datetime) -> Slot | None:
    """The most recent send at or before `now`."""
    today = now.astimezone(zone).date()
    for back in range(_LOOK_DAYS):
        day = today - timedelta(days=back)
        if not _runs_on(schedule, day):
            continue
        at = occurrence(day, schedule.at, zone)
        if at <= now:
            return Slot(schedule.receiver, schedule.kind, at, day, zone)
    return None


def next_slot(schedule: Schedule, zone: ZoneInfo, now: datetime) -> Slot:
    """The first send strictly after `now`."""
    today = now.astimezone(zone).date()
    for ahead in range(_LOOK_DAYS + 1):
        day = today + timedelta(days=ahead)
        if not _runs_on(schedule, day):
            continue
        at = occurrence(day, schedule.at, zone)
        if at > now:
            return Slot(schedule.receiver, schedule.kind, at, day, zone)
    raise ValueError(f"schedule for {schedule.receiver!r} runs on no day")  # pragma: no cover


def owed(schedule: Schedule, zone: ZoneInfo, now: datetime, mark: Mark | None) -> Slot | None:
    """The send that is due now, if any: only the latest one, however many were missed.

    With no mark the schedule is seen for the first time and nothing before `now` is owed.
    """
    slot = latest_slot(schedule, zone, now)
    if slot is None or mark is None or slot.at < mark.tracked_since:
        return None
    if mark.slot_at is not None and slot.at <= mark.slot_at:
        return None
    return slot


def slots_owed(
    workspace: Workspace, now: datetime, marks: dict[tuple[str, str], Mark]
) -> list[Slot]:
    """Every send due now, one per (receiver, kind): the latest when two schedules share one."""
    found: dict[tuple[str, str], Slot] = {}
    for schedule in workspace.schedules:
        zone = workspace.schedule_zone(schedule)
        slot = owed(schedule, zone, now, marks.get((schedule.receiver, schedule.kind)))
        if slot is None:
            continue
        earlier = found.get(slot.key)
        if earlier is None or slot.at > earlier.at:
            found[slot.key] = slot
    return sorted(found.values(), key=lambda s: (s.at, s.receiver, s.kind))


def ad_hour(now: datetime) -> datetime:
    """The hourly slot of the ad alerts: the start of the UTC hour holding ``now``.

    The ads are judged once in every hour even when no row arrived: hourly rows complete
    an hour at a time, and pending and held alerts move on with the clock.
    """
    return now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
