"""Each receiver's last scheduled summary, as the store keeps it (`Store.summary_runs`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from bot.models import Mark
from bot.store import Store
from bot.summary.schedule import Slot

__all__ = ["claim", "marks", "track"]


async def marks(store: Store) -> dict[tuple[str, str], Mark]:
    """Every (receiver, kind) seen so far with the last slot handled."""
    return await store.summary_runs.marks()


async def track(store: Store, keys: Iterable[tuple[str, str]], now: datetime) -> int:
    """Start watching schedules seen for the first time; returns how many were new."""
    return await store.summary_runs.track(keys, now)


async def claim(store: Store, slot: Slot, covered: date, late: bool, now: datetime) -> bool:
    """Mark `slot` handled; False when it already was (another process, or a step that
    raced this one)."""
    return await store.summary_runs.claim(slot, covered, late, now)
