"""The store: one database (a SQLite file, or PostgreSQL) behind small async repositories."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.clock import Clock, utcnow
from bot.models import Checkpoint, IngestCounts
from bot.store.alerts import AlertStore
from bot.store.audit import AuditLog
from bot.store.claims import Claims, SendStarted
from bot.store.comment_changes import CommentChanges
from bot.store.copy import copy_store
from bot.store.database import Database
from bot.store.discard import discard as discard_database
from bot.store.drafts import DraftStore
from bot.store.errors import (
    EXPECTED_FAILURES,
    BackupRejected,
    DatabaseDamaged,
    DatabaseInUse,
    DatabaseMissing,
    DatabaseReadOnly,
    DatabaseUnreachable,
    StoreBusy,
    StoreError,
    translated,
)
from bot.store.expected import check as check_expected_database
from bot.store.feeds import FeedStore
from bot.store.insights import InsightsStore
from bot.store.leases import LeaseDatabase, Leases, coordination
from bot.store.outbox import ClaimLost, Outbox
from bot.store.postgres import PostgresDatabase, is_postgres_url
from bot.store.publications import PublicationStore
from bot.store.quarantine import QuarantineStore
from bot.store.restore import restore as restore_database
from bot.store.rows import (
    CommentRow,
    EngagementRows,
    ReviewPayload,
    comment_from_row,
    draft_row,
    engagement_rows,
)
from bot.store.sql import SqlDatabase
from bot.store.summary import SummaryStore
from bot.store.summary_runs import SummaryRuns

__all__ = [
    "EXPECTED_FAILURES",
    "AlertStore",
    "AuditLog",
    "BackupRejected",
    "Checkpoint",
    "ClaimLost",
    "Claims",
    "CommentChanges",
    "CommentRow",
    "Database",
    "DatabaseDamaged",
    "DatabaseInUse",
    "DatabaseMissing",
    "DatabaseReadOnly",
    "DatabaseUnreachable",
    "DraftStore",
    "EngagementRows",
    "FeedStore",
    "IngestCounts",
    "InsightsStore",
    "LeaseDatabase",
    "Leases",
    "Outbox",
    "PostgresDatabase",
    "PublicationStore",
    "QuarantineStore",
    "ReviewPayload",
    "SendStarted",
    "Store",
    "StoreBusy",
    "StoreError",
    "SummaryRuns",
    "SummaryStore",
    "check_expected_database",
    "comment_from_row",
    "coordination",
    "copy_store",
    "discard_database",
    "draft_row",
    "engagement_rows",
    "restore_database",
    "translated",
]


@dataclass(frozen=True, slots=True)
class Store:
    """The repositories over one database; `open` applies migrations, `close` releases it.

    `clock` is the one handed to `open` by whoever composes the bot: the store stamps its
    records with it, and the use-cases over the store take it as their "now" unless given
    their own."""

    clock: Clock
    db: SqlDatabase
    feeds: FeedStore
    drafts: DraftStore
    alerts: AlertStore
    outbox: Outbox
    quarantine: QuarantineStore
    audit_log: AuditLog
    summary: SummaryStore
    summary_runs: SummaryRuns
    insights: InsightsStore
    publications: PublicationStore
    comment_changes: CommentChanges

    @classmethod
    async def open(cls, path: Path | str, clock: Clock = utcnow, *, init: bool = False) -> Store:
        """Open the SQLite file at `path`, or the PostgreSQL database when `path` is a
        ``postgresql://`` URL (SOCIALPULSE_DB_URL)."""
        db: SqlDatabase
        if is_postgres_url(path):
            db = await PostgresDatabase.open(str(path), clock)
        else:
            db = await Database.open(Path(path), clock, init=init)
        feeds = FeedStore(db)
        return cls(
            clock,
            db,
            feeds,
            DraftStore(db),
            AlertStore(db),
            Outbox(db),
            QuarantineStore(db),
            AuditLog(db),
            SummaryStore(db),
            SummaryRuns(db),
            InsightsStore(db),
            PublicationStore(db),
            CommentChanges(db, feeds),
        )

    async def close(self) -> None:
        await self.db.close()

    @property
    def folder(self) -> Path:
        """The folder the database lives in: its free space is the room the store has. A
        PostgreSQL server keeps its files elsewhere: the working folder stands in for it."""
        if isinstance(self.db, Database):
            return self.db.path.parent
        return Path.cwd()

    @property
    def engine(self) -> str:
        """ "sqlite" or "postgres"."""
        return self.db.dialect.name

    async def probe_write(self) -> None:
        """Open and commit an empty write transaction once, waiting for a busy database as
        one write would (SQLite's busy timeout; PostgreSQL's writers' lock, 5 s at most):
        raises what a write would raise now (StoreBusy, a full disk, a refusal). Another
        worker writing at that instant is no failure."""
        # Two attempts on both: on PostgreSQL a single attempt takes the writers' lock only if
        # it is free at once, and any more wait for it (bot/store/postgres.py); SQLite answers
        # "locked" at once, past its busy timeout, when the connection's read snapshot went
        # stale under another connection's commit, and the next attempt begins afresh.
        async with self.db.transaction(attempts=2):
            pass

    async def require_sound(self) -> None:
        """Raise DatabaseDamaged unless SQLite's quick check finds the file sound (nothing
        to check on PostgreSQL, whose server keeps its data sound)."""
        if isinstance(self.db, Database | PostgresDatabase):
            await self.db.require_sound()

    async def backup(self, target: Path) -> None:
        """Copy the live database to `target`, safe while the bot writes; on PostgreSQL a
        StoreError saying that pg_dump does it."""
        if isinstance(self.db, Database | PostgresDatabase):
            await self.db.backup(target)

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
