"""Which feed a file is, from its name, and the line parser the file watcher uses for it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from bot.feeds.admetrics import CanonicalCsv, HeaderError
from bot.feeds.jsonl import parse_comment, parse_post, parse_profile
from bot.models import FeedKind, FeedRecord, Rejected

__all__ = ["LineParser", "kind_of", "line_parser"]

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
