"""The drop folder: a file it does not read, or an export it refuses, is quarantined once."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from bot.ingest.dropfolder import DropFolder
from bot.store import Store

XLSX_REASON = "xlsx exports are not read yet: export as CSV and drop that file here"


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
    (drop / "meta-alpenglow-2026-11.xlsx").write_bytes(b"PK\x03\x04 spreadsheet")
    (drop / "november" / "Invoice.PDF").write_bytes(b"%PDF-1.7\x1b[31m")
    caplog.set_level(logging.WARNING, logger="bot.ingest")
    folder = DropFolder(drop, store.feeds)
    assert await _settle(folder) == 2
    records = {Path(q.source).name: q for q in await store.quarantine.select()}
    assert set(records) == {"meta-alpenglow-2026-11.xlsx", "Invoice.PDF"}
    sheet = records["meta-alpenglow-2026-11.xlsx"]
    assert sheet.reason == XLSX_REASON and sheet.position == 0
    assert sheet.source == str((drop / "meta-alpenglow-2026-11.xlsx").resolve())
    assert sheet.raw.startswith("16 bytes, sha256 ")
    assert records["Invoice.PDF"].reason == (
        "pdf files are not read: the drop folder takes ad exports as CSV (or TSV)"
    )
    warned = [r.getMessage() for r in caplog.records if "file not read" in r.getMessage()]
    assert len(warned) == 2 and any(XLSX_REASON in line for line in warned)

    # Once per file: later polls, and a restarted watcher, neither quarantine nor warn again.
    caplog.clear()
    assert (await folder.poll()).quarantined == 0
    assert await _settle(DropFolder(drop, store.feeds)) == 0
    assert not [r for r in caplog.records if "file not read" in r.getMessage()]
    assert len(await store.quarantine.select()) == 2

    # A new spreadsheet under the same name is a new file to tell the team about.
    _touch_later(drop / "meta-alpenglow-2026-11.xlsx", b"PK\x03\x04 the December one")
    assert await _settle(folder) == 1
    assert len(await store.quarantine.select(source="alpenglow-2026-11.xlsx")) == 2


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
