"""Tests for reading numbers as exports write them in each language, and what a number shows."""

from __future__ import annotations

import pytest

from bot.feeds.numbers import AmbiguousNumber, decimal_evidence, parse_number


@pytest.mark.parametrize(
    ("text", "decimal_comma", "value"),
    [
        # One mark and three digits: the file's language decides.
        ("1.234", True, 1234.0),
        ("1.234", False, 1.234),
        ("1,234", False, 1234.0),
        ("1,234", True, 1.234),
        ("-1.234", True, -1234.0),
        # '0.123' groups nothing, so it is a decimal in any file.
        ("0.123", True, 0.123),
        # Numbers that say which mark is the decimal one read the same everywhere.
        ("1.234,56", False, 1234.56),
        ("1,234.56", True, 1234.56),
        ("12.345.678", False, 12345678.0),
        ("12,345,678", True, 12345678.0),
        # Currencies before or after, with or without a space; Brazil's R$.
        ("1.234,56 €", True, 1234.56),
        ("€ 1.234,56", True, 1234.56),
        ("€1.234,56", True, 1234.56),
        ("R$ 1.234,56", True, 1234.56),
        ("EUR 12,50", True, 12.5),
        ("12,50 EUR", True, 12.5),
        ("CHF 1'234.50", False, 1234.5),
        ("-12,50 €", True, -12.5),
        ("€ -12,50", True, -12.5),
        ("\u221212,50", True, -12.5),
        # Percentages, with the French space before the sign.
        ("6,20 %", True, 6.2),
        ("6,20\u202f%", True, 6.2),
        ("6.20%", False, 6.2),
        # French groups with spaces of any kind.
        ("12\u202f450", True, 12450.0),
        ("12\u00a0450,5", True, 12450.5),
    ],
)
def test_numbers_in_every_format(text: str, decimal_comma: bool, value: float) -> None:
    assert parse_number(text, decimal_comma=decimal_comma) == value


@pytest.mark.parametrize("text", ["1.234", "1,234", "€ 1.234", "999,000"])
def test_a_file_that_writes_decimals_both_ways_refuses_one_mark_and_three_digits(
    text: str,
) -> None:
    with pytest.raises(AmbiguousNumber, match="ambiguous number"):
        parse_number(text, decimal_comma=True, refuse_ambiguous=True)


@pytest.mark.parametrize(("text", "value"), [("1.234,5", 1234.5), ("12,5", 12.5), ("7", 7.0)])
def test_refusing_ambiguity_still_reads_what_is_not_ambiguous(text: str, value: float) -> None:
    assert parse_number(text, decimal_comma=True, refuse_ambiguous=True) == value


@pytest.mark.parametrize(
    "text", ["EUR", "€", "1,2,3", "12,5", "1.234,5.6", "12 EUR 5", "INF", "1e5", "0x10"]
)
def test_not_numbers_in_an_english_file(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text, decimal_comma=False)


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("12,50", ","),
        ("0,4", ","),
        ("1.234,56 €", ","),
        ("1.234.567", ","),
        ("245.18", "."),
        ("1,234.5", "."),
        ("1,234,567", "."),
        ("0.123", "."),
        ("1.234", None),
        ("1,234", None),
        ("12 450", None),
        ("12", None),
        ("--", None),
        ("lots", None),
        ("1,2,3", None),
    ],
)
def test_decimal_evidence(text: str, mark: str | None) -> None:
    assert decimal_evidence(text) == mark
