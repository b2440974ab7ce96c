"""The audit log: who did what, when."""

from __future__ import annotations

import json
from typing import Any

from bot.store.sql import Connection, SqlDatabase

__all__ = [
    "AuditLog",
    "record",
]


async def record(
    conn: Connection,
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


class AuditLog:
    """Entries that are an operation of their own: a refusal changes nothing else."""

    def __init__(self, db: SqlDatabase) -> None:
        self._db = db

    async def refusal(self, actor: str, action: str, subject: str, reason: str) -> None:
        """Record that `actor` was refused `action` on `subject`, and why (`refused.<action>`)."""
        async with self._db.transaction() as conn:
            await record(
                conn, self._db.now(), actor, f"refused.{action}", subject, {"reason": reason}
            )
