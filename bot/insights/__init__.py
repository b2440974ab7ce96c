"""Organic insights from posts, profile snapshots and comments: pure engines, async entry points."""

from __future__ import annotations

from bot.insights.boost import boost_candidates
from bot.insights.cli import hashtags_command, insights_command
from bot.insights.formats import compare_formats, posting_cadence
from bot.insights.hashtags import hashtag_performance, trending_hashtags
from bot.insights.metrics import engagement_rate
from bot.insights.profiles import audit_profiles
from bot.insights.report import (
    InsightReport,
    boost_candidates_for,
    build_report,
    hashtag_suggestions_for,
    insights_for,
)
from bot.insights.suggest import suggest_hashtags
from bot.insights.timing import best_times

__all__ = [
    "InsightReport",
    "audit_profiles",
    "best_times",
    "boost_candidates",
    "boost_candidates_for",
    "build_report",
    "compare_formats",
    "engagement_rate",
    "hashtag_performance",
    "hashtag_suggestions_for",
    "hashtags_command",
    "insights_command",
    "insights_for",
    "posting_cadence",
    "suggest_hashtags",
    "trending_hashtags",
]
