"""Two workers racing over one notice on PostgreSQL: while one records the notice it sent,
the other cannot claim it (its claim of the lapsed notice passes over the row the first
locked), so the notice is sent and recorded once (the throwaway cluster of tests/postgres.py)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import psycopg

from bot.channel import MessageRef
from bot.notices import Notice
from bot.store import Store
from bot.store.claims import Claims
from bot.store.postgres import PostgresDatabase
from tests.conftest import NOW

# Generous hang guard: never a limit on how fast anything must be.
GUARD = 60.0
GATE = 4242
LEASE = timedelta(seconds=30)

# A gate in the database: an UPDATE of notifications by a listed connection waits, before it
# touches any row, until the test opens the gate (a statement-level trigger). It holds the
# first worker between the read and the update of `mark_sent`.
_GATE_SQL = f"""
CREATE TABLE gated (pid integer);
CREATE FUNCTION gate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM gated WHERE pid = pg_backend_pid()) THEN
    PERFORM pg_advisory_xact_lock_shared({GATE});
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER gate BEFORE UPDATE ON notifications FOR EACH STATEMENT EXECUTE FUNCTION gate();
"""


async def _waiting(gate: psycopg.AsyncConnection[object], pid: int) -> None:
    while True:
        cur = await gate.execute(
            "SELECT 1 FROM pg_locks WHERE pid = %s AND locktype = 'advisory' AND NOT granted",
            (pid,),
        )
        if await cur.fetchone() is not None:
            return
        await asyncio.sleep(0.02)


async def test_a_notice_being_recorded_sent_is_not_claimed_by_another_worker(
    postgres_url: str,
) -> None:
    first = await Store.open(postgres_url, clock=lambda: NOW)
    second = await Store.open(postgres_url, clock=lambda: NOW)
    assert isinstance(second.db, PostgresDatabase)
    gate = await psycopg.AsyncConnection.connect(postgres_url, autocommit=True)
    try:
        await first.outbox.queue(Notice("text", "ops", "n1", "n1", {"text": "hello"}))
        [notice] = await Claims(first.db).notices("w1", 10, NOW, NOW + LEASE)
        assert notice.id is not None
        await gate.execute(_GATE_SQL)
        await gate.execute("SELECT pg_advisory_lock(%s)", (GATE,))
        pid = int(await first.db.scalar("SELECT pg_backend_pid()"))
        await gate.execute("INSERT INTO gated VALUES (%s)", (pid,))
        # w1 sent it and records it; its claim lapses meanwhile (a stall) and w2 looks.
        ref = MessageRef("console", "ops", "here", "w1")
        recording = asyncio.create_task(first.outbox.held_by("w1").mark_sent(notice.id, ref))
        await asyncio.wait_for(_waiting(gate, pid), GUARD)
        later = NOW + 2 * LEASE
        # w2's claims go through its connection for leases and claims, as a worker's do.
        claims = await second.db.coordination()
        try:
            taken = await asyncio.wait_for(
                Claims(claims).notices("w2", 10, later, later + LEASE), GUARD
            )
        finally:
            await claims.close()
        await gate.execute("SELECT pg_advisory_unlock(%s)", (GATE,))
        await asyncio.wait_for(recording, GUARD)
        # What w2 claimed it sends and records as its own.
        for other in taken:
            assert other.id is not None
            mine = MessageRef("console", "ops", "here", "w2")
            await second.outbox.held_by("w2").mark_sent(other.id, mine)
        assert taken == []
        row = await first.db.fetchone(
            "SELECT status, attempts, message_ref FROM notifications WHERE id = ?", (notice.id,)
        )
        assert row is not None
        assert (row[0], row[1]) == ("sent", 1)  # one send, one record
        assert MessageRef.from_json(row[2]).message_id == "w1"
    finally:
        await gate.close()
        await first.close()
        await second.close()
