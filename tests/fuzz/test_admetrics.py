"""Fuzzing the canonical ad-metrics CSV: headers build or say which columns are wrong, rows
parse or are quarantined with a reason, whole files raise nothing but HeaderError."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.feeds.admetrics import (
    BREAKDOWN_COLUMNS,
    CANONICAL_COLUMNS,
    REQUIRED_COLUMNS,
    CanonicalCsv,
    HeaderError,
    ImportResult,
    read_canonical,
)
from bot.models import AD_PLATFORMS, AdMetricRow, Rejected
from tests.fuzz.strategies import (
    INT_DIGITS_LIMIT,
    any_text,
    assert_clear_rejection,
    assert_valid_row,
    csv_line,
    file_characters,
    file_text,
    fuzz,
    huge_digits,
    offsets,
    storable_counts,
    store_batch,
    utc_hours,
)

pytestmark = pytest.mark.slow

SOURCE = "ads/fuzz.csv"
positions = st.integers(min_value=2, max_value=10**9)
OPTIONAL = ("adset", "ad", "leads", "reach", "currency", *BREAKDOWN_COLUMNS)

# One cell of one line of a UTF-8 file: no line break (the followers split lines first), no
# NUL, no byte-order mark, no lone surrogate, stripped.
cell_text = (
    st.text(file_characters.filter(lambda c: c not in "\r\n\x00\ufeff"), max_size=30)
    .map(str.strip)
    .filter(bool)
)
amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False).map(str)


# --- headers -----------------------------------------------------------------------------

header_names = st.sampled_from(CANONICAL_COLUMNS) | cell_text.filter(lambda c: "\ufeff" not in c)


@st.composite
def headers(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A header line from known and unknown names, oddly cased and padded; and its names."""
    names = draw(st.lists(header_names | st.just(""), max_size=len(CANONICAL_COLUMNS) + 3))
    if draw(st.booleans()):
        names = [*REQUIRED_COLUMNS, draw(st.sampled_from(["date", "hour"])), *names]
        names = draw(st.permutations(names))
    shown = [
        draw(st.sampled_from([name, name.upper(), name.title(), f" {name} "])) for name in names
    ]
    line = draw(st.sampled_from(["", "\ufeff"])) + csv_line(shown, quote_all=draw(st.booleans()))
    return line, [name.strip().lower() for name in shown]


@fuzz(300)
@given(header=any_text)
def test_any_header_builds_or_says_what_is_wrong(header: str) -> None:
    try:
        reader = CanonicalCsv(header, SOURCE)
    except HeaderError as error:
        assert str(error).startswith(f"{SOURCE}: ")
        assert error.source == SOURCE
    else:
        present = set(reader.columns)
        assert set(REQUIRED_COLUMNS) <= present
        assert ("date" in present) != ("hour" in present)


@fuzz(300)
@given(header=headers())
def test_header_builds_exactly_when_its_columns_are_canonical(
    header: tuple[str, list[str]],
) -> None:
    line, names = header
    present = [name for name in names if name]
    missing = [name for name in REQUIRED_COLUMNS if name not in present]
    unknown = [name for name in present if name not in CANONICAL_COLUMNS]
    repeated = {name for name in present if present.count(name) > 1}
    times = {"date", "hour"} & set(present)
    try:
        CanonicalCsv(line, SOURCE)
    except HeaderError as error:
        message = str(error)
        assert missing or unknown or repeated or len(times) != 1, message
        assert "columns found" in message
        for name in missing:
            assert name in message and name in error.missing
        if not times:
            assert "date or hour" in message
        for name in unknown:
            assert name in message and name in error.unknown
        for name in repeated:
            assert name in message
        assert "A canonical header has date or hour" in message
    else:
        assert not (missing or unknown or repeated) and len(times) == 1


# --- rows --------------------------------------------------------------------------------


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A canonical header with some optional columns, in any order; and its column names."""
    time_column = draw(st.sampled_from(["date", "hour"]))
    optional = draw(st.lists(st.sampled_from(OPTIONAL), unique=True))
    names = draw(st.permutations([time_column, *REQUIRED_COLUMNS, *optional]))
    return csv_line(names), names


@st.composite
def rows(draw: st.DrawFn, names: list[str]) -> tuple[dict[str, str], AdMetricRow]:
    """The cells of one valid row for `names`, and the AdMetricRow it must become."""
    impressions = draw(storable_counts)
    clicks = draw(st.integers(min_value=0, max_value=impressions))
    values: dict[str, Any] = {
        "platform": draw(st.sampled_from(AD_PLATFORMS)),
        "account": draw(cell_text),
        "campaign": draw(cell_text),
        "adset": draw(cell_text) if "adset" in names and draw(st.booleans()) else "",
        "impressions": impressions,
        "clicks": clicks,
        "spend": draw(amounts),
        "conversions": draw(amounts),
        "revenue": draw(amounts),
        "leads": draw(st.none() | amounts) if "leads" in names else None,
        "reach": draw(st.none() | storable_counts) if "reach" in names else None,
        "currency": draw(st.none() | st.from_regex(r"[A-Za-z]{3}", fullmatch=True))
        if "currency" in names
        else None,
    }
    with_ad = "ad" in names and values["adset"] and draw(st.booleans())
    values["ad"] = draw(cell_text) if with_ad else ""
    breakdown = {
        name: draw(cell_text.filter(lambda c: ";" not in c and "=" not in c) | st.just(""))
        for name in BREAKDOWN_COLUMNS
        if name in names
    }
    if "hour" in names:
        moment = draw(utc_hours)
        bucket = moment.isoformat()
        written = moment.astimezone(draw(offsets)).isoformat()
        granularity = "hour"
    else:
        day = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
        bucket = written = day.isoformat()
        granularity = "day"
    cells = {
        **{name: "" if value is None else str(value) for name, value in values.items()},
        **breakdown,
        "date" if granularity == "day" else "hour": written,
    }
    cells["platform"] = draw(st.sampled_from([values["platform"], values["platform"].upper()]))
    expected = AdMetricRow(
        bucket=bucket,
        granularity=granularity,
        platform=values["platform"],
        account=values["account"],
        campaign=values["campaign"],
        adset=values["adset"],
        ad=values["ad"],
        impressions=impressions,
        clicks=clicks,
        spend=float(values["spend"]),
        conversions=float(values["conversions"]),
        revenue=float(values["revenue"]),
        leads=None if values["leads"] is None else float(values["leads"]),
        reach=values["reach"],
        currency=None if values["currency"] is None else values["currency"].upper(),
        breakdown=";".join(
            f"{name}={breakdown[name]}" for name in BREAKDOWN_COLUMNS if breakdown.get(name)
        ),
    )
    return cells, expected


def check_parse(reader: CanonicalCsv, line: str, position: int) -> AdMetricRow | Rejected:
    result = reader.parse(line, position)
    if isinstance(result, Rejected):
        assert_clear_rejection(result, SOURCE, position)
    else:
        assert_valid_row(result)
    return result


@fuzz(200)
@given(data=st.data(), table=tables(), quote_all=st.booleans())
def test_valid_rows_parse_to_what_was_written(
    data: st.DataObject, table: tuple[str, list[str]], quote_all: bool
) -> None:
    header, names = table
    cells, expected = data.draw(rows(names))
    reader = CanonicalCsv(header, SOURCE)
    line = csv_line([cells.get(name, "") for name in names], quote_all=quote_all)
    assert check_parse(reader, line, 2) == expected


# Numbers stay inside SQLite's range and under 4300 digits: both limits have xfail tests.
mutated_cells = st.one_of(
    file_text.filter(lambda text: "\r" not in text and "\n" not in text),
    st.sampled_from(
        ["", " ", "-1", "-0", "1.5", "1,5", "1e5", "NaN", "inf", "٣", "1 000", "0x10", "+1"]
    ),
    huge_digits(1, 18),
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(str),
    st.floats().map(repr),
    st.integers(min_value=1_000, max_value=50_000).map(lambda n: "x" * n),
)


@fuzz(300)
@given(data=st.data(), table=tables(), position=positions)
def test_near_valid_rows_parse_or_are_rejected(
    data: st.DataObject, table: tuple[str, list[str]], position: int
) -> None:
    header, names = table
    cells, _ = data.draw(rows(names))
    written = [cells.get(name, "") for name in names]
    how = data.draw(st.sampled_from(["mutate", "drop", "add", "quote"]))
    at = data.draw(st.integers(min_value=0, max_value=len(written) - 1))
    if how == "mutate":
        written[at] = data.draw(mutated_cells)
    elif how == "drop":
        del written[at]
    elif how == "add":
        written.insert(at, data.draw(mutated_cells))
    line = csv_line(written)
    if how == "quote":
        line = line[:at] + '"' + line[at:]
    reader = CanonicalCsv(header, SOURCE)
    check_parse(reader, line + data.draw(st.sampled_from(["", "\n", "\r\n", "\x00"])), position)


@fuzz(300)
@given(table=tables(), line=any_text, position=positions)
def test_any_line_parses_or_is_rejected(
    table: tuple[str, list[str]], line: str, position: int
) -> None:
    check_parse(CanonicalCsv(table[0], SOURCE), line, position)


@fuzz(300)
@given(text=any_text)
def test_any_file_reads_or_raises_header_error(text: str) -> None:
    try:
        result = read_canonical(text, SOURCE)
    except HeaderError as error:
        assert str(error).startswith(f"{SOURCE}: ")
    else:
        _check_import(result)


@fuzz(150)
@given(data=st.data(), table=tables(), bom=st.booleans(), ending=st.sampled_from(["\n", "\r\n"]))
def test_files_of_valid_and_broken_rows_account_for_every_line(
    data: st.DataObject, table: tuple[str, list[str]], bom: bool, ending: str
) -> None:
    header, names = table
    lines: list[str] = []
    good = 0
    for _ in range(data.draw(st.integers(min_value=0, max_value=6))):
        if data.draw(st.booleans()):
            cells, _ = data.draw(rows(names))
            lines.append(csv_line([cells.get(name, "") for name in names]))
            good += 1
        else:
            lines.append(data.draw(file_text).replace("\r", "").replace("\n", ""))
    text = ("\ufeff" if bom else "") + ending.join([header, *lines]) + ending
    result = read_canonical(text, SOURCE)
    _check_import(result)
    assert len(result.rows) + len(result.rejected) + result.skipped == len(lines)
    assert len(result.rows) >= good
    store_batch(result.rows, result.rejected)


def _check_import(result: ImportResult) -> None:
    assert result.format == "canonical"
    for row in result.rows:
        assert_valid_row(row)
    for bad in result.rejected:
        assert_clear_rejection(bad, SOURCE, bad.position)
        assert bad.position >= 2


# --- crashes found: the lead fixes the product, then these markers come off ----------------

HEADER = "date,platform,account,campaign,impressions,clicks,spend,conversions,revenue"


@fuzz(50)
@example(digits="9" * (INT_DIGITS_LIMIT + 1), column="impressions")
@given(
    digits=huge_digits(INT_DIGITS_LIMIT + 1, 20_000),
    column=st.sampled_from(["impressions", "clicks"]),
)
def test_whole_numbers_over_4300_digits_are_rejected(digits: str, column: str) -> None:
    cells = (
        {"impressions": digits, "clicks": "0"}
        if column == "impressions"
        else {"impressions": "1", "clicks": digits}
    )
    line = f"2026-11-01,meta,a,c,{cells['impressions']},{cells['clicks']},0,0,0"
    result = read_canonical(f"{HEADER}\n{line}\n", SOURCE)
    _check_import(result)


@fuzz(50)
@example(count=2**63)
@given(count=st.integers(min_value=2**63, max_value=10**4000))
def test_counts_beyond_sqlite_range_are_stored_or_rejected(count: int) -> None:
    result = read_canonical(f"{HEADER}\n2026-11-01,meta,a,c,{count},0,0,0,0\n", SOURCE)
    store_batch(result.rows, result.rejected)
