"""What one summary is computed from, read through the store: comments, ad rows, posts, alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.models import (
    AdMetricRow,
    CommentFact,
    OpenAlert,
    PostFact,
    QuarantineTally,
    WaitingDraft,
)
from bot.store import Store

__all__ = [
    "CommentFact",
    "Inputs",
    "OpenAlert",
    "PostFact",
    "QuarantineFacts",
    "WaitingDraft",
    "load_inputs",
    "quarantine_facts",
]


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
        comments=await store.summary.comments(start, end),
        leads=await store.summary.leads(start, end),
        ads=await _ads(store, ads_from, ads_to),
        posts=await store.summary.posts(start, end),
        alerts=await store.summary.open_alerts(),
        waiting=await store.summary.waiting(),
        quarantine=quarantine,
    )
