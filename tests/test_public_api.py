"""Every module of the bot names its public API in ``__all__``, as the README says."""

from __future__ import annotations

import ast
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


# Every file of the runtime packages, the package files too: a package's __init__.py may
# import from its own modules (the store's does) and is held to the same rule.
SOURCES = sorted(
    path.relative_to(REPO).as_posix()
    for package in ("bot", "handlers")
    for path in (REPO / package).rglob("*.py")
)


def module_file(dotted: str) -> Path | None:
    """The file a dotted bot/handlers module name is read from, or None for another package."""
    base = REPO / dotted.replace(".", "/")
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def public_names(source: str) -> frozenset[str] | None:
    """The names a module's top-level ``__all__`` lists, or None when it has none."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == "__all__":
            assert isinstance(value, (ast.List, ast.Tuple)), "__all__ is a literal list"
            return frozenset(
                element.value
                for element in value.elts
                if isinstance(element, ast.Constant) and isinstance(element.value, str)
            )
    return None


def unlisted_imports(importer: str, source: str) -> list[str]:
    """Names ``source`` imports from a bot/handlers module that the module does not list.

    A private ``_name`` is never imported from another module, listed or not; a dunder such
    as ``__version__`` is the language's, not a module's API; a package without ``__all__``
    offers only its submodules.
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        if node.module.split(".")[0] not in ("bot", "handlers"):
            continue
        path = module_file(node.module)
        if path is None:
            continue
        listed = public_names(path.read_text(encoding="utf-8"))
        for alias in node.names:
            name = alias.name
            where = f"{importer}:{node.lineno} imports {node.module}.{name}"
            if name.startswith("__") and name.endswith("__"):
                continue
            if name.startswith("_"):
                found.append(f"{where} (a private name)")
            elif path.name == "__init__.py" and module_file(f"{node.module}.{name}"):
                continue
            elif listed is None or name not in listed:
                found.append(f"{where} (not in its __all__)")
    return found


def test_names_imported_across_modules_are_listed_in_all() -> None:
    found = [
        line
        for source in SOURCES
        for line in unlisted_imports(source, (REPO / source).read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


def test_an_unlisted_or_private_import_is_found() -> None:
    # bot.smm.rules lists parse_rules and not the helper behind it; no module exports _KEYS.
    assert unlisted_imports("x.py", "from bot.smm.rules import parse_rules\n") == []
    assert unlisted_imports("x.py", "from bot.smm.rules import _KEYS\n") == [
        "x.py:1 imports bot.smm.rules._KEYS (a private name)"
    ]
    assert unlisted_imports("x.py", "def f():\n    from bot.smm.rules import Rule, _gone\n")[
        0
    ].endswith("bot.smm.rules._gone (a private name)")
    assert unlisted_imports("x.py", "from bot.smm.rules import re\n") == [
        "x.py:1 imports bot.smm.rules.re (not in its __all__)"
    ]
    # A package's submodules, a dunder and other libraries are not a module's names.
    assert (
        unlisted_imports("x.py", "from bot.smm import rules\nfrom bot import __version__\n") == []
    )
    assert unlisted_imports("x.py", "from os.path import join\n") == []
    assert unlisted_imports("x.py", "from bot.smm import nothing_here\n") == [
        "x.py:1 imports bot.smm.nothing_here (not in its __all__)"
    ]


# The tests are held to the same rule: a test goes through the names a module offers. Where a
# test checks a shortcut against the long way it replaces, or a part's own workings that no
# public name shows, it may import that part; each such name is listed here with why.
TESTS = sorted(path.relative_to(REPO).as_posix() for path in (REPO / "tests").rglob("*.py"))
INTERNALS_TESTED: dict[str, str] = {
    "tests/smo/test_faq.py imports bot.smo.faq._BATCH": (
        "the index scores in batches to bound memory: only their size says how many make two"
    ),
    "tests/smo/test_language_model.py imports bot.smo.language._restricted_identifier": (
        "the loader's arrays are compared with py3langid's own, and only the loader returns them"
    ),
    "tests/smo/test_shortcuts.py imports bot.smo.cues._prefixes": (
        "which word starts the scanner files each pattern under, that its hits do not show"
    ),
    "tests/smo/test_shortcuts.py imports bot.smo.guardrails._cut_ending": (
        "the search at the end only, checked against the search everywhere that it replaces"
    ),
    "tests/smo/test_shortcuts.py imports bot.smo.guardrails._CUT_ENDING": (
        "the pattern the search everywhere is made with, for the check above"
    ),
    "tests/smo/test_shortcuts.py imports bot.smo.intents._SENTENCE_MARKS": (
        "the question opener is looked for at the start alone in text without these marks"
    ),
    "tests/store/test_feeds.py imports bot.store.feeds._AD_NUMBERS": (
        "the query plan of the columnar read is checked for the columns that read selects"
    ),
}
_WHERE = re.compile(r"(?P<file>[^:]+):\d+ (?P<what>imports \S+)")


def without_line(found: str) -> str:
    """A line ``unlisted_imports`` gives, as INTERNALS_TESTED names it: file and name."""
    match = _WHERE.match(found)
    assert match is not None, found
    return f"{match['file']} {match['what']}"


def unexplained(found: list[str]) -> list[str]:
    """The lines of ``found`` that INTERNALS_TESTED does not explain."""
    return [line for line in found if without_line(line) not in INTERNALS_TESTED]


def test_the_tests_import_only_listed_names_or_say_why() -> None:
    found = [
        line
        for source in TESTS
        for line in unlisted_imports(source, (REPO / source).read_text(encoding="utf-8"))
    ]
    assert not unexplained(found), "\n".join(unexplained(found))
    used = {without_line(line) for line in found}
    assert set(INTERNALS_TESTED) <= used, f"no longer imported: {set(INTERNALS_TESTED) - used}"


def test_a_private_import_in_a_test_is_found_unless_explained() -> None:
    planted = "from bot.smo.faq import _BATCH\n"
    assert unexplained(unlisted_imports("tests/smo/test_faq.py", planted)) == []
    assert unexplained(unlisted_imports("tests/smo/test_new.py", planted)) == [
        "tests/smo/test_new.py:1 imports bot.smo.faq._BATCH (a private name)"
    ]
    assert unexplained(unlisted_imports("tests/smo/test_faq.py", "from bot.smo.faq import _X\n"))
