"""Tests for telling feed files apart by name and handing out their line parsers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.feeds.admetrics import HeaderError
from bot.feeds.detect import kind_of, line_parser
from bot.models import AdMetricRow, Comment, FeedKind, OrganicPost, ProfileSnapshot, Rejected


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("alpenglow.comments.jsonl", "comments"),
        ("comments-2026-10-03.jsonl", "comments"),
        ("Comments.JSONL", "comments"),
        ("instagram.posts.jsonl", "posts"),
        ("posts.jsonl", "posts"),
        ("profiles_daily.jsonl", "profiles"),
        ("x.profiles.jsonl", "profiles"),
        ("instagram-comments-today.jsonl", "comments"),
        ("posts.comments.jsonl", "comments"),
        ("meta-acme-2026-11.csv", "ad_metrics"),
        ("ads.CSV", "ad_metrics"),
        ("google-acme-2026-11.tsv", "ad_metrics"),
        ("meta-acme-2026-11.XLSX", "ad_metrics"),
        ("meta-acme-2026-11.xls", None),
        ("post-comments-profiles.jsonl", None),
        ("notes.jsonl", None),
        ("comments.json", None),
        ("comments.jsonl.part", None),
        ("ads.csv.crdownload", None),
        (".comments.jsonl", None),
        ("README.md", None),
    ],
)
def test_kind_of(name: str, kind: FeedKind | None) -> None:
    assert kind_of(Path("/srv/feeds") / name) == kind


COMMENT = (
    '{"id":"c1","platform":"x","brand":"b","post_id":"p","author":"a","text":"hi",'
    '"created_at":"2026-10-03T09:15:00Z"}'
)
POST = (
    '{"id":"p1","platform":"x","brand":"b","published_at":"2026-10-03T09:15:00Z",'
    '"format":"text","text":"hello"}'
)
PROFILE = (
    '{"platform":"x","brand":"b","handle":"acme","captured_at":"2026-10-03T09:15:00Z",'
    '"followers":10}'
)


@pytest.mark.parametrize(
    ("kind", "line", "record"),
    [
        ("comments", COMMENT, Comment),
        ("posts", POST, OrganicPost),
        ("profiles", PROFILE, ProfileSnapshot),
    ],
)
def test_line_parser_for_jsonl(kind: FeedKind, line: str, record: type) -> None:
    parse = line_parser(kind, "feeds/x.jsonl")
    assert isinstance(parse(line, 1), record)
    rejected = parse("{}", 9)
    assert isinstance(rejected, Rejected)
    assert (rejected.source, rejected.position) == ("feeds/x.jsonl", 9)


def test_line_parser_for_ad_metrics_uses_the_header() -> None:
    header = "date,platform,account,campaign,impressions,clicks,spend,conversions,revenue"
    parse = line_parser("ad_metrics", "ads.csv", header)
    assert isinstance(parse("2026-10-03,meta,acme,Winter,10,1,1.00,0,0\n", 2), AdMetricRow)
    rejected = parse("2026-10-03,meta,acme,Winter,10,11,1.00,0,0", 3)
    assert isinstance(rejected, Rejected)
    assert rejected.position == 3


def test_line_parser_for_ad_metrics_needs_a_header() -> None:
    with pytest.raises(HeaderError, match=r"ads\.csv"):
        line_parser("ad_metrics", "ads.csv")


def test_line_parser_refuses_an_export_header() -> None:
    with pytest.raises(HeaderError, match="unknown: day"):
        line_parser("ad_metrics", "meta.csv", "Day,Campaign name,Impressions,Amount spent (USD)")
