"""Reading a followed file's lines: partial lines wait, long lines are never held whole."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

from bot.ingest.tail import LongLine, fingerprint, read_lines


def read(
    path: Path, start: int = 0, final: bool = False, **limits: int
) -> tuple[list[bytes | LongLine], int, bool]:
    fd = os.open(path, os.O_RDONLY)
    try:
        return read_lines(
            fd, start, limits.get("batch", 1 << 16), limits.get("line", 1 << 10), final
        )
    finally:
        os.close(fd)


def test_a_partial_last_line_waits_unless_the_file_is_final(tmp_path: Path) -> None:
    feed = tmp_path / "f"
    feed.write_bytes(b"one\ntwo\nthr")
    assert read(feed) == ([b"one", b"two"], 8, False)
    assert read(feed, 8) == ([], 8, False)
    assert read(feed, 8, final=True) == ([b"thr"], 11, False)


def test_a_batch_stops_after_about_max_batch_bytes(tmp_path: Path) -> None:
    feed = tmp_path / "f"
    feed.write_bytes(b"".join(b"%05d\n" % n for n in range(100)))
    lines, end, more = read(feed, batch=64)
    assert (lines, end, more) == ([b"%05d" % n for n in range(10)], 60, True)


def test_a_line_over_the_limit_comes_as_its_length_and_head(tmp_path: Path) -> None:
    feed = tmp_path / "f"
    feed.write_bytes(b"a\n" + b"x" * 5000 + b"\nb\n")
    found: list[bytes | LongLine] = []
    end, more = 0, True
    while more:
        lines, end, more = read(feed, end, batch=1024, line=1000)
        found += lines
    assert found == [b"a", LongLine(5000, b"x" * 2000), b"b"]
    assert end == feed.stat().st_size


def test_a_ten_megabyte_line_is_read_in_bounded_memory(tmp_path: Path) -> None:
    feed = tmp_path / "f"
    with feed.open("wb") as handle:
        handle.write(b'{"text": "')
        for _ in range(10):
            handle.write(b"y" * (1 << 20))
        handle.write(b'"}\n{"ok": 1}\n')
    tracemalloc.start()
    try:
        lines, _, _ = read(feed, batch=1 << 16, line=1 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [type(line) for line in lines] == [LongLine, bytes]
    assert peak < 3 << 20  # the line limit and a batch, not the 10 MB line


def test_the_fingerprint_tells_the_same_bytes_from_other_ones(tmp_path: Path) -> None:
    one, two = tmp_path / "1", tmp_path / "2"
    one.write_bytes(b"a" * 20_000 + b"\n")
    two.write_bytes(b"a" * 20_000 + b"\nmore\n")
    fds = [os.open(path, os.O_RDONLY) for path in (one, two)]
    try:
        assert fingerprint(fds[0], 20_001) == fingerprint(fds[1], 20_001)
        assert fingerprint(fds[0], 20_001) != fingerprint(fds[1], 20_006)
        os.pwrite(os.open(two, os.O_WRONLY), b"b", 19_000)
        assert fingerprint(fds[0], 20_001) != fingerprint(fds[1], 20_001)
    finally:
        for fd in fds:
            os.close(fd)
