"""A stand-up loads matplotlib off the event loop: loading it takes seconds on a busy machine,
which on the loop would hold a worker's lease renewals and sends (real store, a fresh
interpreter, so matplotlib is not loaded yet)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

# Records, for each import of matplotlib itself, whether it ran on the main thread (the one
# the event loop runs on), then builds a stand-up as the scheduler does.
SCRIPT = """
import asyncio, sys, threading
from pathlib import Path

on_main = []

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "matplotlib":
            on_main.append(threading.current_thread() is threading.main_thread())
        return None

sys.meta_path.insert(0, Watch())

from bot.store import Store
from bot.summary.service import build_summary
from tests.conftest import NOW
from tests.summary.builders import workspace

async def main(folder):
    store = await Store.open(folder / "s.db")
    try:
        notice = await build_summary(store, workspace(), "team", None, NOW, folder / "charts")
    finally:
        await store.close()
    assert notice.data["charts"], "no chart drawn"

asyncio.run(main(Path(sys.argv[1])))
print(on_main)
"""


def test_the_first_stand_up_loads_matplotlib_in_its_drawing_thread(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[False]"]
