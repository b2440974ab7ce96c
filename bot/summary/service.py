"""The stand-up use-cases: one summary on demand, and the scheduled ones queued exactly once."""

from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.config.workspace import Workspace
from bot.notices import Notice
from bot.smm.pacing import PACE_DAYS
from bot.store import Store
from bot.summary.content import compute_summary, local_bounds, periods_for
from bot.summary.present import display
from bot.summary.queries import load_inputs, quarantine_facts
from bot.summary.schedule import LATE_AFTER, Slot, slots_owed
from bot.summary.series import chart_series

if TYPE_CHECKING:
    from bot.summary.charts import Chart

__all__ = [
    "SummaryRequestError",
    "SummaryScheduler",
    "build_summary",
    "default_receiver",
    "parse_day",
    "summary_command",
]

log = logging.getLogger(__name__)


class SummaryRequestError(ValueError):
    """A summary cannot be made as asked (unknown receiver, a day not over yet); the message
    says what to ask instead."""


def default_receiver(workspace: Workspace) -> str:
    """Who an on-demand summary is for when nobody is named: the first scheduled receiver,
    else the one the routing tree sends to."""
    if workspace.schedules:
        return workspace.schedules[0].receiver
    return workspace.routing_tree.receiver


def parse_day(text: str | None, workspace: Workspace, receiver: str, now: datetime) -> date | None:
    """`2026-11-24` or `yesterday` as a date in the receiver's zone; None for no text."""
    if text is None or not text.strip():
        return None
    word = text.strip().lower()
    if word == "yesterday":
        return now.astimezone(workspace.receiver_zone(receiver)).date() - timedelta(days=1)
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise SummaryRequestError(
            f"{text.strip()!r} is not a date; write it as YYYY-MM-DD (e.g. 2026-11-24) or "
            "'yesterday'"
        ) from None


def _render_charts(series: dict[str, Any], chart_dir: Path, stem: str) -> list[Chart]:
    """The charts of one summary, drawn in a thread. matplotlib adds a third of a second and
    tens of MB to start-up, so it is loaded with the first summary instead, and in this
    thread too: on a busy machine the load takes seconds, which on the event loop would hold
    the worker's lease renewals, sends and watch (it lost its leases while alive)."""
    from bot.summary.charts import render_charts

    return render_charts(series, chart_dir, stem)


async def _compose(
    store: Store,
    workspace: Workspace,
    receiver: str,
    zone: ZoneInfo,
    day: date | None,
    now: datetime,
    chart_dir: Path,
    weekly: bool,
    slot: Slot | None = None,
    late: bool = False,
    last_sent: datetime | None = None,
) -> Notice:
    if workspace.receiver(receiver) is None:
        known = ", ".join(r.name for r in workspace.receivers)
        raise SummaryRequestError(f"no receiver named {receiver!r}; known: {known}")
    today = now.astimezone(zone).date()
    day = day or today - timedelta(days=1)
    if day >= today:
        raise SummaryRequestError(
            f"{day.isoformat()} is not over yet in {zone.key}; the latest complete day is "
            f"{(today - timedelta(days=1)).isoformat()}"
        )
    p = periods_for(day, weekly)
    start, end = local_bounds(p.first, p.current[1], zone)
    period_start, period_end = local_bounds(*p.current, zone)
    if slot is not None:
        # A scheduled stand-up tells what was quarantined since the last one, up to now, so
        # nothing falls between two of them.
        quarantine = await quarantine_facts(store, last_sent or period_start, now, True)
    elif day == today - timedelta(days=1):
        # Asked for the latest day: what was quarantined since it began, this morning too.
        quarantine = await quarantine_facts(store, period_start, now, True)
    else:
        quarantine = await quarantine_facts(store, period_start, period_end, False)
    # Ad rows of the day after too: where an hourly feed has got to tells whether the last
    # day charted is complete.
    ads_to = p.current[1] + timedelta(days=1)
    # Pacing reads the month so far and the four weeks its weekday shape is learnt from, and
    # the day before the month to tell a campaign launched this month from one that ran on.
    ads_from = min(
        p.first,
        p.current[1].replace(day=1) - timedelta(days=1),
        p.current[1] - timedelta(days=PACE_DAYS - 1),
    )
    inputs = await load_inputs(store, start, end, ads_from, ads_to, quarantine)
    figures = compute_summary(inputs, workspace, zone, day, now, weekly)
    series = chart_series(inputs, workspace, zone, p, now)
    kind = figures["kind"]
    stem = f"{receiver}-{kind}-{day.isoformat()}"
    charts = await asyncio.to_thread(_render_charts, series, chart_dir, stem)
    data: dict[str, Any] = {
        **figures,
        "receiver": receiver,
        "generated_at": now.isoformat(),
        "late": late,
        "scheduled_for": slot.at.isoformat() if slot else None,
        "show": display(figures, late=late, scheduled_for=slot.at if slot else None),
        "series": series,
        "charts": [{"path": str(chart.path), "title": chart.title} for chart in charts],
    }
    if slot is not None:
        # One summary of a kind per receiver per local day, even if the schedule is edited.
        dedupe_key = f"summary:{kind}:{slot.local_day.isoformat()}"
    else:
        dedupe_key = f"summary:request:{kind}:{day.isoformat()}:{now.isoformat()}"
    return Notice(
        kind="summary",
        receiver=receiver,
        subject=f"{kind}:{day.isoformat()}",
        dedupe_key=dedupe_key,
        data=data,
    )


async def build_summary(
    store: Store,
    workspace: Workspace,
    receiver: str,
    day: date | None,
    now: datetime,
    chart_dir: Path,
    weekly: bool = False,
) -> Notice:
    """The summary of `day` (default: yesterday in the receiver's zone) as a notice for
    `receiver`, its charts written to `chart_dir`; `weekly` covers the 7 days ending `day`."""
    zone = workspace.receiver_zone(receiver)
    return await _compose(store, workspace, receiver, zone, day, now, chart_dir, weekly)


async def summary_command(
    store: Store,
    workspace: Workspace,
    receiver: str | None,
    day: date | None,
    now: datetime,
    chart_dir: Path,
    weekly: bool = False,
) -> Notice:
    """`socialpulse summary` and `/summary`: the summary asked for, not queued; the caller
    shows or sends it."""
    name = receiver or default_receiver(workspace)
    return await build_summary(store, workspace, name, day, now, chart_dir, weekly)


class SummaryScheduler:
    """Queues each receiver's scheduled summaries into the outbox, once per scheduled send.

    The last send is kept in the store and claimed in the transaction that queues the notice,
    so a restart never sends twice; after a downtime only the latest missed send goes out,
    marked late. Schedules are watched from the first step that sees them.
    """

    def __init__(
        self,
        store: Store,
        workspace: Workspace,
        chart_dir: Path,
        late_after: timedelta = LATE_AFTER,
    ) -> None:
        self._store = store
        self._workspace = workspace
        self._chart_dir = chart_dir
        self._late_after = late_after

    async def _prepare(self, now: datetime) -> list[tuple[Slot, Notice]]:
        marks = await self._store.summary_runs.marks()
        prepared = []
        for slot in slots_owed(self._workspace, now, marks):
            late = now - slot.at > self._late_after
            try:
                notice = await _compose(
                    self._store,
                    self._workspace,
                    slot.receiver,
                    slot.zone,
                    None,
                    now,
                    self._chart_dir,
                    slot.kind == "weekly",
                    slot,
                    late,
                    marks[slot.key].sent_at if slot.key in marks else None,
                )
            except Exception:
                # One receiver's broken summary must not hold back the others'; it is retried
                # on the next step.
                log.exception("summary failed receiver=%s kind=%s", slot.receiver, slot.kind)
                continue
            prepared.append((slot, notice))
        return prepared

    async def due(self, now: datetime) -> list[Notice]:
        """The summaries owed at `now`, built but not queued."""
        return [notice for _, notice in await self._prepare(now)]

    async def step(self, now: datetime) -> int:
        """Queue what is owed at `now`; returns how many summaries were queued."""
        keys = {(s.receiver, s.kind) for s in self._workspace.schedules}
        new = keys - set(await self._store.summary_runs.marks())
        if new:
            await self._store.summary_runs.track(sorted(new), now)
        queued = 0
        for slot, notice in await self._prepare(now):
            covered = date.fromisoformat(notice.data["day"])
            if await self._store.summary_runs.send_once(
                slot, covered, notice.data["late"], now, notice
            ):
                queued += 1
                log.info(
                    "summary queued receiver=%s kind=%s day=%s late=%s",
                    slot.receiver,
                    slot.kind,
                    covered.isoformat(),
                    notice.data["late"],
                )
        return queued

    async def __call__(self, now: datetime) -> int:
        return await self.step(now)
