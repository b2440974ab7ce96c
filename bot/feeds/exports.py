"""Dropped ad exports (canonical CSV; Meta Ads Manager, Google Ads UI as CSV or .xlsx) as rows."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

from bot.feeds.admetrics import (
    RAW_LIMIT,
    CanonicalCsv,
    HeaderError,
    ImportResult,
    RowProblem,
    breakdown_key,
    canonical_header_problem,
    canonical_needs,
    check_row,
    read_canonical,
    shown,
    split_cells,
    split_lines,
)
from bot.feeds.export_columns import Language, Platform, export_columns, normalize_name
from bot.feeds.numbers import AmbiguousNumber, decimal_evidence, parse_number
from bot.feeds.workbook import XLSX_MAGIC, Cell, read_sheets
from bot.models import MAX_COUNT, AdMetricRow, Rejected

__all__ = [
    "ImportResult",
    "UnknownExport",
    "account_from_filename",
    "decode_export",
    "is_workbook",
    "parse_number",
    "read_export",
    "read_export_data",
    "read_workbook_export",
]

_SCAN_LINES = 10
_DELIMITERS = (",", ";", "\t")
_SLASH_DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_DOTTED_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_MONTH_NAME_FORMATS = ("%b %d, %Y", "%B %d, %Y")
# Each date is written one way (separated, or all digits), so a long name cannot be split
# into dates in exponentially many ways while the account is being looked for.
_DATE = r"(?:\d{4}(?:[-_]\d{2}){0,2}|\d{6}|\d{8})"
_EXPORT_NAME = re.compile(
    rf"(?:meta|google)[-_](?P<account>.+?)[-_]{_DATE}(?:[-_](?:{_DATE}|to))*(?: ?\(\d+\))?"
    r"\.(?:csv|tsv|xlsx)",
    re.IGNORECASE,
)
_WORKBOOK_SUFFIX = ".xlsx"
_NUMBER_FIELDS = frozenset(
    {
        "impressions",
        "reach",
        "link_clicks",
        "clicks_all",
        "clicks",
        "spend",
        "results",
        "purchase_value",
        "conversions",
        "revenue",
    }
)
_META_NEEDS = (
    "Reporting starts + Reporting ends (or Day), Campaign name, Impressions,"
    " Link clicks or Clicks (all), Amount spent (XXX), Results"
)
_GOOGLE_REQUIRED = (
    ("day", "Day"),
    ("campaign", "Campaign"),
    ("impressions", "Impr."),
    ("clicks", "Clicks"),
    ("spend", "Cost"),
    ("conversions", "Conversions"),
)
_GOOGLE_NEEDS = ", ".join(label for _, label in _GOOGLE_REQUIRED)


class UnknownExport(HeaderError):
    """A file that is none of the formats socialpulse reads; the message lists what each needs."""


@dataclass(frozen=True, slots=True)
class _Column:
    index: int
    name: str


@dataclass(frozen=True, slots=True)
class _Row:
    """One row after the header: where it is, its text for the quarantine, and its cells."""

    position: int
    raw: str
    cells: tuple[Cell, ...]
    problem: str | None = None


def _text(cell: Cell) -> str:
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
    return cell.isoformat()


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where an export's header is, which of its columns mean what, and how it writes numbers."""

    format: str
    line: int
    width: int
    columns: dict[str, _Column]
    language: Language
    currency: str | None = None
    decimal_comma: bool = False
    # The file writes decimals both ways, so '1.234' could be either: such values are refused.
    mixed_decimals: bool = False

    def text(self, cells: Sequence[Cell], field: str) -> str:
        column = self.columns.get(field)
        return "" if column is None else _text(cells[column.index])

    def number(self, cells: Sequence[Cell], field: str) -> float | None:
        """The field's value; None when the column is absent or the cell says 'no value'."""
        column = self.columns.get(field)
        if column is None:
            return None
        cell = cells[column.index]
        if isinstance(cell, float):
            return cell
        if not isinstance(cell, str):
            raise RowProblem(f"{column.name}: not a number: {shown(_text(cell))}")
        try:
            return parse_number(
                cell, decimal_comma=self.decimal_comma, refuse_ambiguous=self.mixed_decimals
            )
        except AmbiguousNumber:
            raise RowProblem(
                f"{column.name}: {shown(cell)} could be a whole number or a decimal, and this"
                " file writes decimals both with ',' and with '.'; export it again with one"
                " number format"
            ) from None
        except ValueError:
            raise RowProblem(f"{column.name}: not a number: {shown(cell)}") from None

    def required(self, cells: Sequence[Cell], field: str) -> float:
        value = self.number(cells, field)
        if value is None:
            column = self.columns[field]
            raise RowProblem(f"{column.name}: missing value ({shown(_text(cells[column.index]))})")
        return value

    def required_whole(self, cells: Sequence[Cell], field: str) -> int:
        return self._whole(self.required(cells, field), field)

    def whole(self, value: float | None, field: str) -> int | None:
        return None if value is None else self._whole(value, field)

    def _whole(self, value: float, field: str) -> int:
        if not value.is_integer():
            raise RowProblem(f"{self.columns[field].name}: not a whole number: {value:g}")
        if value > MAX_COUNT:
            raise RowProblem(f"{self.columns[field].name}: too large to be a count: {value:g}")
        return int(value)

    def day(self, cells: Sequence[Cell], field: str) -> str:
        column = self.columns[field]
        cell = cells[column.index]
        if isinstance(cell, date):
            return cell.isoformat()
        return _export_day(_text(cell), column.name, day_first=self.language.day_first)


def account_from_filename(name: str) -> str | None:
    """'meta-alpenglow-meta-2026-11.csv' → 'alpenglow-meta'; None when the name does not fit."""
    match = _EXPORT_NAME.fullmatch(PurePath(name).name)
    return match["account"] if match else None


def _language(votes: dict[str, int]) -> Language:
    """The language most of the header's names are in; English first, then the table's order."""
    languages = export_columns().languages
    best = max(votes.values(), default=0)
    code = next((code for code in languages if votes.get(code, 0) == best), "en")
    return languages[code]


def _match_header(
    platform: Platform, names: list[str], originals: list[str]
) -> tuple[dict[str, _Column], Language, str | None]:
    columns: dict[str, _Column] = {}
    votes: dict[str, int] = {}
    currency: str | None = None
    for index, (name, original) in enumerate(zip(names, originals, strict=True)):
        found = platform.meaning(name)
        if found is None:
            continue
        column, named_currency = found
        if column.field in columns:
            continue
        columns[column.field] = _Column(index, original)
        if column.field == "spend" and named_currency:
            currency = named_currency
        for code in column.languages:
            votes[code] = votes.get(code, 0) + 1
    return columns, _language(votes), currency


def _label(platform: Platform, field: str, label: str, language: Language) -> str:
    """A missing column as the English needs-list names it, with the file's own word for it."""
    local = platform.name_in(field, language.code)
    english = platform.name_in(field, "en")
    if language.code == "en" or local is None or local == english:
        return label
    return f"{label} ({language.name}: {local})"


def _meta_layout(
    names: list[str], originals: list[str], line: int
) -> tuple[_Layout | None, list[str]]:
    platform = export_columns().meta
    columns, language, currency = _match_header(platform, names, originals)

    def label(field: str, english: str) -> str:
        return _label(platform, field, english, language)

    missing: list[str] = []
    if "day" not in columns and not ("starts" in columns and "ends" in columns):
        missing.append(
            f"{label('starts', 'Reporting starts')} + {label('ends', 'Reporting ends')}"
            f" (or {label('day', 'Day')})"
        )
    for field, english in (
        ("campaign", "Campaign name"),
        ("impressions", "Impressions"),
        ("spend", "Amount spent (XXX)"),
        ("results", "Results"),
    ):
        if field not in columns:
            missing.append(label(field, english))
    if "link_clicks" not in columns and "clicks_all" not in columns:
        missing.append(
            f"{label('link_clicks', 'Link clicks')} or {label('clicks_all', 'Clicks (all)')}"
        )
    if missing:
        return None, missing
    return _Layout("meta", line, len(names), columns, language, currency), []


def _google_layout(
    names: list[str], originals: list[str], line: int
) -> tuple[_Layout | None, list[str]]:
    platform = export_columns().google
    columns, language, _ = _match_header(platform, names, originals)
    missing = [
        _label(platform, field, label, language)
        for field, label in _GOOGLE_REQUIRED
        if field not in columns
    ]
    if missing:
        return None, missing
    return _Layout("google", line, len(names), columns, language), []


@dataclass(frozen=True, slots=True)
class _Candidate:
    line: int
    columns: tuple[str, ...]
    meta_missing: tuple[str, ...]
    google_missing: tuple[str, ...]


def _try_header(
    cells: Sequence[str], line: int, best: _Candidate | None
) -> tuple[_Layout | None, _Candidate | None]:
    """The layout a header row gives, or the likelier of it and ``best`` as a candidate."""
    originals = [cell.strip() for cell in cells]
    names = [normalize_name(cell) for cell in cells]
    meta, meta_missing = _meta_layout(names, originals, line)
    if meta is not None:
        return meta, best
    google, google_missing = _google_layout(names, originals, line)
    if google is not None:
        return google, best
    if best is None or len(cells) > len(best.columns):
        best = _Candidate(line, tuple(originals), tuple(meta_missing), tuple(google_missing))
    return None, best


def _find_csv_layout(lines: list[str]) -> tuple[_Layout, str] | _Candidate | None:
    """The first line among the first few that is a Meta or Google header, or the likeliest one."""
    best: _Candidate | None = None
    for index, line in enumerate(lines[:_SCAN_LINES]):
        if not line.strip():
            continue
        for delimiter in _DELIMITERS:
            if delimiter not in line:
                continue
            try:
                cells = split_cells(line, delimiter)
            except RowProblem:
                continue
            layout, best = _try_header(cells, index + 1, best)
            if layout is not None:
                return layout, delimiter
    return best


def _unknown(source: str, first_row: list[str], best: _Candidate | None) -> UnknownExport:
    canonical_missing, canonical_unknown = canonical_header_problem(
        cell.strip().lower() for cell in first_row
    )
    if best is None:
        found: tuple[str, ...] = ()
        head = f"{source}: not an ad-metrics file socialpulse knows: no header line found."
    else:
        found = best.columns
        head = (
            f"{source}: not an ad-metrics file socialpulse knows."
            f" Columns found on line {best.line}: {', '.join(found)}."
        )
    canonical = f"canonical CSV (header on line 1) needs {canonical_needs()}"
    if canonical_missing:
        canonical += f"; line 1 lacks {', '.join(canonical_missing)}"
    if canonical_unknown:
        canonical += f"; line 1 has unknown columns {', '.join(canonical_unknown)}"
    names = ", ".join(language.name for language in export_columns().languages.values())
    meta = f"Meta Ads Manager export needs {_META_NEEDS}"
    google = f"Google Ads download needs {_GOOGLE_NEEDS} (after its title and date-range lines)"
    if best is not None:
        meta += f"; missing {', '.join(best.meta_missing)}"
        google += f"; missing {', '.join(best.google_missing)}"
    return UnknownExport(
        "\n  - ".join((head, canonical, meta, google, f"exports are read in {names}")),
        source=source,
        found=found,
        missing=canonical_missing,
        unknown=canonical_unknown,
    )


def _export_day(text: str, column: str, *, day_first: bool) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    # 06.12.2026 is day first wherever it is written; 06/12/2026 is the 6th of December in a
    # day-first language and June 12th in American English, so an English file's is refused.
    numeric = _DOTTED_DAY.fullmatch(text) or (_SLASH_DAY.fullmatch(text) if day_first else None)
    if numeric:
        try:
            return date(int(numeric[3]), int(numeric[2]), int(numeric[1])).isoformat()
        except ValueError:
            pass
    for pattern in _MONTH_NAME_FORMATS:
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    raise RowProblem(f"{column}: not a date (YYYY-MM-DD): {shown(text)}")


def _meta_day(layout: _Layout, cells: Sequence[Cell]) -> str:
    if layout.text(cells, "day"):
        return layout.day(cells, "day")
    if not layout.text(cells, "starts") or not layout.text(cells, "ends"):
        named = layout.columns.get("day") or layout.columns.get("starts")
        raise RowProblem(f"{named.name if named else 'Day'}: missing value")
    first = layout.day(cells, "starts")
    last = layout.day(cells, "ends")
    if first != last:
        starts, ends = layout.columns["starts"].name, layout.columns["ends"].name
        raise RowProblem(
            f"the row covers {first} to {last} ({starts} ≠ {ends}) and has no Day:"
            " socialpulse needs one row per day — export with Breakdown → By time → Day"
        )
    return first


def _meta_row(layout: _Layout, cells: Sequence[Cell], account: str) -> AdMetricRow | None:
    campaign = layout.text(cells, "campaign")
    adset = layout.text(cells, "adset")
    ad = layout.text(cells, "ad")
    if not (campaign or adset or ad):
        return None
    bucket = _meta_day(layout, cells)
    clicks_field = "link_clicks" if "link_clicks" in layout.columns else "clicks_all"
    # Meta leaves a cell blank when the count is zero (no link clicks that day).
    impressions = layout.whole(layout.number(cells, "impressions"), "impressions") or 0
    clicks = layout.whole(layout.number(cells, clicks_field), clicks_field) or 0
    results = layout.number(cells, "results") or 0.0
    words = export_columns()
    indicator = normalize_name(layout.text(cells, "indicator"))
    is_lead = any(word in indicator for word in words.lead_words)
    is_conversion = is_lead or not any(word in indicator for word in words.not_conversion_words)
    placement = "/".join(
        part for part in (layout.text(cells, "publisher"), layout.text(cells, "placement")) if part
    )
    breakdown = breakdown_key(
        {
            "age": layout.text(cells, "age"),
            "gender": layout.text(cells, "gender"),
            "placement": placement,
            "region": layout.text(cells, "region") or layout.text(cells, "country"),
        }
    )
    currency = layout.currency or layout.text(cells, "currency").upper() or None
    return AdMetricRow(
        bucket=bucket,
        granularity="day",
        platform="meta",
        account=layout.text(cells, "account") or layout.text(cells, "account_id") or account,
        campaign=campaign,
        adset=adset,
        ad=ad,
        impressions=impressions,
        clicks=clicks,
        spend=layout.number(cells, "spend") or 0.0,
        conversions=results if is_conversion else 0.0,
        revenue=layout.number(cells, "purchase_value") or 0.0,
        leads=results if is_lead else None,
        reach=layout.whole(layout.number(cells, "reach"), "reach"),
        currency=currency,
        breakdown=breakdown,
    )


def _google_row(layout: _Layout, cells: Sequence[Cell], account: str) -> AdMetricRow | None:
    if not layout.text(cells, "day"):
        raise RowProblem(f"{layout.columns['day'].name}: missing value")
    return AdMetricRow(
        bucket=layout.day(cells, "day"),
        granularity="day",
        platform="google",
        account=layout.text(cells, "account") or account,
        campaign=layout.text(cells, "campaign"),
        adset=layout.text(cells, "adset"),
        ad="",
        impressions=layout.required_whole(cells, "impressions"),
        clicks=layout.required_whole(cells, "clicks"),
        spend=layout.required(cells, "spend"),
        conversions=layout.number(cells, "conversions") or 0.0,
        revenue=layout.number(cells, "revenue") or 0.0,
        currency=layout.text(cells, "currency").upper() or None,
    )


def _is_total(cells: Sequence[Cell]) -> bool:
    """Google's 'Total: Account' rows, in the download's language."""
    first = next((_text(cell) for cell in cells if _text(cell)), "")
    word, colon, _ = first.partition(":")
    return bool(colon) and normalize_name(word) in export_columns().google_total_words


def _with_numbers(layout: _Layout, rows: Iterable[_Row], delimiter: str | None) -> _Layout:
    """Settle the file's decimal mark: what its numbers show, else what its language writes.

    An English header on an export from an account whose region writes '1.234,56' is common, so
    unambiguous values ('12,50', '1,234.5') decide; only when none does is the language (or a
    ';'-separated file, which comma-decimal spreadsheets write) taken for '1.234' and '1,234'.
    """
    seen: set[str] = set()
    indexes = [column.index for field, column in layout.columns.items() if field in _NUMBER_FIELDS]
    for row in rows:
        if row.problem is not None:
            continue
        for index in indexes:
            cell = row.cells[index] if index < len(row.cells) else ""
            mark = decimal_evidence(cell) if isinstance(cell, str) else None
            if mark is not None:
                seen.add(mark)
        if len(seen) == 2:
            break
    if len(seen) == 1:
        decimal_comma = seen == {","}
    else:
        decimal_comma = layout.language.decimal_comma or delimiter == ";"
    return dataclasses.replace(layout, decimal_comma=decimal_comma, mixed_decimals=len(seen) == 2)


def _read_rows(layout: _Layout, rows: list[_Row], source: str, account: str) -> ImportResult:
    build: Callable[[_Layout, Sequence[Cell], str], AdMetricRow | None] = (
        _meta_row if layout.format == "meta" else _google_row
    )
    found: list[AdMetricRow] = []
    positions: list[int] = []
    rejected: list[Rejected] = []
    skipped = 0
    first_seen: dict[tuple[str, ...], int] = {}
    for row in rows:
        cells = list(row.cells)
        if row.problem is None and not any(_text(cell) for cell in cells):
            skipped += 1
            continue
        try:
            if row.problem is not None:
                raise RowProblem(row.problem)
            if layout.format == "google" and _is_total(cells):
                skipped += 1
                continue
            # Spreadsheet tools pad rows with empty cells; only real values past the header count.
            while len(cells) > layout.width and not _text(cells[-1]):
                cells.pop()
            if len(cells) != layout.width:
                raise RowProblem(
                    f"expected {layout.width} values (one per header column), found {len(cells)}"
                )
            metric = build(layout, cells, account)
            if metric is None:
                skipped += 1
                continue
            check_row(metric)
        except RowProblem as problem:
            rejected.append(Rejected(source, row.position, row.raw, str(problem)))
            continue
        first = first_seen.setdefault(metric.key, row.position)
        if first != row.position:
            rejected.append(
                Rejected(
                    source,
                    row.position,
                    row.raw,
                    f"same day, campaign, ad set, ad and breakdown as line {first}: the export"
                    " has a breakdown or segment socialpulse does not keep; export without it",
                )
            )
            continue
        found.append(metric)
        positions.append(row.position)
    return ImportResult(layout.format, found, rejected, skipped, positions)


def _csv_rows(lines: list[str], after: int, delimiter: str) -> list[_Row]:
    rows: list[_Row] = []
    for position in range(after + 1, len(lines) + 1):
        line = lines[position - 1]
        raw = line[:RAW_LIMIT]
        if not line.strip():
            rows.append(_Row(position, raw, ()))
            continue
        try:
            cells = tuple(cell.strip() for cell in split_cells(line, delimiter))
        except RowProblem as problem:
            rows.append(_Row(position, raw, (), str(problem)))
            continue
        rows.append(_Row(position, raw, cells))
    return rows


def read_export(text: str, source: str, default_account: str = "default") -> ImportResult:
    """Read a canonical CSV, a Meta Ads Manager export or a Google Ads UI download.

    Exports are read in every language of ``export_columns.yaml``, their numbers and dates in
    that language's format. The account of an export without an account column is the one in
    its file name (``account_from_filename``), else ``default_account``. Raises UnknownExport
    when the file is none of these, with the columns found and what each format needs.
    """
    lines = split_lines(text)
    if lines and lines[0].strip():
        try:
            CanonicalCsv(lines[0], source)
        except HeaderError:
            pass
        else:
            return read_canonical(text, source)
    found = _find_csv_layout(lines)
    if not isinstance(found, tuple):
        try:
            first_row = split_cells(lines[0]) if lines else []
        except RowProblem:
            first_row = []
        raise _unknown(source, first_row, found)
    layout, delimiter = found
    rows = _csv_rows(lines, layout.line, delimiter)
    layout = _with_numbers(layout, rows, delimiter)
    account = account_from_filename(source) or default_account
    return _read_rows(layout, rows, source, account)


def read_workbook_export(
    data: bytes, source: str, default_account: str = "default"
) -> ImportResult:
    """Read a Meta or Google export saved as .xlsx: the first sheet with a header in its top rows.

    Numbers and dates stored as such in the workbook are taken as they are; text cells are read
    as in a CSV export. Rows are numbered as the sheet numbers them. Raises UnreadableWorkbook
    (a HeaderError) for a damaged file, UnknownExport when no sheet is an export.
    """
    sheets = read_sheets(data, source)
    best: _Candidate | None = None
    for sheet in sheets:
        for number, cells in sheet.rows[:_SCAN_LINES]:
            texts = [_text(cell) for cell in cells]
            # Read-only sheets pad rows to the sheet's width: the header ends at its last name.
            while texts and not texts[-1]:
                texts.pop()
            if not any(texts):
                continue
            layout, best = _try_header(texts, number, best)
            if layout is None:
                continue
            rows = [
                _Row(
                    position,
                    "\t".join(_text(cell) for cell in values)[:RAW_LIMIT],
                    values + ("",) * (layout.width - len(values)),
                )
                for position, values in sheet.rows
                if position > layout.line
            ]
            layout = _with_numbers(layout, rows, None)
            account = account_from_filename(source) or default_account
            return _read_rows(layout, rows, source, account)
    first = [_text(cell) for cell in sheets[0].rows[0][1]] if sheets and sheets[0].rows else []
    raise _unknown(source, first, best)


def is_workbook(name: str, data: bytes = b"") -> bool:
    """An .xlsx by its name, or by its first bytes (a workbook saved under a .csv name)."""
    return PurePath(name).suffix.lower() == _WORKBOOK_SUFFIX or data.startswith(XLSX_MAGIC)


def decode_export(data: bytes) -> str:
    """Exports come as UTF-8 (with or without BOM) or, from Google Ads, often UTF-16."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def read_export_data(data: bytes, source: str, default_account: str = "default") -> ImportResult:
    """Read an export file's bytes: a workbook (``is_workbook``) or text (``decode_export``).

    Raises HeaderError (UnknownExport, UnreadableWorkbook) or UnicodeDecodeError.
    """
    if is_workbook(source, data):
        return read_workbook_export(data, source, default_account)
    return read_export(decode_export(data), source, default_account)
