"""One place builds the bot's parts: `run` and `ingest --process` get them from bot.assembly."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

# The parts only the assembly constructs.
PARTS = frozenset({"AlertManager", "Pipeline"})
ASSEMBLY = REPO / "bot" / "assembly.py"


def constructions(source: str) -> list[tuple[int, str]]:
    """(line, class) of each call that builds one of PARTS."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in PARTS:
                found.append((node.lineno, name))
    return found


def runtime_modules() -> list[Path]:
    found = [p for folder in ("bot", "handlers") for p in sorted((REPO / folder).rglob("*.py"))]
    assert len(found) > 50, "the scan found too few modules: is the checkout where it should be?"
    return found


@pytest.mark.parametrize("path", runtime_modules(), ids=lambda p: str(p.relative_to(REPO)))
def test_only_the_assembly_builds_the_alert_manager_and_the_pipeline(path: Path) -> None:
    found = constructions(path.read_text("utf-8"))
    if path == ASSEMBLY:
        assert {name for _, name in found} == PARTS
        return
    name = path.relative_to(REPO)
    assert not found, f"{name} builds {found}: get the part from bot.assembly"


def test_the_scan_catches_a_second_composition_root() -> None:
    source = "def f(store):\n    return AlertManager(store, t, s, i)\n"
    assert constructions(source) == [(2, "AlertManager")]
    assert constructions("p = bot.pipeline.Pipeline(store=s)") == [(1, "Pipeline")]
