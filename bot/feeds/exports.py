"""Dropped ad exports (canonical CSV, Meta Ads Manager, Google Ads UI) read as canonical rows."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
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
from bot.models import MAX_COUNT, AdMetricRow, Rejected

__all__ = ["ImportResult", "UnknownExport", "account_from_filename", "parse_number", "read_export"]

_SCAN_LINES = 10
_DELIMITERS = (",", ";", "\t")
_SPACES = re.compile(r"\s+")
_MISSING = frozenset({"", "--", "-", "—", "–"})
_NUM_DOT = re.compile(
    r"(?P<int>\d+|\d{1,3}(?:(?P<t>[ ,'])\d{3})(?:(?P=t)\d{3})*)(?:\.(?P<frac>\d+))?"
)
_NUM_COMMA = re.compile(
    r"(?P<int>\d+|\d{1,3}(?:(?P<t>[ .'])\d{3})(?:(?P=t)\d{3})*)(?:,(?P<frac>\d+))?"
)
_NOT_DIGIT = re.compile(r"\D")
_SLASH_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_MONTH_NAME_FORMATS = ("%b %d, %Y", "%B %d, %Y")
_TOTAL = re.compile(r"total\s*:", re.IGNORECASE)
# Each date is written one way (separated, or all digits), so a long name cannot be split
# into dates in exponentially many ways while the account is being looked for.
_DATE = r"(?:\d{4}(?:[-_]\d{2}){0,2}|\d{6}|\d{8})"
_EXPORT_NAME = re.compile(
    rf"(?:meta|google)[-_](?P<account>.+?)[-_]{_DATE}(?:[-_](?:{_DATE}|to))*(?: ?\(\d+\))?\.csv",
    re.IGNORECASE,
)

_META_EN = {
    "reporting starts": "starts",
    "reporting ends": "ends",
    "day": "day",
    "account name": "account",
    "account id": "account_id",
    "campaign name": "campaign",
    "ad set name": "adset",
    "ad name": "ad",
    "impressions": "impressions",
    "reach": "reach",
    "link clicks": "link_clicks",
    "clicks (all)": "clicks_all",
    "results": "results",
    "result indicator": "indicator",
    "purchases conversion value": "purchase_value",
    "currency": "currency",
    "age": "age",
    "gender": "gender",
    "placement": "placement",
    "platform": "publisher",
    "region": "region",
    "country": "country",
}
_META_FR = {
    "début des rapports": "starts",
    "fin des rapports": "ends",
    "jour": "day",
    "nom du compte": "account",
    "identifiant du compte": "account_id",
    "nom de la campagne": "campaign",
    "nom de l'ensemble de publicités": "adset",
    "nom de la publicité": "ad",
    "impressions": "impressions",
    "couverture": "reach",
    "portée": "reach",
    "clics sur un lien": "link_clicks",
    "clics sur le lien": "link_clicks",
    "clics (tous)": "clicks_all",
    "résultats": "results",
    "indicateur de résultats": "indicator",
    "indicateur de résultat": "indicator",
    "valeur de conversion des achats": "purchase_value",
    "devise": "currency",
    "âge": "age",
    "sexe": "gender",
    "emplacement": "placement",
    "plateforme": "publisher",
    "région": "region",
    "pays": "country",
}
_META_ALIASES = {**_META_EN, **_META_FR}
_FRENCH_ONLY = frozenset(_META_FR) - frozenset(_META_EN)
_META_SPENT = re.compile(r"(?P<label>amount spent|montant dépensé)(?: \((?P<currency>[a-z]{3})\))?")
_META_NEEDS = (
    "Reporting starts + Reporting ends (or Day), Campaign name, Impressions,"
    " Link clicks or Clicks (all), Amount spent (XXX), Results"
)
_LEAD_TOKENS = ("lead", "prospect")
# A Meta "result" is whatever the campaign optimises for; for awareness, traffic and engagement
# objectives it counts people, views or clicks, which must not be read as conversions.
_NOT_CONVERSION_TOKENS = (
    "reach",
    "impressions",
    "link_click",
    "link click",
    "landing_page_view",
    "landing page view",
    "video_view",
    "video view",
    "thruplay",
    "post_engagement",
    "post engagement",
    "page_engagement",
    "page engagement",
    "like",
    "ad_recall",
    "ad recall",
    "profile_visit",
    "couverture",
    "clics sur un lien",
    "clics sur le lien",
    "vues de la page de destination",
    "vues de page de destination",
    "vues de la vidéo",
    "interactions",
    "mentions j'aime",
)

_GOOGLE_ALIASES = {
    "day": "day",
    "account": "account",
    "account name": "account",
    "campaign": "campaign",
    "ad group": "adset",
    "impr.": "impressions",
    "impressions": "impressions",
    "clicks": "clicks",
    "cost": "spend",
    "conversions": "conversions",
    "conv. value": "revenue",
    "currency code": "currency",
}
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
class _Layout:
    """Where an export's header is and which of its columns mean what."""

    format: str
    line: int
    delimiter: str
    width: int
    columns: dict[str, _Column]
    currency: str | None = None
    french: bool = False

    def text(self, cells: list[str], field: str) -> str:
        column = self.columns.get(field)
        return "" if column is None else cells[column.index]

    def number(self, cells: list[str], field: str) -> float | None:
        """The field's value; None when the column is absent or the cell says 'no value'."""
        column = self.columns.get(field)
        if column is None:
            return None
        text = cells[column.index]
        try:
            return parse_number(text, decimal_comma=self.french or self.delimiter == ";")
        except ValueError:
            raise RowProblem(f"{column.name}: not a number: {shown(text)}") from None

    def required(self, cells: list[str], field: str) -> float:
        value = self.number(cells, field)
        if value is None:
            column = self.columns[field]
            raise RowProblem(f"{column.name}: missing value ({shown(cells[column.index])})")
        return value

    def required_whole(self, cells: list[str], field: str) -> int:
        return self._whole(self.required(cells, field), field)

    def whole(self, value: float | None, field: str) -> int | None:
        return None if value is None else self._whole(value, field)

    def _whole(self, value: float, field: str) -> int:
        if not value.is_integer():
            raise RowProblem(f"{self.columns[field].name}: not a whole number: {value:g}")
        if value > MAX_COUNT:
            raise RowProblem(f"{self.columns[field].name}: too large to be a count: {value:g}")
        return int(value)


def parse_number(text: str, *, decimal_comma: bool = False) -> float | None:
    """A number as exports write it ('"6,114"', '1 234,56', '6.20%'); None for '', '--'.

    Spaces of any width and apostrophes may group thousands; when both ',' and '.' appear the
    last one is the decimal mark, and a lone ',' is decimal only in comma-decimal locales.
    Raises ValueError for anything else.
    """
    value = _SPACES.sub(" ", text).strip()
    if value in _MISSING:
        return None
    value = value.removesuffix("%").strip("$€£¥ ")
    negative = value.startswith("-")
    if negative:
        value = value[1:].lstrip()
    commas, dots = value.count(","), value.count(".")
    if commas and dots:
        comma_decimal = value.rfind(",") > value.rfind(".")
    elif commas:
        comma_decimal = decimal_comma and commas == 1
    else:
        comma_decimal = dots > 1
    match = (_NUM_COMMA if comma_decimal else _NUM_DOT).fullmatch(value)
    if match is None:
        raise ValueError(f"not a number: {text!r}")
    number = float(f"{_NOT_DIGIT.sub('', match['int'])}.{match['frac'] or '0'}")
    return -number if negative else number


def account_from_filename(name: str) -> str | None:
    """'meta-alpenglow-meta-2026-11.csv' → 'alpenglow-meta'; None when the name does not fit."""
    match = _EXPORT_NAME.fullmatch(PurePath(name).name)
    return match["account"] if match else None


def _norm(cell: str) -> str:
    text = unicodedata.normalize("NFC", cell).replace("\u2019", "'").replace("\ufeff", "")
    return _SPACES.sub(" ", text).strip().casefold()


def _meta_layout(
    names: list[str], originals: list[str], line: int, delimiter: str
) -> tuple[_Layout | None, list[str]]:
    columns: dict[str, _Column] = {}
    currency: str | None = None
    french = False
    for index, (name, original) in enumerate(zip(names, originals, strict=True)):
        spent = _META_SPENT.fullmatch(name)
        if spent:
            field = "spend"
            if currency is None and spent["currency"]:
                currency = spent["currency"].upper()
            french = french or spent["label"] != "amount spent"
        else:
            alias = _META_ALIASES.get(name)
            if alias is None:
                continue
            field = alias
            french = french or name in _FRENCH_ONLY
        columns.setdefault(field, _Column(index, original))
    missing: list[str] = []
    if "day" not in columns and not ("starts" in columns and "ends" in columns):
        missing.append("Reporting starts + Reporting ends (or Day)")
    for field, label in (
        ("campaign", "Campaign name"),
        ("impressions", "Impressions"),
        ("spend", "Amount spent (XXX)"),
        ("results", "Results"),
    ):
        if field not in columns:
            missing.append(label)
    if "link_clicks" not in columns and "clicks_all" not in columns:
        missing.append("Link clicks or Clicks (all)")
    if missing:
        return None, missing
    layout = _Layout("meta", line, delimiter, len(names), columns, currency, french)
    return layout, []


def _google_layout(
    names: list[str], originals: list[str], line: int, delimiter: str
) -> tuple[_Layout | None, list[str]]:
    columns: dict[str, _Column] = {}
    for index, (name, original) in enumerate(zip(names, originals, strict=True)):
        field = _GOOGLE_ALIASES.get(name)
        if field is not None:
            columns.setdefault(field, _Column(index, original))
    missing = [label for field, label in _GOOGLE_REQUIRED if field not in columns]
    if missing:
        return None, missing
    return _Layout("google", line, delimiter, len(names), columns), []


@dataclass(frozen=True, slots=True)
class _Candidate:
    line: int
    columns: tuple[str, ...]
    meta_missing: tuple[str, ...]
    google_missing: tuple[str, ...]


def _find_layout(lines: list[str]) -> _Layout | _Candidate | None:
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
            originals = [cell.strip() for cell in cells]
            names = [_norm(cell) for cell in cells]
            meta, meta_missing = _meta_layout(names, originals, index + 1, delimiter)
            if meta is not None:
                return meta
            google, google_missing = _google_layout(names, originals, index + 1, delimiter)
            if google is not None:
                return google
            if best is None or len(cells) > len(best.columns):
                best = _Candidate(
                    index + 1, tuple(originals), tuple(meta_missing), tuple(google_missing)
                )
    return best


def _unknown(source: str, lines: list[str], best: _Candidate | None) -> UnknownExport:
    try:
        first_line = split_cells(lines[0]) if lines else []
    except RowProblem:
        first_line = []
    canonical_missing, canonical_unknown = canonical_header_problem(
        cell.strip().lower() for cell in first_line
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
    meta = f"Meta Ads Manager export needs {_META_NEEDS}"
    google = f"Google Ads download needs {_GOOGLE_NEEDS} (after its title and date-range lines)"
    if best is not None:
        meta += f"; missing {', '.join(best.meta_missing)}"
        google += f"; missing {', '.join(best.google_missing)}"
    return UnknownExport(
        "\n  - ".join((head, canonical, meta, google)),
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
    slash = _SLASH_DAY.fullmatch(text)
    # d/m/y versus m/d/y cannot be told from the text, only from the locale of the header.
    if slash and day_first:
        try:
            return date(int(slash[3]), int(slash[2]), int(slash[1])).isoformat()
        except ValueError:
            pass
    for pattern in _MONTH_NAME_FORMATS:
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    raise RowProblem(f"{column}: not a date (YYYY-MM-DD): {shown(text)}")


def _meta_day(layout: _Layout, cells: list[str]) -> str:
    day = layout.text(cells, "day")
    if day:
        return _export_day(day, layout.columns["day"].name, day_first=layout.french)
    starts, ends = layout.text(cells, "starts"), layout.text(cells, "ends")
    if not starts or not ends:
        named = layout.columns.get("day") or layout.columns.get("starts")
        raise RowProblem(f"{named.name if named else 'Day'}: missing value")
    first = _export_day(starts, layout.columns["starts"].name, day_first=layout.french)
    last = _export_day(ends, layout.columns["ends"].name, day_first=layout.french)
    if first != last:
        raise RowProblem(
            f"the row covers {first} to {last} (Reporting starts ≠ Reporting ends) and has no Day:"
            " socialpulse needs one row per day — export with Breakdown → By time → Day"
        )
    return first


def _meta_row(layout: _Layout, cells: list[str], account: str) -> AdMetricRow | None:
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
    indicator = _norm(layout.text(cells, "indicator"))
    is_lead = any(token in indicator for token in _LEAD_TOKENS)
    is_conversion = is_lead or not any(token in indicator for token in _NOT_CONVERSION_TOKENS)
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


def _google_row(layout: _Layout, cells: list[str], account: str) -> AdMetricRow | None:
    day = layout.text(cells, "day")
    if not day:
        raise RowProblem(f"{layout.columns['day'].name}: missing value")
    return AdMetricRow(
        bucket=_export_day(day, layout.columns["day"].name, day_first=False),
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


def _read_rows(layout: _Layout, lines: list[str], source: str, account: str) -> ImportResult:
    build: Callable[[_Layout, list[str], str], AdMetricRow | None] = (
        _meta_row if layout.format == "meta" else _google_row
    )
    rows: list[AdMetricRow] = []
    positions: list[int] = []
    rejected: list[Rejected] = []
    skipped = 0
    first_seen: dict[tuple[str, ...], int] = {}
    for position in range(layout.line + 1, len(lines) + 1):
        line = lines[position - 1]
        if not line.strip():
            skipped += 1
            continue
        try:
            cells = [cell.strip() for cell in split_cells(line, layout.delimiter)]
            if not any(cells):
                skipped += 1
                continue
            if layout.format == "google" and _TOTAL.match(next(cell for cell in cells if cell)):
                skipped += 1
                continue
            # Spreadsheet tools pad rows with empty cells; only real values past the header count.
            while len(cells) > layout.width and not cells[-1]:
                cells.pop()
            if len(cells) != layout.width:
                raise RowProblem(
                    f"expected {layout.width} values (one per header column), found {len(cells)}"
                )
            row = build(layout, cells, account)
            if row is None:
                skipped += 1
                continue
            check_row(row)
        except RowProblem as problem:
            rejected.append(Rejected(source, position, line[:RAW_LIMIT], str(problem)))
            continue
        first = first_seen.setdefault(row.key, position)
        if first != position:
            rejected.append(
                Rejected(
                    source,
                    position,
                    line[:RAW_LIMIT],
                    f"same day, campaign, ad set, ad and breakdown as line {first}: the export"
                    " has a breakdown or segment socialpulse does not keep; export without it",
                )
            )
            continue
        rows.append(row)
        positions.append(position)
    return ImportResult(layout.format, rows, rejected, skipped, positions)


def read_export(text: str, source: str, default_account: str = "default") -> ImportResult:
    """Read a canonical CSV, a Meta Ads Manager export or a Google Ads UI download.

    The account of an export without an account column is the one in its file name
    (``account_from_filename``), else ``default_account``. Raises UnknownExport when the
    file is none of these, with the columns found and what each format needs.
    """
    lines = split_lines(text)
    if lines and lines[0].strip():
        try:
            CanonicalCsv(lines[0], source)
        except HeaderError:
            pass
        else:
            return read_canonical(text, source)
    found = _find_layout(lines)
    if not isinstance(found, _Layout):
        raise _unknown(source, lines, found)
    account = account_from_filename(source) or default_account
    return _read_rows(found, lines, source, account)
