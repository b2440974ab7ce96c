"""The engines, set up from the workspace: engagement (comments) and ads (metric rows)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import partial

from bot.alerting.manager import AlertSource
from bot.config.workspace import Workspace
from bot.insights.report import boost_candidates_for
from bot.models import Alert
from bot.rendering import TEMPLATES_DIR
from bot.settings import Settings
from bot.smm.columns import AdMetrics
from bot.smm.engine import evaluate_columns
from bot.smm.frame import HOURLY_HISTORY_DAYS
from bot.smm.rules import Rule, with_builtin_pack
from bot.smm.settings import EngineSettings
from bot.smm.targets import CampaignTarget
from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.smo.llm.client import ChatClient
from bot.smo.llm.drafter import LlmDrafter
from bot.store import Store

__all__ = [
    "ad_alert_source",
    "ad_metrics_since",
    "ad_rules",
    "campaign_targets",
    "engagement_engine",
    "llm_drafter",
    "read_ad_metrics",
]


def engagement_engine(workspace: Workspace, briefs: bool = False) -> EngagementEngine:
    """The engagement engine of the workspace's brands; ``briefs`` when a language-model
    drafter rewrites its reply drafts (see ``llm_drafter``)."""
    profiles = [
        BrandProfile(
            id=brand.id,
            name=brand.name,
            voice=brand.voice,
            sign_off=brand.sign_off,
            faq=tuple((entry.question, entry.answer) for entry in brand.faq),
            languages=tuple(brand.languages),
            review_receiver=workspace.review_receiver_for(brand.id).name,
            handles=dict(brand.handles),
            shop_url=brand.shop_url,
            products=tuple(brand.products),
            support_contact=brand.support_contact,
            industry=brand.industry,
            status_url=brand.status_url,
        )
        for brand in workspace.brands
    ]
    return EngagementEngine(
        profiles,
        TEMPLATES_DIR / "replies",
        intents_dir=workspace.intent_reader,
        briefs=briefs,
    )


def llm_drafter(settings: Settings) -> LlmDrafter | None:
    """The language-model drafter set in `.env`, or None: templates alone draft by default."""
    if settings.llm_base_url is None or settings.llm_model is None:
        return None
    client = ChatClient(
        settings.llm_base_url,
        settings.llm_model,
        settings.llm_api_key,
        timeout=settings.llm_timeout_seconds,
    )
    return LlmDrafter(client, concurrency=settings.llm_concurrency)


def campaign_targets(workspace: Workspace) -> list[CampaignTarget]:
    return [
        CampaignTarget(
            platform=c.platform,
            account=c.account,
            campaign=c.campaign,
            brand=c.brand,
            objective=c.objective,
            target_cpa=c.target_cpa,
            target_roas=c.target_roas,
            monthly_budget=c.monthly_budget,
            daily_budget=c.daily_budget,
        )
        for c in workspace.campaigns
    ]


def ad_rules(workspace: Workspace) -> list[Rule]:
    """The workspace's `rules:` plus the built-in pack.

    The rules were read when the workspace loaded, where a wrong one is reported with its line.
    """
    return with_builtin_pack(workspace.ad_rules)


def ad_metrics_since(now: datetime, settings: EngineSettings) -> tuple[str, str]:
    """The first daily and the first hourly bucket an evaluation at ``now`` reads: every row
    the engine judges (an hour-of-day baseline needs a week of hours before yesterday, and a
    line with hourly rows only is judged by day on its hours folded into days)."""
    day = now - timedelta(days=settings.history_days + 1)
    hour = now - timedelta(days=min(settings.history_days, HOURLY_HISTORY_DAYS))
    return day.date().isoformat(), hour.astimezone(UTC).isoformat()[:13]


async def read_ad_metrics(store: Store, now: datetime, settings: EngineSettings) -> AdMetrics:
    """What the scheduled ad evaluation at ``now`` reads: the store's rows as columns."""
    return await store.feeds.ad_metrics(*ad_metrics_since(now, settings))


def ad_alert_source(
    store: Store,
    workspace: Workspace,
    settings: EngineSettings | None = None,
) -> AlertSource:
    engine_settings = settings or EngineSettings()
    targets = campaign_targets(workspace)
    rules = ad_rules(workspace)

    async def source(now: datetime) -> Sequence[Alert]:
        metrics = await read_ad_metrics(store, now, engine_settings)
        boosts = await boost_candidates_for(store, workspace, now)
        return await asyncio.to_thread(
            partial(evaluate_columns, settings=engine_settings, boost_candidates=boosts),
            metrics,
            targets,
            rules,
            now,
        )

    return source
