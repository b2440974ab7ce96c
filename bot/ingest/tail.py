"""The bytes of one followed path, across renames, truncation and copies, as `tail -F` reads them.

The file being read is held open, so once it is renamed away (log rotation) its last lines are
still read before the new file at the path; it is known by its identity (device and inode) and
by a fingerprint of the bytes already read, so a file truncated and refilled in place is noticed
even when it has grown past the old offset, and a copy made by `copytruncate` is recognised and
finished first. Every method blocks: the follower runs them in a thread.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "FINGERPRINT_SPAN",
    "LONG_LINE_HEAD",
    "FileTail",
    "LongLine",
    "Position",
    "Read",
    "fingerprint",
    "identity_of",
    "read_lines",
]

log = logging.getLogger(__name__)

# The bytes hashed at each end of what has been read: enough to tell two feeds apart.
FINGERPRINT_SPAN = 4096
# What is kept of a line too long to read: its beginning, for the quarantine.
LONG_LINE_HEAD = 2000


@dataclass(frozen=True, slots=True)
class LongLine:
    """A line longer than the limit: its length and its first bytes, never the whole of it."""

    length: int
    head: bytes


@dataclass(frozen=True, slots=True)
class Position:
    """Where reading stopped: which file, the offset after the last line, and a fingerprint of
    the bytes before that offset (None when it was never taken)."""

    identity: str
    offset: int
    fingerprint: str | None = None


@dataclass(frozen=True, slots=True)
class Read:
    """Lines of one file from `start` (0: the file's first line) up to `end`.

    ``continues`` is true when they follow the position asked for (same content, so the line
    numbers and a CSV header carry on); false when a new file, or a truncated one, is read from
    its start. ``more`` asks for another read at once.
    """

    identity: str
    start: int
    end: int
    fingerprint: str
    lines: Sequence[bytes | LongLine]
    continues: bool
    more: bool = False


def identity_of(info: os.stat_result) -> str:
    return f"{info.st_dev}:{info.st_ino}"


def fingerprint(fd: int, offset: int) -> str:
    """A digest of the bytes before ``offset``: all of them, or the first and last 4 KiB."""
    if offset <= 2 * FINGERPRINT_SPAN:
        data = os.pread(fd, offset, 0)
    else:
        data = os.pread(fd, FINGERPRINT_SPAN, 0)
        data += os.pread(fd, FINGERPRINT_SPAN, offset - FINGERPRINT_SPAN)
    return f"{offset}:{hashlib.blake2b(data, digest_size=16).hexdigest()}"


def read_lines(
    fd: int, start: int, max_batch: int, max_line: int, final: bool = False
) -> tuple[list[bytes | LongLine], int, bool]:
    """The complete lines from ``start`` (about ``max_batch`` bytes of them), the offset after
    the last one, and whether more may follow. A partial last line is left for later, unless
    ``final`` (the file will not grow). A line over ``max_line`` bytes comes as a LongLine and is
    never held whole, however long it is."""
    lines: list[bytes | LongLine] = []
    part = bytearray()
    length = 0

    def gather(piece: bytes) -> None:
        nonlocal length
        length += len(piece)
        if length <= max_line:
            part.extend(piece)
        elif len(part) > LONG_LINE_HEAD:
            del part[LONG_LINE_HEAD:]
        else:
            part.extend(piece[: LONG_LINE_HEAD - len(part)])

    def finish() -> None:
        nonlocal length
        lines.append(LongLine(length, bytes(part)) if length > max_line else bytes(part))
        part.clear()
        length = 0

    end = at = start
    while True:
        block = os.pread(fd, max_batch, at)
        block_start, at = at, at + len(block)
        first = block.find(b"\n")
        if first < 0:
            gather(block)
        else:
            gather(block[:first])
            finish()
            last = block.rfind(b"\n")
            if last > first:
                for piece in block[first + 1 : last].split(b"\n"):
                    if len(piece) > max_line:
                        lines.append(LongLine(len(piece), piece[:LONG_LINE_HEAD]))
                    else:
                        lines.append(piece)
            end = block_start + last + 1
            gather(block[last + 1 :])
        if len(block) < max_batch:
            # The end of the file.
            if final and length:
                finish()
                end = at
            return lines, end, False
        if lines:
            return lines, end, True


@dataclass(slots=True)
class _Open:
    fd: int
    identity: str
    closer: weakref.finalize[[int], FileTail] = field(repr=False)


class FileTail:
    """Follows one path: which file is being read, held open, and what became of it."""

    def __init__(self, path: Path, max_batch: int, max_line: int, grace: float) -> None:
        self.path = path
        self._max_batch = max_batch
        self._max_line = max_line
        self._file: _Open | None = None
        # The file renamed away that is being finished, once its rotation has been logged.
        self._retiring: str | None = None
        self._grace = grace
        # The retiring file's size, and the poll and moment that first saw it at that size.
        self._drained: tuple[int, int, float] | None = None
        self._poll = 0

    def next_poll(self) -> None:
        """A new poll begins: a renamed file found idle since the last one is finished."""
        self._poll += 1

    def close(self) -> None:
        if self._file is not None:
            self._file.closer()
            self._file = None
        self._retiring = None
        self._drained = None

    def read(self, at: Position | None) -> Read | None:
        """The next lines after ``at`` (None: from the start of the file at the path)."""
        if at is None:
            self.close()
            return self._fresh()
        if self._file is None or self._file.identity != at.identity:
            self.close()
            if not self._find(at) and not self._same_bytes(at):
                if at.identity:
                    log.warning(
                        "feed file gone source=%s identity=%s offset=%d: the file read before"
                        " was replaced and is no longer beside it, so whatever was written to"
                        " it after that offset is lost; reading the file at the path from its"
                        " start",
                        self.path,
                        at.identity,
                        at.offset,
                    )
                fresh = self._fresh()
                return fresh if fresh is not None else _NOTHING
        assert self._file is not None
        offset, continues = at.offset, True
        size = os.fstat(self._file.fd).st_size
        changed = at.fingerprint is not None and fingerprint(self._file.fd, at.offset) != (
            at.fingerprint
        )
        if size < at.offset or changed:
            offset, continues = self._truncated(at, size)
        return self._read_on(offset, continues)

    # --- finding the file ----------------------------------------------------------------------

    def _open(self, path: Path) -> _Open | None:
        try:
            fd = os.open(path, os.O_RDONLY)
        except (FileNotFoundError, NotADirectoryError):
            return None
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            return None
        return _Open(fd, identity_of(info), weakref.finalize(self, os.close, fd))

    def _path_identity(self) -> str | None:
        try:
            return identity_of(os.stat(self.path))
        except (FileNotFoundError, NotADirectoryError):
            return None

    def _siblings(self) -> list[tuple[Path, os.stat_result]]:
        """Files beside the path whose names start with its name, where rotation puts it
        (``comments.jsonl.1``, ``comments.jsonl-20261120``), with their status."""
        found: list[tuple[Path, os.stat_result]] = []
        try:
            with os.scandir(self.path.parent) as entries:
                for entry in entries:
                    if entry.name.startswith(self.path.name) and entry.name != self.path.name:
                        try:
                            found.append((Path(entry.path), entry.stat()))
                        except FileNotFoundError:
                            continue
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted(found)

    def _fresh(self) -> Read | None:
        """The file at the path, from its start."""
        self._file = self._open(self.path)
        if self._file is None:
            return None
        return self._read_on(0, continues=False)

    def _find(self, at: Position) -> bool:
        """Open the file of ``at``: at the path, or renamed beside it while no one was reading."""
        if not at.identity:
            return False
        if self._path_identity() == at.identity:
            self._file = self._open(self.path)
            if self._file is not None and self._file.identity == at.identity:
                return True
            self.close()
        for sibling, info in self._siblings():
            if identity_of(info) != at.identity:
                continue
            opened = self._open(sibling)
            if opened is None or opened.identity != at.identity:
                if opened is not None:
                    opened.closer()
                continue
            self._file = opened
            self._retiring = opened.identity
            log.warning(
                "feed file rotated source=%s offset=%d: while the bot was stopped the file"
                " was renamed to %s; reading the rest of it, then the new file",
                self.path,
                at.offset,
                sibling,
            )
            return True
        return False

    def _same_bytes(self, at: Position) -> bool:
        """Take the file at the path for the one of ``at`` when it begins with the same bytes
        (replaced by a longer copy of itself, or given a new identity by a remount)."""
        opened = self._open(self.path)
        if opened is None:
            return False
        if not _holds(opened.fd, at):
            opened.closer()
            return False
        self._file = opened
        log.info(
            "feed file replaced by a copy source=%s identity=%s offset=%d: it begins with the"
            " bytes read before; reading on from that offset",
            self.path,
            opened.identity,
            at.offset,
        )
        return True

    def _truncated(self, at: Position, size: int) -> tuple[int, bool]:
        """The file was truncated (and perhaps refilled): finish its copy, if `copytruncate`
        left one beside it, else read it again from the start."""
        assert self._file is not None
        how = f"size {size} < offset" if size < at.offset else "bytes before the offset changed"
        copy = self._copy_of(at)
        if copy is not None:
            log.warning(
                "feed file truncated source=%s offset=%d (%s): its copy %s holds the lines not"
                " read yet; reading them, then the file from its start",
                self.path,
                at.offset,
                how,
                copy[0],
            )
            self._file.closer()
            self._file = copy[1]
            self._retiring = copy[1].identity
            self._drained = None
            return at.offset, True
        log.warning(
            "feed file truncated source=%s offset=%d (%s): reading it again from the start;"
            " records read before are recognised and not stored twice",
            self.path,
            at.offset,
            how,
        )
        return 0, False

    def _copy_of(self, at: Position) -> tuple[Path, _Open] | None:
        if at.fingerprint is None or self._file is None:
            return None
        for sibling, info in self._siblings():
            if identity_of(info) == self._file.identity or info.st_size < at.offset:
                continue
            opened = self._open(sibling)
            if opened is None:
                continue
            if opened.identity != self._file.identity and _holds(opened.fd, at):
                return sibling, opened
            opened.closer()
        return None

    # --- reading ---------------------------------------------------------------------------------

    def _read_on(self, offset: int, continues: bool) -> Read:
        assert self._file is not None
        current = self._file
        if self._path_identity() == current.identity:
            lines, end, more = read_lines(current.fd, offset, self._max_batch, self._max_line)
            return Read(
                current.identity,
                offset,
                end,
                fingerprint(current.fd, end),
                lines,
                continues,
                more,
            )
        return self._retire(offset, continues)

    def _retire(self, offset: int, continues: bool) -> Read:
        """The file was renamed away (or removed): read it to its end, and once it has stopped
        growing (a writer may add to it until it reopens its file), go on with the file at
        the path."""
        assert self._file is not None
        current = self._file
        if self._retiring != current.identity:
            self._retiring = current.identity
            self._drained = None
            log.warning(
                "feed file rotated source=%s offset=%d: the file was renamed or removed;"
                " reading the rest of it, then the new file",
                self.path,
                offset,
            )
        size, now = os.fstat(current.fd).st_size, time.monotonic()
        if self._drained is None or self._drained[0] != size:
            self._drained = (size, self._poll, now)
        # Not grown since an earlier poll, `grace` seconds ago at least: the writer has moved
        # on to the new file, and a partial last line is all there will be of it.
        final = self._drained[1] < self._poll and now - self._drained[2] >= self._grace
        lines, end, _ = read_lines(current.fd, offset, self._max_batch, self._max_line, final)
        mark = fingerprint(current.fd, end)
        if lines:
            return Read(current.identity, offset, end, mark, lines, continues, more=True)
        if not final:
            return Read(current.identity, offset, end, mark, [], continues)
        log.info(
            "feed file finished source=%s identity=%s bytes=%d; following the new file",
            self.path,
            current.identity,
            end,
        )
        self.close()
        fresh = self._open(self.path)
        if fresh is None:
            return _NOTHING
        self._file = fresh
        if end and _holds(fresh.fd, Position(current.identity, end, mark)):
            # The new file is a longer copy of the old one (replaced atomically): read on.
            return Read(fresh.identity, end, end, mark, [], True, more=True)
        return Read(fresh.identity, 0, 0, _NOTHING.fingerprint, [], False, more=True)


def _holds(fd: int, at: Position) -> bool:
    """Whether the open file has the bytes read before ``at``, as its fingerprint says."""
    return (
        at.fingerprint is not None
        and os.fstat(fd).st_size >= at.offset
        and fingerprint(fd, at.offset) == at.fingerprint
    )


# No file at the path: the position to keep until one appears there.
_NOTHING = Read("", 0, 0, f"0:{hashlib.blake2b(b'', digest_size=16).hexdigest()}", (), False)
