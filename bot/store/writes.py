"""The write counter (`store_writes`): how a connection tells others' writes from its own."""

from __future__ import annotations

from bot.store.sql import Connection

__all__ = ["WriteCounter"]


class WriteCounter:
    """SQLite's data_version, kept by hand and alike on both databases: each write transaction
    bumps the counter row, and a connection notes the number it last left or saw, counting
    how many times it found that others had moved it since (`read`).

    Not SQLite's PRAGMA data_version, which moves with every commit of another connection
    (a worker's lease renewals too); PostgreSQL has none."""

    def __init__(self) -> None:
        self._seen: int | None = None
        self._foreign = 0

    async def bump(self, conn: Connection) -> int | None:
        """Inside a write transaction, before its commit: bump the counter, so it lands with
        the data it counts; the number it now holds, for `committed` (None: no counter row)."""
        async with conn.execute("UPDATE store_writes SET n = n + 1 RETURNING n") as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        self._saw(int(row[0]) - 1)
        return int(row[0])

    def committed(self, counted: int | None) -> None:
        """The transaction that bumped the counter to `counted` committed: the number is this
        connection's own only now. Had the commit failed, the next writer would take the same
        number, and this connection would read that writer's change as its own."""
        if counted is not None:
            self._seen = counted

    async def read(self, conn: Connection) -> int:
        """How many times another connection was found to have written since this one last
        wrote or looked (the counter read on `conn`)."""
        async with conn.execute("SELECT n FROM store_writes") as cur:
            row = await cur.fetchone()
        self._saw(0 if row is None else int(row[0]))
        return self._foreign

    def _saw(self, counter: int) -> None:
        if self._seen is not None and counter != self._seen:
            self._foreign += 1
        self._seen = counter
