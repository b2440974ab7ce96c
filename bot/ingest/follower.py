"""Follows one feed file as it grows, resuming from the checkpoint the store keeps."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bot.feeds.admetrics import CanonicalCsv, HeaderError
from bot.feeds.detect import LineParser, line_parser
from bot.feeds.limits import MAX_LINE_BYTES
from bot.feeds.screen import Screen
from bot.ingest.tail import FileTail, LongLine, Position, Read
from bot.models import Checkpoint, FeedKind, FeedRecord, IngestCounts, Rejected
from bot.store import FeedStore

__all__ = ["FileFollower"]

log = logging.getLogger(__name__)

RAW_LIMIT = 2000
# How long a renamed feed file must stay unchanged before it is left for the new one, in
# seconds: a writer keeps adding to it until it reopens its file (after logrotate's postrotate).
ROTATION_GRACE = 2.0


class FileFollower:
    """Reads new complete lines of one file and stores them with the new position atomically.

    The file is followed the way `tail -F` follows it (bot/ingest/tail.py): a renamed file is
    read to its end before the new one, a truncated one again from its start. Every record also
    passes the ``screen`` (a workspace brand, a date not ahead of the clock) or is quarantined.
    """

    def __init__(
        self,
        path: Path,
        kind: FeedKind,
        store: FeedStore,
        max_batch_bytes: int = 1 << 20,
        resume: bool = True,
        *,
        screen: Screen | None = None,
        max_line_bytes: int = MAX_LINE_BYTES,
        rotation_grace: float = ROTATION_GRACE,
    ) -> None:
        self.path = path
        self.kind = kind
        self.source = str(path.resolve())
        self._store = store
        self._screen = screen or Screen()
        self._max_line = max_line_bytes
        self._tail = FileTail(path, max_batch_bytes, max_line_bytes, rotation_grace)
        # A file whose CSV header was refused, and that header: not read again until either
        # changes.
        self._refused: tuple[str, str] | None = None
        # A one-shot import reads the whole file and leaves the followers' checkpoint alone.
        self._resume = resume
        self._position: Checkpoint | None = None

    async def _checkpoint(self) -> Checkpoint | None:
        if self._resume:
            return await self._store.checkpoint(self.source)
        return self._position

    async def poll(self, stop: Callable[[], bool] = lambda: False) -> IngestCounts:
        """Ingest everything new; returns the counts (zero when nothing changed). `stop` is
        asked after each stored chunk: True ends the read there (a shutdown)."""
        total = IngestCounts()
        self._tail.next_poll()
        try:
            while True:
                counts, more = await self._step()
                total.add(counts)
                if not more or stop():
                    return total
        finally:
            if not self._resume:
                self._tail.close()

    def close(self) -> None:
        """Let go of the file being read (the next poll opens it again from the checkpoint)."""
        self._tail.close()

    async def _step(self) -> tuple[IngestCounts, bool]:
        checkpoint = await self._checkpoint()
        at = (
            Position(checkpoint.identity, checkpoint.offset, checkpoint.fingerprint)
            if checkpoint is not None
            else None
        )
        read = await asyncio.to_thread(self._tail.read, at)
        if read is None:
            return IngestCounts(), False
        line_no = checkpoint.line if checkpoint is not None and read.continues else 0
        # A CSV header outlives its file: a truncated file refilled by a writer that only
        # appends has none of its own.
        header = checkpoint.header if checkpoint is not None else None
        lines = list(read.lines)
        if self.kind == "ad_metrics" and read.start == 0 and lines:
            first = _text_of(lines[0])
            if header is None or not _reads_as_data(header, first, self.source):
                header, lines, line_no = first, lines[1:], line_no + 1
        position = Checkpoint(
            self.source, read.end, line_no + len(lines), read.identity, header, read.fingerprint
        )
        if not read.lines:
            # Nothing new, or another file now: keep the position (a restart starts there).
            if position != checkpoint:
                await self._save(position)
            return IngestCounts(), read.more
        if self._refused == (read.identity, header):
            return IngestCounts(), False
        try:
            parse = line_parser(self.kind, self.source, header)
        except HeaderError as exc:
            return await self._refuse(read, str(exc), header or ""), False
        records, positions, rejected = self._parse(lines, line_no, parse, self._screen.clock())
        for bad in rejected:
            log.warning(
                "record quarantined source=%s line=%d reason=%s",
                bad.source,
                bad.position,
                bad.reason,
            )
        self._position = position
        counts = await self._store.ingest(
            records,
            rejected,
            position if self._resume else None,
            source=self.source,
            positions=positions,
        )
        return counts, read.more

    def _parse(
        self,
        lines: list[bytes | LongLine],
        line_no: int,
        parse: LineParser,
        now: datetime,
    ) -> tuple[list[FeedRecord], list[int], list[Rejected]]:
        records: list[FeedRecord] = []
        positions: list[int] = []
        rejected: list[Rejected] = []
        for raw in lines:
            line_no += 1
            if isinstance(raw, LongLine):
                rejected.append(
                    Rejected(
                        self.source,
                        line_no,
                        raw.head.decode("utf-8", "replace"),
                        f"line longer than {self._max_line:,} bytes ({raw.length:,} bytes)",
                    )
                )
                continue
            try:
                text = raw.decode("utf-8").rstrip("\r")
            except UnicodeDecodeError as exc:
                rejected.append(
                    Rejected(
                        self.source,
                        line_no,
                        raw[:RAW_LIMIT].decode("utf-8", "replace"),
                        f"not UTF-8 text: {exc.reason} at byte {exc.start}",
                    )
                )
                continue
            if not text.strip():
                continue
            result = parse(text, line_no)
            if isinstance(result, Rejected):
                rejected.append(result)
                continue
            problem = self._screen.problem(result, now)
            if problem is not None:
                rejected.append(Rejected(self.source, line_no, text[:RAW_LIMIT], problem))
                continue
            records.append(result)
            positions.append(line_no)
        return records, positions, rejected

    async def _save(self, position: Checkpoint) -> None:
        self._position = position
        if self._resume:
            await self._store.ingest([], [], position)

    async def _refuse(self, read: Read, reason: str, header: str) -> IngestCounts:
        # The whole file is unreadable until it is replaced: record why once, then stop trying.
        self._refused = (read.identity, header)
        log.error("feed refused source=%s reason=%s", self.source, reason)
        return await self._store.ingest([], [Rejected(self.source, 1, header, reason)], None)


def _text_of(line: bytes | LongLine) -> str:
    raw = line.head if isinstance(line, LongLine) else line
    return raw.decode("utf-8", "replace").lstrip("\ufeff").rstrip("\r")


def _reads_as_data(header: str, line: str, source: str) -> bool:
    """Whether a file's first line is a row under the header read before (so not a header)."""
    try:
        return CanonicalCsv(header, source).has_time_value(line)
    except HeaderError:
        return False
