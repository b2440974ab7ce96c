"""Every module of the bot names its public API in ``__all__``, as the README says."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# A package's __init__.py is its docstring (three hold more, listed in the README) and
# __main__.py is an entry point: neither is a module other code imports names from.
NOT_MODULES = frozenset({"__init__.py", "__main__.py"})
MODULES = sorted(
    path.relative_to(REPO).as_posix()
    for package in ("bot", "handlers")
    for path in (REPO / package).rglob("*.py")
    if path.name not in NOT_MODULES
)
# A module-level assignment, annotated or not (ruff checks that each listed name exists).
_DECLARED = re.compile(r"^__all__(?:: [^=\n]+)? = [\[(]", re.MULTILINE)


def declares_all(source: str) -> bool:
    return _DECLARED.search(source) is not None


def test_the_bot_has_modules_to_check() -> None:
    assert "bot/smo/lexicon.py" in MODULES and "handlers/actions.py" in MODULES


def test_every_module_lists_its_public_names_in_all() -> None:
    missing = [m for m in MODULES if not declares_all((REPO / m).read_text(encoding="utf-8"))]
    assert not missing, f"modules without __all__: {', '.join(missing)}"


def test_a_module_without_all_is_found() -> None:
    assert not declares_all('"""A module."""\n\nX = 1\n')
    assert not declares_all('def f() -> None:\n    __all__ = ["X"]\n')
    assert declares_all('__all__ = ["X"]\nX = 1\n')
    assert declares_all('__all__: list[str] = [\n    "X",\n]\nX = 1\n')
