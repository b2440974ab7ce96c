"""The drop folder: a file it does not read, or an export it refuses, is quarantined once."""

from __future__ import annotations

import io
import logging
import os
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from bot.ingest.dropfolder import DropFolder
from bot.store import Store

XLS_REASON = "xls exports are not read: export as CSV or .xlsx and drop that file here"


def _touch_later(path: Path, data: bytes) -> None:
    """Rewrite a file so its size or mtime differs, as a new download over the old one does."""
    stat = path.stat()
    path.write_bytes(data)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


async def _settle(folder: DropFolder) -> int:
    """Two polls: a file is read once its size has held still for one."""
    await folder.poll()
    return (await folder.poll()).quarantined


async def test_a_spreadsheet_or_pdf_is_quarantined_once_saying_what_to_drop_instead(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    drop = tmp_path / "drop"
    (drop / "november").mkdir(parents=True)
    (drop / "meta-alpenglow-2026-11.xls").write_bytes(b"\xd0\xcf\x11\xe0 spreadsheet")
    (drop / "november" / "Invoice.PDF").write_bytes(b"%PDF-1.7\x1b[31m")
    caplog.set_level(logging.WARNING, logger="bot.ingest")
    folder = DropFolder(drop, store.feeds)
    assert await _settle(folder) == 2
    records = {Path(q.source).name: q for q in await store.quarantine.select()}
    assert set(records) == {"meta-alpenglow-2026-11.xls", "Invoice.PDF"}
    sheet = records["meta-alpenglow-2026-11.xls"]
    assert sheet.reason == XLS_REASON and sheet.position == 0
    assert sheet.source == str((drop / "meta-alpenglow-2026-11.xls").resolve())
    assert sheet.raw.startswith("16 bytes, sha256 ")
    assert records["Invoice.PDF"].reason == (
        "pdf files are not read: the drop folder takes ad exports as CSV, TSV or .xlsx"
    )
    warned = [r.getMessage() for r in caplog.records if "file not read" in r.getMessage()]
    assert len(warned) == 2 and any(XLS_REASON in line for line in warned)

    # Once per file: later polls, and a restarted watcher, neither quarantine nor warn again.
    caplog.clear()
    assert (await folder.poll()).quarantined == 0
    assert await _settle(DropFolder(drop, store.feeds)) == 0
    assert not [r for r in caplog.records if "file not read" in r.getMessage()]
    assert len(await store.quarantine.select()) == 2

    # A new spreadsheet under the same name is a new file to tell the team about.
    _touch_later(drop / "meta-alpenglow-2026-11.xls", b"\xd0\xcf\x11\xe0 the December one")
    assert await _settle(folder) == 1
    assert len(await store.quarantine.select(source="alpenglow-2026-11.xls")) == 2


def _workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_an_xlsx_export_is_imported(store: Store, tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    german = [
        [
            "Tag",
            "Kampagnenname",
            "Impressionen",
            "Link-Klicks",
            "Ausgegebener Betrag (EUR)",
            "Ergebnisse",
        ],
        [datetime(2026, 12, 6), "Winter", 12450, 310, 1234.56, 12],
        ["07.12.2026", "Winter", "1.234", "31", "245,18", "1"],
    ]
    (drop / "meta-alpenglow-2026-12.xlsx").write_bytes(_workbook(german))
    folder = DropFolder(drop, store.feeds)
    await folder.poll()
    counts = await folder.poll()
    assert (counts.stored, counts.quarantined) == (2, 0)
    stored = await store.db.fetchall(
        "SELECT bucket, account, impressions, spend, currency FROM ad_metrics ORDER BY bucket"
    )
    assert [tuple(row) for row in stored] == [
        ("2026-12-06", "alpenglow", 12450, 1234.56, "EUR"),
        ("2026-12-07", "alpenglow", 1234, 245.18, "EUR"),
    ]
    assert await store.quarantine.select() == []


async def test_a_damaged_xlsx_is_quarantined_once_saying_so(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    damaged = drop / "meta-alpenglow-2026-11.xlsx"
    damaged.write_bytes(b"PK\x03\x04 spreadsheet")
    caplog.set_level(logging.ERROR, logger="bot.ingest")
    folder = DropFolder(drop, store.feeds)
    assert await _settle(folder) == 1
    assert await _settle(DropFolder(drop, store.feeds)) == 0
    [record] = await store.quarantine.select()
    assert record.position == 0
    assert record.reason == (
        f"{damaged.resolve()}: not a readable .xlsx workbook: File is not a zip file"
        " — export it again, or as CSV"
    )
    # Not text: the record says the file's size and checksum, not its bytes.
    assert record.raw.startswith("16 bytes, sha256 ")
    assert not [r for r in caplog.records if r.exc_info]
    # The export dropped again, whole this time, is read.
    _touch_later(
        damaged,
        _workbook(
            [
                ["Day", "Campaign", "Impr.", "Clicks", "Cost", "Conversions"],
                ["2026-11-03", "Brand", 100, 5, 1.5, 0],
            ]
        ),
    )
    await folder.poll()
    counts = await folder.poll()
    assert (counts.stored, counts.quarantined) == (1, 0)
    assert len(await store.quarantine.select()) == 1


async def test_hidden_files_and_downloads_in_progress_are_passed_over(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    drop = tmp_path / "drop"
    (drop / ".git").mkdir(parents=True)
    for name in (
        ".DS_Store",
        "~$meta-alpenglow-2026-11.xlsx",
        "google-kettlecrumb-2026-11.csv.crdownload",
        "Thumbs.db",
        ".git/HEAD",
    ):
        (drop / name).write_bytes(b"\x00\x01")
    caplog.set_level(logging.WARNING, logger="bot.ingest")
    assert await _settle(DropFolder(drop, store.feeds)) == 0
    assert await store.quarantine.select() == []
    assert not caplog.records


async def test_a_refused_export_is_one_record_per_version_of_the_file(
    store: Store, tmp_path: Path
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    export = drop / "mystery.csv"
    export.write_text("Week,Channel,Budget\n47,Radio,100\n", encoding="utf-8")
    folder = DropFolder(drop, store.feeds)
    assert await _settle(folder) == 1
    assert await _settle(DropFolder(drop, store.feeds)) == 0
    [first] = await store.quarantine.select()
    assert first.position == 0  # the whole file, not one of its lines
    assert first.raw.startswith("Week,Channel,Budget\n47,Radio")
    # Next week's download of the same unknown report is refused again, and counted again.
    _touch_later(export, b"Week,Channel,Budget\n48,Radio,120\n")
    assert await _settle(folder) == 1
    assert [q.raw.splitlines()[1] for q in await store.quarantine.select()] == [
        "48,Radio,120",
        "47,Radio,100",
    ]
