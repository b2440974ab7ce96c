"""Reads a summary needs from the store: comments with their outcome, ad rows, posts, alerts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.models import AdMetricRow
from bot.smm.money import at_stake
from bot.store import Store
from bot.store.quarantine import QuarantineTally

__all__ = [
    "CommentFact",
    "Inputs",
    "OpenAlert",
    "PostFact",
    "QuarantineFacts",
    "WaitingDraft",
    "load_inputs",
]


@dataclass(frozen=True, slots=True)
class CommentFact:
    """A comment with what the engine understood and what the team did about it."""

    key: str
    brand: str
    platform: str
    created_at: datetime
    text: str
    sentiment: str | None
    intents: tuple[str, ...]
    draft_action: str | None
    draft_status: str | None
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class PostFact:
    """An organic post's hashtags and its latest engagement."""

    brand: str
    platform: str
    published_at: datetime
    hashtags: tuple[str, ...]
    impressions: int
    engagements: int


@dataclass(frozen=True, slots=True)
class OpenAlert:
    """A firing or pending alert with its suggestions."""

    fingerprint: str
    alertname: str
    severity: str
    state: str
    labels: dict[str, str]
    summary: str
    suggestions: tuple[dict[str, str], ...]
    started_at: str
    acked_by: str | None
    # The money the alert puts at stake so far (evidence `at_stake`, bot.smm.money).
    at_stake: float = 0.0


@dataclass(frozen=True, slots=True)
class WaitingDraft:
    """A draft still waiting for review: when it was made and when its comment came in."""

    id: int
    brand: str
    created_at: datetime
    comment_created_at: datetime


@dataclass(frozen=True, slots=True)
class QuarantineFacts:
    """What was quarantined from `since` to `until`; `to_now` when the window runs from the
    last stand-up to this one rather than over the period reported."""

    since: datetime
    until: datetime
    to_now: bool
    tally: QuarantineTally


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything one summary is computed from."""

    comments: tuple[CommentFact, ...]
    leads: tuple[tuple[str, datetime], ...]
    ads: tuple[AdMetricRow, ...]
    posts: tuple[PostFact, ...]
    alerts: tuple[OpenAlert, ...]
    waiting: tuple[WaitingDraft, ...]
    quarantine: QuarantineFacts | None = None


def _utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


async def _comments(store: Store, start: datetime, end: datetime) -> tuple[CommentFact, ...]:
    rows = await store.db.fetchall(
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


async def _leads(store: Store, start: datetime, end: datetime) -> tuple[tuple[str, datetime], ...]:
    rows = await store.db.fetchall(
        "SELECT brand, created_at FROM leads WHERE created_at >= ? AND created_at < ?",
        (_iso(start), _iso(end)),
    )
    return tuple((r[0], _utc(r[1])) for r in rows)


async def _ads(store: Store, first: date, last: date) -> tuple[AdMetricRow, ...]:
    """Totals rows (no breakdown) of days ``first``..``last``: daily rows, and hourly rows
    whose UTC hour falls on one of those days."""
    since, before = first.isoformat(), (last + timedelta(days=1)).isoformat()
    return tuple(
        [
            row
            for granularity in ("day", "hour")
            for row in await store.feeds.ad_rows(since, granularity, before=before, breakdown="")
        ]
    )


async def _posts(store: Store, start: datetime, end: datetime) -> tuple[PostFact, ...]:
    rows = await store.db.fetchall(
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


async def _alerts(store: Store) -> tuple[OpenAlert, ...]:
    rows = await store.db.fetchall(
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
                    {k: str(v) for k, v in s.items()} for s in suggestions if isinstance(s, dict)
                ),
                started_at=r[7],
                acked_by=r[8],
                at_stake=at_stake(evidence if isinstance(evidence, dict) else None),
            )
        )
    return tuple(result)


async def _waiting(store: Store) -> tuple[WaitingDraft, ...]:
    rows = await store.db.fetchall(
        "SELECT d.id, d.brand, d.created_at, c.created_at FROM drafts d"
        " JOIN comments c ON c.key = d.comment_key WHERE d.status = 'pending_review'"
    )
    return tuple(WaitingDraft(int(r[0]), r[1], _utc(r[2]), _utc(r[3])) for r in rows)


async def quarantine_facts(
    store: Store, since: datetime, until: datetime, to_now: bool
) -> QuarantineFacts:
    return QuarantineFacts(since, until, to_now, await store.quarantine.tally(since, until))


async def load_inputs(
    store: Store,
    start: datetime,
    end: datetime,
    ads_from: date,
    ads_to: date,
    quarantine: QuarantineFacts | None = None,
) -> Inputs:
    """Comments, leads and posts created in [start, end); ad rows of days ads_from..ads_to;
    the alerts open and the drafts waiting now; `quarantine` as read by `quarantine_facts`."""
    return Inputs(
        comments=await _comments(store, start, end),
        leads=await _leads(store, start, end),
        ads=await _ads(store, ads_from, ads_to),
        posts=await _posts(store, start, end),
        alerts=await _alerts(store),
        waiting=await _waiting(store),
        quarantine=quarantine,
    )
