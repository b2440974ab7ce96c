"""The sheets of an .xlsx export as rows of typed cells (openpyxl, read-only, cached values)."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from datetime import date, datetime, time

import openpyxl

from bot.feeds.admetrics import HeaderError

__all__ = ["XLSX_MAGIC", "Cell", "Sheet", "UnreadableWorkbook", "read_sheets"]

# A cell's value: text, a number, or a day (Excel dates come as datetimes).
Cell = str | float | date
XLSX_MAGIC = b"PK\x03\x04"
_DETAIL = 200


class UnreadableWorkbook(HeaderError):
    """A file named or shaped as .xlsx that openpyxl cannot open: damaged, or not a workbook."""


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: its name and its rows, each with its 1-based row number."""

    name: str
    rows: list[tuple[int, tuple[Cell, ...]]]


def _cell(value: object) -> Cell:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, datetime):
        return value.date() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | str):
        return value
    if isinstance(value, int | float):
        return float(value)
    return str(value)


def read_sheets(data: bytes, source: str) -> list[Sheet]:
    """Every worksheet of the workbook in ``data``; UnreadableWorkbook when it cannot be read."""
    try:
        # Exports saved by other tools make openpyxl warn about styles it does not need.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                return [
                    Sheet(
                        str(sheet.title),
                        [
                            (number, tuple(_cell(value) for value in values))
                            for number, values in enumerate(sheet.iter_rows(values_only=True), 1)
                        ],
                    )
                    for sheet in book.worksheets
                ]
            finally:
                book.close()
    # openpyxl reports a damaged file with whatever its zip and XML layers raise.
    except Exception as error:
        detail = str(error).strip() or type(error).__name__
        if len(detail) > _DETAIL:
            detail = detail[:_DETAIL] + "…"
        raise UnreadableWorkbook(
            f"{source}: not a readable .xlsx workbook: {detail} — export it again, or as CSV",
            source=source,
        ) from None
