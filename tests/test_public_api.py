"""Every module of the bot names its public API in ``__all__``, as the README says."""

from __future__ import annotations

import ast
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


def declared(tree: ast.Module) -> list[object] | None:
    """The module-level ``__all__`` as written, or None when the module has none."""
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if any(isinstance(target, ast.Name) and target.id == "__all__" for target in targets):
            return list(ast.literal_eval(value))
    return None


def test_the_bot_has_modules_to_check() -> None:
    assert "bot/smo/lexicon.py" in MODULES and "handlers/actions.py" in MODULES


def test_every_module_lists_its_public_names_in_all() -> None:
    missing: list[str] = []
    malformed: list[str] = []
    for module in MODULES:
        names = declared(ast.parse((REPO / module).read_text(encoding="utf-8")))
        if names is None:
            missing.append(module)
        elif len(set(names)) < len(names) or not all(isinstance(n, str) and n for n in names):
            malformed.append(module)
    assert not missing, f"modules without __all__: {', '.join(missing)}"
    assert not malformed, f"__all__ not a list of distinct names: {', '.join(malformed)}"


def test_a_module_without_all_is_found() -> None:
    assert declared(ast.parse('"""A module."""\n\nX = 1\n')) is None
    assert declared(ast.parse('__all__: list[str] = ["X"]\nX = 1\n')) == ["X"]
