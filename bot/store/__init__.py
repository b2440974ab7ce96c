"""The store: one SQLite database behind small async repositories."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.clock import Clock, utcnow
from bot.store.alerts import AlertStore
from bot.store.audit import AuditLog
from bot.store.database import Database
from bot.store.drafts import DraftStore
from bot.store.errors import (
    BackupRejected,
    DatabaseDamaged,
    DatabaseInUse,
    DatabaseMissing,
    DatabaseReadOnly,
    StoreBusy,
    StoreError,
)
from bot.store.feeds import Checkpoint, FeedStore, IngestCounts
from bot.store.insights import InsightsStore
from bot.store.outbox import Outbox
from bot.store.quarantine import QuarantineStore
from bot.store.summary import SummaryStore
from bot.store.summary_runs import SummaryRuns

__all__ = [
    "AlertStore",
    "AuditLog",
    "BackupRejected",
    "Checkpoint",
    "Database",
    "DatabaseDamaged",
    "DatabaseInUse",
    "DatabaseMissing",
    "DatabaseReadOnly",
    "DraftStore",
    "FeedStore",
    "IngestCounts",
    "InsightsStore",
    "Outbox",
    "QuarantineStore",
    "Store",
    "StoreBusy",
    "StoreError",
    "SummaryRuns",
    "SummaryStore",
]


@dataclass(frozen=True, slots=True)
class Store:
    """The repositories over one database; `open` applies migrations, `close` releases it.

    `clock` is the one handed to `open` by whoever composes the bot: the store stamps its
    records with it, and the use-cases over the store take it as their "now" unless given
    their own."""

    clock: Clock
    db: Database
    feeds: FeedStore
    drafts: DraftStore
    alerts: AlertStore
    outbox: Outbox
    quarantine: QuarantineStore
    audit_log: AuditLog
    summary: SummaryStore
    summary_runs: SummaryRuns
    insights: InsightsStore

    @classmethod
    async def open(cls, path: Path, clock: Clock = utcnow, *, init: bool = False) -> Store:
        db = await Database.open(path, clock, init=init)
        return cls(
            clock,
            db,
            FeedStore(db),
            DraftStore(db),
            AlertStore(db),
            Outbox(db),
            QuarantineStore(db),
            AuditLog(db),
            SummaryStore(db),
            SummaryRuns(db),
            InsightsStore(db),
        )

    async def close(self) -> None:
        await self.db.close()

    async def table_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for table in (
            "comments",
            "comment_analyses",
            "drafts",
            "organic_posts",
            "profile_snapshots",
            "ad_metrics",
            "alerts",
            "notifications",
            "quarantine",
            "audit_log",
        ):
            counts[table] = int(await self.db.scalar(f"SELECT COUNT(*) FROM {table}"))
        return counts
