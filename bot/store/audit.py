"""The audit log: who did what, when."""

from __future__ import annotations

import json
from typing import Any

import aiosqlite


async def record(
    conn: aiosqlite.Connection,
    at: str,
    actor: str,
    action: str,
    subject: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one entry; called inside the transaction of the change it describes."""
    await conn.execute(
        "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
        (at, actor, action, subject, json.dumps(detail or {}, sort_keys=True)),
    )
