"""The screen every record passes once read: a brand of the workspace, a date not ahead."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.feeds.screen import Screen
from bot.models import AdMetricRow, Comment, Granularity, OrganicPost, ProfileSnapshot

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
SCREEN = Screen(frozenset({"alpenglow", "lumora"}), lambda: NOW)


def comment(brand: str = "alpenglow", at: datetime = NOW) -> Comment:
    return Comment("c1", "instagram", brand, "p1", "ana", "Hi", at)


def ad_row(bucket: str, granularity: Granularity = "day") -> AdMetricRow:
    return AdMetricRow(bucket, granularity, "meta", "acc", "Spring", "", "", 10, 1, 1.0, 0.0, 0.0)


def test_a_brand_not_in_the_workspace_is_named_with_the_known_ones() -> None:
    assert SCREEN.problem(comment("alpenglow"), NOW) is None
    assert SCREEN.problem(comment("northwind"), NOW) == (
        "brand 'northwind' is not in the workspace (known: alpenglow, lumora)"
    )
    assert Screen(None, lambda: NOW).problem(comment("northwind"), NOW) is None


def test_posts_and_profiles_need_a_workspace_brand_too() -> None:
    post = OrganicPost("p1", "x", "northwind", NOW, "text", "Hi")
    snap = ProfileSnapshot("x", "lumora", "lumora", NOW + timedelta(days=2), 10)
    assert (SCREEN.problem(post, NOW) or "").startswith("brand 'northwind'")
    assert (SCREEN.problem(snap, NOW) or "").startswith("captured_at: 2026-11-27T08:00:00")


def test_a_moment_up_to_a_day_ahead_is_accepted_and_later_ones_are_not() -> None:
    assert SCREEN.problem(comment(at=NOW + timedelta(days=1)), NOW) is None
    assert SCREEN.problem(comment(at=NOW + timedelta(days=1, seconds=1)), NOW) == (
        "created_at: 2026-11-26T08:00:01+00:00 is more than 1 day ahead of the bot's clock"
        " (2026-11-25T08:00:00+00:00)"
    )
    assert SCREEN.problem(comment(at=datetime(1999, 1, 1, tzinfo=UTC)), NOW) is None


def test_ad_days_up_to_tomorrow_and_hours_up_to_a_day_ahead_are_accepted() -> None:
    assert SCREEN.problem(ad_row("2026-11-26"), NOW) is None
    assert SCREEN.problem(ad_row("2026-11-27"), NOW) == (
        "date: 2026-11-27 is more than 1 day ahead of the bot's clock"
        " (2026-11-25T08:00:00+00:00); the latest day accepted is 2026-11-26"
    )
    assert SCREEN.problem(ad_row("2026-11-26T08:00:00+00:00", "hour"), NOW) is None
    late = SCREEN.problem(ad_row("2026-11-26T09:00:00+00:00", "hour"), NOW)
    assert (late or "").startswith("hour: 2026-11-26T09:00:00+00:00 is more than 1 day ahead")


def test_the_allowance_is_a_setting() -> None:
    strict = replace(SCREEN, max_ahead=timedelta(hours=2))
    assert (strict.problem(comment(at=NOW + timedelta(hours=3)), NOW) or "").startswith(
        "created_at: 2026-11-25T11:00:00+00:00 is more than 2h ahead"
    )
