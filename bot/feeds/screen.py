"""What a well-formed record must also pass to be stored: a brand of the workspace, a date not
ahead of the bot's clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from bot.clock import Clock, utcnow
from bot.durations import format_duration
from bot.models import AdMetricRow, Comment, FeedRecord, OrganicPost, ProfileSnapshot

__all__ = ["MAX_AHEAD", "Screen"]

# How far ahead of the bot's clock a record's date may be: clocks drift and a day bucket of an
# account east of UTC starts before UTC's; a date further ahead is a broken export.
MAX_AHEAD = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Screen:
    """The workspace's brands (None: any brand, when no workspace is at hand) and the clock."""

    brands: frozenset[str] | None = None
    clock: Clock = field(default=utcnow)
    max_ahead: timedelta = MAX_AHEAD

    def problem(self, record: FeedRecord, now: datetime) -> str | None:
        """Why the record may not be stored (the quarantine reason), or None."""
        if isinstance(record, AdMetricRow):
            return self._bucket_problem(record, now)
        if self.brands is not None and record.brand not in self.brands:
            known = ", ".join(sorted(self.brands)) or "none"
            return f"brand {record.brand!r} is not in the workspace (known: {known})"
        if isinstance(record, Comment):
            return self._moment_problem("created_at", record.created_at, now)
        if isinstance(record, OrganicPost):
            return self._moment_problem("published_at", record.published_at, now)
        assert isinstance(record, ProfileSnapshot)
        return self._moment_problem("captured_at", record.captured_at, now)

    def _ahead(self) -> str:
        return "1 day" if self.max_ahead == timedelta(days=1) else format_duration(self.max_ahead)

    def _moment_problem(self, name: str, moment: datetime, now: datetime) -> str | None:
        if moment <= now + self.max_ahead:
            return None
        return (
            f"{name}: {moment.isoformat()} is more than {self._ahead()} ahead of the bot's"
            f" clock ({now.astimezone(UTC).isoformat(timespec='seconds')})"
        )

    def _bucket_problem(self, row: AdMetricRow, now: datetime) -> str | None:
        if row.granularity == "hour":
            return self._moment_problem("hour", datetime.fromisoformat(row.bucket), now)
        latest = (now.astimezone(UTC) + self.max_ahead).date()
        if date.fromisoformat(row.bucket) <= latest:
            return None
        return (
            f"date: {row.bucket} is more than {self._ahead()} ahead of the bot's clock"
            f" ({now.astimezone(UTC).isoformat(timespec='seconds')}); the latest day accepted"
            f" is {latest.isoformat()}"
        )
