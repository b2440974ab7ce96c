"""Follows one feed file as it grows, resuming from the checkpoint the store keeps."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.feeds.admetrics import HeaderError
from bot.feeds.detect import line_parser
from bot.models import FeedKind, FeedRecord, Rejected
from bot.store.feeds import Checkpoint, FeedStore, IngestCounts

log = logging.getLogger(__name__)

LineParser = Callable[[str, int], FeedRecord | Rejected]


@dataclass(frozen=True, slots=True)
class Chunk:
    """Complete lines read from `offset` up to `end`; a trailing partial line is left unread."""

    identity: str
    offset: int
    end: int
    lines: list[bytes]
    rotated: bool
    more: bool = False


def _identity(stat: os.stat_result) -> str:
    return f"{stat.st_dev}:{stat.st_ino}"


def read_complete_lines(path: Path, checkpoint: Checkpoint | None, max_bytes: int) -> Chunk | None:
    """Read the next complete lines after the checkpoint (blocking; run it in a thread)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    identity = _identity(stat)
    offset = 0
    rotated = False
    if checkpoint is not None:
        if checkpoint.identity != identity or stat.st_size < checkpoint.offset:
            rotated = True
        else:
            offset = checkpoint.offset
    if stat.st_size == offset:
        return Chunk(identity, offset, offset, [], rotated)
    with path.open("rb") as handle:
        handle.seek(offset)
        data = handle.read(max_bytes)
        # A line longer than one batch: keep reading until it ends or the file does.
        while b"\n" not in data and len(data) >= max_bytes:
            more = handle.read(max_bytes)
            if not more:
                break
            data += more
    cut = data.rfind(b"\n")
    if cut < 0:
        return Chunk(identity, offset, offset, [], rotated)
    complete = data[: cut + 1]
    lines = complete.split(b"\n")[:-1]
    return Chunk(identity, offset, offset + len(complete), lines, rotated, len(data) >= max_bytes)


class FileFollower:
    """Reads new complete lines of one file and stores them with the new position atomically."""

    def __init__(
        self,
        path: Path,
        kind: FeedKind,
        store: FeedStore,
        max_batch_bytes: int = 1 << 20,
        resume: bool = True,
    ) -> None:
        self.path = path
        self.kind = kind
        self.source = str(path.resolve())
        self._store = store
        self._max = max_batch_bytes
        self._refused_identity: str | None = None
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
        while True:
            counts, more = await self._step()
            total.add(counts)
            if not more or stop():
                return total

    async def _step(self) -> tuple[IngestCounts, bool]:
        checkpoint = await self._checkpoint()
        chunk = await asyncio.to_thread(read_complete_lines, self.path, checkpoint, self._max)
        if chunk is None or (chunk.identity == self._refused_identity and not chunk.rotated):
            return IngestCounts(), False
        if chunk.rotated:
            log.warning(
                "feed restarted from the top source=%s reason=rotated_or_truncated", self.source
            )
            checkpoint = None
        if not chunk.lines:
            if chunk.rotated and self._resume:
                await self._store.ingest(
                    [], [], Checkpoint(self.source, 0, 0, chunk.identity, None)
                )
            return IngestCounts(), False
        line_no = checkpoint.line if checkpoint else 0
        header = checkpoint.header if checkpoint else None
        lines = chunk.lines
        if self.kind == "ad_metrics" and header is None:
            header = lines[0].decode("utf-8", "replace").lstrip("\ufeff").rstrip("\r")
            lines = lines[1:]
            line_no += 1
        try:
            parse = line_parser(self.kind, self.source, header)
        except HeaderError as exc:
            return await self._refuse(chunk, str(exc), header or ""), False
        records: list[FeedRecord] = []
        positions: list[int] = []
        rejected: list[Rejected] = []
        for raw in lines:
            line_no += 1
            try:
                text = raw.decode("utf-8").rstrip("\r")
            except UnicodeDecodeError as exc:
                rejected.append(
                    Rejected(
                        self.source,
                        line_no,
                        raw.decode("utf-8", "replace"),
                        f"not UTF-8 text: {exc.reason} at byte {exc.start}",
                    )
                )
                continue
            if not text.strip():
                continue
            result = parse(text, line_no)
            if isinstance(result, Rejected):
                rejected.append(result)
            else:
                records.append(result)
                positions.append(line_no)
        for bad in rejected:
            log.warning(
                "record quarantined source=%s line=%d reason=%s",
                bad.source,
                bad.position,
                bad.reason,
            )
        position = Checkpoint(self.source, chunk.end, line_no, chunk.identity, header)
        self._position = position
        counts = await self._store.ingest(
            records,
            rejected,
            position if self._resume else None,
            source=self.source,
            positions=positions,
        )
        return counts, chunk.more

    async def _refuse(self, chunk: Chunk, reason: str, header: str) -> IngestCounts:
        # The whole file is unreadable until it is replaced: record why once, then stop trying.
        self._refused_identity = chunk.identity
        log.error("feed refused source=%s reason=%s", self.source, reason)
        return await self._store.ingest([], [Rejected(self.source, 1, header, reason)], None)
