"""Files in the drop folder that are not exports: passed over, or quarantined saying why."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from pathlib import Path

from bot.models import Checkpoint, IngestCounts, Rejected
from bot.store import FeedStore

__all__ = ["SPREADSHEET_SUFFIXES", "passed_over", "refuse_file", "unread_reason"]

log = logging.getLogger(__name__)

# Spreadsheet saves of a report other than .xlsx (which the drop folder reads): the team is told
# to export it as CSV or .xlsx instead.
SPREADSHEET_SUFFIXES = (".xlsm", ".xls", ".ods", ".numbers")
# A download or copy still in progress, or what an OS or an open spreadsheet leaves beside
# files: never the team's export, so passed over without a word.
_IN_PROGRESS_SUFFIXES = (".part", ".partial", ".crdownload", ".download", ".tmp")
_SYSTEM_NAMES = frozenset({"thumbs.db", "desktop.ini"})


def passed_over(path: Path, folder: Path) -> bool:
    """Hidden and system files, and downloads still in progress, are not the team's exports."""
    parts = path.relative_to(folder).parts
    name = path.name.lower()
    return (
        any(part.startswith(".") for part in parts)
        or name.startswith("~$")
        or name in _SYSTEM_NAMES
        or path.suffix.lower() in _IN_PROGRESS_SUFFIXES
    )


def unread_reason(path: Path) -> str:
    """Why a file in the drop folder is not imported, and what to drop instead."""
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        return f"{suffix[1:]} exports are not read: export as CSV or .xlsx and drop that file here"
    kind = f"{suffix[1:]} files" if suffix else "files without an extension"
    return f"{kind} are not read: the drop folder takes ad exports as CSV, TSV or .xlsx"


def _measure(path: Path) -> tuple[int, str]:
    # Streamed: a video dropped by mistake must not be read into memory whole.
    with path.open("rb") as file:
        digest = hashlib.file_digest(file, "sha256").hexdigest()
        return file.tell(), digest


async def refuse_file(store: FeedStore, path: Path) -> IngestCounts:
    """Quarantine a file the drop folder does not read, once per content, saying why."""
    size, digest = await asyncio.to_thread(_measure, path)
    source = str(path.resolve())
    reason = unread_reason(path)
    log.warning("file not read source=%s reason=%s", source, reason)
    # Not text, so the record describes the file; the checksum tells one version from the next.
    raw = f"{size:,} bytes, sha256 {digest}"
    mark = Checkpoint(f"drop:{source}", size, 0, digest, None)
    return await store.ingest([], [Rejected(source, 0, raw, reason)], mark)
