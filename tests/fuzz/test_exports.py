"""Fuzzing dropped ad exports: Meta and Google downloads with broken cells, other delimiters,
BOMs and cut-off ends are read or refused with a message that says what each format needs."""

from __future__ import annotations

import asyncio
import math
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.feeds.admetrics import HeaderError, ImportResult, split_cells, split_lines
from bot.feeds.exports import UnknownExport, account_from_filename, parse_number, read_export
from bot.ingest.dropfolder import import_file
from bot.store import Store
from tests.conftest import REPO
from tests.fuzz.strategies import (
    any_text,
    assert_clear_rejection,
    assert_valid_row,
    csv_line,
    file_characters,
    file_text,
    fuzz,
    store_batch,
)

pytestmark = pytest.mark.slow

EXPORTS = REPO / "samples" / "exports"
SAMPLES: dict[str, tuple[str, str]] = {
    # file name: (text, delimiter)
    "meta-alpenglow-meta-2026-11.csv": (
        (EXPORTS / "meta-alpenglow-meta-2026-11.csv").read_text(encoding="utf-8"),
        ",",
    ),
    "meta-lumora-meta-2026-11.csv": (
        (EXPORTS / "fr" / "meta-lumora-meta-2026-11.csv").read_text(encoding="utf-8"),
        ";",
    ),
    "google-kettlecrumb-google-2026-11.csv": (
        (EXPORTS / "google-kettlecrumb-google-2026-11.csv").read_text(encoding="utf-8"),
        ",",
    ),
}
FORMATS = {"canonical", "meta", "google"}

# --- numbers as exports write them -------------------------------------------------------

_LOCALES = (
    # (thousands separator, decimal mark, decimal_comma): the conventions parse_number reads.
    (",", ".", False),
    ("", ".", False),
    ("'", ".", False),
    (" ", ",", True),
    ("\u202f", ",", True),
    ("\xa0", ",", True),
    (".", ",", True),
)


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[str, bool, Decimal]:
    """A number in one of the ways exports write them, with the locale flag and its value."""
    thousands, mark, decimal_comma = draw(st.sampled_from(_LOCALES))
    whole = draw(st.integers(min_value=0, max_value=10**15))
    cents = draw(st.none() | st.integers(min_value=0, max_value=99))
    if thousands == "." and cents is None:
        # "1.234" is one point two three four: a lone dot is always a decimal mark.
        cents = 0
    digits = f"{whole:,}".replace(",", thousands) if thousands else str(whole)
    text = digits if cents is None else f"{digits}{mark}{cents:02d}"
    value = Decimal(whole) + (Decimal(cents or 0) / 100)
    if draw(st.booleans()) and value:
        text, value = "-" + text, -value
    text = draw(st.sampled_from([text, f"{text}%", f"${text}", f"€ {text}", f" {text} "]))
    return text, decimal_comma, value


@fuzz(400)
@given(text=any_text, decimal_comma=st.booleans())
def test_parse_number_reads_or_raises_value_error(text: str, decimal_comma: bool) -> None:
    try:
        value = parse_number(text, decimal_comma=decimal_comma)
    except ValueError as error:
        assert "not a number" in str(error)
    else:
        assert value is None or not math.isnan(value)


@fuzz(400)
@given(number=written_numbers())
def test_parse_number_reads_every_locale_it_documents(number: tuple[str, bool, Decimal]) -> None:
    text, decimal_comma, value = number
    assert parse_number(text, decimal_comma=decimal_comma) == float(value)


@fuzz(200)
@given(text=st.sampled_from(["", " ", "--", "-", "—", "–", "\u2003--\u2003"]))
def test_parse_number_reads_placeholders_as_no_value(text: str) -> None:
    assert parse_number(text) is None


# --- file names --------------------------------------------------------------------------

# Names stay short: _EXPORT_NAME backtracks exponentially on long non-matching names such as
# "meta-a" + "-2026" * 30 + "x.csv" (reported; no property here may hang).
short_names = st.text(file_characters.filter(lambda c: c not in "/\x00"), max_size=40)
# No digits: "acme-2026-11" could be the account "acme" or "acme-2026", and the rule is the
# shortest.
accounts = st.from_regex(r"[A-Za-z](?:[A-Za-z_-]{0,18}[A-Za-z])?", fullmatch=True)


@fuzz(300)
@given(name=short_names)
def test_account_from_any_short_file_name_is_text_or_none(name: str) -> None:
    account = account_from_filename(name)
    assert account is None or account


@fuzz(200)
@given(
    platform=st.sampled_from(["meta", "google", "Meta", "GOOGLE"]),
    account=accounts,
    period=st.sampled_from(["2026-11", "2026-11-01", "20261101", "2026-11-01_2026-11-07"]),
    copy=st.sampled_from(["", " (1)", "(2)"]),
    separator=st.sampled_from("-_"),
)
def test_account_is_read_from_export_file_names(
    platform: str, account: str, period: str, copy: str, separator: str
) -> None:
    name = f"{platform}{separator}{account}{separator}{period}{copy}.csv"
    assert account_from_filename(name) == account


# --- exports as the ad platforms write them, then broken ---------------------------------

number_cells = written_numbers().map(lambda number: number[0])
broken_cells = st.one_of(
    number_cells,
    file_text.map(lambda text: text.replace("\r", "").replace("\n", "")),
    st.sampled_from(["", "--", " --", "-", "0", "-5", "1.5", "1,5", "NaN", "1e5", "Total: x"]),
    st.sampled_from(["2026-11-31", "11/02/2026", "02/11/2026", "Nov 2, 2026", "2026-11-02T00:00"]),
    st.sampled_from(["Impressions", "Day", "Jour", "Montant dépensé (EUR)", "Amount spent"]),
    st.integers(min_value=1_000, max_value=20_000).map(lambda n: "x" * n),
)


@st.composite
def broken_exports(draw: st.DrawFn) -> tuple[str, str]:
    """(file name, text): a sample export with some cells, lines and bytes changed."""
    name = draw(st.sampled_from(sorted(SAMPLES)))
    text, delimiter = SAMPLES[name]
    lines = split_lines(text)
    # The first dozen lines and the last three (Google's totals) keep every shape, quickly.
    table = [split_cells(line, delimiter) for line in lines[:12] + lines[-3:]]
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        row = draw(st.integers(min_value=0, max_value=len(table) - 1))
        how = draw(st.sampled_from(["cell", "cell", "cell", "drop", "repeat", "blank", "swap"]))
        if how == "cell" and table[row]:
            column = draw(st.integers(min_value=0, max_value=len(table[row]) - 1))
            table[row][column] = draw(broken_cells)
        elif how == "drop":
            del table[row]
        elif how == "repeat":
            table.insert(row, list(table[row]))
        elif how == "blank":
            table.insert(row, [])
        elif how == "swap" and len(table[row]) > 1:
            table = [cells[1:2] + cells[:1] + cells[2:] for cells in table]
        if not table:
            table = [[]]
    out = draw(st.sampled_from([delimiter, ",", ";", "\t"]))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = [csv_line(cells, out, quote_all=draw(st.booleans())) for cells in table]
    written = ending.join(lines) + draw(st.sampled_from([ending, ""]))
    if draw(st.booleans()):
        written = written[: draw(st.integers(min_value=0, max_value=len(written)))]
    return name, draw(st.sampled_from(["", "\ufeff"])) + written


def check_export(text: str, source: str) -> ImportResult | HeaderError:
    """read_export's contract: an ImportResult whose every line is accounted for, or a
    HeaderError that names the file (and, for unknown files, what each format needs)."""
    try:
        result = read_export(text, source, default_account="fallback")
    except UnknownExport as error:
        message = str(error)
        assert message.startswith(f"{source}: ")
        for needs in ("canonical CSV", "Meta Ads Manager export needs", "Google Ads download"):
            assert needs in message
        return error
    except HeaderError as error:
        assert str(error).startswith(f"{source}: ")
        return error
    assert result.format in FORMATS
    lines = split_lines(text)
    handled = len(result.rows) + len(result.rejected) + result.skipped
    assert len(lines) - 10 <= handled <= len(lines)
    for row in result.rows:
        assert_valid_row(row)
    for bad in result.rejected:
        assert_clear_rejection(bad, source, bad.position)
        assert 1 < bad.position <= len(lines)
    return result


@fuzz(300)
@given(text=any_text)
def test_any_text_reads_or_is_refused(text: str) -> None:
    check_export(text, "drop/any.csv")


def test_the_sample_exports_read_cleanly() -> None:
    for name, (text, _) in SAMPLES.items():
        result = check_export(text, f"drop/{name}")
        assert isinstance(result, ImportResult)
        assert result.rows and not result.rejected, name


@fuzz(300)
@given(export=broken_exports())
def test_broken_exports_read_or_are_refused(export: tuple[str, str]) -> None:
    name, text = export
    result = check_export(text, f"drop/{name}")
    if isinstance(result, ImportResult):
        store_batch(result.rows, result.rejected)


@fuzz(150)
@given(
    export=broken_exports(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252"]),
    noise=st.binary(max_size=8),
)
def test_dropped_files_are_imported_or_quarantined(
    export: tuple[str, str], encoding: str, noise: bytes
) -> None:
    """The drop folder's import of any bytes stores rows or one quarantine entry, never raises."""
    name, text = export
    data = text.encode(encoding, errors="replace") + noise

    async def drop() -> None:
        with tempfile.TemporaryDirectory(prefix="socialpulse-fuzz-") as folder:
            path = Path(folder) / name
            path.write_bytes(data)
            store = await Store.open(Path(folder) / "fuzz.db")
            try:
                await import_file(store.feeds, path)
            finally:
                await store.close()

    asyncio.run(drop())


# --- crashes found: the lead fixes the product, then these markers come off ----------------

GOOGLE_HUGE = (
    "Ad group report\n"
    '"November 1, 2026 - November 7, 2026"\n'
    "Day,Campaign,Ad group,Impr.,Clicks,Cost,Conversions\n"
    "2026-11-01,C,A,9223372036854775808,0,1.00,0\n"
)


@fuzz(50)
@example(count=2**63)
@given(count=st.integers(min_value=2**63, max_value=10**300))
def test_export_counts_beyond_sqlite_range_are_stored_or_rejected(count: int) -> None:
    text = GOOGLE_HUGE.replace("9223372036854775808", f'"{count:,}"')
    result = read_export(text, "drop/google-acme-2026-11.csv")
    store_batch(result.rows, result.rejected)
