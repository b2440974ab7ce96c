"""Only bot/store/ touches the database: no SQL, SQLite driver or database handle elsewhere."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
STORE = REPO / "bot" / "store"

# Modules allowed to break the seam for now, as "path: why". Empty: a PostgreSQL store (or
# any other) replaces bot/store/ alone.
ALLOWED: dict[str, str] = {}
# Modules whose query text goes to a platform's API, not to our database, as "path: what".
# Only the SQL-in-a-string check is lifted for them: imports and `.db` are still caught.
REMOTE_QUERIES: dict[str, str] = {
    "bot/connectors/google_ads.py": "GAQL sent to the Google Ads API (searchStream)",
}

# Modules that still import from a module inside bot/store/ rather than from the package's
# public API (`from bot.store import ...`), as "path: why".
INNER_IMPORTS: dict[str, str] = {}

DRIVERS = frozenset({"aiosqlite", "sqlite3", "psycopg"})
# The store's connection owners; the rest of the bot reaches the database through `Store`.
INTERNALS = frozenset({"bot.store.database", "bot.store.postgres"})
SQL = re.compile(
    r"\bSELECT\b[\s\S]+\bFROM\b"
    r"|\bINSERT\s+(?:OR\s+[A-Z]+\s+)?INTO\b"
    r"|\bUPDATE\s+\w+\s+SET\b"
    r"|\bDELETE\s+FROM\b"
    r"|\b(?:CREATE|DROP|ALTER)\s+(?:TABLE|INDEX|VIEW|TRIGGER)\b"
    r"|\bPRAGMA\s+\w+"
    r"|\bBEGIN\s+(?:IMMEDIATE|DEFERRED|EXCLUSIVE)\b"
)


def modules() -> list[Path]:
    found = [
        path
        for folder in ("bot", "handlers")
        for path in sorted((REPO / folder).rglob("*.py"))
        if not path.is_relative_to(STORE)
    ]
    assert len(found) > 50, "the scan found too few modules: is the checkout where it should be?"
    return found


def _text(node: ast.JoinedStr) -> str:
    """An f-string with each placeholder as `{}`, so `f"SELECT {cols} FROM t"` reads as SQL."""
    return "".join(
        part.value if isinstance(part, ast.Constant) and isinstance(part.value, str) else "{}"
        for part in node.values
    )


def _holds_store(node: ast.expr) -> bool:
    """`store`, `self._store`, `runtime.store`: an expression naming a Store."""
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return isinstance(name, str) and name.lstrip("_").endswith("store")


def breaches(source: str) -> Iterator[tuple[int, str]]:
    """(line, what) for each way `source` reaches past the store to the database."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in DRIVERS or alias.name in INTERNALS:
                    yield node.lineno, f"imports {alias.name}"
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in DRIVERS or node.module in INTERNALS:
                yield node.lineno, f"imports from {node.module}"
            elif node.module == "bot.store" and any(a.name == "database" for a in node.names):
                yield node.lineno, "imports bot.store.database"
        elif isinstance(node, ast.JoinedStr) and SQL.search(_text(node)):
            yield node.lineno, f"SQL in an f-string: {_text(node)[:60]!r}"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if SQL.search(node.value):
                yield node.lineno, f"SQL in a string: {node.value[:60]!r}"
        elif isinstance(node, ast.Attribute) and node.attr == "db" and _holds_store(node.value):
            yield node.lineno, "uses the store's database handle (`.db`)"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(REPO)))
def test_no_module_outside_the_store_touches_the_database(path: Path) -> None:
    name = str(path.relative_to(REPO))
    found = [f"{name}:{line}: {what}" for line, what in breaches(path.read_text("utf-8"))]
    if name in REMOTE_QUERIES:
        remote = [line for line in found if ": SQL in " in line]
        assert remote, f"{name} no longer sends a query to a platform: unlist it"
        found = [line for line in found if line not in remote]
    if name in ALLOWED:
        assert found, f"{name} is allowed to breach the store seam but no longer does: unlist it"
        return
    assert not found, "only bot/store/ may touch the database:\n" + "\n".join(found)


def store_imports(source: str, public: frozenset[str]) -> Iterator[tuple[int, str]]:
    """(line, what) for each import that reaches past the store package's public API: a
    module inside bot/store/, or a name the package does not list in its `__all__`."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("bot.store."):
                    yield node.lineno, f"imports {alias.name}"
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.startswith("bot.store."):
                yield node.lineno, f"imports from {node.module}"
            elif node.module == "bot.store":
                for alias in node.names:
                    if alias.name not in public:
                        yield node.lineno, f"imports {alias.name}, not in bot.store's __all__"


def public_api() -> frozenset[str]:
    import bot.store

    return frozenset(bot.store.__all__)


@pytest.mark.parametrize(
    "path",
    [*modules(), *sorted((REPO / "benchmarks").rglob("*.py"))],
    ids=lambda p: str(p.relative_to(REPO)),
)
def test_the_rest_of_the_bot_uses_the_store_package_api(path: Path) -> None:
    name = str(path.relative_to(REPO))
    found = [
        f"{name}:{line}: {what}"
        for line, what in store_imports(path.read_text("utf-8"), public_api())
    ]
    if name in INNER_IMPORTS:
        assert found, f"{name} uses only the store package's API now: unlist it"
        return
    assert not found, "import the store's records from bot.models or bot.draft_review and its " + (
        "operations from bot.store:\n" + "\n".join(found)
    )


@pytest.mark.parametrize(
    "source",
    [
        "from bot.store.drafts import DraftRecord",
        "import bot.store.rows",
        "from bot.store import drafts",
        "from bot.store import sql",
    ],
)
def test_the_import_scan_catches(source: str) -> None:
    assert list(store_imports(source, public_api())), source


@pytest.mark.parametrize(
    "source",
    [
        "from bot.store import Store, StoreError",
        "from bot.draft_review import DraftRecord",
        "from bot.models import Checkpoint",
        "import bot.store",
    ],
)
def test_the_import_scan_passes(source: str) -> None:
    assert not list(store_imports(source, public_api())), source


def test_the_allow_list_is_empty() -> None:
    assert ALLOWED == {}


@pytest.mark.parametrize(
    "source",
    [
        "import aiosqlite",
        "import sqlite3 as db",
        "from sqlite3 import Error",
        "from aiosqlite import Connection",
        "from bot.store.database import Clock",
        "from bot.store import database",
        "import psycopg",
        "from psycopg.rows import dict_row",
        "from bot.store.postgres import PostgresDatabase",
        "q = 'SELECT id FROM alerts WHERE state = ?'",
        "q = ('SELECT id, kind'\n     ' FROM notifications')",
        "q = f'SELECT {cols} FROM alerts'",
        "q = 'INSERT OR IGNORE INTO summary_runs (receiver) VALUES (?)'",
        "q = 'UPDATE drafts SET status = ?'",
        "q = 'DELETE FROM silences'",
        "q = 'PRAGMA quick_check'",
        "def f():\n    import sqlite3\n",
        "async def f(store):\n    async with store.db.transaction() as conn:\n        pass",
        "x = self._store.db.now()",
        "x = runtime.store.db.path",
    ],
)
def test_the_scan_catches(source: str) -> None:
    assert list(breaches(source)), source


@pytest.mark.parametrize(
    "source",
    [
        "from bot.store import Store",
        "from bot.models import AlertRecord",
        "overrides['db_path'] = args.db",
        "'select the rows you want from the list'",
        "'Update the brand settings'",
        "x = store.alerts.select()",
    ],
)
def test_the_scan_passes(source: str) -> None:
    assert not list(breaches(source)), source


# What the store must not reach for: it returns records, and the callers present and rank
# them (a review request's render context, the money an alert puts at stake, chat words).
PRESENTATION = ("handlers", "bot.rendering", "bot.review_message", "bot.notices.review_words")
RANKING = ("bot.smm.money", "bot.alerting")


def store_reaches(source: str) -> Iterator[tuple[int, str]]:
    """(line, what) for each import of presentation or ranking code in a store module."""
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            if any(name == p or name.startswith(p + ".") for p in PRESENTATION + RANKING):
                yield node.lineno, f"imports {name}"


@pytest.mark.parametrize(
    "path", sorted(STORE.rglob("*.py")), ids=lambda p: str(p.relative_to(REPO))
)
def test_the_store_returns_records_and_leaves_presenting_and_ranking_to_callers(
    path: Path,
) -> None:
    name = str(path.relative_to(REPO))
    found = [f"{name}:{line}: {what}" for line, what in store_reaches(path.read_text("utf-8"))]
    assert not found, "the store returns records; callers render and rank them:\n" + "\n".join(
        found
    )


@pytest.mark.parametrize(
    "source",
    [
        "from bot.notices import review_words",
        "from bot.smm.money import at_stake",
        "import bot.review_message",
        "from bot.alerting.ranking import ranked",
        "from handlers.views import Views",
    ],
)
def test_the_store_reach_scan_catches(source: str) -> None:
    assert list(store_reaches(source)), source
