"""Tests for reading Meta Ads Manager and Google Ads exports into canonical rows."""

from __future__ import annotations

import pytest

from bot.feeds.admetrics import HeaderError
from bot.feeds.exports import UnknownExport, account_from_filename, parse_number, read_export
from bot.models import AdMetricRow

META_HEADER = (
    "Reporting starts,Reporting ends,Day,Campaign name,Ad set name,Ad name,Impressions,Reach,"
    "Frequency,Link clicks,Amount spent (USD),Results,Result indicator,Purchases conversion value"
)
META = "\n".join(
    [
        META_HEADER,
        "2026-11-01,2026-11-30,,,,,24350,19000,1.28,310,475.18,12,,1180.40",
        "2026-11-01,2026-11-30,2026-11-01,Winter Sale,Skiers 25-44,Carousel A,"
        '"12,450",9800,1.27,310,245.18,12,actions:offsite_conversion.fb_pixel_purchase,'
        '"1,180.40"',
        "2026-11-01,2026-11-30,2026-11-02,Winter Sale,Skiers 25-44,Carousel A,"
        "11900,9400,1.27,,230.00,,actions:offsite_conversion.fb_pixel_purchase,",
    ]
)

FRENCH_HEADER = (
    "Début des rapports;Fin des rapports;Jour;Nom de la campagne;"
    "Nom de l\u2019ensemble de publicités;Nom de la publicité;Impressions;Couverture;"
    "Clics sur un lien;Montant dépensé (EUR);Résultats;Indicateur de résultats;"
    "Valeur de conversion des achats"
)
FRENCH = "\n".join(
    [
        FRENCH_HEADER,
        "2026-11-01;2026-11-30;2026-11-03;Soldes d'hiver;Skieurs;Vidéo 1;"
        '"12\u00a0345";9\u202f870;310;"1 234,56";7;actions:offsite_conversion.fb_pixel_purchase;'
        '"2\u202f469,12"',
        "2026-11-01;2026-11-30;04/11/2026;Soldes d'hiver;Skieurs;Vidéo 1;800;700;9;12,5;;;",
    ]
)

GOOGLE = "\n".join(
    [
        "Campaign report",
        '"November 1, 2026 - November 30, 2026"',
        "Day,Campaign,Ad group,Impr.,Clicks,CTR,Avg. CPC,Cost,Conversions,Conv. value,"
        "Cost / conv.,Conv. rate,Currency code",
        '2026-11-01,Brand Search,Exact,"6,114",379,6.20%,0.45,170.55,12.00,"1,440.00",'
        "14.21,3.17%,USD",
        '2026-11-02,Brand Search,Exact,"5,980",361,6.04%,0.47,169.67, --, --, --,0.00%,USD',
        "",
        'Total: Account,,,"12,094",740,6.12%,0.46,340.22,12.00,"1,440.00",28.35,1.62%,',
        'Total: Search,,,"12,094",740,6.12%,0.46,340.22,12.00,"1,440.00",28.35,1.62%,',
    ]
)


def test_meta_english_export() -> None:
    result = read_export(META, "drop/meta-alpenglow-meta-2026-11.csv")
    assert result.format == "meta"
    assert result.rejected == []
    assert result.skipped == 1  # the summary row
    first, second = result.rows
    assert first == AdMetricRow(
        bucket="2026-11-01",
        granularity="day",
        platform="meta",
        account="alpenglow-meta",
        campaign="Winter Sale",
        adset="Skiers 25-44",
        ad="Carousel A",
        impressions=12450,
        clicks=310,
        spend=245.18,
        conversions=12.0,
        revenue=1180.40,
        leads=None,
        reach=9800,
        currency="USD",
    )
    # Meta leaves cells blank for zero: no link clicks, no results, no purchase value.
    assert (second.bucket, second.clicks, second.conversions, second.revenue) == (
        "2026-11-02",
        0,
        0.0,
        0.0,
    )


def test_meta_french_export_with_semicolons_and_spaced_numbers() -> None:
    result = read_export(FRENCH, "export.csv", default_account="alpenglow")
    assert result.format == "meta"
    assert result.rejected == []
    first, second = result.rows
    assert (first.bucket, first.impressions, first.reach, first.spend, first.revenue) == (
        "2026-11-03",
        12345,
        9870,
        1234.56,
        2469.12,
    )
    assert (first.currency, first.account, first.adset, first.conversions) == (
        "EUR",
        "alpenglow",
        "Skieurs",
        7.0,
    )
    assert (second.bucket, second.spend) == ("2026-11-04", 12.5)


def test_meta_lead_results_are_leads_and_conversions() -> None:
    text = (
        META_HEADER
        + "\n"
        + ("2026-11-01,2026-11-01,,Leads,Form,Ad,1000,900,1.1,40,50.00,8,actions:lead,")
    )
    (row,) = read_export(text, "meta-acme-2026-11.csv").rows
    assert (row.leads, row.conversions, row.revenue) == (8.0, 8.0, 0.0)


def test_meta_awareness_results_are_not_conversions() -> None:
    text = (
        META_HEADER
        + "\n"
        + ("2026-11-01,2026-11-01,,Reach,Broad,Ad,1000,900,1.1,4,5.00,900,reach,")
    )
    (row,) = read_export(text, "meta-acme-2026-11.csv").rows
    assert (row.conversions, row.leads) == (0.0, None)


def test_meta_single_day_rows_need_no_day_column_and_clicks_all_is_the_fallback() -> None:
    text = "\n".join(
        [
            "Account name,Reporting starts,Reporting ends,Campaign name,Impressions,Clicks (all),"
            "Amount spent (GBP),Results,Result indicator",
            "Shop UK,2026-11-05,2026-11-05,Retarget,500,20,9.99,1,Website Purchase",
        ]
    )
    (row,) = read_export(text, "meta-other-2026-11.csv").rows
    assert (row.bucket, row.clicks, row.currency, row.account) == (
        "2026-11-05",
        20,
        "GBP",
        "Shop UK",
    )
    assert (row.adset, row.ad, row.revenue) == ("", "", 0.0)


def test_meta_rows_covering_several_days_are_rejected() -> None:
    text = "\n".join(
        [
            "Reporting starts,Reporting ends,Campaign name,Impressions,Link clicks,"
            "Amount spent (USD),Results",
            "2026-11-01,2026-11-30,Winter Sale,24350,620,475.18,12",
            "2026-11-05,2026-11-05,Winter Sale,800,20,15.00,1",
        ]
    )
    result = read_export(text, "meta-acme-2026-11.csv")
    assert [row.bucket for row in result.rows] == ["2026-11-05"]
    (rejected,) = result.rejected
    assert rejected.position == 2
    assert "covers 2026-11-01 to 2026-11-30" in rejected.reason
    assert "Day" in rejected.reason


def test_meta_breakdowns_become_the_breakdown_key() -> None:
    text = "\n".join(
        [
            "Day,Campaign name,Age,Gender,Impressions,Link clicks,Amount spent (USD),Results",
            "2026-11-01,Winter,25-34,female,100,2,1.00,0",
            "2026-11-01,Winter,25-34,male,100,2,1.00,0",
        ]
    )
    rows = read_export(text, "meta-acme-2026-11.csv").rows
    assert [row.breakdown for row in rows] == [
        "age=25-34;gender=female",
        "age=25-34;gender=male",
    ]


def test_meta_bad_values_are_quarantined_with_the_column_name() -> None:
    text = (
        META_HEADER
        + "\n"
        + ("2026-11-01,2026-11-30,2026-11-01,Winter,Set,Ad,lots,9800,1.27,310,245.18,12,,")
    )
    result = read_export(text, "meta-acme-2026-11.csv")
    assert result.rows == []
    assert result.rejected[0].reason == "Impressions: not a number: 'lots'"
    assert result.rejected[0].position == 2


def test_google_ads_download() -> None:
    result = read_export(GOOGLE, "drop/google-alpenglow-2026-11.csv")
    assert result.format == "google"
    assert result.rejected == []
    assert result.skipped == 3  # one blank line and two Total rows
    first, second = result.rows
    assert first == AdMetricRow(
        bucket="2026-11-01",
        granularity="day",
        platform="google",
        account="alpenglow",
        campaign="Brand Search",
        adset="Exact",
        ad="",
        impressions=6114,
        clicks=379,
        spend=170.55,
        conversions=12.0,
        revenue=1440.0,
        currency="USD",
    )
    assert (second.impressions, second.conversions, second.revenue) == (5980, 0.0, 0.0)


def test_google_without_title_lines_and_with_tabs() -> None:
    text = "Day\tCampaign\tImpr.\tClicks\tCost\tConversions\n2026-11-01\tPMax\t1000\t10\t5.00\t1\n"
    (row,) = read_export(text, "report.csv", default_account="acme").rows
    assert (row.account, row.adset, row.currency, row.impressions) == ("acme", "", None, 1000)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ("2026-11-01,Brand,AG, --,0,0.00,0", "Impr.: missing value ('--')"),
        ("2026-11-01,Brand,AG,100,--,0.00,0", "Clicks: missing value ('--')"),
        ("2026-11-01,Brand,AG,100,5,,0", "Cost: missing value"),
        ("2026-11-01,Brand,AG,100,500,1.00,0", "clicks: 500 clicks is more than the 100"),
        ("11/01/2026,Brand,AG,100,5,1.00,0", "Day: not a date (YYYY-MM-DD): '11/01/2026'"),
        ("2026-11-01,Brand,AG,100.5,5,1.00,0", "Impr.: not a whole number: 100.5"),
        ("2026-11-01,Brand,AG,100,5,1.00", "expected 7 values"),
    ],
)
def test_google_row_errors(cells: str, expected: str) -> None:
    text = "Day,Campaign,Ad group,Impr.,Clicks,Cost,Conversions\n" + cells
    result = read_export(text, "google-acme-2026-11.csv")
    assert result.rows == []
    assert result.rejected[0].reason.startswith(expected)


def test_google_month_name_days() -> None:
    text = 'Day,Campaign,Impr.,Clicks,Cost,Conversions\n"Nov 3, 2026",Brand,10,1,1.00,0\n'
    assert read_export(text, "google-acme-2026-11.csv").rows[0].bucket == "2026-11-03"


def test_rows_with_the_same_key_in_one_export_are_rejected() -> None:
    text = "\n".join(
        [
            "Day,Campaign,Ad group,Device,Impr.,Clicks,Cost,Conversions",
            "2026-11-01,Brand,Exact,Mobile,100,5,1.00,0",
            "2026-11-01,Brand,Exact,Desktop,80,4,1.00,0",
        ]
    )
    result = read_export(text, "google-acme-2026-11.csv")
    assert len(result.rows) == 1
    assert result.rejected[0].position == 3
    assert "same day, campaign, ad set, ad and breakdown as line 2" in result.rejected[0].reason


def test_canonical_files_are_recognised() -> None:
    text = (
        "date,platform,account,campaign,impressions,clicks,spend,conversions,revenue\n"
        "2026-11-01,tiktok,acme,Launch,100,2,3.00,0,0\n"
    )
    result = read_export(text, "google-other-2026-11.csv", default_account="ignored")
    assert result.format == "canonical"
    assert [(row.platform, row.account) for row in result.rows] == [("tiktok", "acme")]


def test_unknown_export_lists_the_columns_and_what_each_format_needs() -> None:
    text = "Date,Campaign,Spend,Installs\n2026-11-01,Launch,3.00,4\n"
    with pytest.raises(UnknownExport) as caught:
        read_export(text, "drop/tiktok.csv")
    message = str(caught.value)
    assert isinstance(caught.value, HeaderError)
    assert "drop/tiktok.csv" in message
    assert "Columns found on line 1: Date, Campaign, Spend, Installs" in message
    assert "canonical CSV (header on line 1) needs date or hour, platform" in message
    assert "Meta Ads Manager export needs Reporting starts" in message
    assert "Google Ads download needs Day, Campaign, Impr., Clicks, Cost, Conversions" in message
    assert "missing Day, Impr., Clicks, Cost, Conversions" in message
    assert caught.value.found == ("Date", "Campaign", "Spend", "Installs")


def test_canonical_header_with_an_unknown_column_is_named_by_read_export() -> None:
    text = "date,platform,account,campaign,impressions,clicks,spend,conversions,revenue,cpm\n"
    with pytest.raises(UnknownExport) as caught:
        read_export(text, "ads.csv")
    assert "line 1 has unknown columns cpm" in str(caught.value)
    assert caught.value.unknown == ("cpm",)


def test_empty_file_is_an_unknown_export() -> None:
    with pytest.raises(UnknownExport, match="no header line found"):
        read_export("", "empty.csv")


@pytest.mark.parametrize(
    ("name", "account"),
    [
        ("meta-alpenglow-meta-2026-11.csv", "alpenglow-meta"),
        ("google-acme-2026-11-30.csv", "acme"),
        ("google-acme_20261101-20261130.csv", "acme"),
        ("meta-acme-2026-11-01-to-2026-11-30.csv", "acme"),
        ("/srv/drop/meta-acme-2026-11 (1).csv", "acme"),
        ("META-Acme-Shop-2026-11.CSV", "Acme-Shop"),
        ("meta-acme.csv", None),
        ("acme-2026-11.csv", None),
        ("tiktok-acme-2026-11.csv", None),
        ("meta-2026-11.csv", None),
        ("meta-acme-2026-11.xlsx", "acme"),
        ("google-acme-2026-11.tsv", "acme"),
        ("meta-acme-2026-11.pdf", None),
    ],
)
def test_account_from_filename(name: str, account: str | None) -> None:
    assert account_from_filename(name) == account


@pytest.mark.parametrize(
    ("text", "decimal_comma", "value"),
    [
        ("6,114", False, 6114.0),
        ("1,234,567.89", False, 1234567.89),
        ("6.20%", False, 6.2),
        ("--", False, None),
        (" --", False, None),
        ("", False, None),
        ("0.45", False, 0.45),
        ("1 234,56", True, 1234.56),
        ("1\u00a0234,56", True, 1234.56),
        ("1\u202f234,56", True, 1234.56),
        ("12,5", True, 12.5),
        ("12.5", True, 12.5),
        ("1.234.567", True, 1234567.0),
        ("1.234,56", True, 1234.56),
        ("1'234.50", False, 1234.5),
        ("$1,234.50", False, 1234.5),
        ("-3", False, -3.0),
    ],
)
def test_parse_number(text: str, decimal_comma: bool, value: float | None) -> None:
    assert parse_number(text, decimal_comma=decimal_comma) == value


@pytest.mark.parametrize(
    ("text", "decimal_comma"), [("6,11", False), ("abc", False), ("1,2,3", True)]
)
def test_parse_number_refuses_ambiguous_text(text: str, decimal_comma: bool) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text, decimal_comma=decimal_comma)


def test_export_rows_come_with_their_lines_and_long_names_are_refused() -> None:
    result = read_export(GOOGLE, "google-acme-2026-11.csv")
    assert result.positions == [4, 5]
    long_name = read_export(GOOGLE.replace("Brand Search", "B" * 1_001, 1), "g.csv")
    assert long_name.positions == [5]
    [refused] = long_name.rejected
    assert refused.position == 4 and refused.reason.startswith("campaign: 1,001 characters")
