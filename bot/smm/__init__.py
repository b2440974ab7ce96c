"""The ad-alert engine: KPIs, rules, anomalies, pacing, fatigue, outages, winners, suggestions."""

from __future__ import annotations

from bot.smm.columns import AdColumns, AdMetrics
from bot.smm.engine import (
    ALERTNAMES,
    INHIBITS,
    Inhibit,
    evaluate,
    evaluate_columns,
    evaluate_frames,
)
from bot.smm.kpis import KPI_NAMES, KpiSet, kpi_table
from bot.smm.rules import BUILTIN_RULES, Rule, RuleError, parse_rules, with_builtin_pack
from bot.smm.settings import DEFAULT_SETTINGS, EngineSettings
from bot.smm.targets import BoostCandidate, CampaignTarget

__all__ = [
    "ALERTNAMES",
    "BUILTIN_RULES",
    "DEFAULT_SETTINGS",
    "INHIBITS",
    "KPI_NAMES",
    "AdColumns",
    "AdMetrics",
    "BoostCandidate",
    "CampaignTarget",
    "EngineSettings",
    "Inhibit",
    "KpiSet",
    "Rule",
    "RuleError",
    "evaluate",
    "evaluate_columns",
    "evaluate_frames",
    "kpi_table",
    "parse_rules",
    "with_builtin_pack",
]
