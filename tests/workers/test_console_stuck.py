"""A console whose terminal takes no output: printed once, the rest queued, the loop free."""

# A console whose terminal takes no output (a pipe nobody reads): the notice handed to it is
# recorded as sent and printed once, the notices behind it wait queued, and the stuck print
# holds the console's own thread, not one of the loop's default executor.

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from rich.console import Console

from bot.delivery import Deliverer
from bot.rendering import Renderer
from bot.store import Store
from handlers.console import ConsoleChannel
from tests.workers.test_stale_claims import queue


def _full_pipe() -> tuple[int, int]:
    """A pipe whose buffer is full: the next write to it blocks until someone reads."""
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    with contextlib.suppress(BlockingIOError):
        while True:
            os.write(write_end, b"." * 4096)
    os.set_blocking(write_end, True)
    return read_end, write_end


async def test_a_print_the_terminal_does_not_take_is_recorded_once_and_holds_no_shared_thread(
    tmp_path: Path,
) -> None:
    loop = asyncio.get_running_loop()
    # One thread in the default executor: a print held there would hold all of it.
    loop.set_default_executor(ThreadPoolExecutor(max_workers=1))
    store = await Store.open(tmp_path / "w.db")
    read_end, write_end = _full_pipe()
    screen = open(write_end, "w", buffering=1, encoding="utf-8")  # noqa: SIM115
    channel = ConsoleChannel(
        Renderer(),
        Console(file=screen, width=80, color_system=None),
        print_wait=timedelta(seconds=0.01),
    )
    output: list[bytes] = []

    def drain() -> None:
        while chunk := os.read(read_end, 65536):
            output.append(chunk)

    reader = threading.Thread(target=drain)
    try:
        await queue(store, 1)
        deliverer = Deliverer(store.outbox, {"ops": channel})
        # The print is handed to the console's thread and stays blocked there: recorded as
        # sent, not given up and printed again later.
        counts = await deliverer.deliver()
        assert (counts.sent, counts.failed) == (1, 0)
        rows = await store.db.fetchall("SELECT status FROM notifications ORDER BY id")
        assert [r[0] for r in rows] == ["sent"]
        # Other threaded work (a feed read, a file hashed) is not held behind it.
        assert await asyncio.to_thread(lambda: "free") == "free"
        # The next notice is not piled up behind the stuck print: it stays queued.
        await queue(store, 1, first=1)
        counts = await deliverer.deliver()
        assert (counts.sent, counts.failed, counts.deferred) == (0, 0, 1)
        rows = await store.db.fetchall("SELECT status FROM notifications ORDER BY id")
        assert [r[0] for r in rows] == ["sent", "queued"]
        # Someone reads the pipe at last: the print under way ends.
        reader.start()
        await channel.close()
    finally:
        if reader.ident is None:
            reader.start()  # a failed check leaves no thread blocked on the pipe
        await channel.close()
        screen.close()
        reader.join()
        os.close(read_end)
        await store.close()
    shown = b"".join(output).decode()
    assert shown.count("message 1") == 1
    assert "notice 0" in shown
    assert "message 2" not in shown
