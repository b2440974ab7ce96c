"""Fuzzing the JSON Lines parsers: every line becomes a record or a clearly-worded rejection."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.feeds.jsonl import POST_FORMATS, parse_comment, parse_post, parse_profile
from bot.models import PLATFORMS, Comment, FeedRecord, OrganicPost, ProfileSnapshot, Rejected
from tests.fuzz.strategies import (
    INT_DIGITS_LIMIT,
    SQLITE_INT_MAX,
    any_text,
    assert_clear_rejection,
    assert_finite_record,
    aware_datetimes,
    dump_json,
    file_text,
    fuzz,
    has_surrogate,
    huge_digits,
    identifiers,
    json_values,
    storable_counts,
    store_batch,
)

pytestmark = pytest.mark.slow

Parser = Callable[[str, str, int], FeedRecord | Rejected]
PARSERS: dict[str, Parser] = {
    "comments": parse_comment,
    "posts": parse_post,
    "profiles": parse_profile,
}
SOURCE = "feeds/fuzz.jsonl"
positions = st.integers(min_value=1, max_value=10**9)
parsers = st.sampled_from(sorted(PARSERS))

# --- valid objects, as the exporters write them ------------------------------------------

platform_spellings = st.sampled_from(PLATFORMS).flatmap(
    lambda name: st.sampled_from([name, name.upper(), name.title(), f" {name} "])
)
timestamps = aware_datetimes.map(lambda moment: moment.isoformat())
optional_texts = st.none() | identifiers
comment_objects = st.fixed_dictionaries(
    {
        "id": identifiers,
        "platform": platform_spellings,
        "brand": identifiers,
        "post_id": identifiers,
        "author": identifiers,
        "text": file_text,
        "created_at": timestamps,
    },
    optional={
        "parent_id": optional_texts,
        "author_followers": storable_counts,
        "url": optional_texts,
        "lang": optional_texts,
    },
)
post_objects = st.fixed_dictionaries(
    {
        "id": identifiers,
        "platform": platform_spellings,
        "brand": identifiers,
        "published_at": timestamps,
        "format": st.sampled_from(sorted(POST_FORMATS)),
    },
    optional={
        "text": file_text,
        "hashtags": st.lists(identifiers, max_size=5),
        **{
            name: storable_counts | st.integers(min_value=0, max_value=2**53).map(float)
            for name in ("impressions", "reach", "likes", "comments", "shares", "saves", "clicks")
        },
    },
)
profile_objects = st.fixed_dictionaries(
    {
        "platform": platform_spellings,
        "brand": identifiers,
        "handle": identifiers,
        "captured_at": timestamps,
        "followers": storable_counts,
    },
    optional={
        "posts_count": storable_counts,
        "bio": optional_texts,
        "link": optional_texts,
        "has_avatar": st.booleans(),
        "contact": optional_texts,
        "category": optional_texts,
    },
)
VALID: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "comments": comment_objects,
    "posts": post_objects,
    "profiles": profile_objects,
}
FIELDS: dict[str, tuple[str, ...]] = {
    "comments": (
        "id",
        "platform",
        "brand",
        "post_id",
        "author",
        "text",
        "created_at",
        "parent_id",
        "author_followers",
        "url",
        "lang",
    ),
    "posts": (
        "id",
        "platform",
        "brand",
        "published_at",
        "format",
        "text",
        "hashtags",
        "impressions",
        "reach",
        "likes",
        "comments",
        "shares",
        "saves",
        "clicks",
    ),
    "profiles": (
        "platform",
        "brand",
        "handle",
        "captured_at",
        "followers",
        "posts_count",
        "bio",
        "link",
        "has_avatar",
        "contact",
        "category",
    ),
}

# --- one field mutated -------------------------------------------------------------------

# Numbers are kept below SQLite's integer range and Python's 4300-digit int() limit here;
# the tests marked xfail below are about exactly those inputs.
replacement_values = st.one_of(
    json_values,
    st.integers(min_value=-(2**63), max_value=SQLITE_INT_MAX),
    st.floats(),
    st.integers(min_value=10_000, max_value=200_000).map(lambda n: "x" * n),
    any_text.map(lambda text: f"\x00{text}\x00"),
    any_text.map(lambda text: f"{text}\ud800"),
    st.sampled_from(["", " ", "\t\n", "null", "1e999", "2026-13-45T25:61:00Z", "2026-11-01"]),
)


@st.composite
def near_valid_lines(draw: st.DrawFn, kind: str) -> str:
    """A valid object with one field removed, retyped or stuffed, written as one line."""
    obj = dict(draw(VALID[kind]))
    field = draw(st.sampled_from(FIELDS[kind]) | any_text)
    if draw(st.booleans()):
        obj.pop(field, None)
    else:
        obj[field] = draw(replacement_values)
    line = dump_json(obj, ascii_only=draw(st.booleans()))
    prefix = draw(st.sampled_from(["", "\ufeff", " ", "\x00"]))
    # Half the lines end cleanly; the others with what a broken writer leaves behind.
    suffix = draw(
        st.sampled_from(["", "\n", "\r\n", "\r", " ", "\x00"])
        | st.sampled_from(["}", ",", "garbage", '{"id": 1}'])
    )
    return prefix + line + suffix


def check(kind: str, line: str, position: int) -> FeedRecord | Rejected:
    result = PARSERS[kind](line, SOURCE, position)
    if isinstance(result, Rejected):
        assert_clear_rejection(result, SOURCE, position)
    else:
        assert_valid_record(result)
    return result


def assert_valid_record(record: FeedRecord) -> None:
    """What every consumer of a parsed record may rely on."""
    assert_finite_record(record)
    assert record.platform in PLATFORMS
    assert record.brand and record.brand == record.brand.strip()
    for name in ("id", "post_id", "author", "handle"):
        value = getattr(record, name, None)
        if value is not None:
            assert value and value == value.strip(), f"{name} = {value!r}"
    for name in ("parent_id", "url", "lang", "bio", "link", "contact", "category"):
        value = getattr(record, name, None)
        assert value is None or (value and value == value.strip()), f"{name} = {value!r}"
    for name in ("created_at", "published_at", "captured_at"):
        moment = getattr(record, name, None)
        if moment is not None:
            assert moment.utcoffset() == timedelta(0), f"{name} is not UTC: {moment!r}"
    for value in _strings(record):
        assert "\x00" not in value, f"NUL kept in {value!r}"
    if isinstance(record, OrganicPost):
        assert record.format in POST_FORMATS
        assert all(tag and not tag.startswith("#") for tag in record.hashtags)
    if isinstance(record, ProfileSnapshot):
        assert isinstance(record.has_avatar, bool)


def _strings(record: FeedRecord) -> list[str]:
    values: list[str] = []
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        if isinstance(value, str):
            values.append(value)
        elif isinstance(value, tuple):
            values.extend(item for item in value if isinstance(item, str))
    return values


# --- properties --------------------------------------------------------------------------


@fuzz(300)
@given(kind=parsers, line=any_text, position=positions)
def test_any_text_parses_or_is_rejected(kind: str, line: str, position: int) -> None:
    check(kind, line, position)


@fuzz(300)
@given(kind=parsers, value=json_values, ascii_only=st.booleans(), position=positions)
def test_any_json_value_parses_or_is_rejected(
    kind: str, value: Any, ascii_only: bool, position: int
) -> None:
    result = check(kind, dump_json(value, ascii_only=ascii_only), position)
    if not isinstance(value, dict):
        assert isinstance(result, Rejected)
        assert "expected a JSON object" in result.reason


@fuzz(400)
@given(data=st.data(), kind=parsers, position=positions)
def test_near_valid_objects_parse_or_are_rejected(
    data: st.DataObject, kind: str, position: int
) -> None:
    check(kind, data.draw(near_valid_lines(kind)), position)


@fuzz(200)
@given(obj=comment_objects, ascii_only=st.booleans())
def test_valid_comments_parse_to_what_was_written(obj: dict[str, Any], ascii_only: bool) -> None:
    result = check("comments", dump_json(obj, ascii_only=ascii_only), 7)
    assert isinstance(result, Comment), result
    assert result.id == obj["id"] and result.brand == obj["brand"]
    assert result.platform == obj["platform"].strip().lower()
    assert result.text == obj["text"].replace("\x00", "")
    assert result.created_at == _moment(obj["created_at"])
    assert result.author_followers == obj.get("author_followers", 0)
    assert result.parent_id == obj.get("parent_id")


@fuzz(200)
@given(obj=post_objects)
def test_valid_posts_parse_to_what_was_written(obj: dict[str, Any]) -> None:
    result = check("posts", dump_json(obj), 3)
    assert isinstance(result, OrganicPost), result
    assert (result.id, result.format) == (obj["id"], obj["format"])
    assert result.likes == int(obj.get("likes", 0))
    assert result.hashtags == tuple(
        tag for tag in (item.strip().lstrip("#") for item in obj.get("hashtags", ())) if tag
    )


@fuzz(200)
@given(obj=profile_objects)
def test_valid_profiles_parse_to_what_was_written(obj: dict[str, Any]) -> None:
    result = check("profiles", dump_json(obj), 1)
    assert isinstance(result, ProfileSnapshot), result
    assert (result.handle, result.followers) == (obj["handle"], obj["followers"])
    assert result.captured_at == _moment(obj["captured_at"])
    assert result.has_avatar is obj.get("has_avatar", True)


@fuzz(100)
@given(data=st.data(), kind=parsers)
def test_parsed_lines_are_stored(data: st.DataObject, kind: str) -> None:
    """Whatever a parser accepts or rejects, the store takes it in one transaction."""
    lines = data.draw(
        st.lists(VALID[kind].map(dump_json) | near_valid_lines(kind), min_size=1, max_size=4)
    )
    # Feed files are UTF-8, so a follower never hands a parser a raw lone surrogate.
    results = [
        PARSERS[kind](line, SOURCE, n)
        for n, line in enumerate(lines, start=1)
        if not has_surrogate(line)
    ]
    # A record holding a JSON-escaped lone surrogate ("\\ud800") is the xfail case below.
    store_batch(
        [r for r in results if not isinstance(r, Rejected) and not _has_surrogate(r)],
        [r for r in results if isinstance(r, Rejected)],
    )


def _has_surrogate(record: FeedRecord) -> bool:
    return any(has_surrogate(value) for value in _strings(record))


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --- crashes found: the lead fixes the product, then these markers come off ----------------

SURROGATE_COMMENT = (
    '{"id": "c1", "platform": "x", "brand": "b", "post_id": "p", "author": "a",'
    ' "text": "\\ud800", "created_at": "2026-11-01T10:00:00+00:00"}'
)
BIG_FOLLOWERS = (
    '{"id": "c1", "platform": "x", "brand": "b", "post_id": "p", "author": "a", "text": "",'
    ' "created_at": "2026-11-01T10:00:00+00:00", "author_followers": 9223372036854775808}'
)


@fuzz(100)
@example(kind="comments", line=SURROGATE_COMMENT)
@given(
    kind=parsers,
    line=st.builds(
        lambda obj, field: dump_json({**obj, field: "\ud800"}),
        comment_objects,
        st.sampled_from(["id", "brand", "post_id", "author", "text"]),
    ),
)
def test_escaped_lone_surrogates_are_stored_or_rejected(kind: str, line: str) -> None:
    result = PARSERS[kind](line, SOURCE, 1)
    if not isinstance(result, Rejected):
        store_batch([result])


@fuzz(100)
@example(kind="comments", count=2**63)
@given(kind=parsers, count=st.integers(min_value=2**63, max_value=10**100))
def test_counts_beyond_sqlite_range_are_stored_or_rejected(kind: str, count: int) -> None:
    field = {"comments": "author_followers", "posts": "likes", "profiles": "followers"}[kind]
    base = {
        "comments": SURROGATE_COMMENT.replace("\\ud800", "hi"),
        "posts": '{"id": "1", "platform": "x", "brand": "b", "format": "image",'
        ' "published_at": "2026-11-01T10:00:00+00:00"}',
        "profiles": '{"platform": "x", "brand": "b", "handle": "h", "followers": 1,'
        ' "captured_at": "2026-11-01T10:00:00+00:00"}',
    }[kind]
    line = base[:-1] + f', "{field}": {count}}}'
    result = PARSERS[kind](line, SOURCE, 1)
    if not isinstance(result, Rejected):
        store_batch([result])


@fuzz(50)
@example(kind="comments", digits="9" * (INT_DIGITS_LIMIT + 1), wrap=False)
@given(kind=parsers, digits=huge_digits(INT_DIGITS_LIMIT + 1, 20_000), wrap=st.booleans())
def test_integer_literals_over_4300_digits_are_rejected(kind: str, digits: str, wrap: bool) -> None:
    line = f'{{"id": {digits}}}' if wrap else digits
    check(kind, line, 1)
