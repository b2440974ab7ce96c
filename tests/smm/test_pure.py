"""The ad engine is pure: no module in bot/smm/ reads files, the workspace or the store."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

# What a harness reaches for (files, YAML, the config loader, feeds, the store); the engine
# takes rows, targets and rules as values.
IO = ("yaml", "sys", "pathlib", "bot.config.loading", "bot.feeds", "bot.store", "bot.ingest")
IO_CALLS = frozenset({"open", "read_text", "read_bytes", "write_text", "write_bytes"})


def reaches_out(source: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            called = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if called in IO_CALLS:
                found.append((node.lineno, f"calls {called}"))
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [
            (node.lineno, f"imports {n}")
            for n in names
            if any(n == m or n.startswith(m + ".") for m in IO)
        ]
    return found


def engine_modules() -> list[Path]:
    found = sorted((REPO / "bot" / "smm").glob("*.py"))
    assert len(found) > 10, "the scan found too few modules: is the checkout where it should be?"
    return found


@pytest.mark.parametrize("path", engine_modules(), ids=lambda p: p.name)
def test_the_engine_takes_values_and_reads_nothing(path: Path) -> None:
    found = reaches_out(path.read_text("utf-8"))
    assert not found, f"{path.name}: {found}: harnesses live outside bot/smm/ (bot/backtest.py)"


@pytest.mark.parametrize(
    "source",
    [
        "import yaml",
        "from bot.config.loading import load_workspace",
        "from pathlib import Path",
        "text = path.read_text(encoding='utf-8')",
        "from bot.feeds.admetrics import read_canonical",
    ],
)
def test_the_scan_catches(source: str) -> None:
    assert reaches_out(source), source
