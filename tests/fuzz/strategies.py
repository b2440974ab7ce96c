"""Shared hypothesis settings, input strategies and checks for the fuzz suite."""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import io
import json
import math
import os
import tempfile
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from bot.feeds.admetrics import check_row
from bot.models import AdMetricRow, FeedRecord, Rejected
from bot.store import Store

# CI runs each property a fixed, modest number of times with a seed derived from the test, so
# a failure reproduces exactly; SOCIALPULSE_FUZZ_SCALE=10 explores ten times as many inputs.
_SCALE = max(1, int(os.environ.get("SOCIALPULSE_FUZZ_SCALE", "1")))

# A quarantine reason quotes at most a cut of the offending value (repr of ~80 characters,
# up to 10 characters each when escaped), so it stays readable whatever the input was.
REASON_LIMIT = 1200
RAW_LIMIT = 2000

# SQLite stores integers up to 2**63 - 1; Python refuses int() on more than 4300 digits.
SQLITE_INT_MAX = 2**63 - 1
INT_DIGITS_LIMIT = 4300


def fuzz(examples: int) -> settings:
    """Settings for one property: `examples` inputs, no deadline, reproducible order.

    Building a whole workspace or export per example is slow by hypothesis's measure, so the
    too_slow health check is off; no database, so nothing is written into the repository.
    """
    return settings(
        max_examples=examples * _SCALE,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        suppress_health_check=[HealthCheck.too_slow],
    )


# --- characters and text -----------------------------------------------------------------

# One character each that parsers trip over.
TRICKY_CHARACTERS: tuple[str, ...] = tuple(
    "\x00\ufeff\r\n\t\x0b\x0c\x1b\x7f\x85\x9b"  # NUL, BOM, line breaks, C0 and C1 controls
    "\u2028\u2029\u200b\u200e\u202e\u2066\u061c\xa0\u202f"  # separators, bidi marks, spaces
    ",;\"'\\{}[]:#%&<>|-.€$"  # CSV and JSON punctuation, markup, currency
    "\ud800\udfff\udc80\U0001f600\U0010ffff\xe9\u0301"  # lone surrogates, astral, accents
)
tricky_characters = st.sampled_from(TRICKY_CHARACTERS)


def has_surrogate(text: str) -> bool:
    """True when `text` holds a lone surrogate, which UTF-8 (and so SQLite) cannot store."""
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


# What a UTF-8 file can hold (hypothesis's bare characters() also yields lone surrogates).
file_characters = st.characters(codec="utf-8") | tricky_characters.filter(
    lambda c: not has_surrogate(c)
)
# Any Unicode text, including lone surrogates (a Python str may hold them; files cannot).
any_text = st.text(st.characters(exclude_categories=()) | tricky_characters)
# Text a UTF-8 file can hold: what the feed followers hand the parsers.
file_text = st.text(file_characters)


# --- JSON --------------------------------------------------------------------------------

# Integers stay inside SQLite's range: counts beyond it are a known crash with its own test.
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-SQLITE_INT_MAX, max_value=SQLITE_INT_MAX)
    | st.floats()
    | any_text
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=10,
)


def dump_json(value: Any, *, ascii_only: bool = True) -> str:
    """One JSON line the way exporters write it (NaN and Infinity included, as Python does)."""
    return json.dumps(value, ensure_ascii=ascii_only)


def csv_line(cells: Sequence[str], delimiter: str = ",", quote_all: bool = False) -> str:
    """One CSV line as a spreadsheet writes it, without its line ending."""
    buffer = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    csv.writer(buffer, delimiter=delimiter, lineterminator="", quoting=quoting).writerow(cells)
    return buffer.getvalue()


# --- identifiers, timestamps, numbers ----------------------------------------------------

identifiers = (
    st.text(file_characters.filter(lambda c: c != "\x00"), min_size=1, max_size=24)
    .map(str.strip)
    .filter(bool)
)
offsets = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
aware_datetimes = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2999, 12, 31), timezones=offsets
)
utc_hours = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda moment: moment.replace(minute=0, second=0, microsecond=0, tzinfo=UTC)
)
storable_counts = st.integers(min_value=0, max_value=SQLITE_INT_MAX)


def huge_digits(min_digits: int, max_digits: int) -> st.SearchStrategy[str]:
    """A run of decimal digits with no leading zero, `min_digits` to `max_digits` long."""
    return st.integers(min_value=min_digits, max_value=max_digits).map(lambda n: "9" * n)


# --- durations ---------------------------------------------------------------------------

UNITS = ("w", "d", "h", "m", "s", "ms")
# Up to a million of each unit: inside timedelta's range, some sums under parse_duration's
# ten-year cap and some over it.
duration_parts = st.fixed_dictionaries(
    {}, optional={unit: st.integers(min_value=0, max_value=10**6) for unit in UNITS}
).filter(bool)


def written_duration(parts: dict[str, int]) -> tuple[str, timedelta]:
    """The duration text for `parts` (amount per unit) and the timedelta it means."""
    sizes = {
        "w": timedelta(weeks=1),
        "d": timedelta(days=1),
        "h": timedelta(hours=1),
        "m": timedelta(minutes=1),
        "s": timedelta(seconds=1),
        "ms": timedelta(milliseconds=1),
    }
    text = "".join(f"{parts[unit]}{unit}" for unit in UNITS if unit in parts)
    return text, sum((parts[unit] * sizes[unit] for unit in parts), timedelta(0))


durations = duration_parts.map(lambda parts: written_duration(parts)[0])


def parse_duration_overflows(text: str) -> bool:
    """True when one amount and unit lie past timedelta's 999,999,999 days."""
    amount, unit = int(text.rstrip("wdhms")), text.lstrip("0123456789")
    days = {"w": 7, "d": 1, "h": 1 / 24, "m": 1 / 1440, "s": 1 / 86400, "ms": 1 / 86400000}[unit]
    return amount * days > 999_999_999


# One amount past timedelta's range (parse_duration used to raise OverflowError on these).
huge_durations = st.builds(
    "{}{}".format, st.integers(min_value=10**9, max_value=10**40), st.sampled_from(UNITS)
).filter(parse_duration_overflows)


# --- checks ------------------------------------------------------------------------------


def assert_clear_rejection(result: Rejected, source: str, position: int) -> None:
    """A quarantined line says where it came from and, in a readable sentence, why."""
    assert result.source == source
    assert result.position == position
    assert result.reason.strip(), "a rejection without a reason"
    assert len(result.reason) <= REASON_LIMIT, f"reason floods the log: {result.reason[:200]!r}"
    assert len(result.raw) <= RAW_LIMIT


def assert_valid_row(row: AdMetricRow) -> None:
    """What every ad-metric row a reader returns satisfies, whatever file it came from."""
    assert check_row(row) is row
    assert_finite_record(row)
    if row.granularity == "day":
        assert date.fromisoformat(row.bucket).isoformat() == row.bucket
    else:
        moment = datetime.fromisoformat(row.bucket)
        assert row.bucket.endswith("+00:00") and moment.minute == moment.second == 0


def assert_finite_record(record: FeedRecord) -> None:
    """Every number a parser accepts is finite and not negative."""
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            assert math.isfinite(value) and value >= 0, f"{field.name} = {value!r}"


# --- the real store ----------------------------------------------------------------------


def store_batch(records: Sequence[FeedRecord], rejected: Sequence[Rejected] = ()) -> None:
    """Write a parsed batch to a fresh SQLite store, the way the feed followers do."""

    async def write(folder: Path) -> None:
        store = await Store.open(folder / "fuzz.db")
        try:
            await store.feeds.ingest(records, rejected, source="fuzz")
        finally:
            await store.close()

    with tempfile.TemporaryDirectory(prefix="socialpulse-fuzz-") as folder:
        asyncio.run(write(Path(folder)))
