"""Formats compared against their platform's norm, and engagement per post by posting rhythm."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.insights.formats import compare_formats, posting_cadence
from tests.insights.helpers import NOW, post

BERLIN = ZoneInfo("Europe/Berlin")


def test_reels_that_reach_twice_as_far_rank_first() -> None:
    posts = [post(fmt="image", impressions=1000, likes=40) for _ in range(6)]
    posts += [post(fmt="reel", impressions=2000, likes=80) for _ in range(4)]
    posts += [post(fmt="link", impressions=500, likes=20) for _ in range(2)]
    comparison = compare_formats(posts)
    assert [s.format for s in comparison.ranked] == ["reel", "image"]
    reel = comparison.ranked[0]
    assert reel.reach_lift == pytest.approx(2.0)
    assert reel.engagement_lift == pytest.approx(2.0)
    assert reel.lift == pytest.approx(1.0)
    assert reel.median_rate == pytest.approx(0.04)
    assert comparison.too_few == (("link", 2),)


def test_formats_are_judged_within_their_platform() -> None:
    posts = [post(platform="youtube", fmt="video", impressions=10_000, likes=500) for _ in range(5)]
    posts += [post(platform="x", fmt="text", impressions=500, likes=10) for _ in range(5)]
    comparison = compare_formats(posts)
    assert {s.format: round(s.engagement_lift, 2) for s in comparison.ranked} == {
        "video": 1.0,
        "text": 1.0,
    }


def _wednesday(week: int) -> datetime:
    """Noon UTC on the Wednesday ``week`` weeks before the one of NOW (Wed 25 Nov 2026)."""
    return datetime(2026, 11, 25, 12, tzinfo=UTC) - timedelta(weeks=week)


def test_busier_weeks_with_weaker_posts_show_a_drop() -> None:
    posts = [post(at=_wednesday(w), likes=100) for w in (1, 3, 5)]
    posts += [
        post(at=_wednesday(w) + timedelta(hours=h), likes=50) for w in (2, 4, 6) for h in (0, 2, 4)
    ]
    posts.append(post(at=NOW - timedelta(days=1), likes=500))  # this week: not over yet
    cadence = posting_cadence(posts, BERLIN, NOW)
    assert [(b.posts_per_week, b.weeks, b.posts) for b in cadence.buckets] == [
        (1, 3, 3),
        (3, 3, 9),
    ]
    assert cadence.buckets[0].engagement_per_post == pytest.approx(2.0)
    assert cadence.buckets[1].engagement_per_post == pytest.approx(1.0)
    assert cadence.weeks == 6
    assert cadence.posts_per_week == pytest.approx(12 / 6)
    assert "falls to 50%" in cadence.verdict


def test_busier_weeks_that_hold_up_say_so() -> None:
    posts = [post(at=_wednesday(w), likes=50) for w in (1, 3, 5)]
    posts += [post(at=_wednesday(w) + timedelta(hours=h)) for w in (2, 4, 6) for h in (0, 2)]
    cadence = posting_cadence(posts, BERLIN, NOW)
    assert [b.label for b in cadence.buckets] == ["1/week", "2/week"]
    assert "more posts bring more engagement" in cadence.verdict


def test_a_rhythm_seen_in_too_few_weeks_is_not_compared() -> None:
    posts = [post(at=_wednesday(w)) for w in (1, 2, 3)]
    posts += [post(at=_wednesday(4) + timedelta(hours=h)) for h in (0, 1, 2, 3, 4)]
    cadence = posting_cadence(posts, BERLIN, NOW)
    assert [b.posts_per_week for b in cadence.buckets] == [1]
    assert cadence.verdict.startswith("not enough weeks")
