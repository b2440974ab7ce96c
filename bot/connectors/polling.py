"""Polling a platform's comments page by page from a stored checkpoint: the fallback when a
webhook is missed and the catch-up after downtime."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.backoff import Backoff
from bot.connectors.errors import Throttled, TokenRefused
from bot.connectors.status import ConnectorStatus
from bot.models import ChangeCounts, Checkpoint, CommentChange, Rejected
from bot.store import CommentChanges, FeedStore

__all__ = ["CommentPage", "CommentSource", "Poller", "PollingLoop"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class CommentPage:
    """One page of a platform's answer, read into changes (and items refused)."""

    changes: list[CommentChange] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    next_cursor: str | None = None
    newest: datetime | None = None
    oldest: datetime | None = None


class CommentSource(Protocol):
    """One post, media or video (or a whole channel) whose comments are read page by page."""

    @property
    def name(self) -> str:
        """The source label (quarantine, checkpoints, /healthz), e.g. ``graph:facebook:1_2``."""
        ...

    @property
    def newest_first(self) -> bool:
        """Whether pages run from the newest comment back (a sweep stops at the last seen)."""
        ...

    async def page(self, cursor: str | None) -> CommentPage: ...


@dataclass(frozen=True, slots=True)
class _State:
    """What a source's checkpoint holds: where an unfinished sweep stands (`cursor`, the newest
    comment it has seen so far) and the newest comment of the last finished sweep (`mark`)."""

    cursor: str | None = None
    top: str | None = None
    mark: str | None = None

    @classmethod
    def read(cls, checkpoint: Checkpoint | None) -> _State:
        if checkpoint is None:
            return cls()
        try:
            data = json.loads(checkpoint.identity)
        except ValueError:
            return cls()
        return cls(data.get("cursor"), data.get("top"), data.get("mark"))

    def dump(self) -> str:
        return json.dumps({"cursor": self.cursor, "top": self.top, "mark": self.mark})


def _later(a: str | None, b: datetime | None) -> str | None:
    if b is None:
        return a
    if a is None or datetime.fromisoformat(a) < b:
        return b.isoformat()
    return a


class Poller:
    """Sweeps one source: each page is stored with the checkpoint that follows it in one
    transaction, so a crash mid-sweep resumes at the page after the last one stored."""

    def __init__(self, source: CommentSource, feeds: FeedStore, changes: CommentChanges):
        self.source = source
        self._feeds = feeds
        self._changes = changes

    async def sweep(self, max_pages: int = 1000) -> ChangeCounts:
        name = self.source.name
        checkpoint = await self._feeds.checkpoint(name)
        state = _State.read(checkpoint)
        pages = checkpoint.offset if checkpoint is not None else 0
        seen = checkpoint.line if checkpoint is not None else 0
        total = ChangeCounts()
        for _ in range(max_pages):
            page = await self.source.page(state.cursor)
            top = _later(state.top, page.newest)
            caught_up = (
                self.source.newest_first
                and state.mark is not None
                and page.oldest is not None
                and page.oldest <= datetime.fromisoformat(state.mark)
            )
            done = page.next_cursor is None or caught_up
            state = (
                _State(None, None, _later(state.mark, _parse(top)))
                if done
                else _State(page.next_cursor, top, state.mark)
            )
            pages += 1
            seen += len(page.changes)
            mark = Checkpoint(name, pages, seen, state.dump())
            total.add(await self._changes.apply(page.changes, page.rejected, name, mark))
            if done:
                break
        return total


def _parse(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


class PollingLoop:
    """Sweeps every source every `every` seconds; a throttled or failing source waits longer
    (bot/backoff.py) and one whose token was refused is left until the bot restarts with a
    new token. Nothing read is lost: it is stored before the checkpoint moves."""

    def __init__(
        self,
        pollers: Sequence[Poller],
        status: ConnectorStatus,
        every: float,
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._pollers = list(pollers)
        self._status = status
        self._every = every
        self._clock = clock
        self._backoff = backoff or Backoff(log, first=30.0, most=3600.0, clock=clock)
        self._refused: set[str] = set()
        # A platform that says how long until access comes back is not asked before then.
        self._not_before: dict[str, float] = {}

    async def once(self) -> ChangeCounts:
        total = ChangeCounts()
        for poller in self._pollers:
            name = poller.source.name
            key = f"connector:{name}"
            if name in self._refused or not self._backoff.due(key):
                continue
            if self._clock() < self._not_before.get(key, 0.0):
                continue
            try:
                counts = await poller.sweep()
            except TokenRefused as exc:
                self._refused.add(name)
                self._status.failed(key, exc)
                log.error("%s stopped until its token is replaced: %s", key, exc)
                continue
            except Throttled as exc:
                self._status.failed(key, exc)
                delay = self._backoff.failed(key, exc)
                if exc.retry_after is not None and exc.retry_after > delay:
                    self._not_before[key] = self._clock() + exc.retry_after
                continue
            except Exception as exc:
                self._status.failed(key, exc)
                self._backoff.failed(key, exc)
                continue
            self._backoff.succeeded(key)
            self._status.succeeded(key, counts)
            total.add(counts)
        return total

    async def run(self, stop: asyncio.Event, after_sweep: Callable[[], None] | None = None) -> None:
        while not stop.is_set():
            await self.once()
            if after_sweep is not None:
                after_sweep()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._every)
