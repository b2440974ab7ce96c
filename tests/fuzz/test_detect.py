"""Fuzzing feed detection: any file name is a known feed or none, and its parser never raises."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.feeds.admetrics import HeaderError
from bot.feeds.detect import kind_of, line_parser
from bot.models import Rejected
from tests.fuzz.strategies import any_text, assert_clear_rejection, fuzz

pytestmark = pytest.mark.slow

KINDS = {"comments", "posts", "profiles", "ad_metrics", None}
FEED_WORDS = ("comments", "posts", "profiles", "Comments", "POSTS", "profile", "comment")

name_parts = any_text.map(lambda text: text.replace("/", "").replace("\x00", "")) | st.sampled_from(
    [*FEED_WORDS, ".", "..", " ", ".jsonl", ".csv", ".CSV", ".JSONL", ".tmp", "~", ".part"]
)
file_names = st.lists(name_parts, min_size=1, max_size=5).map("".join).filter(bool)


@fuzz(400)
@given(name=file_names, folders=st.lists(name_parts.filter(bool), max_size=3))
def test_any_file_name_is_a_feed_kind_or_none(name: str, folders: list[str]) -> None:
    path = PurePosixPath(*folders, name) if folders else PurePosixPath(name)
    kind = kind_of(path)
    assert kind in KINDS
    leaf = path.name.lower()
    if leaf.startswith("."):
        assert kind is None
    elif leaf.endswith((".csv", ".tsv", ".xlsx")):
        assert kind == "ad_metrics"
    elif not leaf.endswith(".jsonl"):
        assert kind is None
    elif kind is not None:
        assert kind in leaf


@fuzz(200)
@given(name=file_names.filter(lambda name: not set(name) & set("\\:") and name.strip(" .")))
def test_windows_paths_are_read_by_their_last_part(name: str) -> None:
    windows = PureWindowsPath("C:\\feeds", name)
    assert kind_of(windows) == kind_of(PurePosixPath("feeds", windows.name))


@fuzz(300)
@given(
    kind=st.sampled_from(["comments", "posts", "profiles", "ad_metrics"]),
    header=st.none() | any_text,
    line=any_text,
    position=st.integers(min_value=1, max_value=10**9),
)
def test_a_feed_line_parser_parses_or_rejects_any_line(
    kind: str, header: str | None, line: str, position: int
) -> None:
    try:
        parse = line_parser(kind, "feeds/x", header)  # type: ignore[arg-type]
    except HeaderError as error:
        assert kind == "ad_metrics" and str(error).startswith("feeds/x: ")
        return
    result = parse(line, position)
    if isinstance(result, Rejected):
        assert_clear_rejection(result, "feeds/x", position)
