"""Engagement rate and the brand × platform baselines every lift is measured against."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from bot.insights.metrics import (
    MIN_LOG_SPREAD,
    baselines,
    engagement_rate,
    engagements,
    mature,
    score_posts,
)
from tests.insights.helpers import NOW, post


def test_engagement_rate_is_interactions_over_impressions() -> None:
    p = post(impressions=1000, reach=700, likes=10, comments=2, shares=3, saves=5, clicks=40)
    assert engagements(p) == 20
    assert engagement_rate(p) == pytest.approx(0.02)


def test_engagement_rate_falls_back_to_reach_and_is_none_unseen() -> None:
    assert engagement_rate(post(impressions=0, reach=500, likes=20)) == pytest.approx(0.04)
    assert engagement_rate(post(impressions=0, reach=0, likes=3)) is None


def test_each_platform_is_its_own_norm() -> None:
    posts = [post(platform="instagram", likes=20) for _ in range(5)]
    posts += [post(platform="tiktok", likes=80) for _ in range(5)]
    posts += [post(platform="x", likes=10) for _ in range(4)]
    norms = baselines(posts)
    assert norms[("mugs", "instagram")].median_rate == pytest.approx(0.02)
    assert norms[("mugs", "tiktok")].median_rate == pytest.approx(0.08)
    assert ("mugs", "x") not in norms  # four posts are too few for a norm
    scored = score_posts(posts)
    assert len(scored) == 10
    assert all(s.rate_index == pytest.approx(1.0) for s in scored)


def test_robust_z_uses_a_floor_when_every_post_is_alike() -> None:
    posts = [post(likes=50) for _ in range(6)] + [post(likes=100)]
    norm = baselines(posts)[("mugs", "instagram")]
    assert norm.log_rate_spread == MIN_LOG_SPREAD
    top = max(score_posts(posts), key=lambda s: s.rate)
    assert top.log_rate_z == pytest.approx(math.log(2) / MIN_LOG_SPREAD)


def test_young_posts_are_not_mature() -> None:
    fresh = post(at=NOW - timedelta(hours=3))
    settled = post(at=NOW - timedelta(days=2))
    assert mature([fresh, settled], NOW) == [settled]
