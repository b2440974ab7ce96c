"""The stand-up's reads: comments with their outcome, leads, posts, open alerts, waiting drafts."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.models import CommentFact, OpenAlert, PostFact, WaitingDraft
from bot.store.sql import SqlDatabase

__all__ = ["SummaryStore"]


def _utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


class SummaryStore:
    """What one summary reads besides the ad rows (`FeedStore.ad_rows`) and the quarantine."""

    def __init__(self, db: SqlDatabase) -> None:
        self._db = db

    async def comments(self, start: datetime, end: datetime) -> tuple[CommentFact, ...]:
        """Comments created in [start, end), oldest first, with their analysis and draft."""
        rows = await self._db.fetchall(
            "SELECT c.key, c.brand, c.platform, c.created_at, c.text, a.sentiment, a.intents,"
            " d.action, d.status, d.published_at FROM comments c"
            " LEFT JOIN comment_analyses a ON a.comment_key = c.key"
            " LEFT JOIN drafts d ON d.comment_key = c.key"
            " WHERE c.created_at >= ? AND c.created_at < ? ORDER BY c.created_at",
            (_iso(start), _iso(end)),
        )
        return tuple(
            CommentFact(
                key=r[0],
                brand=r[1],
                platform=r[2],
                created_at=_utc(r[3]),
                text=r[4],
                sentiment=r[5],
                intents=tuple(json.loads(r[6])) if r[6] else (),
                draft_action=r[7],
                draft_status=r[8],
                published_at=_utc(r[9]) if r[9] else None,
            )
            for r in rows
        )

    async def leads(self, start: datetime, end: datetime) -> tuple[tuple[str, datetime], ...]:
        """(brand, created_at) of the leads created in [start, end)."""
        rows = await self._db.fetchall(
            "SELECT brand, created_at FROM leads WHERE created_at >= ? AND created_at < ?",
            (_iso(start), _iso(end)),
        )
        return tuple((r[0], _utc(r[1])) for r in rows)

    async def posts(self, start: datetime, end: datetime) -> tuple[PostFact, ...]:
        """Organic posts published in [start, end) with their hashtags and engagement."""
        rows = await self._db.fetchall(
            "SELECT brand, platform, published_at, hashtags, impressions,"
            " likes + comments + shares + saves FROM organic_posts"
            " WHERE published_at >= ? AND published_at < ?",
            (_iso(start), _iso(end)),
        )
        return tuple(
            PostFact(
                brand=r[0],
                platform=r[1],
                published_at=_utc(r[2]),
                hashtags=tuple(str(tag).lstrip("#").lower() for tag in json.loads(r[3])),
                impressions=int(r[4]),
                engagements=int(r[5]),
            )
            for r in rows
        )

    async def open_alerts(self) -> tuple[OpenAlert, ...]:
        """The firing and pending alerts, oldest first, with the evidence each was raised on."""
        rows = await self._db.fetchall(
            "SELECT fingerprint, alertname, severity, state, labels, summary, details, started_at,"
            " acked_by FROM alerts WHERE state IN ('firing', 'pending') ORDER BY started_at"
        )
        result = []
        for r in rows:
            details = json.loads(r[6])
            suggestions = details.get("suggestions", []) if isinstance(details, dict) else []
            evidence = details.get("evidence") if isinstance(details, dict) else None
            result.append(
                OpenAlert(
                    fingerprint=r[0],
                    alertname=r[1],
                    severity=r[2],
                    state=r[3],
                    labels=json.loads(r[4]),
                    summary=r[5],
                    suggestions=tuple(
                        {k: str(v) for k, v in s.items()}
                        for s in suggestions
                        if isinstance(s, dict)
                    ),
                    started_at=r[7],
                    acked_by=r[8],
                    evidence=evidence if isinstance(evidence, dict) else {},
                )
            )
        return tuple(result)

    async def waiting(self) -> tuple[WaitingDraft, ...]:
        """The drafts waiting for review, with when their comment came in."""
        rows = await self._db.fetchall(
            "SELECT d.id, d.brand, d.created_at, c.created_at FROM drafts d"
            " JOIN comments c ON c.key = d.comment_key WHERE d.status = 'pending_review'"
        )
        return tuple(WaitingDraft(int(r[0]), r[1], _utc(r[2]), _utc(r[3])) for r in rows)
