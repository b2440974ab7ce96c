"""Stand-up summaries: what happened, what waits and what to do today, per receiver's day."""

from __future__ import annotations

from bot.summary.schedule import LATE_AFTER, Slot, latest_slot, next_slot, occurrence
from bot.summary.service import (
    SummaryRequestError,
    SummaryScheduler,
    build_summary,
    default_receiver,
    parse_day,
    summary_command,
)

__all__ = [
    "LATE_AFTER",
    "Slot",
    "SummaryRequestError",
    "SummaryScheduler",
    "build_summary",
    "default_receiver",
    "latest_slot",
    "next_slot",
    "occurrence",
    "parse_day",
    "summary_command",
]
