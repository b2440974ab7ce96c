"""Platform-free use-cases behind every button and command: decide drafts, ack and snooze alerts."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.clock import Clock
from bot.config.people import Person
from bot.config.workspace import Workspace
from bot.draft_review import (
    DraftChanged,
    DraftNotFound,
    DraftRecord,
    InvalidTransition,
    UnfitDecision,
    decision_problem,
    takes_reply,
)
from bot.models import (
    DRAFT_TRANSITIONS,
    FINGERPRINT_MATCHER,
    UNTIL_RESOLVED,
    AlertRecord,
    DraftStatus,
    Silence,
)
from bot.smo.drafting import PLATFORM_NAMES
from bot.smo.platforms import REPLY_LIMITS, reply_length
from bot.snooze import parse_snooze
from bot.store import Store
from handlers.access import Access, Actor, ChatNotAllowed, Refused

__all__ = [
    "Actions",
    "Actor",
    "CannotDecide",
    "ChatNotAllowed",
    "Refused",
    "already_decided",
    "platform_name",
    "reply_limit",
    "reply_problem",
]

log = logging.getLogger(__name__)


class CannotDecide(Refused):
    """The decision does not fit the draft: no reply to approve, a text for a hide, a reply
    over the platform's limit. Nothing changed; the message says what to do instead."""


def already_decided(record: DraftRecord) -> str:
    """What every channel says when a decision comes too late: who decided first, and when."""
    who = f" by {record.decided_by}" if record.decided_by else ""
    when = f" at {record.decided_at[:16].replace('T', ' ')} UTC" if record.decided_at else ""
    return f"Draft #{record.id} was already {record.status.value}{who}{when}; nothing changed."


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
    """The decisions people make from a chat or the command line: on reply drafts (approve,
    edit, reject) and on alerts (acknowledge, snooze), each by someone allowed to."""

    def __init__(self, store: Store, workspace: Workspace, clock: Clock | None = None) -> None:
        self._store = store
        self._access = Access(store, workspace)
        self._clock = clock or store.clock

    # --- who is acting ------------------------------------------------------------------

    def actor(
        self,
        platform: str,
        user_id: str,
        name: str = "",
        groups: tuple[str, ...] = (),
        chat: str = "",
    ) -> Actor:
        """The Actor for a chat account, named as the workspace names the person."""
        return self._access.actor(platform, user_id, name, groups, chat)

    async def admit(self, actor: Actor, what: str) -> Person | None:
        """Let `actor` in before anything they ask: a chat the bot works in (else
        ChatNotAllowed), a person on the workspace's list (else Refused, audited)."""
        return await self._access.admit(actor, what)

    async def person(self, actor: Actor, action: str, subject: str) -> Person | None:
        """The actor's entry; refused (and audited) when the workspace does not list them."""
        return await self._access.person(actor, action, subject)

    # --- drafts -------------------------------------------------------------------------

    async def _approver(self, actor: Actor, action: str, draft_id: int) -> tuple[DraftRecord, str]:
        subject = f"draft:{draft_id}"
        person = await self._access.person(actor, action, subject)
        draft = await self._store.drafts.get(draft_id)
        if not self._access.may_decide(actor, draft.brand):
            raise await self._access.refuse(
                actor, action, subject, f"you may not decide replies for brand {draft.brand}"
            )
        return draft, Access.name_of(actor, person)

    async def open_decision(
        self, draft_id: int, actor: Actor, to: DraftStatus, seen: str | None = None
    ) -> DraftRecord:
        """The draft, when `actor` may start deciding it now: open the editor (`EDITED`) or
        ask for a reason (`REJECTED`). Raises DraftNotFound, InvalidTransition when it was
        decided already (`already_decided` says by whom), Refused for someone who may not
        decide the brand's replies, CannotDecide for an edit of a draft that takes no reply
        or for a draft updated since the message `seen` (its fingerprint) came from.

        Opening a form is only a read: a refusal here is logged, and audited only for a
        person not on the list; the decision itself is refused and audited as always.
        """
        action = to.value
        await self._access.person(actor, action, f"draft:{draft_id}")
        draft = await self._store.drafts.get(draft_id)
        if to not in DRAFT_TRANSITIONS[draft.status]:
            raise InvalidTransition(draft, to)
        if not self._access.may_decide(actor, draft.brand):
            log.warning(
                "action refused actor=%s platform=%s action=%s subject=draft:%d reason=%s",
                actor.user_id,
                actor.platform,
                action,
                draft.id,
                "not an approver of the brand",
            )
            raise Refused(f"you may not decide replies for brand {draft.brand}")
        if seen is not None and not draft.shown_as(seen):
            # The form would open on a version the person has not read; the decision itself
            # checks again, in the store's transaction.
            log.info("draft decision refused draft=%d to=%s reason=changed", draft_id, action)
            changed = DraftChanged(draft)
            raise CannotDecide(str(changed)) from changed
        if to is DraftStatus.EDITED and not takes_reply(draft.action):
            raise CannotDecide(
                "the draft hides the comment and takes no reply: hide it or reject it"
            )
        return draft

    async def edit_problem(self, draft_id: int, text: str) -> str | None:
        """Why `text` cannot be the reply of a draft waiting for review (empty, over the
        platform's limit), for a form to show beside the field; None when the edit may go
        ahead. A draft decided or deleted meanwhile is left to the decision, which says so."""
        try:
            draft = await self._store.drafts.get(draft_id)
        except DraftNotFound:
            return None
        if draft.status is not DraftStatus.PENDING_REVIEW:
            return None
        return reply_problem(draft, text)

    async def _decide(
        self,
        draft_id: int,
        actor: Actor,
        to: DraftStatus,
        text: str | None = None,
        reason: str | None = None,
        seen: str | None = None,
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
                draft_id, to, name, text=text, reason=reason, notify=receivers, seen=seen
            )
        except UnfitDecision as unfit:
            log.info("draft decision refused draft=%d to=%s reason=%s", draft_id, to.value, unfit)
            raise CannotDecide(str(unfit)) from unfit
        log.info("draft decided draft=%d status=%s actor=%s", draft_id, to.value, actor.user_id)
        return record

    async def approve(self, draft_id: int, actor: Actor, seen: str | None = None) -> DraftRecord:
        """Approve the draft as it is: its reply, or its hide; refused (`CannotDecide`) for a
        draft with no reply yet (one to answer by hand).

        `seen` is the draft's fingerprint carried by the button pressed (see
        `bot.draft_review.draft_fingerprint`): a draft updated since that message was posted
        is refused (`CannotDecide`, "changed since"), so nothing the person did not see is
        published. None (a typed command, a button from before fingerprints) approves as is."""
        return await self._decide(draft_id, actor, DraftStatus.APPROVED, seen=seen)

    async def edit(
        self, draft_id: int, actor: Actor, text: str, seen: str | None = None
    ) -> DraftRecord:
        """Replace the reply and approve it; refused (`CannotDecide`) when the text is empty,
        over the platform's limit, the draft is a hide, or it changed since `seen` (as for
        `approve`): an edit of a reply the person never read would drop the new comment."""
        return await self._decide(draft_id, actor, DraftStatus.EDITED, text=text.strip(), seen=seen)

    async def reject(
        self, draft_id: int, actor: Actor, reason: str = "", seen: str | None = None
    ) -> DraftRecord:
        """Reject the draft; refused (`CannotDecide`) when it changed since `seen` (as for
        `approve`), so a reply to a new comment is not dropped unread."""
        return await self._decide(
            draft_id, actor, DraftStatus.REJECTED, reason=reason.strip() or None, seen=seen
        )

    # --- alerts -------------------------------------------------------------------------

    async def ack(self, alert_id: str, actor: Actor) -> AlertRecord:
        """Note that someone is on the alert: anyone listed in `people`, viewers too (the
        alert stays visible and keeps notifying, so it hides nothing from the team)."""
        person = await self._access.person(actor, "ack", f"alert:{alert_id}")
        return await self._store.alerts.ack(
            (await self._store.alerts.get(alert_id)).fingerprint, Access.name_of(actor, person)
        )

    async def snooze(self, alert_id: str, duration: str, actor: Actor) -> Silence:
        """Silence one alert for a while (`24h`, `7d`: more than 0, at most 365 days) or
        `until-resolved`; a length the rule refuses raises BadSnooze naming it, before
        anything else is looked at.

        A silence hides the alert from everyone, so only approvers and admins may set one
        (of the alert's brand, when its labels name one); viewers may acknowledge.
        """
        snooze = parse_snooze(duration)
        person = await self._access.person(actor, "snooze", f"alert:{alert_id}")
        record = await self._store.alerts.get(alert_id)
        if not self._access.may_silence(actor, record):
            brand = record.labels.get("brand")
            why = (
                f"only approvers and admins of brand {brand} may snooze its alerts"
                if brand
                else "only approvers and admins may snooze alerts"
            )
            raise await self._access.refuse(
                actor, "snooze", f"alert:{record.fingerprint}", why + "; you may acknowledge it"
            )
        ends = (
            datetime.fromisoformat(UNTIL_RESOLVED)
            if snooze.length is None
            else self._clock() + snooze.length
        )
        return await self._store.alerts.add_silence(
            {FINGERPRINT_MATCHER: record.fingerprint},
            ends,
            Access.name_of(actor, person),
            comment=f"snoozed {snooze.text}",
        )
