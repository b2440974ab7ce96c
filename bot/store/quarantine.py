"""Reading the quarantine: records and files refused with their reason, newest first."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Quarantined, QuarantineGroup, QuarantineTally
from bot.store.sql import Row, SqlDatabase

__all__ = ["QuarantineGroup", "QuarantineStore", "QuarantineTally", "Quarantined"]

_COLUMNS = "id, source, position, raw, reason, created_at"


def _iso(moment: datetime) -> str:
    # Stored times are the store clock's UTC ISO strings, so they compare as text.
    return moment.astimezone(UTC).isoformat()


def _like(fragment: str) -> str:
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _record(row: Row) -> Quarantined:
    return Quarantined(int(row[0]), row[1], int(row[2]), row[3], row[4], row[5])


class QuarantineStore:
    """What `quarantine list` and the stand-up read; records are written by the feed store."""

    def __init__(self, db: SqlDatabase) -> None:
        self._db = db

    async def select(
        self,
        *,
        since: datetime | None = None,
        source: str | None = None,
        limit: int = 50,
    ) -> list[Quarantined]:
        """The most recent records first; `source` matches any part of the file's path."""
        where: list[str] = []
        params: list[object] = []
        if since is not None:
            where.append("created_at >= ?")
            params.append(_iso(since))
        if source:
            # Any case, as SQLite's LIKE matches; PostgreSQL's LIKE minds the case.
            where.append("LOWER(source) LIKE LOWER(?) ESCAPE '\\'")
            params.append(_like(source))
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM quarantine{clause} ORDER BY created_at DESC, id DESC LIMIT ?",
            [*params, limit],
        )
        return [_record(r) for r in rows]

    async def get(self, record_id: int) -> Quarantined | None:
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} FROM quarantine WHERE id = ?", (record_id,)
        )
        return None if row is None else _record(row)

    async def tally(self, since: datetime, until: datetime) -> QuarantineTally:
        """What was quarantined from `since` up to (not including) `until`, by file and
        reason; line 0 is a whole file refused."""
        rows = await self._db.fetchall(
            "SELECT source, reason, position = 0, COUNT(*) FROM quarantine"
            " WHERE created_at >= ? AND created_at < ?"
            " GROUP BY source, reason, position = 0 ORDER BY COUNT(*) DESC, source, reason",
            (_iso(since), _iso(until)),
        )
        groups = tuple(QuarantineGroup(r[0], r[1], bool(r[2]), int(r[3])) for r in rows)
        return QuarantineTally(
            records=sum(g.count for g in groups if not g.whole_file),
            files=sum(g.count for g in groups if g.whole_file),
            groups=groups,
        )
