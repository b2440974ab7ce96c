"""Each receiver's last scheduled summary, as the store keeps it (`bot.store.summary_runs`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.models import Mark
from bot.store import Store
from bot.store.summary_runs import claim

__all__ = ["claim", "marks", "track"]


async def marks(store: Store) -> dict[tuple[str, str], Mark]:
    """Every (receiver, kind) seen so far with the last slot handled."""
    return await store.summary_runs.marks()


async def track(store: Store, keys: Iterable[tuple[str, str]], now: datetime) -> int:
    """Start watching schedules seen for the first time; returns how many were new."""
    return await store.summary_runs.track(keys, now)
