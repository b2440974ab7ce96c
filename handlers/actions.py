"""Platform-free use-cases behind every button and command: decide drafts, ack and snooze alerts."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bot.alerting.manager import alert_context
from bot.channel import MessageRef
from bot.durations import parse_duration
from bot.models import DRAFT_TRANSITIONS, DraftStatus
from bot.notices import Notice
from bot.smo.drafting import PLATFORM_NAMES
from bot.smo.platforms import REPLY_LIMITS, reply_length
from bot.store import Store, audit
from bot.store.alerts import FINGERPRINT_MATCHER, UNTIL_RESOLVED, AlertRecord, Silence
from bot.store.drafts import DraftRecord, UnfitDecision, decision_problem
from bot.workspace import Person, Workspace

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who pressed the button: the platform and that platform's user id."""

    platform: str
    user_id: str
    display: str = ""
    groups: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.display or self.user_id} ({self.platform})"


class Refused(PermissionError):
    """The actor may not do this; the message is safe to show them."""


class CannotDecide(Refused):
    """The decision does not fit the draft: no reply to approve, a text for a hide, a reply
    over the platform's limit. Nothing changed; the message says what to do instead."""


def platform_name(platform: str) -> str:
    return PLATFORM_NAMES.get(platform, platform)


def reply_limit(platform: str) -> int | None:
    """The most characters a reply may have on `platform` (None: no limit we know of)."""
    return REPLY_LIMITS.get(platform)


def reply_problem(draft: DraftRecord, text: str) -> str | None:
    """Why `text` cannot replace the reply of `draft`, or None when it can.

    Every editor (Slack modal, Telegram reply, `drafts edit`) gets this check through
    `Actions.edit`; a form may also call it first to show the problem beside the field.
    """
    problem = decision_problem(draft, DraftStatus.EDITED, text.strip())
    if problem is not None:
        return problem
    limit = reply_limit(draft.platform)
    length = reply_length(text.strip(), draft.platform)
    if limit is not None and length > limit:
        return (
            f"the reply is {length:,} characters and {platform_name(draft.platform)} takes "
            f"at most {limit:,}: shorten it by {length - limit:,}"
        )
    return None


class Actions:
    def __init__(self, store: Store, workspace: Workspace) -> None:
        self._store = store
        self._workspace = workspace

    async def _refuse(self, actor: Actor, action: str, subject: str, why: str) -> Refused:
        log.warning(
            "action refused actor=%s platform=%s action=%s subject=%s reason=%s",
            actor.user_id,
            actor.platform,
            action,
            subject,
            why,
        )
        async with self._store.db.transaction() as conn:
            await audit.record(
                conn,
                self._store.db.now(),
                str(actor),
                f"refused.{action}",
                subject,
                {"reason": why},
            )
        return Refused(why)

    async def person(self, actor: Actor, action: str, subject: str) -> Person | None:
        """The actor's entry; refused when the workspace lists people and not this one (with
        no people configured, the local console operator may act)."""
        person = self._workspace.person_for(actor.platform, actor.user_id, actor.groups)
        if person is None and (self._workspace.people or actor.platform != "console"):
            raise await self._refuse(
                actor, action, subject, "you are not on this workspace's list of people"
            )
        return person

    @staticmethod
    def name_of(actor: Actor, person: Person | None) -> str:
        """How a decision names who made it, the same on every channel: the workspace
        person's name ("Ana"), whichever platform account pressed the button."""
        return person.name if person is not None else (actor.display or actor.user_id)

    async def _approver(self, actor: Actor, action: str, draft_id: int) -> tuple[DraftRecord, str]:
        subject = f"draft:{draft_id}"
        person = await self.person(actor, action, subject)
        draft = await self._store.drafts.get(draft_id)
        if not self._workspace.may_approve(
            actor.platform, actor.user_id, draft.brand, actor.groups
        ):
            raise await self._refuse(
                actor, action, subject, f"you may not decide replies for brand {draft.brand}"
            )
        return draft, self.name_of(actor, person)

    async def _decide(
        self,
        draft_id: int,
        actor: Actor,
        to: DraftStatus,
        text: str | None = None,
        reason: str | None = None,
    ) -> DraftRecord:
        draft, name = await self._approver(actor, to.value, draft_id)
        # A draft decided already is left to the store, which says who decided it first.
        if text is not None and to in DRAFT_TRANSITIONS[draft.status]:
            problem = reply_problem(draft, text)
            if problem is not None:
                log.info("draft edit refused draft=%d reason=%s", draft_id, problem)
                raise CannotDecide(problem)
        receivers = sorted(
            {ref.receiver for ref in await self._store.outbox.refs("draft", str(draft_id))}
        )
        try:
            record = await self._store.drafts.decide(
                draft_id, to, name, text=text, reason=reason, notify=receivers
            )
        except UnfitDecision as unfit:
            log.info("draft decision refused draft=%d to=%s reason=%s", draft_id, to.value, unfit)
            raise CannotDecide(str(unfit)) from unfit
        log.info("draft decided draft=%d status=%s actor=%s", draft_id, to.value, actor.user_id)
        return record

    async def approve(self, draft_id: int, actor: Actor) -> DraftRecord:
        """Approve the draft as it is: its reply, or its hide; refused (`CannotDecide`) for a
        draft with no reply yet (one to answer by hand)."""
        return await self._decide(draft_id, actor, DraftStatus.APPROVED)

    async def edit(self, draft_id: int, actor: Actor, text: str) -> DraftRecord:
        """Replace the reply and approve it; refused (`CannotDecide`) when the text is empty,
        over the platform's limit, or the draft is a hide."""
        return await self._decide(draft_id, actor, DraftStatus.EDITED, text=text.strip())

    async def reject(self, draft_id: int, actor: Actor, reason: str = "") -> DraftRecord:
        return await self._decide(
            draft_id, actor, DraftStatus.REJECTED, reason=reason.strip() or None
        )

    async def ack(self, alert_id: str, actor: Actor) -> AlertRecord:
        """Note that someone is on the alert: anyone listed in `people`, viewers too (the
        alert stays visible and keeps notifying, so it hides nothing from the team)."""
        person = await self.person(actor, "ack", f"alert:{alert_id}")
        return await self._store.alerts.ack(
            (await self._store.alerts.get(alert_id)).fingerprint, self.name_of(actor, person)
        )

    def _may_silence(self, actor: Actor, record: AlertRecord) -> bool:
        """Approvers and admins: of the alert's brand when it has one, else any of them."""
        brand = record.labels.get("brand")
        if brand:
            return self._workspace.may_approve(actor.platform, actor.user_id, brand, actor.groups)
        if not self._workspace.people and actor.platform == "console":
            return True
        found = self._workspace.people_for(actor.platform, actor.user_id, actor.groups)
        return any(person.role in ("approver", "admin") for person in found)

    async def snooze(self, alert_id: str, duration: str, actor: Actor) -> Silence:
        """Silence one alert for a duration (`24h`, `7d`) or `until-resolved`.

        A silence hides the alert from everyone, so only approvers and admins may set one
        (of the alert's brand, when its labels name one); viewers may acknowledge.
        """
        person = await self.person(actor, "snooze", f"alert:{alert_id}")
        record = await self._store.alerts.get(alert_id)
        if not self._may_silence(actor, record):
            brand = record.labels.get("brand")
            why = (
                f"only approvers and admins of brand {brand} may snooze its alerts"
                if brand
                else "only approvers and admins may snooze alerts"
            )
            raise await self._refuse(
                actor, "snooze", f"alert:{record.fingerprint}", why + "; you may acknowledge it"
            )
        now = self._store.db.clock()
        if duration in ("until-resolved", "until_resolved", "resolved"):
            ends = datetime.fromisoformat(UNTIL_RESOLVED)
        else:
            ends = now + parse_duration(duration)
        return await self._store.alerts.add_silence(
            {FINGERPRINT_MATCHER: record.fingerprint},
            ends,
            self.name_of(actor, person),
            comment=f"snoozed {duration}",
        )

    async def alerts(self, fingerprints: Sequence[str]) -> list[AlertRecord]:
        """The alerts with these fingerprints that are still known, in the order given."""
        known = {a.fingerprint: a for a in await self._store.alerts.by_fingerprints(fingerprints)}
        return [known[f] for f in fingerprints if f in known]

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
            for s in await self._store.alerts.active_silences(self._store.db.clock())
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
