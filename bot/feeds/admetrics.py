"""Canonical ad-metrics CSV: header check, row validation and the shared AdMetricRow checks."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from bot.feeds.limits import oversized
from bot.models import AD_PLATFORMS, MAX_COUNT, AdMetricRow, Granularity, Rejected

__all__ = [
    "BREAKDOWN_COLUMNS",
    "CANONICAL_COLUMNS",
    "RAW_LIMIT",
    "REQUIRED_COLUMNS",
    "CanonicalCsv",
    "HeaderError",
    "ImportResult",
    "RowProblem",
    "ad_platform_problem",
    "api_amount",
    "api_count",
    "breakdown_key",
    "canonical_header_problem",
    "canonical_needs",
    "check_row",
    "day_bucket",
    "hour_bucket",
    "read_canonical",
    "shown",
    "split_cells",
    "split_lines",
]

RAW_LIMIT = 2000
_SHOWN = 60
REQUIRED_COLUMNS: tuple[str, ...] = (
    "platform",
    "account",
    "campaign",
    "impressions",
    "clicks",
    "spend",
    "conversions",
    "revenue",
)
BREAKDOWN_COLUMNS: tuple[str, ...] = ("age", "gender", "placement", "region")
_OPTIONAL_COLUMNS: tuple[str, ...] = ("adset", "ad", "leads", "reach", "currency")
CANONICAL_COLUMNS: tuple[str, ...] = (
    "date",
    "hour",
    *REQUIRED_COLUMNS,
    *_OPTIONAL_COLUMNS,
    *BREAKDOWN_COLUMNS,
)
_KNOWN = frozenset(CANONICAL_COLUMNS)
# Any ad platform may come in the canonical format (exchanges, Pinterest, Snapchat, Amazon …):
# a short lowercase name. Social networks whose ads another platform reports get a pointer.
_AD_PLATFORM_NAME = re.compile(r"[a-z0-9][a-z0-9 ._-]{0,39}")
_REPORTED_BY = {"facebook": "meta", "instagram": "meta", "youtube": "google", "twitter": "x"}
_INT = re.compile(r"-?\d+(?:\.0*)?")
_DECIMAL = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)")
_CURRENCY = re.compile(r"[A-Z]{3}")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class HeaderError(ValueError):
    """A CSV header socialpulse cannot read; the message says what was found and what is needed."""

    def __init__(
        self,
        message: str,
        *,
        source: str = "",
        found: tuple[str, ...] = (),
        missing: tuple[str, ...] = (),
        unknown: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.source = source
        self.found = found
        self.missing = missing
        self.unknown = unknown


class RowProblem(ValueError):
    """One value of a row failed its check; the message is the quarantine reason."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What one ad-metrics file or export gave: good rows, quarantined rows, lines passed over."""

    format: str
    rows: list[AdMetricRow]
    rejected: list[Rejected]
    skipped: int
    # The line (1-based) of each row, in the order of `rows`.
    positions: list[int] = field(default_factory=list)


def shown(value: str) -> str:
    """A value quoted for a reason, cut so one odd cell cannot flood the quarantine."""
    return repr(value if len(value) <= _SHOWN else value[:_SHOWN] + "…")


def split_lines(text: str) -> list[str]:
    """Lines without their endings; only CR/LF break lines (not the other Unicode separators)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        text = text.replace("\x00", "")
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def split_cells(line: str, delimiter: str = ",") -> list[str]:
    """One line as CSV cells; quoting may not span lines."""
    try:
        return next(csv.reader([line], delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise RowProblem(f"unreadable CSV: {error}") from None


def hour_bucket(text: str, column: str = "hour") -> str:
    """An hour with a UTC offset, at the start of the hour, as 'YYYY-MM-DDTHH:00:00+00:00'."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise RowProblem(f"{column}: not an ISO-8601 timestamp: {shown(text)}") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise RowProblem(f"{column}: timestamp has no UTC offset: {shown(text)}")
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:
        raise RowProblem(f"{column}: timestamp out of range: {shown(text)}") from None
    if utc.minute or utc.second or utc.microsecond:
        raise RowProblem(
            f"{column}: {shown(text)} is not the start of an hour in UTC ({utc.isoformat()})"
        )
    return utc.isoformat()


def day_bucket(text: str, column: str = "date") -> str:
    """A calendar day as 'YYYY-MM-DD'."""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise RowProblem(f"{column}: not a date (YYYY-MM-DD): {shown(text)}") from None


def breakdown_key(values: Mapping[str, str | None]) -> str:
    """'age=25-34;gender=female' from the breakdown values given, in a fixed order."""
    parts: list[str] = []
    for name in BREAKDOWN_COLUMNS:
        value = values.get(name)
        if not value:
            continue
        if ";" in value or "=" in value:
            raise RowProblem(f"{name}: ';' and '=' cannot be part of a breakdown value")
        parts.append(f"{name}={value}")
    return ";".join(parts)


def ad_platform_problem(name: str) -> str | None:
    """Why ``name`` cannot be an ad platform, or None: any short lowercase name is one."""
    if name in AD_PLATFORMS:
        return None
    owner = _REPORTED_BY.get(name)
    if owner is not None:
        return f"ads on {shown(name)} are reported by {owner}; use platform {owner}"
    if not _AD_PLATFORM_NAME.fullmatch(name):
        return (
            f"ad platform {shown(name)} is not a short lowercase name (letters, digits, "
            "space, '.', '_' or '-', up to 40, like pinterest or amazon-dsp)"
        )
    return None


def check_row(row: AdMetricRow) -> AdMetricRow:
    """The checks every ad-metric row passes, whatever file it came from."""
    if not row.platform:
        raise RowProblem("platform: missing value")
    problem = ad_platform_problem(row.platform)
    if problem is not None:
        raise RowProblem(f"platform: {problem}")
    if not row.account:
        raise RowProblem("account: missing value")
    if not row.campaign:
        raise RowProblem("campaign: missing value")
    if row.ad and not row.adset:
        raise RowProblem("ad: an ad-level row needs its ad set, but adset is blank")
    for name in ("impressions", "clicks", "reach"):
        count = getattr(row, name)
        if count is not None and count < 0:
            raise RowProblem(f"{name}: must be ≥ 0, got {count}")
    for name in ("spend", "conversions", "revenue", "leads"):
        amount = getattr(row, name)
        if amount is not None and not (math.isfinite(amount) and amount >= 0):
            raise RowProblem(f"{name}: must be a number ≥ 0, got {amount:g}")
    if row.clicks > row.impressions:
        raise RowProblem(
            f"clicks: {row.clicks} clicks is more than the {row.impressions} impressions"
        )
    if row.currency is not None and not _CURRENCY.fullmatch(row.currency):
        raise RowProblem(f"currency: not a 3-letter ISO 4217 code: {shown(row.currency)}")
    problem = oversized(row)
    if problem is not None:
        raise RowProblem(problem)
    return row


def _whole(text: str, column: str) -> int:
    if not text:
        raise RowProblem(f"{column}: missing value")
    if not _INT.fullmatch(text):
        raise RowProblem(f"{column}: not a whole number: {shown(text)}")
    whole = text.split(".", 1)[0]
    if len(whole.lstrip("+-0")) > len(str(MAX_COUNT)):
        raise RowProblem(f"{column}: too large to be a count: {shown(text)}")
    value = int(whole)
    if value < 0:
        raise RowProblem(f"{column}: must be ≥ 0, got {text}")
    if value > MAX_COUNT:
        raise RowProblem(f"{column}: too large to be a count: {shown(text)}")
    return value


def _decimal(text: str, column: str) -> float:
    if not text:
        raise RowProblem(f"{column}: missing value")
    if not _DECIMAL.fullmatch(text):
        raise RowProblem(f"{column}: not a decimal number ('.' as decimal point): {shown(text)}")
    value = float(text)
    if value < 0:
        raise RowProblem(f"{column}: must be ≥ 0, got {text}")
    return value


# Numbers in a platform's JSON answer (Meta insights, Google Ads). One rule for both: a metric
# the answer leaves out is 0, and a metric that is there but is not a number is an error
# (the row is quarantined). Left out means 0 because that is how both APIs write a zero:
# Google Ads' JSON (proto3 mapping) omits every field at its default value, and Meta omits
# `inline_link_clicks` and the actions a row did not have. A CSV's blank cell is different
# (`_whole`, `_decimal`): a person or a tool left it out, and nothing says it was 0.


def api_count(value: object, column: str) -> int:
    """A count from a platform's JSON answer: absent is 0; whole numbers (int64 may come as
    a string) up to MAX_COUNT, anything else a RowProblem naming the field."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise RowProblem(f"{column}: not a whole number: {shown(str(value))}")
    return _whole(str(value).strip(), column)


def api_amount(value: object, column: str) -> float:
    """An amount from a platform's JSON answer: absent is 0; a JSON number or a decimal
    string, finite, anything else a RowProblem naming the field."""
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RowProblem(f"{column}: not a number: {shown(str(value))}")
    try:
        number = float(value)
    except ValueError:
        raise RowProblem(f"{column}: not a number: {shown(str(value))}") from None
    if not math.isfinite(number):
        raise RowProblem(f"{column}: not a finite number")
    return number


def _header_names(header: str) -> list[str]:
    if header.startswith("\ufeff"):
        header = header[1:]
    header = header.rstrip("\r\n").replace("\x00", "")
    try:
        cells = split_cells(header)
    except RowProblem as problem:
        raise HeaderError(str(problem)) from None
    return [cell.strip().lower() for cell in cells]


def canonical_header_problem(names: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The required columns missing and the unknown columns, for a header's column names."""
    present = [name for name in names if name]
    missing = [name for name in REQUIRED_COLUMNS if name not in present]
    if "date" not in present and "hour" not in present:
        missing.insert(0, "date or hour")
    unknown = [name for name in present if name not in _KNOWN]
    return tuple(missing), tuple(unknown)


def canonical_needs() -> str:
    """The canonical header's columns, in words for an error message."""
    optional = ", ".join(_OPTIONAL_COLUMNS + BREAKDOWN_COLUMNS)
    return f"date or hour, {', '.join(REQUIRED_COLUMNS)} (optional: {optional})"


class CanonicalCsv:
    """Reads the data lines of one canonical ad-metrics CSV, given its header line."""

    __slots__ = ("_columns", "_granularity", "_index", "_time", "_width", "source")

    def __init__(self, header: str, source: str) -> None:
        self.source = source
        try:
            names = _header_names(header)
        except HeaderError as error:
            raise HeaderError(
                f"{source}: cannot read the ad-metrics header: {error}", source=source
            ) from None
        found = tuple(names)
        missing, unknown = canonical_header_problem(names)
        present = [name for name in names if name]
        duplicates = sorted({name for name in present if present.count(name) > 1})
        both = "date" in present and "hour" in present
        if missing or unknown or duplicates or both:
            problems = []
            if missing:
                problems.append(f"missing required: {', '.join(missing)}")
            if unknown:
                problems.append(f"unknown: {', '.join(unknown)}")
            if duplicates:
                problems.append(f"repeated: {', '.join(duplicates)}")
            if both:
                problems.append("both date and hour (give one)")
            raise HeaderError(
                f"{source}: ad-metrics header not understood — columns found:"
                f" {', '.join(name or '(blank)' for name in names)}; {'; '.join(problems)}."
                f" A canonical header has {canonical_needs()}.",
                source=source,
                found=found,
                missing=missing,
                unknown=unknown,
            )
        # Blank header cells (a trailing comma from a spreadsheet) are carried but never read.
        self._index = {name: position for position, name in enumerate(names) if name}
        self._width = len(names)
        self._time = "hour" if "hour" in self._index else "date"
        self._granularity: Granularity = "hour" if self._time == "hour" else "day"
        self._columns = names

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self._columns)

    def has_time_value(self, line: str) -> bool:
        """Whether the line holds a date (or hour) where this header has it: a data row under
        this header, however bad its other values; a header line holds a column name there."""
        try:
            cells = split_cells(_prepare(line))
            at = self._index[self._time]
            if at >= len(cells):
                return False
            self._bucket(cells[at].strip())
        except RowProblem:
            return False
        return True

    def _bucket(self, moment: str) -> tuple[str, Granularity]:
        """A row's bucket and granularity: a ``date`` that holds a time of day (an exchange's
        hourly export under a date header) is an hourly row, like one in an ``hour`` column."""
        if self._time == "hour":
            return hour_bucket(moment), "hour"
        if len(moment) > 10 and moment[10] in "T ":
            return hour_bucket(moment, "date"), "hour"
        return day_bucket(moment), "day"

    def parse(self, line: str, position: int) -> AdMetricRow | Rejected:
        """One data line (``position`` = its 1-based line number in the file)."""
        line = _prepare(line)
        result = self._read(line, position)
        if result is None:
            return Rejected(self.source, position, line[:RAW_LIMIT], "empty line")
        return result

    def _read(self, line: str, position: int) -> AdMetricRow | Rejected | None:
        if not line.strip():
            return None
        try:
            cells = split_cells(line)
            if not any(cell.strip() for cell in cells):
                return None
            if len(cells) != self._width:
                raise RowProblem(
                    f"expected {self._width} values (one per header column), found {len(cells)}"
                )
            return self._row([cell.strip() for cell in cells])
        except RowProblem as problem:
            return Rejected(self.source, position, line[:RAW_LIMIT], str(problem))

    def _row(self, cells: list[str]) -> AdMetricRow:
        index = self._index

        def cell(name: str) -> str:
            at = index.get(name)
            return "" if at is None else cells[at]

        moment = cell(self._time)
        if not moment:
            raise RowProblem(f"{self._time}: missing value")
        bucket, granularity = self._bucket(moment)
        leads = cell("leads")
        reach = cell("reach")
        currency = cell("currency")
        breakdown = breakdown_key({name: cell(name) for name in BREAKDOWN_COLUMNS})
        row = AdMetricRow(
            bucket=bucket,
            granularity=granularity,
            platform=cell("platform").lower(),
            account=cell("account"),
            campaign=cell("campaign"),
            adset=cell("adset"),
            ad=cell("ad"),
            impressions=_whole(cell("impressions"), "impressions"),
            clicks=_whole(cell("clicks"), "clicks"),
            spend=_decimal(cell("spend"), "spend"),
            conversions=_decimal(cell("conversions"), "conversions"),
            revenue=_decimal(cell("revenue"), "revenue"),
            leads=_decimal(leads, "leads") if leads else None,
            reach=_whole(reach, "reach") if reach else None,
            currency=currency.upper() if currency else None,
            breakdown=breakdown,
        )
        return check_row(row)


def _prepare(line: str) -> str:
    line = line.rstrip("\r\n")
    if line.startswith("\ufeff"):
        line = line[1:]
    return line.replace("\x00", "") if "\x00" in line else line


def read_canonical(text: str, source: str) -> ImportResult:
    """A whole canonical CSV; blank lines are skipped, a bad header raises HeaderError."""
    lines = split_lines(text)
    if not lines or not lines[0].strip():
        raise HeaderError(
            f"{source}: no header on line 1. A canonical header has {canonical_needs()}.",
            source=source,
        )
    reader = CanonicalCsv(lines[0], source)
    rows: list[AdMetricRow] = []
    positions: list[int] = []
    rejected: list[Rejected] = []
    skipped = 0
    for position, line in enumerate(lines[1:], start=2):
        result = reader._read(line, position)
        if result is None:
            skipped += 1
        elif isinstance(result, Rejected):
            rejected.append(result)
        else:
            rows.append(result)
            positions.append(position)
    return ImportResult("canonical", rows, rejected, skipped, positions)
