"""Tests for Meta and Google exports saved as .xlsx workbooks (built here with openpyxl)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import openpyxl
import pytest

from bot.feeds.admetrics import HeaderError
from bot.feeds.exports import UnknownExport, read_export_data, read_workbook_export
from bot.feeds.workbook import UnreadableWorkbook

Rows = list[list[object]]


def workbook(*sheets: tuple[str, Rows]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GERMAN_META: Rows = [
    [
        "Berichtsbeginn",
        "Berichtsende",
        "Tag",
        "Kampagnenname",
        "Name der Anzeigengruppe",
        "Anzeigenname",
        "Impressionen",
        "Link-Klicks",
        "Ausgegebener Betrag (EUR)",
        "Ergebnisse",
        "Ergebnisindikator",
    ],
    # Meta's summary row: no campaign, ad set or ad.
    [
        datetime(2026, 12, 1),
        datetime(2026, 12, 31),
        None,
        None,
        None,
        None,
        13684,
        341,
        1479.74,
        13,
        None,
    ],
    # Numbers and days stored as such, as Meta writes them into a workbook.
    [
        datetime(2026, 12, 1),
        datetime(2026, 12, 31),
        datetime(2026, 12, 6),
        "Winter",
        "Ski",
        "Karussell",
        12450,
        310,
        1234.56,
        12,
        "actions:offsite_conversion.fb_pixel_purchase",
    ],
    [],
    # Text cells are read as a German file writes them; 1.234 is a thousand and more.
    [
        "01.12.2026",
        "31.12.2026",
        "07.12.2026",
        "Winter",
        "Ski",
        "Karussell",
        "1.234",
        "31",
        "245,18",
        "1",
        "actions:offsite_conversion.fb_pixel_purchase",
    ],
    # A bad value is quarantined with the sheet's row number.
    [
        datetime(2026, 12, 1),
        datetime(2026, 12, 31),
        datetime(2026, 12, 8),
        "Winter",
        "Ski",
        "Karussell",
        "viele",
        3,
        1.0,
        0,
        None,
    ],
]


def test_a_german_meta_workbook() -> None:
    result = read_workbook_export(
        workbook(("Rohdaten", GERMAN_META)), "meta-alpenglow-2026-12.xlsx"
    )
    assert result.format == "meta"
    assert result.skipped == 2  # the summary row and the empty one
    first, second = result.rows
    assert (first.bucket, first.impressions, first.clicks, first.spend, first.conversions) == (
        "2026-12-06",
        12450,
        310,
        1234.56,
        12.0,
    )
    assert (first.currency, first.account, first.campaign) == ("EUR", "alpenglow", "Winter")
    assert (second.bucket, second.impressions, second.spend) == ("2026-12-07", 1234, 245.18)
    (refused,) = result.rejected
    assert refused.position == 6
    assert refused.reason == "Impressionen: not a number: 'viele'"
    assert refused.raw.startswith("2026-12-01\t2026-12-31\t2026-12-08\tWinter\tSki\tKarussell")


def test_a_google_workbook_with_its_title_lines_and_totals() -> None:
    rows: Rows = [
        ["Campaign report"],
        ["December 6, 2026 - December 7, 2026"],
        ["Day", "Campaign", "Ad group", "Impr.", "Clicks", "Cost", "Conversions", "Currency code"],
        ["2026-12-06", "Brand", "Exact", 6114, 379, 170.55, 12, "GBP"],
        ["2026-12-07", "Brand", "Exact", 1234, 98, 1.234, 0, "GBP"],
        ["Total: Account", None, None, 7348, 477, 171.784, 12, None],
    ]
    result = read_workbook_export(workbook(("Report", rows)), "google-kettlecrumb-2026-12.xlsx")
    assert result.format == "google"
    assert (result.skipped, result.rejected) == (1, [])
    assert [(row.bucket, row.impressions, row.spend, row.account) for row in result.rows] == [
        ("2026-12-06", 6114, 170.55, "kettlecrumb"),
        ("2026-12-07", 1234, 1.234, "kettlecrumb"),
    ]


def test_the_first_sheet_with_an_export_header_is_read() -> None:
    notes: Rows = [["Exportiert aus dem Werbeanzeigenmanager"], ["Zeitraum", "Dezember 2026"]]
    data = workbook(("Hinweise", notes), ("Daten", GERMAN_META))
    assert len(read_workbook_export(data, "meta.xlsx").rows) == 2


def test_a_workbook_saved_under_a_csv_name_is_read_as_a_workbook() -> None:
    result = read_export_data(workbook(("Rohdaten", GERMAN_META)), "drop/meta.csv")
    assert result.format == "meta" and len(result.rows) == 2


def test_a_workbook_that_is_no_export_lists_what_each_format_needs() -> None:
    data = workbook(("Sheet", [["Week", "Channel", "Budget"], [47, "Radio", 100]]))
    with pytest.raises(UnknownExport) as caught:
        read_workbook_export(data, "drop/plan.xlsx")
    message = str(caught.value)
    assert message.startswith("drop/plan.xlsx: not an ad-metrics file socialpulse knows.")
    assert "Columns found on line 1: Week, Channel, Budget" in message
    assert "Meta Ads Manager export needs" in message


def _zip(name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 spreadsheet",
        b"",
        b"Day,Campaign\n",
        _zip("notes.txt", b"not a workbook"),
        _zip("[Content_Types].xml", b"<Types"),
        workbook(("Rohdaten", GERMAN_META))[:900],
    ],
    ids=["zip-header-only", "empty", "text", "other-zip", "broken-xml", "cut-off"],
)
def test_a_damaged_workbook_is_refused_with_a_reason(data: bytes) -> None:
    with pytest.raises(UnreadableWorkbook) as caught:
        read_workbook_export(data, "drop/meta-alpenglow-2026-12.xlsx")
    assert isinstance(caught.value, HeaderError)
    message = str(caught.value)
    assert message.startswith("drop/meta-alpenglow-2026-12.xlsx: not a readable .xlsx workbook: ")
    assert message.endswith(" — export it again, or as CSV")
    assert len(message) < 400
