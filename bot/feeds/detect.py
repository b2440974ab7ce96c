"""Which feed a file is, from its name or its first record, and the line parser for it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import PurePath

from bot.feeds.admetrics import CanonicalCsv, HeaderError
from bot.feeds.jsonl import parse_comment, parse_post, parse_profile
from bot.models import FeedKind, FeedRecord, Rejected

__all__ = ["LineParser", "kind_of", "kind_of_record", "line_parser"]

LineParser = Callable[[str, int], FeedRecord | Rejected]

_JSONL_KINDS: tuple[FeedKind, ...] = ("comments", "posts", "profiles")
# Ad metrics are read whole (bot/feeds/exports.py): CSV, TSV or an .xlsx workbook.
_EXPORT_SUFFIXES = (".csv", ".tsv", ".xlsx")
_JSONL_PARSERS: dict[FeedKind, Callable[[str, str, int], FeedRecord | Rejected]] = {
    "comments": parse_comment,
    "posts": parse_post,
    "profiles": parse_profile,
}


def kind_of(path: PurePath) -> FeedKind | None:
    """The feed kind named by a file name (docs/feeds.md), or None for files that are not feeds."""
    name = path.name.lower()
    # Dot files are editors' and sync tools' temporary copies, never feeds.
    if name.startswith("."):
        return None
    if name.endswith(_EXPORT_SUFFIXES):
        return "ad_metrics"
    if not name.endswith(".jsonl"):
        return None
    stem = name.removesuffix(".jsonl")
    for kind in _JSONL_KINDS:
        if stem.endswith(f".{kind}") or stem.startswith(kind):
            return kind
    named = [kind for kind in _JSONL_KINDS if kind in stem]
    return named[0] if len(named) == 1 else None


# The fields only one JSONL feed has (docs/feeds.md); two of them make a record that feed's.
_OWN_FIELDS: dict[FeedKind, frozenset[str]] = {
    "comments": frozenset({"post_id", "author", "parent_id", "author_followers"}),
    "posts": frozenset({"published_at", "format", "hashtags", "impressions", "saves"}),
    "profiles": frozenset({"handle", "captured_at", "posts_count", "bio", "has_avatar"}),
}


def kind_of_record(line: str) -> FeedKind | None:
    """The JSONL feed a record (one line) belongs to, from the fields only that feed has;
    None when it is not a JSON object or its fields do not tell."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    fits = [kind for kind, own in _OWN_FIELDS.items() if len(own & record.keys()) >= 2]
    return fits[0] if len(fits) == 1 else None


def line_parser(kind: FeedKind, source: str, header: str | None = None) -> LineParser:
    """The parser for one line of a ``kind`` file; ad metrics need the file's header line."""
    if kind == "ad_metrics":
        if header is None:
            raise HeaderError(
                f"{source}: an ad-metrics file is read with its header line, and none was given",
                source=source,
            )
        return CanonicalCsv(header, source).parse
    parse = _JSONL_PARSERS[kind]

    def parse_line(line: str, position: int) -> FeedRecord | Rejected:
        return parse(line, source, position)

    return parse_line
