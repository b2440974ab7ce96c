"""Tests for the JSON Lines parsers of comments, posts and profile snapshots."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.feeds.jsonl import parse_comment, parse_post, parse_profile
from bot.models import Comment, OrganicPost, ProfileSnapshot, Rejected

COMMENT: dict[str, Any] = {
    "id": "c1",
    "platform": "instagram",
    "brand": "alpenglow",
    "post_id": "p1",
    "parent_id": None,
    "author": "@skier",
    "author_followers": 120,
    "text": "Does it come in blue?",
    "created_at": "2026-10-03T09:15:00+00:00",
    "url": "https://instagram.example/p1/c1",
    "lang": "en",
}
POST: dict[str, Any] = {
    "id": "p1",
    "platform": "tiktok",
    "brand": "alpenglow",
    "published_at": "2026-10-01T18:00:00Z",
    "format": "short",
    "text": "First snow",
    "hashtags": ["winter", "ski"],
    "impressions": 1000,
    "reach": 800,
    "likes": 50,
    "comments": 4,
    "shares": 3,
    "saves": 2,
    "clicks": 9,
}
_ABSENT = object()
PROFILE: dict[str, Any] = {
    "platform": "linkedin",
    "brand": "alpenglow",
    "handle": "alpenglow-outdoor",
    "captured_at": "2026-10-03T06:00:00+02:00",
    "followers": 5400,
    "posts_count": 210,
    "bio": "Gear for cold mornings",
    "link": None,
    "contact": "hello@alpenglow.example",
    "has_avatar": False,
}


def line(base: dict[str, Any], **changes: Any) -> str:
    record = {**base, **changes}
    return json.dumps({k: v for k, v in record.items() if v is not _ABSENT}, ensure_ascii=False)


def comment(**changes: Any) -> Comment:
    result = parse_comment(line(COMMENT, **changes), "feed.comments.jsonl", 7)
    assert isinstance(result, Comment), result
    return result


def comment_reason(**changes: Any) -> str:
    result = parse_comment(line(COMMENT, **changes), "feed.comments.jsonl", 7)
    assert isinstance(result, Rejected), result
    assert result.source == "feed.comments.jsonl"
    assert result.position == 7
    return result.reason


def test_comment_reads_every_field() -> None:
    result = comment()
    assert result == Comment(
        id="c1",
        platform="instagram",
        brand="alpenglow",
        post_id="p1",
        author="@skier",
        text="Does it come in blue?",
        created_at=datetime(2026, 10, 3, 9, 15, tzinfo=UTC),
        parent_id=None,
        author_followers=120,
        url="https://instagram.example/p1/c1",
        lang="en",
    )
    assert result.key == "instagram:c1"


def test_comment_timestamp_is_normalised_to_utc() -> None:
    result = comment(created_at="2026-10-03T11:15:00+02:00")
    assert result.created_at == datetime(2026, 10, 3, 9, 15, tzinfo=UTC)
    assert result.created_at.utcoffset() is not None
    assert result.created_at.tzinfo is UTC
    assert comment(created_at="2026-10-03T09:15:00Z").created_at == result.created_at


def test_comment_optional_fields_default() -> None:
    result = comment(
        parent_id=_ABSENT, author_followers=_ABSENT, url=_ABSENT, lang=_ABSENT, extra={"x": 1}
    )
    assert (result.parent_id, result.author_followers, result.url, result.lang) == (
        None,
        0,
        None,
        None,
    )
    assert comment(author_followers=None).author_followers == 0
    assert comment(parent_id="  ", url="").parent_id is None


def test_comment_normalises_platform_case_and_identifier_spaces() -> None:
    result = comment(platform=" YouTube ", id=" c9 ", text="  keep my spaces ")
    assert result.platform == "youtube"
    assert result.id == "c9"
    assert result.text == "  keep my spaces "


def test_comment_empty_text_is_allowed_for_stickers() -> None:
    assert comment(text="").text == ""


def test_comment_strips_nul_characters_escaped_and_raw() -> None:
    result = comment(id="c\u00001", text="hi\u0000 there")
    assert (result.id, result.text) == ("c1", "hi there")
    raw = line(COMMENT).replace("Does it", "Does\x00 it")
    parsed = parse_comment(raw, "f", 1)
    assert isinstance(parsed, Comment)
    assert parsed.text == "Does it come in blue?"


def test_comment_accepts_line_endings_and_bom() -> None:
    assert isinstance(parse_comment("\ufeff" + line(COMMENT) + "\r\n", "f", 1), Comment)


def test_integral_float_counts_are_whole_numbers() -> None:
    assert comment(author_followers=12.0).author_followers == 12


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"id": _ABSENT}, "id: missing"),
        ({"id": None}, "id: is null"),
        ({"id": 17}, "id: expected a string, got number"),
        ({"id": "  "}, "id: is empty"),
        ({"platform": _ABSENT}, "platform: missing"),
        ({"platform": "myspace"}, "platform: unknown platform 'myspace'"),
        ({"platform": "meta"}, "platform: unknown platform 'meta'"),
        ({"platform": ["x"]}, "platform: expected a string, got array"),
        ({"brand": _ABSENT}, "brand: missing"),
        ({"brand": {"id": "a"}}, "brand: expected a string, got object"),
        ({"post_id": _ABSENT}, "post_id: missing"),
        ({"post_id": ""}, "post_id: is empty"),
        ({"author": _ABSENT}, "author: missing"),
        ({"author": True}, "author: expected a string, got boolean"),
        ({"text": _ABSENT}, "text: missing"),
        ({"text": None}, "text: is null"),
        ({"text": 5}, "text: expected a string, got number"),
        ({"created_at": _ABSENT}, "created_at: missing"),
        (
            {"created_at": "2026-10-03T09:15:00"},
            "created_at: timestamp has no UTC offset: '2026-10-03T09:15:00'",
        ),
        ({"created_at": "2026-10-03"}, "created_at: timestamp has no UTC offset: '2026-10-03'"),
        ({"created_at": "yesterday"}, "created_at: not an ISO-8601 timestamp: 'yesterday'"),
        ({"created_at": 1791000000}, "created_at: expected an ISO-8601 string, got number"),
        ({"parent_id": 5}, "parent_id: expected a string or null, got number"),
        ({"author_followers": -1}, "author_followers: must be ≥ 0, got -1"),
        ({"author_followers": 1.5}, "author_followers: expected a whole number, got 1.5"),
        ({"author_followers": "12"}, "author_followers: expected a whole number, got string"),
        ({"author_followers": True}, "author_followers: expected a whole number, got boolean"),
        ({"url": 1}, "url: expected a string or null, got number"),
        ({"lang": ["en"]}, "lang: expected a string or null, got array"),
    ],
)
def test_comment_field_errors(changes: dict[str, Any], reason: str) -> None:
    assert comment_reason(**changes).startswith(reason)


def test_unknown_platform_reason_lists_the_platforms() -> None:
    assert "instagram, facebook, x, youtube, tiktok, linkedin" in comment_reason(platform="vine")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ('{"id": "c1" "platform": "x"}', "invalid JSON at column 13: Expecting ',' delimiter"),
        ('{"id": "c1",', "invalid JSON at column 13: Expecting property name enclosed"),
        ("[1, 2]", "expected a JSON object, got array"),
        ('"text"', "expected a JSON object, got string"),
        ("", "empty line"),
        ("   \n", "empty line"),
    ],
)
def test_comment_line_errors(raw: str, reason: str) -> None:
    result = parse_comment(raw, "f", 3)
    assert isinstance(result, Rejected)
    assert result.reason.startswith(reason)
    assert result.raw == raw.rstrip("\n")


def test_rejected_raw_is_cut_to_2000_characters() -> None:
    raw = line(COMMENT, created_at="nope", text="x" * 5000)
    result = parse_comment(raw, "f", 1)
    assert isinstance(result, Rejected)
    assert len(result.raw) == 2000
    assert raw.startswith(result.raw)


def test_long_values_are_cut_in_reasons() -> None:
    reason = comment_reason(created_at="9" * 500)
    assert len(reason) < 200


def test_post_reads_every_field() -> None:
    result = parse_post(line(POST), "f", 1)
    assert result == OrganicPost(
        id="p1",
        platform="tiktok",
        brand="alpenglow",
        published_at=datetime(2026, 10, 1, 18, 0, tzinfo=UTC),
        format="short",
        text="First snow",
        hashtags=("winter", "ski"),
        impressions=1000,
        reach=800,
        likes=50,
        comments=4,
        shares=3,
        saves=2,
        clicks=9,
    )


def test_post_defaults_and_normalisation() -> None:
    result = parse_post(
        line(
            POST,
            format="Reel",
            hashtags=["#Winter", " ", "ski "],
            text=_ABSENT,
            saves=_ABSENT,
            clicks=None,
            published_at="2026-10-01T20:00:00+02:00",
        ),
        "f",
        1,
    )
    assert isinstance(result, OrganicPost)
    assert result.format == "reel"
    assert result.hashtags == ("Winter", "ski")
    assert result.text == ""
    assert (result.saves, result.clicks) == (0, 0)
    assert result.published_at == datetime(2026, 10, 1, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"id": _ABSENT}, "id: missing"),
        ({"platform": "google"}, "platform: unknown platform 'google'"),
        ({"brand": ""}, "brand: is empty"),
        ({"published_at": _ABSENT}, "published_at: missing"),
        ({"published_at": "2026-10-01 18:00"}, "published_at: timestamp has no UTC offset"),
        ({"format": "gif"}, "format: unknown post format 'gif'"),
        ({"format": _ABSENT}, "format: missing"),
        ({"text": 3}, "text: expected a string, got number"),
        ({"hashtags": "winter"}, "hashtags: expected an array of strings, got string"),
        ({"hashtags": ["ok", 3]}, "hashtags[1]: expected a string, got number"),
        ({"impressions": -5}, "impressions: must be ≥ 0, got -5"),
        ({"likes": "many"}, "likes: expected a whole number, got string"),
        ({"shares": 2.5}, "shares: expected a whole number, got 2.5"),
    ],
)
def test_post_field_errors(changes: dict[str, Any], reason: str) -> None:
    result = parse_post(line(POST, **changes), "posts.jsonl", 2)
    assert isinstance(result, Rejected)
    assert result.reason.startswith(reason)


def test_profile_reads_fields_and_keeps_gaps() -> None:
    result = parse_profile(line(PROFILE, category=_ABSENT, bio="   "), "f", 1)
    assert result == ProfileSnapshot(
        platform="linkedin",
        brand="alpenglow",
        handle="alpenglow-outdoor",
        captured_at=datetime(2026, 10, 3, 4, 0, tzinfo=UTC),
        followers=5400,
        posts_count=210,
        bio=None,
        link=None,
        has_avatar=False,
        contact="hello@alpenglow.example",
        category=None,
    )
    assert result.key == "linkedin:alpenglow-outdoor:2026-10-03T04:00:00+00:00"


def test_profile_has_avatar_defaults_to_true() -> None:
    for value in (_ABSENT, None):
        result = parse_profile(line(PROFILE, has_avatar=value), "f", 1)
        assert isinstance(result, ProfileSnapshot)
        assert result.has_avatar is True


def test_same_profile_moment_in_two_offsets_has_one_key() -> None:
    a = parse_profile(line(PROFILE, captured_at="2026-10-03T06:00:00+02:00"), "f", 1)
    b = parse_profile(line(PROFILE, captured_at="2026-10-03T04:00:00Z"), "f", 2)
    assert isinstance(a, ProfileSnapshot)
    assert isinstance(b, ProfileSnapshot)
    assert a.key == b.key


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"handle": _ABSENT}, "handle: missing"),
        ({"followers": _ABSENT}, "followers: missing"),
        ({"followers": None}, "followers: is null"),
        ({"followers": -3}, "followers: must be ≥ 0"),
        ({"posts_count": "210"}, "posts_count: expected a whole number, got string"),
        ({"captured_at": "2026-10-03T06:00"}, "captured_at: timestamp has no UTC offset"),
        ({"bio": 42}, "bio: expected a string or null, got number"),
        ({"link": False}, "link: expected a string or null, got boolean"),
        ({"contact": []}, "contact: expected a string or null, got array"),
        ({"category": {}}, "category: expected a string or null, got object"),
        ({"has_avatar": "yes"}, "has_avatar: expected true or false, got string"),
        ({"platform": _ABSENT}, "platform: missing"),
        ({"brand": 1}, "brand: expected a string, got number"),
    ],
)
def test_profile_field_errors(changes: dict[str, Any], reason: str) -> None:
    result = parse_profile(line(PROFILE, **changes), "profiles.jsonl", 4)
    assert isinstance(result, Rejected)
    assert result.reason.startswith(reason)
    assert result.position == 4


# --- Size limits (bot/feeds/limits.py, docs/feeds.md) -------------------------------------------


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"text": "x" * 10_001}, "text: 10,001 characters, more than the 10,000 a comment"),
        ({"author": "a" * 201}, "author: 201 characters, more than the 200 a comment"),
        ({"id": "1" * 201}, "id: 201 characters, more than the 200 a comment"),
        ({"parent_id": "1" * 201}, "parent_id: 201 characters"),
        ({"url": "https://x.example/" + "a" * 2031}, "url: 2,049 characters, more than the 2,048"),
        ({"lang": "x" * 36}, "lang: 36 characters, more than the 35 a comment"),
    ],
)
def test_comment_fields_over_their_limit_are_refused(changes: dict[str, Any], reason: str) -> None:
    assert comment_reason(**changes).startswith(reason)


def test_comment_fields_at_their_limit_are_read() -> None:
    read = comment(text="é" * 10_000, author="a" * 200, url="https://x.example/" + "a" * 2030)
    assert len(read.text) == 10_000 and len(read.url or "") == 2_048


def test_post_and_profile_fields_over_their_limit_are_refused() -> None:
    long_post = parse_post(line(POST, text="x" * 64_001), "f", 1)
    assert isinstance(long_post, Rejected)
    assert long_post.reason == "text: 64,001 characters, more than the 64,000 a post may have"
    tags = parse_post(line(POST, hashtags=[f"t{n}" for n in range(101)]), "f", 1)
    assert isinstance(tags, Rejected)
    assert tags.reason == "hashtags: 101 of them, more than the 100 a post may have"
    bio = parse_profile(line(PROFILE, bio="b" * 5_001), "f", 1)
    assert isinstance(bio, Rejected) and bio.reason.startswith("bio: 5,001 characters")
