"""When stand-ups are due: local wall-clock times across daylight-saving changes, and catch-up."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config.standup import Schedule
from bot.store import Store
from bot.summary import runs
from bot.summary.schedule import Mark, latest_slot, next_slot, occurrence, owed
from bot.summary.service import SummaryScheduler
from tests.summary.builders import OpenStore, utc, workspace

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def schedule(at: str, zone: str, days: list[str] | None = None) -> Schedule:
    return Schedule.model_validate(
        {"receiver": "team", "at": at, "timezone": zone, "days": days or EVERY_DAY}
    )


def sends(s: Schedule, zone: ZoneInfo, start: datetime, count: int) -> list[datetime]:
    found, now = [], start
    for _ in range(count):
        slot = next_slot(s, zone, now)
        found.append(slot.at)
        now = slot.at
    return found


@pytest.mark.parametrize(
    ("zone", "start", "expected"),
    [
        # Berlin springs forward on Sun 29 Mar 2026: 08:30 is 07:30Z before, 06:30Z after.
        (
            BERLIN,
            utc(2026, 3, 27),
            [
                utc(2026, 3, 27, 7, 30),
                utc(2026, 3, 28, 7, 30),
                utc(2026, 3, 29, 6, 30),
                utc(2026, 3, 30, 6, 30),
            ],
        ),
        # ...and falls back on Sun 25 Oct 2026.
        (
            BERLIN,
            utc(2026, 10, 23),
            [
                utc(2026, 10, 23, 6, 30),
                utc(2026, 10, 24, 6, 30),
                utc(2026, 10, 25, 7, 30),
                utc(2026, 10, 26, 7, 30),
            ],
        ),
        # New York springs forward on Sun 8 Mar 2026 and falls back on Sun 1 Nov 2026.
        (
            NEW_YORK,
            utc(2026, 3, 6),
            [
                utc(2026, 3, 6, 13, 30),
                utc(2026, 3, 7, 13, 30),
                utc(2026, 3, 8, 12, 30),
                utc(2026, 3, 9, 12, 30),
            ],
        ),
        (
            NEW_YORK,
            utc(2026, 10, 30),
            [
                utc(2026, 10, 30, 12, 30),
                utc(2026, 10, 31, 12, 30),
                utc(2026, 11, 1, 13, 30),
                utc(2026, 11, 2, 13, 30),
            ],
        ),
    ],
)
def test_the_local_time_holds_across_both_changes(
    zone: ZoneInfo, start: datetime, expected: list[datetime]
) -> None:
    found = sends(schedule("08:30", zone.key), zone, start, 4)
    assert found == expected
    assert {moment.astimezone(zone).time() for moment in found} == {time(8, 30)}


def test_weekdays_skip_the_weekend_over_a_change() -> None:
    weekdays = Schedule.model_validate({"receiver": "team", "at": "08:30"})
    friday = occurrence(date(2026, 3, 27), time(8, 30), BERLIN)
    slot = next_slot(weekdays, BERLIN, friday)
    assert slot.local_day == date(2026, 3, 30)
    # 71 hours, not 72: the weekend lost an hour.
    assert slot.at - friday == timedelta(hours=71)


def test_a_time_the_clock_skips_runs_once_an_hour_later() -> None:
    s = schedule("02:30", "Europe/Berlin")
    found = sends(s, BERLIN, utc(2026, 3, 28), 3)
    assert [m.astimezone(BERLIN).strftime("%d %H:%M") for m in found] == [
        "28 02:30",
        "29 03:30",
        "30 02:30",
    ]


def test_a_time_the_clock_shows_twice_runs_once() -> None:
    s = schedule("01:30", "America/New_York")
    first = occurrence(date(2026, 11, 1), time(1, 30), NEW_YORK)
    assert first == utc(2026, 11, 1, 5, 30)  # 01:30 EDT, the first of the two
    mark = Mark("team", "daily", tracked_since=utc(2026, 10, 1), slot_at=first)
    # An hour later the clock shows 01:30 again (EST); nothing is owed.
    assert owed(s, NEW_YORK, utc(2026, 11, 1, 6, 31), mark) is None
    assert next_slot(s, NEW_YORK, first).at == utc(2026, 11, 2, 6, 30)


def test_only_the_latest_missed_send_is_owed() -> None:
    s = schedule("08:30", "Europe/Berlin")
    mark = Mark("team", "daily", tracked_since=utc(2026, 11, 1), slot_at=utc(2026, 11, 16, 7, 30))
    slot = owed(s, BERLIN, utc(2026, 11, 20, 12, 0), mark)
    assert slot is not None and slot.at == utc(2026, 11, 20, 7, 30)
    # A schedule seen for the first time owes nothing from before it was seen.
    first_seen = Mark("team", "daily", tracked_since=utc(2026, 11, 20, 12, 0))
    assert owed(s, BERLIN, utc(2026, 11, 20, 12, 0), first_seen) is None
    assert owed(s, BERLIN, utc(2026, 11, 20, 12, 0), None) is None
    assert latest_slot(s, BERLIN, utc(2026, 11, 20, 7, 29)) is not None


async def _run(scheduler: SummaryScheduler, store: Store, start: datetime, end: datetime) -> None:
    now = start
    while now <= end:
        await scheduler.step(now)
        now += timedelta(minutes=15)


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        ("Europe/Berlin", utc(2026, 3, 27)),
        ("Europe/Berlin", utc(2026, 10, 23)),
        ("America/New_York", utc(2026, 3, 6)),
        ("America/New_York", utc(2026, 10, 30)),
    ],
)
@pytest.mark.slow
async def test_the_scheduler_sends_once_a_day_at_local_time_across_a_change(
    tmp_path: Path, zone: str, start: datetime, open_store: OpenStore
) -> None:
    ws = workspace(
        schedules=[{"receiver": "team", "at": "08:30", "days": EVERY_DAY, "timezone": zone}]
    )
    store = await open_store(tmp_path / "s.db", clock=lambda: start)
    scheduler = SummaryScheduler(store, ws, tmp_path / "charts")
    await _run(scheduler, store, start, start + timedelta(days=4) - timedelta(minutes=15))
    queued = [n for n in await store.outbox.due() if n.kind == "summary"]
    local = [
        datetime.fromisoformat(n.data["scheduled_for"]).astimezone(ZoneInfo(zone)) for n in queued
    ]
    assert [m.strftime("%H:%M") for m in local] == ["08:30"] * 4
    assert [m.date() for m in local] == [start.date() + timedelta(days=i) for i in range(4)]
    assert [n.data["day"] for n in queued] == [
        (start.date() + timedelta(days=i - 1)).isoformat() for i in range(4)
    ]
    assert not any(n.data["late"] for n in queued)


@pytest.mark.slow
async def test_after_a_downtime_the_summary_goes_once_marked_late(
    tmp_path: Path, open_store: OpenStore
) -> None:
    ws = workspace(schedules=[{"receiver": "team", "at": "08:30", "timezone": "Europe/Berlin"}])
    store = await open_store(tmp_path / "s.db")
    scheduler = SummaryScheduler(store, ws, tmp_path / "charts")
    assert await scheduler.step(utc(2026, 11, 16, 7, 0)) == 0  # 08:00 in Berlin: first seen
    assert await scheduler.step(utc(2026, 11, 16, 7, 31)) == 1
    # Down from Monday morning until Thursday noon: Tue, Wed and Thu were missed.
    thursday = utc(2026, 11, 19, 11, 0)
    assert await scheduler.step(thursday) == 1
    assert await scheduler.step(thursday + timedelta(minutes=1)) == 0
    summaries = [n for n in await store.outbox.due() if n.kind == "summary"]
    assert [(n.data["day"], n.data["late"]) for n in summaries] == [
        ("2026-11-15", False),
        ("2026-11-18", True),
    ]
    assert summaries[1].data["scheduled_for"] == "2026-11-19T07:30:00+00:00"
    assert summaries[1].data["show"]["late"].startswith("Sent late: planned for Thu 08:30")


@pytest.mark.slow
async def test_a_bot_started_after_the_send_time_waits_for_the_next_one(
    tmp_path: Path, open_store: OpenStore
) -> None:
    ws = workspace(schedules=[{"receiver": "team", "at": "08:30", "timezone": "Europe/Berlin"}])
    store = await open_store(tmp_path / "s.db")
    scheduler = SummaryScheduler(store, ws, tmp_path / "charts")
    assert await scheduler.step(utc(2026, 11, 16, 9, 0)) == 0
    assert await scheduler.step(utc(2026, 11, 17, 7, 30)) == 1


@pytest.mark.slow
async def test_a_restart_never_sends_twice(tmp_path: Path, open_store: OpenStore) -> None:
    ws = workspace(schedules=[{"receiver": "team", "at": "08:30", "timezone": "Europe/Berlin"}])
    path = tmp_path / "s.db"
    first = await open_store(path)
    await SummaryScheduler(first, ws, tmp_path / "charts").step(utc(2026, 11, 16, 7, 0))
    before = SummaryScheduler(first, ws, tmp_path / "charts")
    assert await before.step(utc(2026, 11, 16, 7, 30)) == 1
    await first.close()
    second = await open_store(path)
    again = SummaryScheduler(second, ws, tmp_path / "charts")
    assert await again.step(utc(2026, 11, 16, 7, 31)) == 0
    assert await again.step(utc(2026, 11, 16, 12, 0)) == 0
    assert await again.due(utc(2026, 11, 16, 12, 0)) == []
    count = await second.db.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'summary'")
    assert count == 1


@pytest.mark.slow
async def test_two_processes_on_one_database_send_once(
    tmp_path: Path, open_store: OpenStore
) -> None:
    ws = workspace(schedules=[{"receiver": "team", "at": "08:30", "timezone": "Europe/Berlin"}])
    path = tmp_path / "s.db"
    a, b = await open_store(path), await open_store(path)
    one = SummaryScheduler(a, ws, tmp_path / "a")
    two = SummaryScheduler(b, ws, tmp_path / "b")
    await one.step(utc(2026, 11, 16, 7, 0))
    at = utc(2026, 11, 16, 7, 30)
    assert len(await one.due(at)) == len(await two.due(at)) == 1
    results = await asyncio.gather(one.step(at), two.step(at))
    count = await a.db.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'summary'")
    assert sorted(results) == [0, 1]
    assert count == 1


async def test_a_send_is_claimed_once_even_when_both_built_it(
    tmp_path: Path, open_store: OpenStore
) -> None:
    path = tmp_path / "s.db"
    a, b = await open_store(path), await open_store(path)
    await runs.track(a, [("team", "daily")], utc(2026, 11, 16, 7, 0))
    s = schedule("08:30", "Europe/Berlin")
    slot = latest_slot(s, BERLIN, utc(2026, 11, 16, 7, 31))
    assert slot is not None
    claimed = []
    for store in (a, b):
        claimed.append(await runs.claim(store, slot, date(2026, 11, 15), False, slot.at))
    assert claimed == [True, False]


def test_slot_instants_are_utc() -> None:
    s = schedule("08:00", "Asia/Shanghai")
    slot = next_slot(s, ZoneInfo("Asia/Shanghai"), utc(2026, 11, 24, 1, 0))
    assert slot.at == datetime(2026, 11, 25, 0, 0, tzinfo=UTC)
    assert slot.local_day == date(2026, 11, 25)
