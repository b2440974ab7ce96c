"""Stand-ups: the recurring summaries the bot posts to a receiver at a set time."""

from __future__ import annotations

from typing import Annotated, Literal

from bot.config.fields import WEEKDAYS, Clock, NonEmpty, Section, TimeZoneName, Weekday

__all__ = ["Schedule"]


class Schedule(Section):
    """A recurring summary sent to one receiver; days default by kind (daily: Mon–Fri)."""

    receiver: str
    at: Clock
    days: Annotated[tuple[Weekday, ...], NonEmpty] | None = None
    timezone: TimeZoneName | None = None
    kind: Literal["daily", "weekly"] = "daily"

    @property
    def weekdays(self) -> tuple[int, ...]:
        """The days it runs as datetime.weekday() numbers (0 = Monday)."""
        if self.days is not None:
            return tuple(sorted({WEEKDAYS.index(day) for day in self.days}))
        return (0, 1, 2, 3, 4) if self.kind == "daily" else (0,)
