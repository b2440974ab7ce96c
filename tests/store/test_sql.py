"""SQLite's placeholders as psycopg's, in one place; rows read by index and by name on both."""

from __future__ import annotations

import pytest

from bot.store import Store
from bot.store.sql import pyformat


@pytest.mark.parametrize(
    ("sqlite", "psycopg"),
    [
        ("SELECT a FROM t WHERE b = ? AND c > ?", "SELECT a FROM t WHERE b = %s AND c > %s"),
        ("UPDATE t SET a = :a WHERE id = :the_id", "UPDATE t SET a = %(a)s WHERE id = %(the_id)s"),
        # A literal % is doubled: psycopg reads a lone one as a placeholder.
        ("SELECT 1 WHERE x LIKE '%#%' AND y = ?", "SELECT 1 WHERE x LIKE '%%#%%' AND y = %s"),
        ("SELECT a % 2 FROM t", "SELECT a %% 2 FROM t"),
        # Quoted text and comments keep their ? and :name; a doubled quote stays inside.
        ("SELECT '?', 'it''s :x ?', \"odd?name\" FROM t", None),
        (
            "SELECT a -- why? :because\nFROM t WHERE b = ?",
            "SELECT a -- why? :because\nFROM t WHERE b = %s",
        ),
        # A PostgreSQL cast is not a named placeholder.
        ("SELECT a::text FROM t WHERE b = :b", "SELECT a::text FROM t WHERE b = %(b)s"),
        ("SELECT ? || ':' || ?", "SELECT %s || ':' || %s"),
        ("SELECT 'unclosed ?", "SELECT 'unclosed ?"),
    ],
)
def test_placeholders_become_psycopgs(sqlite: str, psycopg: str | None) -> None:
    assert pyformat(sqlite) == (sqlite if psycopg is None else psycopg)


async def test_rows_read_by_index_and_by_column_name(store: Store) -> None:
    async with store.db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
            ("t", "ana", "draft.approved", "draft:1", "{}"),
        )
        assert cur.rowcount == 1
        many = await conn.executemany(
            "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
            [("t", f"a{n}", "x", "y", "{}") for n in range(3)],
        )
        assert many.rowcount == 3
    row = await store.db.fetchone(
        "SELECT actor, subject FROM audit_log WHERE action = ? AND actor LIKE 'a%'",
        ("draft.approved",),
    )
    assert row is not None
    assert (row[0], row["subject"], tuple(row), len(row)) == (
        "ana",
        "draft:1",
        ("ana", "draft:1"),
        2,
    )
    assert (
        await store.db.scalar("SELECT COUNT(*) FROM audit_log WHERE actor <> :who", {"who": "ana"})
        == 3
    )
    changed = await store.db.execute_many(
        "UPDATE audit_log SET detail = ? WHERE actor = ?", [("{}", "a0"), ("{}", "a1")]
    )
    assert changed == 2
