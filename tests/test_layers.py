"""The core (bot/) does not import the chat side (handlers/): the adapters import the core."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

# Modules of bot/ that start the chat adapters, as "path: why".
STARTS_ADAPTERS = {
    "bot/commands.py": "the command line's `run`, `demo` and chat-like commands build the channels",
}


def handler_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) of each import of the handlers package, at any depth in the code."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [
                (node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "handlers"
            ]
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module
            and node.module.split(".")[0] == "handlers"
        ):
            found.append((node.lineno, node.module))
    return found


def core_modules() -> list[Path]:
    found = sorted((REPO / "bot").rglob("*.py"))
    assert len(found) > 50, "the scan found too few modules: is the checkout where it should be?"
    return found


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: str(p.relative_to(REPO)))
def test_the_core_does_not_import_the_chat_side(path: Path) -> None:
    name = str(path.relative_to(REPO))
    found = handler_imports(path.read_text("utf-8"))
    if name in STARTS_ADAPTERS:
        assert found, f"{name} no longer imports handlers: unlist it"
        return
    assert not found, f"{name} imports {found}: move the rule into bot/ and import it there"


@pytest.mark.parametrize(
    "source",
    [
        "from handlers.snooze import parse_snooze",
        "import handlers.actions",
        "def f():\n    from handlers import channels\n",
    ],
)
def test_the_scan_catches(source: str) -> None:
    assert handler_imports(source), source
