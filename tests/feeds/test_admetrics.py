"""Tests for the canonical ad-metrics CSV: header checks, row validation, buckets and keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.feeds.admetrics import CanonicalCsv, HeaderError, read_canonical
from bot.models import AdMetricRow, Rejected

HEADER = "date,platform,account,campaign,adset,ad,impressions,clicks,spend,conversions,revenue"
GOOD = "2026-10-03,meta,alpenglow,Winter,Skiers,Video 1,1000,25,12.50,2,90.00"


def row(line: str, header: str = HEADER, position: int = 2) -> AdMetricRow:
    result = CanonicalCsv(header, "ads.csv").parse(line, position)
    assert isinstance(result, AdMetricRow), result
    return result


def reason(line: str, header: str = HEADER) -> str:
    result = CanonicalCsv(header, "ads.csv").parse(line, 5)
    assert isinstance(result, Rejected), result
    assert (result.source, result.position, result.raw) == ("ads.csv", 5, line.rstrip("\r\n"))
    return result.reason


def test_reads_a_day_row() -> None:
    assert row(GOOD) == AdMetricRow(
        bucket="2026-10-03",
        granularity="day",
        platform="meta",
        account="alpenglow",
        campaign="Winter",
        adset="Skiers",
        ad="Video 1",
        impressions=1000,
        clicks=25,
        spend=12.5,
        conversions=2.0,
        revenue=90.0,
    )


def test_optional_columns_blank_are_none_and_adset_ad_columns_may_be_absent() -> None:
    header = (
        "date,platform,account,campaign,impressions,clicks,spend,conversions,revenue,"
        "leads,reach,currency"
    )
    result = row("2026-10-03,Google,acme,Brand,10,1,1.5,0,0,,,", header)
    assert (result.adset, result.ad, result.leads, result.reach, result.currency) == (
        "",
        "",
        None,
        None,
        None,
    )
    assert result.platform == "google"
    filled = row("2026-10-03,google,acme,Brand,10,1,1.5,0,0,3.5,8,eur", header)
    assert (filled.leads, filled.reach, filled.currency) == (3.5, 8, "EUR")


def test_header_is_case_insensitive_and_tolerates_bom_quotes_and_a_trailing_comma() -> None:
    header = '\ufeffDate,"Platform",ACCOUNT,campaign,impressions,clicks,spend,conversions,revenue,'
    result = row("2026-10-03,x,acme,Brand,10,1,1,0,0,", header)
    assert result.platform == "x"


def test_hour_buckets_are_normalised_to_utc() -> None:
    header = HEADER.replace("date", "hour")
    result = row(GOOD.replace("2026-10-03", "2026-10-03T11:00:00+02:00"), header)
    assert result.bucket == "2026-10-03T09:00:00+00:00"
    assert result.granularity == "hour"
    assert row(GOOD.replace("2026-10-03", "2026-10-03T09:00:00Z"), header).key == result.key
    late = row(GOOD.replace("2026-10-03", "2026-10-04T01:00:00+02:00"), header)
    assert late.bucket == "2026-10-03T23:00:00+00:00"


@pytest.mark.parametrize(
    ("hour", "expected"),
    [
        ("2026-10-03T09:30:00+00:00", "'2026-10-03T09:30:00+00:00' is not the start of an hour"),
        ("2026-10-03T10:00:00+05:30", "'2026-10-03T10:00:00+05:30' is not the start of an hour"),
        ("2026-10-03T09:00:05Z", "is not the start of an hour"),
        ("2026-10-03T09:00:00", "hour: timestamp has no UTC offset: '2026-10-03T09:00:00'"),
        ("2026-10-03", "hour: timestamp has no UTC offset"),
        ("9am", "hour: not an ISO-8601 timestamp: '9am'"),
        ("", "hour: missing value"),
    ],
)
def test_hour_errors(hour: str, expected: str) -> None:
    header = HEADER.replace("date", "hour")
    assert expected in reason(GOOD.replace("2026-10-03", hour, 1), header)


def test_breakdown_uses_a_fixed_order_whatever_the_column_order() -> None:
    header = HEADER + ",region,gender,age,placement"
    result = row(GOOD + ",Tyrol,female,25-34,", header)
    assert result.breakdown == "age=25-34;gender=female;region=Tyrol"
    assert row(GOOD + ",,,,", header).breakdown == ""
    assert row(GOOD).breakdown == ""


def test_breakdown_values_are_part_of_the_key() -> None:
    header = HEADER + ",age"
    assert row(GOOD + ",18-24", header).key != row(GOOD + ",25-34", header).key


def test_restated_rows_have_equal_keys() -> None:
    first = row(GOOD)
    restated = row("2026-10-03,META,alpenglow,Winter,Skiers,Video 1,1200,30,14.00,3,120.00")
    assert first.key == restated.key
    assert restated.spend == 14.0


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (GOOD.replace(",1000,", ",-1000,"), "impressions: must be ≥ 0, got -1000"),
        (GOOD.replace(",1000,", ",1e3,"), "impressions: not a whole number: '1e3'"),
        (GOOD.replace(",1000,", ",12.5,"), "impressions: not a whole number: '12.5'"),
        (GOOD.replace(",1000,", ',"1,000",'), "impressions: not a whole number: '1,000'"),
        (GOOD.replace(",1000,", ",,"), "impressions: missing value"),
        (GOOD.replace(",25,", ",x,"), "clicks: not a whole number: 'x'"),
        (GOOD.replace(",25,", ",1001,"), "clicks: 1001 clicks is more than the 1000 impressions"),
        (GOOD.replace(",12.50,", ",-1.0,"), "spend: must be ≥ 0, got -1.0"),
        (GOOD.replace(",12.50,", ",12,50,"), "expected 11 values"),
        (GOOD.replace(",12.50,", ",nan,"), "spend: not a decimal number"),
        (GOOD.replace(",12.50,", ",inf,"), "spend: not a decimal number"),
        (GOOD.replace(",2,", ",two,"), "conversions: not a decimal number"),
        (GOOD.replace(",90.00", ","), "revenue: missing value"),
        (GOOD.replace("2026-10-03", "03/10/2026"), "date: not a date (YYYY-MM-DD): '03/10/2026'"),
        (GOOD.replace("2026-10-03", "2026-02-30"), "date: not a date (YYYY-MM-DD): '2026-02-30'"),
        (GOOD.replace("2026-10-03", ""), "date: missing value"),
        (
            GOOD.replace(",meta,", ",instagram,"),
            "platform: ads on 'instagram' are reported by meta; use platform meta",
        ),
        (GOOD.replace(",meta,", ",ad/exchange,"), "platform: ad platform 'ad/exchange' is not"),
        (GOOD.replace(",meta,", ",,"), "platform: missing value"),
        (GOOD.replace(",alpenglow,", ",,"), "account: missing value"),
        (GOOD.replace(",Winter,", ",,"), "campaign: missing value"),
        (GOOD.replace(",Skiers,", ",,"), "ad: an ad-level row needs its ad set"),
        (GOOD + ",extra", "expected 11 values (one per header column), found 12"),
        (GOOD.replace(",Winter,", ',"Win"ter,'), "unreadable CSV: ',' expected after '\"'"),
    ],
)
def test_row_errors(line: str, expected: str) -> None:
    assert reason(line).startswith(expected)


@pytest.mark.parametrize(
    "platform", ["pinterest", "snapchat", "reddit", "amazon-dsp", "microsoft", "adexchange_3"]
)
def test_any_ad_platform_in_the_canonical_format(platform: str) -> None:
    """Exchanges and networks without an export reader of their own come in canonical rows."""
    assert row(GOOD.replace(",meta,", f",{platform.upper()},")).platform == platform


def test_a_timestamp_under_a_date_header_is_an_hourly_row() -> None:
    """An exchange's hourly export under a ``date`` header gives hourly rows, not refusals."""
    hourly = row(GOOD.replace("2026-10-03", "2026-10-03T14:00:00Z"))
    assert (hourly.granularity, hourly.bucket) == ("hour", "2026-10-03T14:00:00+00:00")
    spaced = row(GOOD.replace("2026-10-03", "2026-10-03 16:00+02:00"))
    assert (spaced.granularity, spaced.bucket) == ("hour", "2026-10-03T14:00:00+00:00")
    assert row(GOOD).granularity == "day"
    assert reason(GOOD.replace("2026-10-03", "2026-10-03T14:00:00")).startswith(
        "date: timestamp has no UTC offset"
    )


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("leads", "leads: must be ≥ 0, got -2"),
        ("reach", "reach: must be ≥ 0, got -2"),
    ],
)
def test_optional_number_errors(extra: str, expected: str) -> None:
    assert reason(GOOD + ",-2", HEADER + f",{extra}") == expected


def test_currency_must_be_an_iso_code() -> None:
    assert reason(GOOD + ",euro", HEADER + ",currency").startswith(
        "currency: not a 3-letter ISO 4217 code: 'EURO'"
    )


def test_breakdown_value_with_separator_is_rejected() -> None:
    assert reason(GOOD + ",a=b", HEADER + ",region") == (
        "region: ';' and '=' cannot be part of a breakdown value"
    )


def test_campaign_level_row_has_blank_adset_and_ad() -> None:
    result = row("2026-10-03,meta,alpenglow,Winter,,,1000,25,12.50,2,90.00")
    assert (result.adset, result.ad) == ("", "")


def test_quoted_cells_may_hold_commas() -> None:
    assert row(GOOD.replace(",Winter,", ',"Winter, 2026",')).campaign == "Winter, 2026"


def test_blank_line_is_rejected_by_the_line_parser() -> None:
    assert reason("\r\n") == "empty line"


def test_unknown_column_in_header_is_named() -> None:
    with pytest.raises(HeaderError) as caught:
        CanonicalCsv(HEADER + ",cpm,Frequency", "ads/acme.csv")
    message = str(caught.value)
    assert "ads/acme.csv" in message
    assert "unknown: cpm, frequency" in message
    assert "columns found: date, platform," in message
    assert caught.value.unknown == ("cpm", "frequency")
    assert caught.value.missing == ()
    assert caught.value.source == "ads/acme.csv"


def test_missing_required_columns_are_named() -> None:
    with pytest.raises(HeaderError) as caught:
        CanonicalCsv("day,platform,account,campaign,impressions,clicks,spend", "a.csv")
    message = str(caught.value)
    assert "missing required: date or hour, conversions, revenue" in message
    assert "unknown: day" in message
    assert caught.value.missing == ("date or hour", "conversions", "revenue")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (HEADER.replace("date", "date,hour"), "both date and hour"),
        (HEADER + ",clicks", "repeated: clicks"),
        ('date,"platform', "cannot read the ad-metrics header"),
    ],
)
def test_other_header_errors(header: str, expected: str) -> None:
    with pytest.raises(HeaderError, match=expected):
        CanonicalCsv(header, "a.csv")


def test_read_canonical_counts_blank_lines_and_keeps_line_numbers() -> None:
    text = "\n".join(
        [
            HEADER,
            GOOD,
            "",
            GOOD.replace(",25,", ",2000,"),
            ",,,,,,,,,,",
            GOOD.replace("Video 1", "V2"),
        ]
    )
    result = read_canonical(text + "\r\n", "ads.csv")
    assert result.format == "canonical"
    assert [r.ad for r in result.rows] == ["Video 1", "V2"]
    assert result.skipped == 2
    assert [(r.position, r.reason.split(":")[0]) for r in result.rejected] == [(4, "clicks")]


def test_read_canonical_handles_crlf_bom_and_nul(tmp_path: Path) -> None:
    path = tmp_path / "ads.csv"
    path.write_text(
        HEADER + "\r\n" + GOOD.replace("Winter", "Win\x00ter") + "\r\n", encoding="utf-8-sig"
    )
    result = read_canonical(path.read_text(encoding="utf-8"), str(path))
    assert [r.campaign for r in result.rows] == ["Winter"]
    assert result.rejected == []


def test_read_canonical_without_header_raises() -> None:
    with pytest.raises(HeaderError, match="no header on line 1"):
        read_canonical("\n" + GOOD, "ads.csv")


def test_names_over_their_limit_are_refused() -> None:
    long_campaign = GOOD.replace(",Winter,", "," + "W" * 1_001 + ",")
    assert reason(long_campaign) == (
        "campaign: 1,001 characters, more than the 1,000 an ad-metric row may have"
    )
    assert reason(GOOD.replace(",alpenglow,", "," + "a" * 201 + ",")).startswith(
        "account: 201 characters"
    )


def test_read_canonical_gives_the_line_of_each_row() -> None:
    text = f"{HEADER}\n{GOOD}\n\n{GOOD.replace('Video 1', 'Video 2')}\nbad\n"
    assert read_canonical(text, "ads.csv").positions == [2, 4]
