"""Hashtag lift against the brand's platform norm, the sample minimum, and rising hashtags."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.insights.hashtags import hashtag_performance, trending_hashtags
from tests.insights.helpers import NOW, post


def test_lift_is_the_median_of_tagged_posts_against_the_platform_median() -> None:
    # Untagged posts engage at 2 %; tagged ones at 4, 4, 6, 4 and 2 %: the median index is 2.
    posts = [post(likes=20) for _ in range(5)]
    posts += [post(likes=likes, tags=["glazeday"]) for likes in (40, 40, 60, 40, 20)]
    perf = hashtag_performance(posts)
    stat = perf.stat("#GlazeDay")
    assert stat is not None
    assert stat.posts == 5
    assert stat.lift == pytest.approx(2.0)
    assert stat.engagement_lift == pytest.approx(2.0)
    assert stat.reach_lift == pytest.approx(1.0)
    assert stat.above_norm == 4


def test_a_hashtag_that_reaches_further_lifts_engagements_not_the_rate() -> None:
    posts = [post(impressions=1000, likes=30) for _ in range(6)]
    posts += [post(impressions=3000, likes=90, tags=["pottery"]) for _ in range(5)]
    stat = hashtag_performance(posts).stat("pottery")
    assert stat is not None
    assert stat.lift == pytest.approx(1.0)
    assert stat.reach_lift == pytest.approx(3.0)
    assert stat.engagement_lift == pytest.approx(3.0)


def test_a_hashtag_on_too_few_posts_is_not_ranked() -> None:
    posts = [post(likes=20) for _ in range(6)]
    posts += [post(likes=90, tags=["rare"]) for _ in range(4)]
    posts += [post(likes=30, tags=["common"]) for _ in range(5)]
    perf = hashtag_performance(posts)
    assert [s.tag for s in perf.ranked] == ["common"]
    assert perf.too_few == (("rare", 4),)
    assert hashtag_performance(posts, min_posts=4).ranked[0].tag == "rare"


def test_each_post_is_judged_on_its_own_platform() -> None:
    # TikTok engages four times as much as Instagram here; a TikTok-only tag at TikTok's
    # usual rate is par, not a 4x lift against a blended median.
    posts = [post(platform="instagram", likes=20) for _ in range(8)]
    posts += [post(platform="tiktok", likes=80, tags=["clay"]) for _ in range(6)]
    stat = hashtag_performance(posts).stat("clay")
    assert stat is not None
    assert stat.lift == pytest.approx(1.0)


def test_ranking_is_best_first_and_case_blind() -> None:
    posts = [post(likes=20) for _ in range(6)]
    posts += [post(likes=40, tags=["Kiln" if i % 2 else "kiln"]) for i in range(5)]
    posts += [post(likes=10, tags=["sale"]) for _ in range(5)]
    ranked = hashtag_performance(posts).ranked
    assert [s.tag for s in ranked] == ["kiln", "sale"]
    assert ranked[0].posts == 5


def test_rising_hashtags_compare_the_last_week_with_the_three_before() -> None:
    day = timedelta(days=1)
    comments = [(NOW - day * d, "snow at the studio #SnowDay") for d in (1, 2, 3, 4)]
    comments += [(NOW - day * d, "#mugs forever") for d in (1, 2, 3)]
    comments += [(NOW - day * d, "#mugs") for d in (8, 9, 10, 12, 14, 15, 18, 20, 25)]
    comments += [(NOW - day * d, "#once") for d in (1, 2)]
    comments += [(NOW - day * 40, "#SnowDay long ago"), (NOW + day, "#snowday tomorrow")]
    posts = [post(days_ago=2, tags=["glazeday"]) for _ in range(3)]
    rising = trending_hashtags(posts, comments, NOW)
    by_tag = {t.tag: t for t in rising}
    assert set(by_tag) == {"snowday", "glazeday"}
    snow = by_tag["snowday"]
    assert (snow.recent, snow.earlier, snow.in_comments, snow.new) == (4, 0, 4, True)
    assert snow.ratio == pytest.approx((4 / 7) / (1 / 21))
    assert by_tag["glazeday"].in_posts == 3
    assert rising[0].tag == "snowday"


def test_a_tag_repeated_in_one_comment_counts_once() -> None:
    comments = [(NOW - timedelta(hours=h), "#wow #WOW #wow") for h in (1, 2)]
    assert trending_hashtags([], comments, NOW) == ()
