"""What people may look at from a chat: drafts and alerts waiting, status, hashtags, summaries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC
from pathlib import Path
from typing import Any

from bot.alerting.manager import alert_context
from bot.alerting.ranking import ranked
from bot.channel import MessageRef
from bot.clock import Clock
from bot.config.receivers import SlackReceiver, TelegramReceiver
from bot.config.workspace import Workspace
from bot.draft_review import DraftRecord
from bot.insights.report import hashtag_suggestions_for
from bot.insights.suggest import HashtagSuggestions
from bot.models import (
    FINGERPRINT_MATCHER,
    UNTIL_RESOLVED,
    AlertNotFound,
    AlertRecord,
    AlertState,
    DraftStatus,
    Silence,
)
from bot.notices import Notice
from bot.store import Store
from bot.summary.service import default_receiver, parse_day, summary_command
from handlers.access import Access, Actor

__all__ = ["DraftQueue", "Status", "Unavailable", "Views"]


class Unavailable(LookupError):
    """What was asked for is not offered where it was asked (a summary with no chart folder)."""


@dataclass(frozen=True, slots=True)
class DraftQueue:
    """Drafts waiting for review, most urgent first, and how many wait in all (every brand)."""

    drafts: list[DraftRecord]
    waiting: int


@dataclass(frozen=True, slots=True)
class Status:
    """What socialpulse is doing: drafts, alerts and the outbox, counted by state."""

    drafts: dict[str, int]
    alerts: dict[str, int]
    outbox: dict[str, int]


class Views:
    """Every read a chat offers, to people on the workspace's list (each refusal audited as
    `refused.view.<what>`, the place asked from as its subject)."""

    def __init__(
        self,
        store: Store,
        workspace: Workspace,
        *,
        chart_dir: Path | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._store = store
        self._workspace = workspace
        self._access = Access(store, workspace)
        self._chart_dir = chart_dir
        self._clock = clock or store.clock

    def now(self) -> str:
        """The time now as the store writes times (ISO 8601, UTC): when a note says it happened."""
        return self._clock().astimezone(UTC).isoformat()

    async def alerts(
        self, actor: Actor, *, pending: bool = False, limit: int = 200
    ) -> list[AlertRecord]:
        """Firing alerts (`pending`: pending ones too), the most severe and costliest first."""
        await self._access.person(actor, "view.alerts", actor.place)
        states = (AlertState.PENDING, AlertState.FIRING) if pending else (AlertState.FIRING,)
        return ranked(await self._store.alerts.select(states))[:limit]

    async def drafts(self, actor: Actor, brand: str | None = None, limit: int = 200) -> DraftQueue:
        """Drafts waiting for review (of one brand, if given), most urgent first."""
        await self._access.person(actor, "view.drafts", actor.place)
        drafts = await self._store.drafts.select(brand=brand, limit=limit)
        counts = await self._store.drafts.count_by_status()
        return DraftQueue(drafts, counts.get(DraftStatus.PENDING_REVIEW.value, 0))

    async def status(self, actor: Actor) -> Status:
        await self._access.person(actor, "view.status", actor.place)
        return Status(
            drafts=await self._store.drafts.count_by_status(),
            alerts=await self._store.alerts.counts(),
            outbox=await self._store.outbox.counts(),
        )

    async def hashtags(self, actor: Actor, brand: str, text: str) -> HashtagSuggestions:
        """Hashtags for a planned post of the brand; LookupError for a brand not in the
        workspace."""
        await self._access.person(actor, "view.hashtags", actor.place)
        return await hashtag_suggestions_for(
            self._store, self._workspace, brand, text, self._clock()
        )

    async def summary(self, actor: Actor, day: str | None) -> Notice:
        """The stand-up summary of `day` (`yesterday`, `2026-11-24`; None: the latest) for
        the receiver of the chat it is asked in, else the default receiver. Raises
        ValueError for a day it cannot give (not a date, not over yet), Unavailable when
        this socialpulse keeps no charts."""
        await self._access.person(actor, "view.summary", actor.place)
        if self._chart_dir is None:
            raise Unavailable("the stand-up summary is not available here")
        now = self._clock()
        name = self._receiver_at(actor) or default_receiver(self._workspace)
        asked = parse_day(day, self._workspace, name, now)
        return await summary_command(
            self._store, self._workspace, name, asked, now, self._chart_dir
        )

    def _receiver_at(self, actor: Actor) -> str | None:
        """The receiver whose chat (Slack channel, Telegram chat) the actor is in."""
        for receiver in self._workspace.receivers:
            if isinstance(receiver, SlackReceiver):
                place = ("slack", receiver.channel)
            elif isinstance(receiver, TelegramReceiver):
                place = ("telegram", str(receiver.chat_id))
            else:
                continue
            if place == (actor.platform, actor.chat):
                return receiver.name
        return None

    async def alert_details(self, actor: Actor, alert_ids: Sequence[str]) -> list[AlertRecord]:
        """The alerts behind these ids (fingerprints or their prefixes) that are still known,
        in the order given, for their figures; AlertNotFound when none is."""
        await self._access.person(actor, "view.details", f"alerts:{','.join(alert_ids)}")
        found: dict[str, AlertRecord] = {}
        missing: AlertNotFound | None = None
        for alert_id in alert_ids:
            try:
                record = await self._store.alerts.get(alert_id)
            except AlertNotFound as unknown:
                missing = unknown
                continue
            found.setdefault(record.fingerprint, record)
        if not found:
            raise missing or AlertNotFound("no alert asked for")
        return list(found.values())

    async def alert_messages(self, alert_id: str, channel: str) -> list[tuple[MessageRef, Notice]]:
        """The messages on `channel` that show this alert, each with its notice brought up to
        date (who acknowledged or snoozed it, until when): what a command edits in place, as
        a button press edits the message it was pressed on."""
        record = await self._store.alerts.get(alert_id)
        found = await self._store.outbox.sent_mentioning("alert", record.fingerprint)
        shown = [(ref, notice) for ref, notice in found if ref.channel == channel]
        fingerprints = sorted(
            {str(a.get("fingerprint")) for _, n in shown for a in n.data.get("alerts", [])}
        )
        known = {a.fingerprint: a for a in await self._store.alerts.by_fingerprints(fingerprints)}
        snoozes = {
            s.matchers[FINGERPRINT_MATCHER]: s
            for s in await self._store.alerts.active_silences(self._clock())
            if set(s.matchers) == {FINGERPRINT_MATCHER}
        }
        updated = []
        for ref, notice in shown:
            alerts = [
                _now_shown(known.get(str(a.get("fingerprint"))), snoozes, a)
                for a in notice.data.get("alerts", [])
            ]
            updated.append((ref, replace(notice, data={**notice.data, "alerts": alerts})))
        return updated


def _now_shown(
    record: AlertRecord | None, snoozes: Mapping[str, Silence], shown: Mapping[str, Any]
) -> dict[str, Any]:
    """An alert of a message as it stands now: its stored state and any snooze on it."""
    if record is None:
        return dict(shown)
    data = alert_context(record)
    silence = snoozes.get(record.fingerprint)
    if silence is not None:
        data["snoozed_by"] = silence.created_by
        data["snoozed_until"] = "" if silence.ends_at == UNTIL_RESOLVED else silence.ends_at
    return data
