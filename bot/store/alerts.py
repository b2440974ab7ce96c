"""Alerts with their lifecycle, silences, and the per-receiver notification log."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime

from bot.models import (
    FINGERPRINT_MATCHER,
    UNTIL_RESOLVED,
    Alert,
    AlertNotFound,
    AlertRecord,
    AlertState,
    GroupNotice,
    Logged,
    Silence,
    Transition,
)
from bot.store import audit, outbox
from bot.store.sql import Connection, Row, SqlDatabase

# The records it takes and returns live in bot.models.
__all__ = ["AlertStore", "details_of"]


_COLUMNS = (
    "fingerprint, alertname, labels, severity, summary, details, state, value, baseline,"
    " started_at, firing_at, resolved_at, acked_by, updated_at"
)


def _record(r: Row) -> AlertRecord:
    return AlertRecord(
        fingerprint=r[0],
        alertname=r[1],
        labels=json.loads(r[2]),
        severity=r[3],
        summary=r[4],
        details=json.loads(r[5]),
        state=AlertState(r[6]),
        value=r[7],
        baseline=r[8],
        started_at=r[9],
        firing_at=r[10],
        resolved_at=r[11],
        acked_by=r[12],
        last_seen=r[13],
    )


def details_of(alert: Alert) -> dict[str, object]:
    return {
        "evidence": dict(alert.evidence),
        "suggestions": [asdict(s) for s in alert.suggestions],
        "keep_firing_for": alert.keep_firing_for.total_seconds(),
        "implied_labels": dict(alert.implied_labels),
    }


# The alerts a limited select keeps: live before resolved, critical before warnings, the
# newest first, and the fingerprint to break ties the same way on SQLite and PostgreSQL.
_KEPT_FIRST = (
    "CASE state WHEN 'resolved' THEN 1 ELSE 0 END,"
    " CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,"
    " started_at DESC, fingerprint"
)


class AlertStore:
    def __init__(self, db: SqlDatabase) -> None:
        self._db = db

    async def save(self, conn: Connection, alert: Alert, state: AlertState) -> None:
        """Insert or move an alert to `state`, inside the caller's transaction."""
        now = self._db.now()
        firing_at = now if state is AlertState.FIRING else None
        await conn.execute(
            "INSERT INTO alerts (fingerprint, alertname, labels, severity, summary, details,"
            " state, value, baseline, started_at, firing_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (fingerprint) DO UPDATE SET summary = excluded.summary,"
            " details = excluded.details, severity = excluded.severity,"
            " value = excluded.value, baseline = excluded.baseline,"
            " started_at = CASE WHEN alerts.state = 'resolved' THEN excluded.started_at"
            "   ELSE alerts.started_at END,"
            " firing_at = CASE WHEN excluded.state = 'firing'"
            "   THEN COALESCE(CASE WHEN alerts.state = 'firing' THEN alerts.firing_at END,"
            "   excluded.firing_at) ELSE NULL END,"
            " resolved_at = NULL, acked_by = CASE WHEN alerts.state = 'resolved' THEN NULL"
            "   ELSE alerts.acked_by END,"
            " state = excluded.state, updated_at = excluded.updated_at",
            (
                alert.fingerprint,
                alert.labels.get("alertname", "alert"),
                json.dumps(alert.labels, sort_keys=True),
                alert.severity,
                alert.summary,
                json.dumps(details_of(alert), sort_keys=True, default=str),
                state.value,
                alert.value,
                alert.baseline,
                now,
                firing_at,
                now,
            ),
        )

    async def resolve(self, conn: Connection, fingerprint: str) -> None:
        now = self._db.now()
        await conn.execute(
            "UPDATE alerts SET state = 'resolved', resolved_at = ?, updated_at = ?"
            " WHERE fingerprint = ? AND state != 'resolved'",
            (now, now, fingerprint),
        )
        # A snooze "until resolved" ends here.
        await conn.execute(
            "UPDATE silences SET ends_at = ? WHERE ends_at = ? AND matchers = ?",
            (now, UNTIL_RESOLVED, json.dumps({FINGERPRINT_MATCHER: fingerprint})),
        )

    async def apply(self, changes: Sequence[Transition]) -> None:
        """Move alerts through their states in one transaction: each change resolves its
        alert or saves it in its new state (a re-save keeps its numbers current)."""
        async with self._db.transaction() as conn:
            for change in changes:
                if change.to is AlertState.RESOLVED:
                    await self.resolve(conn, change.fingerprint)
                elif change.alert is not None:
                    await self.save(conn, change.alert, change.to)

    async def active(self) -> list[AlertRecord]:
        return await self.select((AlertState.PENDING, AlertState.FIRING))

    async def select(
        self, states: Sequence[AlertState] = (AlertState.FIRING,), limit: int | None = None
    ) -> list[AlertRecord]:
        """The alerts in ``states``, in no promised order (bot.alerting.ranking lists them).

        With a ``limit``, at most that many: the live ones (pending, firing) before resolved
        ones, then the most severe, then the newest. The money at stake that ranking also
        weighs lives in each alert's evidence, which SQL does not read, so a caller that
        must rank every alert (the manager's flush) passes no limit.
        """
        marks = ", ".join("?" for _ in states)
        params: list[object] = [s.value for s in states]
        sql = f"SELECT {_COLUMNS} FROM alerts WHERE state IN ({marks})"
        if limit is not None:
            sql += f" ORDER BY {_KEPT_FIRST} LIMIT ?"
            params.append(limit)
        return [_record(r) for r in await self._db.fetchall(sql, params)]

    async def count(self, states: Sequence[AlertState] = (AlertState.FIRING,)) -> int:
        """How many alerts are in ``states`` (what a limited ``select`` left out, and more)."""
        marks = ", ".join("?" for _ in states)
        rows = await self._db.fetchall(
            f"SELECT COUNT(*) FROM alerts WHERE state IN ({marks})", [s.value for s in states]
        )
        return int(rows[0][0])

    async def get(self, fingerprint_prefix: str) -> AlertRecord:
        """Find one alert by its fingerprint or an unambiguous prefix of it (as chats show)."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM alerts WHERE LOWER(fingerprint) LIKE LOWER(?) || '%' LIMIT 2",
            (fingerprint_prefix.replace("%", "").replace("_", ""),),
        )
        if len(rows) != 1:
            what = "no alert" if not rows else "more than one alert"
            raise AlertNotFound(f"{what} matches {fingerprint_prefix!r}")
        return _record(rows[0])

    async def counts(self) -> dict[str, int]:
        rows = await self._db.fetchall("SELECT state, COUNT(*) FROM alerts GROUP BY state")
        return {r[0]: int(r[1]) for r in rows}

    async def ack(self, fingerprint: str, actor: str) -> AlertRecord:
        record = await self.get(fingerprint)
        now = self._db.now()
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE alerts SET acked_by = ?, acked_at = ?, updated_at = ?"
                " WHERE fingerprint = ?",
                (actor, now, now, record.fingerprint),
            )
            await audit.record(conn, now, actor, "alert.ack", f"alert:{record.fingerprint}")
        return await self.get(record.fingerprint)

    async def add_silence(
        self, matchers: dict[str, str], ends_at: datetime, actor: str, comment: str = ""
    ) -> Silence:
        now = self._db.now()
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO silences (matchers, starts_at, ends_at, created_by, comment,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    json.dumps(matchers, sort_keys=True),
                    now,
                    ends_at.isoformat(),
                    actor,
                    comment,
                    now,
                ),
            )
            row = await cur.fetchone()
            assert row is not None
            silence_id = int(row[0])
            await audit.record(
                conn,
                now,
                actor,
                "silence.create",
                f"silence:{silence_id}",
                {"matchers": matchers, "ends_at": ends_at.isoformat()},
            )
        return Silence(silence_id, matchers, now, ends_at.isoformat(), actor, comment)

    async def active_silences(self, at: datetime) -> list[Silence]:
        rows = await self._db.fetchall(
            "SELECT id, matchers, starts_at, ends_at, created_by, comment FROM silences"
            " WHERE ends_at > ? ORDER BY id",
            (at.isoformat(),),
        )
        return [Silence(int(r[0]), json.loads(r[1]), r[2], r[3], r[4], r[5]) for r in rows]

    async def by_fingerprints(self, fingerprints: Sequence[str]) -> list[AlertRecord]:
        if not fingerprints:
            return []
        marks = ", ".join("?" for _ in fingerprints)
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM alerts WHERE fingerprint IN ({marks})", list(fingerprints)
        )
        return [_record(r) for r in rows]

    async def notification_log(self) -> dict[tuple[str, str], Logged]:
        """Every (receiver, group) → the fingerprints it was last told were firing, and when."""
        rows = await self._db.fetchall(
            "SELECT receiver, group_key, firing, sent_at FROM notification_log"
        )
        return {
            (r[0], r[1]): Logged(frozenset(json.loads(r[2])), datetime.fromisoformat(r[3]))
            for r in rows
        }

    async def notify(self, told: Sequence[GroupNotice]) -> int:
        """Queue each group's notice and move its notification log entry, in one transaction;
        returns how many notices were queued (one queued before is not queued again)."""
        queued = 0
        async with self._db.transaction() as conn:
            for group in told:
                if group.notice is not None and await outbox.queue(
                    conn, group.notice, self._db.now()
                ):
                    queued += 1
                await self.log_notified(
                    conn, group.receiver, group.group_key, set(group.firing), set(group.resolved)
                )
        return queued

    async def log_notified(
        self,
        conn: Connection,
        receiver: str,
        group_key: str,
        firing: set[str],
        resolved: set[str],
    ) -> None:
        await conn.execute(
            "INSERT INTO notification_log (receiver, group_key, firing, resolved, sent_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (receiver, group_key) DO UPDATE SET"
            " firing = excluded.firing, resolved = excluded.resolved, sent_at = excluded.sent_at",
            (
                receiver,
                group_key,
                json.dumps(sorted(firing)),
                json.dumps(sorted(resolved)),
                self._db.now(),
            ),
        )
