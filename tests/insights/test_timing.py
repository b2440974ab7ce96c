"""Best posting times on the brand's wall clock, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.insights.timing import best_times, local_slot
from tests.insights.helpers import post

BERLIN = ZoneInfo("Europe/Berlin")


def _utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "slot"),
    [
        (_utc(2026, 3, 28, 17), (5, 18)),  # Saturday, still CET (+1)
        (_utc(2026, 3, 30, 17), (0, 19)),  # Monday, CEST (+2) since Sunday 01:00 UTC
        (_utc(2026, 10, 24, 17), (5, 19)),  # Saturday, CEST
        (_utc(2026, 10, 26, 17), (0, 18)),  # Monday, CET again
        (_utc(2026, 11, 2, 23, 30), (1, 0)),  # late Monday in UTC is Tuesday in Berlin
    ],
)
def test_local_slot_follows_the_zone_offset_of_each_moment(
    moment: datetime, slot: tuple[int, int]
) -> None:
    assert local_slot(moment, BERLIN) == slot


def test_posts_at_the_same_local_time_share_a_cell_across_the_dst_change() -> None:
    # Tuesdays 19:00 in Berlin: 17:00 UTC in October's summer time, 18:00 UTC after it ends.
    evening = [_utc(2026, 10, 13, 17), _utc(2026, 10, 20, 17), _utc(2026, 10, 27, 18)]
    evening.append(_utc(2026, 11, 3, 18))
    morning = [_utc(2026, 10, 14, 6), _utc(2026, 10, 21, 6), _utc(2026, 10, 28, 7)]
    morning.append(_utc(2026, 11, 4, 7))
    posts = [post(at=at, likes=90) for at in evening] + [post(at=at, likes=30) for at in morning]
    timing = best_times(posts, BERLIN)
    assert timing.zone == "Europe/Berlin"
    assert [(c.label, c.posts) for c in timing.cells] == [("Tue 19:00", 4), ("Wed 08:00", 4)]
    best = timing.best[0]
    assert best.engagement_lift > 1.0 > timing.cells[1].engagement_lift
    assert timing.left_out == 0


def test_cells_with_too_few_posts_are_left_out_but_still_count_by_hour() -> None:
    mondays = [_utc(2026, 11, d, 9) for d in (2, 9, 16)]  # Mon 10:00 Berlin, three posts
    tuesdays = [_utc(2026, 11, d, 9) for d in (3, 10)]  # Tue 10:00 Berlin, two posts
    posts = [post(at=at) for at in mondays + tuesdays]
    timing = best_times(posts, BERLIN)
    assert [(c.weekday, c.hour, c.posts) for c in timing.cells] == [(0, 10, 3)]
    assert timing.left_out == 2
    assert [(h.hour, h.posts) for h in timing.hours] == [(10, 5)]
    assert [(d.weekday, d.posts) for d in timing.weekdays] == [(0, 3)]
    assert best_times(posts, BERLIN, min_posts=2).left_out == 0


def test_no_cell_when_posts_are_spread_thin() -> None:
    posts = [post(at=_utc(2026, 11, 2 + d, 8 + d)) for d in range(6)]
    timing = best_times(posts, BERLIN)
    assert timing.cells == ()
    assert timing.best == ()
    assert timing.left_out == 6
