"""Boost candidates: a recent standout is offered to the ad side, flat data offers nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.insights.boost import boost_candidates, post_url
from bot.models import OrganicPost
from bot.smm.targets import BoostCandidate
from tests.insights.helpers import NOW, post

# Engagement rates between 4.4 % and 5.6 %: an ordinary spread around 5 %.
ORDINARY = (44, 46, 48, 49, 50, 50, 51, 52, 54, 56, 47, 53)


def _history(platform: str = "facebook") -> list[OrganicPost]:
    return [
        post(platform=platform, likes=likes, days_ago=5 + 4 * i) for i, likes in enumerate(ORDINARY)
    ]


def test_a_recent_standout_is_a_candidate_with_its_numbers() -> None:
    standout = post(
        platform="facebook",
        id="111_222",
        fmt="video",
        days_ago=6,
        impressions=4000,
        likes=520,
        comments=40,
        shares=30,
        saves=10,
        clicks=77,
    )
    found = boost_candidates([*_history(), standout], NOW)
    assert len(found) == 1
    candidate = found[0]
    assert isinstance(candidate, BoostCandidate)
    assert (candidate.post_key, candidate.platform, candidate.brand) == (
        "facebook:111_222",
        "facebook",
        "mugs",
    )
    assert (candidate.impressions, candidate.engagements, candidate.clicks) == (4000, 600, 77)
    assert candidate.engagement_rate == pytest.approx(0.15)
    assert candidate.url == "https://www.facebook.com/111/posts/222"
    assert "3.0× the brand's facebook norm of 5.0%" in candidate.reason
    assert "video published 6 days ago" in candidate.reason


def test_flat_data_has_no_candidate() -> None:
    assert boost_candidates(_history(), NOW) == ()
    identical = [post(likes=50, days_ago=d) for d in range(1, 15)]
    assert boost_candidates(identical, NOW) == ()


@pytest.mark.parametrize(
    "standout",
    [
        post(platform="facebook", days_ago=30, likes=150),  # past the three-week window
        post(platform="facebook", days_ago=3, impressions=300, likes=45),  # too few impressions
        post(platform="facebook", at=NOW - timedelta(hours=5), likes=150),  # not settled yet
        post(platform="facebook", days_ago=3, likes=70),  # 1.4x the norm: not far enough above
    ],
    ids=["old", "small", "young", "modest"],
)
def test_no_candidate_that_is_old_small_young_or_modest(standout: OrganicPost) -> None:
    assert boost_candidates([*_history(), standout], NOW) == ()


def test_a_standout_needs_a_platform_with_enough_history() -> None:
    few = [post(platform="x", likes=50, days_ago=d) for d in (4, 8, 12)]
    assert boost_candidates([*few, post(platform="x", days_ago=2, likes=200)], NOW) == ()


def test_strongest_first_across_brands_and_urls_use_handles() -> None:
    posts = [
        *_history("tiktok"),
        post(platform="tiktok", id="71", days_ago=2, likes=150),
        post(platform="tiktok", id="72", days_ago=3, likes=250),
    ]
    posts += [
        post(brand="other", platform="youtube", fmt="short", likes=likes, days_ago=5 + i)
        for i, likes in enumerate(ORDINARY)
    ]
    posts.append(post(brand="other", platform="youtube", fmt="short", id="abc", likes=200))
    found = boost_candidates(posts, NOW, handles={"mugs": {"tiktok": "mugsandco"}})
    # 5x, 4x and 3x their norms.
    assert [c.post_key for c in found] == ["tiktok:72", "youtube:abc", "tiktok:71"]
    assert found[0].url == "https://www.tiktok.com/@mugsandco/video/72"
    assert found[1].url == "https://www.youtube.com/shorts/abc"


@pytest.mark.parametrize(
    ("platform", "pid", "fmt", "handle", "url"),
    [
        ("youtube", "dQw4w9WgXcQ", "video", None, "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ("x", "1855", "text", "mugsco", "https://x.com/mugsco/status/1855"),
        ("x", "1855", "text", None, "https://x.com/i/status/1855"),
        ("tiktok", "77", "video", None, None),
        (
            "linkedin",
            "urn:li:activity:99",
            "text",
            None,
            "https://www.linkedin.com/feed/update/urn:li:activity:99/",
        ),
        ("instagram", "17900", "reel", "mugsandco", None),
    ],
)
def test_post_url(platform: str, pid: str, fmt: str, handle: str | None, url: str | None) -> None:
    assert post_url(post(platform=platform, id=pid, fmt=fmt), handle) == url
