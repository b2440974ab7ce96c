"""Response times and the review SLA: how fast the team answers, and who has waited too long."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.config.workspace import Workspace
from bot.draft_review import DraftRecord
from bot.notices import Notice
from bot.store import Store

__all__ = [
    "BUCKETS",
    "ResponseTimes",
    "bucket_of",
    "overdue",
    "remind_overdue",
    "reminders",
    "response_times",
]

# First-reply buckets as support teams report them.
BUCKETS: tuple[tuple[str, float], ...] = (
    ("0-1h", 3600.0),
    ("1-4h", 4 * 3600.0),
    ("4-8h", 8 * 3600.0),
    ("8-24h", 24 * 3600.0),
    (">24h", float("inf")),
)
# An author's name in a reminder: one line, at most this long.
_AUTHOR_CHARS = 80


@dataclass(frozen=True, slots=True)
class ResponseTimes:
    """First-reply times of one brand on one platform."""

    brand: str
    platform: str
    count: int
    median_seconds: float
    buckets: dict[str, int]


def bucket_of(seconds: float) -> str:
    return next(name for name, limit in BUCKETS if seconds < limit)


def response_times(replies: Iterable[tuple[str, str, float]]) -> list[ResponseTimes]:
    """Pure: group (brand, platform, seconds) into per-brand, per-platform figures."""
    grouped: dict[tuple[str, str], list[float]] = defaultdict(list)
    for brand, platform, seconds in replies:
        grouped[(brand, platform)].append(max(seconds, 0.0))
    result = []
    for (brand, platform), values in sorted(grouped.items()):
        counts = {name: 0 for name, _ in BUCKETS}
        for value in values:
            counts[bucket_of(value)] += 1
        result.append(
            ResponseTimes(brand, platform, len(values), statistics.median(values), counts)
        )
    return result


def _one_line(text: str, limit: int) -> str:
    """Text from the public as one line of at most `limit` characters: its line breaks (any
    kind) and runs of spaces become one space, so it cannot add lines to a message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def overdue(
    waiting: Sequence[DraftRecord], sla: Mapping[str, timedelta], now: datetime
) -> list[DraftRecord]:
    """Pure: the drafts that have waited for review longer than their brand's SLA."""
    return [
        d
        for d in waiting
        if d.brand in sla and now - datetime.fromisoformat(d.created_at) > sla[d.brand]
    ]


def reminders(
    late: Sequence[DraftRecord], receiver_of: Mapping[str, str], now: datetime
) -> list[Notice]:
    """One reminder per review receiver, naming its overdue drafts (most urgent first)."""
    by_receiver: dict[str, list[DraftRecord]] = defaultdict(list)
    for draft in late:
        by_receiver[receiver_of[draft.brand]].append(draft)
    notices = []
    for receiver, drafts in sorted(by_receiver.items()):
        drafts.sort(key=lambda d: -d.priority)
        lines = [f"{len(drafts)} draft(s) waiting for review longer than the reply SLA:"]
        for d in drafts[:10]:
            waited = now - datetime.fromisoformat(d.created_at)
            hours = waited.total_seconds() / 3600
            lines.append(
                f"#{d.id} {d.brand} · {d.platform} · {', '.join(d.intents) or 'comment'} "
                f"from {_one_line(d.author, _AUTHOR_CHARS)}, waiting {hours:.0f} h"
            )
        if len(drafts) > 10:
            lines.append(f"… and {len(drafts) - 10} more")
        notices.append(
            Notice(
                kind="text",
                receiver=receiver,
                subject=f"sla:{now.isoformat()}",
                dedupe_key=f"sla:{receiver}:{now.isoformat()}",
                data={"text": "\n".join(lines), "draft_ids": [d.id for d in drafts]},
            )
        )
    return notices


async def remind_overdue(store: Store, workspace: Workspace, now: datetime) -> int:
    """The SLA stage: queue one reminder per receiver for drafts newly past their SLA."""
    sla = {b.id: b.reply_sla for b in workspace.brands}
    if not sla:
        return 0
    # Only drafts older than the shortest SLA are read (a second more: a stamp without
    # microseconds sorts before one with them); `overdue` judges each by its own brand's.
    before = now - min(sla.values()) + timedelta(seconds=1)
    late = overdue(await store.drafts.waiting_unreminded(created_before=before), sla, now)
    if not late:
        return 0
    receivers = {b.id: workspace.review_receiver_for(b.id).name for b in workspace.brands}
    notices = reminders(late, receivers, now)
    await store.drafts.remind(notices, [d.id for d in late])
    return len(notices)
