"""Rows become arrays once: complete buckets only, restatements replace, no double counting."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from bot.models import AdMetricRow
from bot.smm.frame import CLICKS, CONVERSIONS, IMPRESSIONS, build_frames, day_index

from .helpers import NOW


def day_row(
    day: str, adset: str = "", ad: str = "", breakdown: str = "", **n: float
) -> AdMetricRow:
    return AdMetricRow(
        bucket=day,
        granularity="day",
        platform="meta",
        account="acct",
        campaign="Shoes",
        adset=adset,
        ad=ad,
        impressions=int(n.get("impressions", 1000)),
        clicks=int(n.get("clicks", 10)),
        spend=n.get("spend", 10.0),
        conversions=n.get("conversions", 1.0),
        revenue=n.get("revenue", 0.0),
        breakdown=breakdown,
    )


def hour_row(hour: str, **n: float) -> AdMetricRow:
    return AdMetricRow(
        bucket=hour,
        granularity="hour",
        platform="meta",
        account="acct",
        campaign="Shoes",
        adset="",
        ad="",
        impressions=int(n.get("impressions", 100)),
        clicks=int(n.get("clicks", 1)),
        spend=n.get("spend", 1.0),
        conversions=n.get("conversions", 0.0),
        revenue=0.0,
    )


def test_the_current_day_and_hour_are_left_out() -> None:
    frames = build_frames(
        [
            day_row("2026-11-24"),
            day_row("2026-11-25", clicks=999),
            hour_row("2026-11-25T07:00:00+00:00"),
            hour_row("2026-11-25T08:00:00+00:00", clicks=999),
        ],
        NOW,
    )
    assert frames.daily is not None and frames.hourly is not None
    assert frames.daily.origin + frames.daily.length == day_index(NOW.date())
    assert frames.daily.values[CLICKS].sum() == 10
    assert frames.hourly.values[CLICKS].sum() == 1  # 07:00 is complete, 08:00 is not


def test_a_restated_row_replaces_the_one_it_restates() -> None:
    first = day_row("2026-11-24", conversions=2)
    later = day_row("2026-11-24", conversions=7)
    frames = build_frames([first, later], NOW)
    assert frames.daily is not None
    assert frames.daily.values[CONVERSIONS].sum() == 7


def test_parent_rows_are_not_added_to_their_children() -> None:
    rows = [
        day_row("2026-11-24", impressions=3000),  # campaign total
        day_row("2026-11-24", adset="s1", impressions=1000),
        day_row("2026-11-24", adset="s2", impressions=2000),  # ad-set total of its ads
        day_row("2026-11-24", adset="s2", ad="a", impressions=1500),
        day_row("2026-11-24", adset="s2", ad="b", impressions=500),
    ]
    frames = build_frames(rows, NOW)
    assert frames.daily is not None
    assert [e[3:] for e in frames.daily.entities] == [("s1", ""), ("s2", "a"), ("s2", "b")]
    campaign = frames.daily.groups("campaign")
    assert campaign.values[IMPRESSIONS].sum() == 3000
    assert len(frames.daily.groups("ad")) == 2
    assert len(frames.daily.groups("adset")) == 2


def test_days_without_a_daily_row_are_filled_from_hours_and_daily_rows_win() -> None:
    hours = [hour_row(f"2026-11-23T{h:02d}:00:00+00:00", clicks=2) for h in range(24)]
    hours += [hour_row(f"2026-11-24T{h:02d}:00:00+00:00", clicks=2) for h in range(24)]
    frames = build_frames([*hours, day_row("2026-11-24", clicks=5)], NOW)
    assert frames.daily is not None
    by_day = frames.daily.values[CLICKS].sum(axis=0)
    assert list(by_day[-2:]) == [48, 5]


def test_breakdown_rows_are_kept_aside() -> None:
    rows = [day_row("2026-11-24"), day_row("2026-11-24", breakdown="age=18-24")]
    frames = build_frames(rows, NOW)
    assert frames.daily is not None
    assert frames.daily.values[CLICKS].sum() == 10
    assert [r.breakdown for r in frames.breakdowns] == ["age=18-24"]


def test_rolling_windows_read_the_running_sums() -> None:
    rows = [day_row(f"2026-11-{d:02d}", clicks=d) for d in range(20, 25)]
    frames = build_frames(rows, NOW)
    assert frames.daily is not None
    groups = frames.daily.groups("campaign")
    end = np.array([frames.daily.length])
    assert groups.window(end, 2)[CLICKS, 0] == 23 + 24
    assert groups.window(end, 2, offset=1)[CLICKS, 0] == 22 + 23
    assert list(groups.series(end, 3)[CLICKS, 0]) == [22, 23, 24]


def test_a_series_longer_than_the_frame_reads_zero_before_its_start() -> None:
    rows = [day_row(f"2026-11-{d:02d}", adset=s, clicks=d) for d in range(20, 25) for s in "ab"]
    frames = build_frames(rows, NOW)
    assert frames.daily is not None and frames.daily.length == 5
    groups = frames.daily.groups("adset")
    same = groups.series(np.array([5, 5]), 7)
    assert same[CLICKS].tolist() == [[0, 0, 20, 21, 22, 23, 24]] * 2
    # The same windows when the groups end on different buckets (read cell by cell).
    apart = groups.series(np.array([5, 4]), 7)
    assert apart[:, 0].tolist() == same[:, 0].tolist()
    assert apart[CLICKS, 1].tolist() == [0, 0, 0, 20, 21, 22, 23]
    assert groups.series(np.array([0, 0]), 2)[CLICKS].tolist() == [[0, 0], [0, 0]]


def test_no_rows_give_no_frames() -> None:
    frames = build_frames([], datetime(2026, 11, 25, tzinfo=UTC))
    assert frames.daily is None and frames.hourly is None
