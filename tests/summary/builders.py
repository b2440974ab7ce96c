"""Builders for summary tests: a workspace, and comments, drafts, ads and alerts in a real store."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.config.workspace import Workspace
from bot.models import (
    AdMetricRow,
    Alert,
    AlertState,
    Analysis,
    Comment,
    Draft,
    DraftStatus,
    Engagement,
    OrganicPost,
    Suggestion,
)
from bot.review_message import review_payload
from bot.store import Store

OpenStore = Callable[..., Awaitable[Store]]


def workspace(
    schedules: Sequence[dict[str, Any]] = (),
    receivers: Sequence[dict[str, Any]] = ({"name": "team", "kind": "console"},),
    timezone: str = "Europe/Berlin",
) -> Workspace:
    return Workspace.model_validate(
        {
            "timezone": timezone,
            "brands": [
                {"id": "alpenglow", "name": "Alpenglow", "reply_sla": "4h"},
                {"id": "kettle", "name": "Kettle & Crumb", "reply_sla": "2h"},
            ],
            "campaigns": [
                {
                    "platform": "meta",
                    "account": "ag-meta",
                    "campaign": "AG Prospecting",
                    "brand": "alpenglow",
                    "target_cpa": 40.0,
                    "target_roas": 3.0,
                    "monthly_budget": 3000.0,
                },
                {
                    "platform": "google",
                    "account": "ag-google",
                    "campaign": "AG Search",
                    "brand": "alpenglow",
                    "target_roas": 6.0,
                    "daily_budget": 50.0,
                },
                {
                    "platform": "meta",
                    "account": "kc-meta",
                    "campaign": "KC Leads",
                    "brand": "kettle",
                    "objective": "leads",
                    "target_cpa": 5.0,
                    "monthly_budget": 900.0,
                },
            ],
            "receivers": list(receivers),
            "schedules": list(schedules),
        }
    )


@dataclass(slots=True)
class Clock:
    """A store clock the test moves by hand."""

    now: datetime
    history: list[datetime] = field(default_factory=list)

    def __call__(self) -> datetime:
        return self.now


def comment(
    n: int,
    at: datetime,
    text: str = "Where is my order? The delivery is late",
    brand: str = "alpenglow",
) -> Comment:
    return Comment(
        id=f"c{n}",
        platform="instagram",
        brand=brand,
        post_id="p1",
        author=f"user{n}",
        text=text,
        created_at=at,
    )


def engagement(
    c: Comment, sentiment: str, intents: tuple[str, ...], action: str | None
) -> Engagement:
    analysis = Analysis(
        comment_key=c.key,
        sentiment=sentiment,
        sentiment_score={"positive": 0.6, "neutral": 0.0, "negative": -0.6}[sentiment],
        intents=intents,
        priority=50.0,
        priority_reason="test",
    )
    draft = (
        Draft(comment_key=c.key, brand=c.brand, platform=c.platform, text="Thanks!", action=action)
        if action
        else None
    )
    return Engagement(c, analysis, draft, "team" if draft else None)


async def add_comments(store: Store, items: Sequence[Engagement]) -> dict[str, int]:
    """Store comments with their analyses and drafts; returns draft ids by comment key."""
    await store.feeds.ingest([item.comment for item in items])
    notices = await store.drafts.save_engagement(list(items), review_payload)
    return {n.data["comment"]["key"]: int(n.subject) for n in notices}


async def publish(store: Store, clock: Clock, draft_id: int, at: datetime) -> None:
    """Approve and publish a draft with the store's clock at `at`, then put the clock back."""
    before = clock.now
    clock.now = at
    await store.drafts.decide(draft_id, DraftStatus.APPROVED, "ana")
    await store.drafts.mark_published(draft_id)
    clock.now = before


def ad(
    day: str,
    platform: str,
    account: str,
    campaign: str,
    spend: float,
    conversions: float,
    revenue: float,
    currency: str,
    adset: str = "set",
    ad_name: str = "ad",
    leads: float | None = None,
    granularity: str = "day",
) -> AdMetricRow:
    return AdMetricRow(
        bucket=day,
        granularity="day" if granularity == "day" else "hour",
        platform=platform,
        account=account,
        campaign=campaign,
        adset=adset,
        ad=ad_name,
        impressions=int(spend * 100),
        clicks=int(spend * 2),
        spend=spend,
        conversions=conversions,
        revenue=revenue,
        leads=leads,
        currency=currency,
    )


async def add_alert(
    store: Store,
    name: str,
    severity: str,
    campaign: str,
    suggestions: Sequence[Suggestion] = (),
    state: AlertState = AlertState.FIRING,
) -> None:
    alert = Alert(
        labels={"alertname": name, "platform": "meta", "campaign": campaign},
        summary=f"{name} on {campaign}",
        severity=severity,
        suggestions=tuple(suggestions),
    )
    async with store.db.transaction() as conn:
        await store.alerts.save(conn, alert, state)


def post(n: int, at: datetime, hashtags: tuple[str, ...], engagements: int) -> OrganicPost:
    return OrganicPost(
        id=f"post{n}",
        platform="instagram",
        brand="alpenglow",
        published_at=at,
        format="image",
        text="",
        hashtags=hashtags,
        impressions=1000,
        likes=engagements,
    )


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


HOUR = timedelta(hours=1)
