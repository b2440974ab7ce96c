"""Feed parsing: JSON Lines records, canonical ad-metrics CSV and ad-platform exports."""

from __future__ import annotations

from bot.feeds.admetrics import CanonicalCsv, HeaderError, ImportResult, read_canonical
from bot.feeds.detect import LineParser, kind_of, line_parser
from bot.feeds.exports import UnknownExport, account_from_filename, read_export
from bot.feeds.jsonl import parse_comment, parse_post, parse_profile

__all__ = [
    "CanonicalCsv",
    "HeaderError",
    "ImportResult",
    "LineParser",
    "UnknownExport",
    "account_from_filename",
    "kind_of",
    "line_parser",
    "parse_comment",
    "parse_post",
    "parse_profile",
    "read_canonical",
    "read_export",
]
