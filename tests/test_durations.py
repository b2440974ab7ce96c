"""Tests for Prometheus-style duration parsing and formatting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import BaseModel, ValidationError

from bot.durations import Duration, format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30s", timedelta(seconds=30)),
        ("5m", timedelta(minutes=5)),
        ("4h", timedelta(hours=4)),
        ("7d", timedelta(days=7)),
        ("2w", timedelta(weeks=2)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("1d12h", timedelta(days=1, hours=12)),
        ("500ms", timedelta(milliseconds=500)),
        ("1m30s", timedelta(minutes=1, seconds=30)),
        ("2m5ms", timedelta(minutes=2, milliseconds=5)),
        ("90m", timedelta(minutes=90)),
        ("0", timedelta(0)),
        ("0s", timedelta(0)),
        (" 15m ", timedelta(minutes=15)),
    ],
)
def test_parse_duration_reads_valid_forms(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "30", "5 m", "1.5h", "-5m", "m", "5M", "1y", "30m1h", "1h1h", "5mins", "1h 30m", "abc"],
)
def test_parse_duration_rejects_other_text_with_a_hint(text: str) -> None:
    with pytest.raises(ValueError, match=r"invalid duration .*like 30s, 5m, 4h"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (timedelta(0), "0s"),
        (timedelta(seconds=30), "30s"),
        (timedelta(hours=1, minutes=30), "1h30m"),
        (timedelta(days=14), "2w"),
        (timedelta(days=9, hours=1), "1w2d1h"),
        (timedelta(milliseconds=1500), "1s500ms"),
        (timedelta(minutes=-5), "-5m"),
    ],
)
def test_format_duration_writes_largest_units_first(value: timedelta, expected: str) -> None:
    assert format_duration(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        timedelta(seconds=1),
        timedelta(minutes=61),
        timedelta(days=8, seconds=7, milliseconds=3),
        timedelta(weeks=3, hours=23, minutes=59, seconds=59),
    ],
)
def test_format_then_parse_gives_the_same_duration(value: timedelta) -> None:
    assert parse_duration(format_duration(value)) == value


class _Timing(BaseModel):
    wait: Duration


def test_duration_field_accepts_text_and_timedelta() -> None:
    assert _Timing.model_validate({"wait": "1h30m"}).wait == timedelta(minutes=90)
    assert _Timing(wait=timedelta(seconds=3)).wait == timedelta(seconds=3)


def test_duration_field_rejects_a_bare_number_asking_for_a_unit() -> None:
    with pytest.raises(ValidationError, match="needs a unit"):
        _Timing.model_validate({"wait": 30})


def test_duration_field_serialises_back_to_text_in_json() -> None:
    assert _Timing(wait=timedelta(minutes=5)).model_dump_json() == '{"wait":"5m"}'
