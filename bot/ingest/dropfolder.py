"""Imports ad exports dropped into a folder, each file once per content."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from bot.feeds.admetrics import RAW_LIMIT, HeaderError, ImportResult, split_lines
from bot.feeds.exports import account_from_filename, decode_export, is_workbook, read_export_data
from bot.feeds.screen import Screen
from bot.ingest.unread import passed_over, refuse_file
from bot.models import AdMetricRow, Checkpoint, IngestCounts, Rejected
from bot.store import FeedStore

__all__ = [
    "EXPORT_SUFFIXES",
    "DropFolder",
    "import_file",
]

log = logging.getLogger(__name__)

EXPORT_SUFFIXES = (".csv", ".tsv", ".xlsx")


@dataclass(frozen=True, slots=True)
class _Seen:
    size: int
    mtime_ns: int


async def import_file(
    store: FeedStore, path: Path, checkpoint: bool = True, screen: Screen | None = None
) -> IngestCounts:
    """Read one export or canonical CSV whole and store its rows; a row the ``screen`` refuses
    (a day ahead of the clock) is quarantined."""
    data = await asyncio.to_thread(path.read_bytes)
    source = str(path.resolve())
    digest = hashlib.sha256(data).hexdigest()
    mark = Checkpoint(f"drop:{source}", len(data), 0, digest, None) if checkpoint else None
    try:
        account = account_from_filename(path.name) or "default"
        result = read_export_data(data, source, default_account=account)
    except (HeaderError, UnicodeDecodeError) as exc:
        log.error("export refused source=%s reason=%s", source, exc)
        # Line 0: the whole file was refused. Its opening text tells one version from the next;
        # a workbook is not text, so its size and checksum do.
        head = data[:4000].decode("utf-8", errors="replace")
        if is_workbook(source, data):
            head = f"{len(data):,} bytes, sha256 {digest}"
        return await store.ingest([], [Rejected(source, 0, head, str(exc))], mark)
    rows, rejected = _screened(result, screen or Screen(), data, source)
    for bad in rejected:
        log.warning(
            "record quarantined source=%s line=%d reason=%s", bad.source, bad.position, bad.reason
        )
    counts = await store.ingest(rows, rejected, mark, source=source)
    log.info(
        "export imported source=%s format=%s stored=%d updated=%d duplicate=%d quarantined=%d",
        source,
        result.format,
        counts.stored,
        counts.updated,
        counts.duplicate,
        counts.quarantined,
    )
    return counts


def _screened(
    result: ImportResult, screen: Screen, data: bytes, source: str
) -> tuple[list[AdMetricRow], list[Rejected]]:
    now = screen.clock()
    rows: list[AdMetricRow] = []
    rejected = list(result.rejected)
    lines: list[str] = []
    for row, position in zip(result.rows, result.positions, strict=True):
        problem = screen.problem(row, now)
        if problem is None:
            rows.append(row)
            continue
        if is_workbook(source, data):
            raw = f"sheet row {position}"
        else:
            lines = lines or split_lines(decode_export(data))
            raw = lines[position - 1] if 0 < position <= len(lines) else ""
        rejected.append(Rejected(source, position, raw[:RAW_LIMIT], problem))
    return rows, rejected


class DropFolder:
    """Watches a folder; a file is imported once its size has held still for one poll."""

    def __init__(self, folder: Path, store: FeedStore, screen: Screen | None = None) -> None:
        self.folder = folder
        self._store = store
        self._screen = screen
        self._pending: dict[Path, _Seen] = {}
        self._done: dict[Path, _Seen] = {}

    async def poll(self) -> IngestCounts:
        total = IngestCounts()
        if not self.folder.is_dir():
            return total
        for path in sorted(self.folder.rglob("*")):
            if not path.is_file() or passed_over(path, self.folder):
                continue
            stat = path.stat()
            seen = _Seen(stat.st_size, stat.st_mtime_ns)
            if self._done.get(path) == seen:
                continue
            if self._pending.get(path) != seen:
                # Still being copied, or new: look again next poll.
                self._pending[path] = seen
                continue
            done = await self._store.checkpoint(f"drop:{path.resolve()}")
            if done is not None and done.offset == stat.st_size:
                digest = hashlib.sha256(await asyncio.to_thread(path.read_bytes)).hexdigest()
                if digest == done.identity:
                    self._done[path] = seen
                    continue
            if path.suffix.lower() in EXPORT_SUFFIXES:
                total.add(await import_file(self._store, path, screen=self._screen))
            else:
                total.add(await refuse_file(self._store, path))
            self._done[path] = seen
        return total
