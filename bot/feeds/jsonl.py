"""JSON Lines parsers for comments, organic posts and profile snapshots, one line at a time."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any, TypeVar

from bot.feeds.limits import oversized
from bot.models import MAX_COUNT, PLATFORMS, Comment, OrganicPost, ProfileSnapshot, Rejected

__all__ = ["POST_FORMATS", "parse_comment", "parse_post", "parse_profile"]

POST_FORMATS: frozenset[str] = frozenset(
    {"image", "video", "reel", "carousel", "text", "story", "short", "live", "link"}
)
RAW_LIMIT = 2000
_SHOWN = 80
_PLATFORM_SET = frozenset(PLATFORMS)
_decode = json.JSONDecoder().decode
_R = TypeVar("_R", Comment, OrganicPost, ProfileSnapshot)
_POST_METRICS = ("impressions", "reach", "likes", "comments", "shares", "saves", "clicks")


class _Invalid(Exception):
    """A field failed its check; the message is the quarantine reason."""


def _kind(value: object) -> str:
    """The JSON name of a decoded value's type, for reasons people can act on."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


_SURROGATE = re.compile("[\ud800-\udfff]")


def _shown(value: str) -> str:
    return repr(value if len(value) <= _SHOWN else value[:_SHOWN] + "…")


def _scrub(value: Any) -> Any:
    """The decoded value with NUL characters removed from every string in it."""
    if type(value) is str:
        return value.replace("\x00", "")
    if type(value) is list:
        return [_scrub(item) for item in value]
    if type(value) is dict:
        return {_scrub(key): _scrub(item) for key, item in value.items()}
    return value


def _ident(obj: dict[str, Any], name: str) -> str:
    """A required identifier: a non-blank string, stripped."""
    value = obj.get(name)
    if type(value) is str:
        value = value.strip()
        if value:
            return value
        raise _Invalid(f"{name}: is empty")
    if value is None:
        raise _Invalid(f"{name}: missing" if name not in obj else f"{name}: is null")
    raise _Invalid(f"{name}: expected a string, got {_kind(value)}")


def _text(obj: dict[str, Any], name: str, *, required: bool) -> str:
    """Free text kept as written (only NULs removed); an absent optional text is ''."""
    value = obj.get(name)
    if type(value) is str:
        return value
    if value is None:
        if required:
            raise _Invalid(f"{name}: missing" if name not in obj else f"{name}: is null")
        return ""
    raise _Invalid(f"{name}: expected a string, got {_kind(value)}")


def _optional(obj: dict[str, Any], name: str) -> str | None:
    """An optional string; null, absent and blank all mean 'not given'."""
    value = obj.get(name)
    if value is None:
        return None
    if type(value) is not str:
        raise _Invalid(f"{name}: expected a string or null, got {_kind(value)}")
    return value.strip() or None


def _count(obj: dict[str, Any], name: str, *, required: bool = False) -> int:
    """A whole number ≥ 0; absent or null is 0 unless required."""
    value = obj.get(name)
    if type(value) is int:
        if value < 0:
            raise _Invalid(f"{name}: must be ≥ 0, got {value}")
        if value > MAX_COUNT:
            raise _Invalid(f"{name}: too large to be a count")
        return value
    if value is None:
        if required:
            raise _Invalid(f"{name}: missing" if name not in obj else f"{name}: is null")
        return 0
    # Some exporters write counts as 12.0; that is still a whole number.
    if type(value) is float and value.is_integer():
        if value < 0:
            raise _Invalid(f"{name}: must be ≥ 0, got {value:g}")
        if value > MAX_COUNT:
            raise _Invalid(f"{name}: too large to be a count")
        return int(value)
    if type(value) is float:
        raise _Invalid(f"{name}: expected a whole number, got {value!r}")
    raise _Invalid(f"{name}: expected a whole number, got {_kind(value)}")


def _timestamp(obj: dict[str, Any], name: str) -> datetime:
    """An ISO-8601 timestamp with a UTC offset, returned in UTC."""
    value = obj.get(name)
    if type(value) is not str:
        if value is None:
            raise _Invalid(f"{name}: missing" if name not in obj else f"{name}: is null")
        raise _Invalid(f"{name}: expected an ISO-8601 string, got {_kind(value)}")
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _Invalid(f"{name}: not an ISO-8601 timestamp: {_shown(value)}") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise _Invalid(f"{name}: timestamp has no UTC offset: {_shown(value)}")
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise _Invalid(f"{name}: timestamp out of range: {_shown(value)}") from None


def _platform(obj: dict[str, Any]) -> str:
    platform = _ident(obj, "platform").lower()
    if platform not in _PLATFORM_SET:
        raise _Invalid(
            f"platform: unknown platform {_shown(platform)}"
            f" (expected one of {', '.join(PLATFORMS)})"
        )
    return platform


def _load(line: str) -> dict[str, Any]:
    """Decode one line into a JSON object, or say exactly why not."""
    try:
        obj = _decode(line)
    except json.JSONDecodeError as error:
        if not line.strip():
            raise _Invalid("empty line") from None
        raise _Invalid(f"invalid JSON at column {error.colno}: {error.msg}") from None
    except RecursionError:
        raise _Invalid("invalid JSON: nested too deeply") from None
    except ValueError as error:
        # Python refuses integers of thousands of digits while decoding.
        raise _Invalid(f"invalid JSON: {error}") from None
    if type(obj) is not dict:
        raise _Invalid(f"expected a JSON object, got {_kind(obj)}")
    # A lone surrogate can only come from a JSON escape; it is not text and SQLite refuses it.
    if "\\ud" in line.lower() and _SURROGATE.search(json.dumps(obj, ensure_ascii=False)):
        raise _Invalid("contains an invalid Unicode escape (a lone surrogate)")
    # Raw NULs are gone already (_prepare); only the JSON escape can still produce one.
    if "\\u0000" in line:
        return {key.replace("\x00", ""): _scrub(item) for key, item in obj.items()}
    return obj


def _prepare(line: str) -> str:
    line = line.rstrip("\r\n")
    if line.startswith("\ufeff"):
        line = line[1:]
    return line.replace("\x00", "") if "\x00" in line else line


def _reject(line: str, source: str, position: int, reason: str) -> Rejected:
    return Rejected(source=source, position=position, raw=line[:RAW_LIMIT], reason=reason)


def _fitting(record: _R) -> _R:
    """The record, unless a field is longer than its limit (bot/feeds/limits.py)."""
    problem = oversized(record)
    if problem is not None:
        raise _Invalid(problem)
    return record


def parse_comment(line: str, source: str, position: int) -> Comment | Rejected:
    """Read one comments-feed line (``position`` is its 1-based line number)."""
    line = _prepare(line)
    try:
        obj = _load(line)
        comment = Comment(
            id=_ident(obj, "id"),
            platform=_platform(obj),
            brand=_ident(obj, "brand"),
            post_id=_ident(obj, "post_id"),
            author=_ident(obj, "author"),
            text=_text(obj, "text", required=True),
            created_at=_timestamp(obj, "created_at"),
            parent_id=_optional(obj, "parent_id"),
            author_followers=_count(obj, "author_followers"),
            url=_optional(obj, "url"),
            lang=_optional(obj, "lang"),
        )
        return _fitting(comment)
    except _Invalid as problem:
        return _reject(line, source, position, str(problem))


def _format(obj: dict[str, Any]) -> str:
    value = _ident(obj, "format").lower()
    if value not in POST_FORMATS:
        raise _Invalid(
            f"format: unknown post format {_shown(value)}"
            f" (expected one of {', '.join(sorted(POST_FORMATS))})"
        )
    return value


def _hashtags(obj: dict[str, Any]) -> tuple[str, ...]:
    value = obj.get("hashtags")
    if value is None:
        return ()
    if type(value) is not list:
        raise _Invalid(f"hashtags: expected an array of strings, got {_kind(value)}")
    tags: list[str] = []
    for index, item in enumerate(value):
        if type(item) is not str:
            raise _Invalid(f"hashtags[{index}]: expected a string, got {_kind(item)}")
        tag = item.strip().lstrip("#")
        if tag:
            tags.append(tag)
    return tuple(tags)


def parse_post(line: str, source: str, position: int) -> OrganicPost | Rejected:
    """Read one organic-posts-feed line; missing metrics are 0."""
    line = _prepare(line)
    try:
        obj = _load(line)
        ident = _ident(obj, "id")
        platform = _platform(obj)
        brand = _ident(obj, "brand")
        published_at = _timestamp(obj, "published_at")
        post_format = _format(obj)
        text = _text(obj, "text", required=False)
        hashtags = _hashtags(obj)
        metrics = {name: _count(obj, name) for name in _POST_METRICS}
        post = OrganicPost(
            id=ident,
            platform=platform,
            brand=brand,
            published_at=published_at,
            format=post_format,
            text=text,
            hashtags=hashtags,
            **metrics,
        )
        return _fitting(post)
    except _Invalid as problem:
        return _reject(line, source, position, str(problem))


def _has_avatar(obj: dict[str, Any]) -> bool:
    value = obj.get("has_avatar")
    if value is None:
        return True
    if type(value) is not bool:
        raise _Invalid(f"has_avatar: expected true or false, got {_kind(value)}")
    return value


def parse_profile(line: str, source: str, position: int) -> ProfileSnapshot | Rejected:
    """Read one profile-snapshot line; a missing profile field stays None (a gap to fill)."""
    line = _prepare(line)
    try:
        obj = _load(line)
        snapshot = ProfileSnapshot(
            platform=_platform(obj),
            brand=_ident(obj, "brand"),
            handle=_ident(obj, "handle"),
            captured_at=_timestamp(obj, "captured_at"),
            followers=_count(obj, "followers", required=True),
            posts_count=_count(obj, "posts_count"),
            bio=_optional(obj, "bio"),
            link=_optional(obj, "link"),
            has_avatar=_has_avatar(obj),
            contact=_optional(obj, "contact"),
            category=_optional(obj, "category"),
        )
        return _fitting(snapshot)
    except _Invalid as problem:
        return _reject(line, source, position, str(problem))
