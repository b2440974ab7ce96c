"""Bolt listeners: buttons, modals and `/socialpulse` — ack first, one use-case, then answer."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject
from slack_sdk.web.async_client import AsyncWebClient

from bot.channel import ChannelError
from bot.insights.report import hashtag_suggestions_for
from bot.models import AlertState, DraftStatus
from bot.notices import Notice
from bot.store import Store
from bot.store.alerts import UNTIL_RESOLVED, AlertNotFound, AlertRecord
from bot.store.drafts import DraftNotFound, DraftRecord, InvalidTransition, takes_reply
from bot.workspace import SlackReceiver, Workspace
from handlers.actions import Actions, Actor, Refused, reply_problem
from handlers.slack.alert_commands import AlertCommands
from handlers.slack.blocks import CONTEXT_TEXT, MAX_BLOCKS
from handlers.slack.client import slack_call
from handlers.slack.commands import (
    COMMAND,
    SUBCOMMANDS,
    Command,
    Name,
    UsageError,
    parse_command,
    usage,
)
from handlers.slack.escape import Mrkdwn, inline_mrkdwn, trim_escaped
from handlers.slack.groups import UserGroups
from handlers.slack.messages import (
    ALERT_ACK,
    ALERT_DETAILS,
    ALERT_MENU,
    ALERT_SNOOZE,
    DRAFT_APPROVE,
    DRAFT_EDIT,
    DRAFT_REJECT,
    EDIT_INPUT,
    REASON_INPUT,
    VIEW_EDIT,
    VIEW_REJECT,
    Messages,
)

__all__ = ["STATUS_BLOCK", "SlackListeners", "SummaryCommand"]

log = logging.getLogger(__name__)

STATUS_BLOCK = "status"
_STATUS_LINES = 6

# The summaries use-case: (receiver name or None, the day argument as typed) → a summary notice.
SummaryCommand = Callable[[str | None, str | None], Awaitable[Notice]]
Body = dict[str, Any]


class SlackListeners:
    """Every Slack interaction socialpulse answers; `register` attaches them to a Bolt app."""

    def __init__(
        self,
        actions: Actions,
        store: Store,
        workspace: Workspace,
        messages: Messages,
        groups: UserGroups,
        nudge: Callable[[], None],
        summary: SummaryCommand | None = None,
    ) -> None:
        self._actions = actions
        self._store = store
        self._workspace = workspace
        self._messages = messages
        self._groups = groups
        self._nudge = nudge
        self._summary = summary

    def register(self, app: AsyncApp) -> None:
        app.command(COMMAND)(self.on_command)
        app.action(DRAFT_APPROVE)(self.on_approve)
        app.action(DRAFT_EDIT)(self.on_edit)
        app.action(DRAFT_REJECT)(self.on_reject)
        app.view(VIEW_EDIT)(self.on_edit_submitted)
        app.view(VIEW_REJECT)(self.on_reject_submitted)
        app.action(ALERT_ACK)(self.on_ack)
        app.action(ALERT_SNOOZE)(self.on_snooze)
        app.action(ALERT_MENU)(self.on_alert_menu)
        app.action(ALERT_DETAILS)(self.on_alert_details)

    # --- who is acting ------------------------------------------------------------------

    async def actor(self, user_id: str, username: str = "") -> Actor:
        """The Actor for a Slack user: their name from the workspace file when it lists them."""
        groups = await self._groups.of(user_id)
        person = self._workspace.person_for("slack", user_id, groups)
        display = person.name if person is not None else (username or user_id)
        return Actor("slack", user_id, display, groups)

    async def _actor_of(self, body: Body) -> Actor:
        user = body.get("user") or {}
        return await self.actor(str(user.get("id", "")), str(user.get("username") or ""))

    # --- drafts -------------------------------------------------------------------------

    async def on_approve(
        self, ack: AsyncAck, body: Body, action: Body, respond: AsyncRespond
    ) -> None:
        await ack()
        actor = await self._actor_of(body)
        answer = await self._decide(lambda: self._actions.approve(int(action["value"]), actor))
        if answer:
            await _whisper(respond, answer)

    async def on_edit(
        self, ack: AsyncAck, body: Body, action: Body, respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        await self._open_modal(body, action, respond, client, edit=True)

    async def on_reject(
        self, ack: AsyncAck, body: Body, action: Body, respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        await self._open_modal(body, action, respond, client, edit=False)

    async def _open_modal(
        self, body: Body, action: Body, respond: AsyncRespond, client: AsyncWebClient, edit: bool
    ) -> None:
        actor = await self._actor_of(body)
        try:
            draft = await self._store.drafts.get(int(action["value"]))
        except DraftNotFound:
            await _whisper(respond, "That draft no longer exists.")
            return
        if draft.status is not DraftStatus.PENDING_REVIEW:
            await _whisper(respond, _already_decided(draft))
            self._nudge()
            return
        if not self._workspace.may_approve("slack", actor.user_id, draft.brand, actor.groups):
            # Deciding (approve, reject, edit) is refused and audited by Actions; opening the
            # editor is only a read, so it is logged here and refused before any typing.
            log.warning(
                "action refused actor=%s platform=slack action=%s subject=draft:%d reason=%s",
                actor.user_id,
                "edit" if edit else "reject",
                draft.id,
                "not an approver of the brand",
            )
            await _whisper(
                respond,
                f"Sorry — only approvers of {inline_mrkdwn(self._brand_name(draft.brand))} "
                "can decide this reply.",
            )
            return
        if edit and not takes_reply(draft.action):
            # A message from before the draft's buttons were chosen by its kind may show Edit.
            await _whisper(
                respond,
                "Sorry — the draft hides the comment and takes no reply: hide it or reject it.",
            )
            return
        container = body.get("container") or {}
        metadata = {
            "draft": draft.id,
            "channel": container.get("channel_id") or (body.get("channel") or {}).get("id"),
            "ts": container.get("message_ts"),
        }
        view = (self._messages.edit_view if edit else self._messages.reject_view)(draft, metadata)
        try:
            await slack_call(
                "views.open", client.views_open(trigger_id=body["trigger_id"], view=view)
            )
        except ChannelError as error:
            log.warning("slack modal not opened draft=%d reason=%s", draft.id, error)
            await _whisper(
                respond, "Slack did not open the form in time — please press the button again."
            )

    async def on_edit_submitted(
        self, ack: AsyncAck, body: Body, view: Body, client: AsyncWebClient
    ) -> None:
        text = _input(view, EDIT_INPUT).strip()
        metadata = _metadata(view)
        problem = await self._form_problem(metadata, text)
        if problem is not None:
            # Shown beside the text box, which stays open with the text for another try.
            await ack(response_action="errors", errors={EDIT_INPUT[0]: problem})
            return
        await ack()
        actor = await self._actor_of(body)
        answer = await self._decide(lambda: self._actions.edit(int(metadata["draft"]), actor, text))
        if answer:
            await self._whisper_in(client, metadata, actor, answer)

    async def _form_problem(self, metadata: Mapping[str, Any], text: str) -> str | None:
        """What keeps the reply typed in the Edit form from being approved (empty, over the
        platform's limit), for the form to show; None when the decision may go ahead.

        One read of the draft, well within the 3 seconds Slack gives the form's answer. A
        draft decided or deleted meanwhile is left to the decision, which says so privately.
        """
        if not text:
            return "The reply is empty — write one, or use Reject."
        try:
            draft = await self._store.drafts.get(int(metadata["draft"]))
        except DraftNotFound:
            return None
        if draft.status is not DraftStatus.PENDING_REVIEW:
            return None
        problem = reply_problem(draft, text)
        return None if problem is None else f"{problem[:1].upper()}{problem[1:]}."

    async def on_reject_submitted(
        self, ack: AsyncAck, body: Body, view: Body, client: AsyncWebClient
    ) -> None:
        await ack()
        metadata = _metadata(view)
        actor = await self._actor_of(body)
        reason = _input(view, REASON_INPUT)
        answer = await self._decide(
            lambda: self._actions.reject(int(metadata["draft"]), actor, reason)
        )
        if answer:
            await self._whisper_in(client, metadata, actor, answer)

    async def _decide(self, decide: Callable[[], Awaitable[DraftRecord]]) -> str | None:
        """Run one decision; None when it was made, else what to tell the person privately."""
        try:
            await decide()
        except Refused as refusal:
            return f"Sorry — {inline_mrkdwn(str(refusal))}."
        except InvalidTransition as late:
            self._nudge()
            return _already_decided(late.record)
        except DraftNotFound:
            return "That draft no longer exists."
        self._nudge()
        return None

    # --- alerts -------------------------------------------------------------------------

    async def on_ack(
        self, ack: AsyncAck, body: Body, action: Body, respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        await self._ack(body, str(action.get("value", "")).split(","), respond, client)

    async def on_snooze(
        self, ack: AsyncAck, body: Body, action: Body, respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        duration, _, fingerprints = _selected(action).partition(":")
        await self._snooze(body, duration, fingerprints.split(","), respond, client)

    async def on_alert_menu(
        self, ack: AsyncAck, body: Body, action: Body, respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        verb, _, rest = _selected(action).partition(":")
        if verb == "ack":
            await self._ack(body, [rest], respond, client)
        elif verb == "snooze":
            duration, _, fingerprint = rest.partition(":")
            await self._snooze(body, duration, [fingerprint], respond, client)

    async def on_alert_details(
        self, ack: AsyncAck, body: Body, action: Body, respond: AsyncRespond
    ) -> None:
        await ack()
        fingerprints = [f for f in str(action.get("value", "")).split(",") if f]
        try:
            shown = await AlertCommands(self._actions, self._messages).details(
                fingerprints, await self._actor_of(body)
            )
        except Refused as refusal:
            await _whisper(respond, f"Sorry — {inline_mrkdwn(str(refusal))}.")
            return
        if shown is None:
            await _whisper(respond, "Those alerts are no longer known.")
            return
        await respond(
            text=shown.text, blocks=shown.blocks, response_type="ephemeral", replace_original=False
        )

    async def _ack(
        self, body: Body, fingerprints: Sequence[str], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        actor = await self._actor_of(body)
        done: list[str] = []
        for fingerprint in filter(None, fingerprints):
            try:
                record = await self._actions.ack(fingerprint, actor)
            except Refused as refusal:
                await _whisper(respond, f"Sorry — {inline_mrkdwn(str(refusal))}.")
                return
            except AlertNotFound:
                continue
            done.append(record.fingerprint)
        if not done:
            await _whisper(respond, "Those alerts are no longer known.")
            return
        await self._mark(body, client, "acknowledged", actor, done)

    async def _snooze(
        self,
        body: Body,
        duration: str,
        fingerprints: Sequence[str],
        respond: AsyncRespond,
        client: AsyncWebClient,
    ) -> None:
        actor = await self._actor_of(body)
        done: list[str] = []
        until = ""
        for fingerprint in filter(None, fingerprints):
            try:
                silence = await self._actions.snooze(fingerprint, duration, actor)
            except Refused as refusal:
                await _whisper(respond, f"Sorry — {inline_mrkdwn(str(refusal))}.")
                return
            except AlertNotFound:
                continue
            except ValueError:
                await _whisper(respond, f"`{inline_mrkdwn(duration)}` is not a snooze length.")
                return
            done.append(fingerprint)
            until = silence.ends_at
        if not done:
            await _whisper(respond, "Those alerts are no longer known.")
            return
        await self._mark(body, client, "snoozed", actor, done, duration=duration, until=until)

    async def _mark(
        self,
        body: Body,
        client: AsyncWebClient,
        what: str,
        actor: Actor,
        fingerprints: Sequence[str],
        duration: str = "",
        until: str = "",
    ) -> None:
        """Add a line to the alert message saying who acknowledged or snoozed what, and when."""
        message = body.get("message") or {}
        container = body.get("container") or {}
        channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
        ts = container.get("message_ts") or message.get("ts")
        blocks = message.get("blocks")
        if not channel or not ts or not isinstance(blocks, list):
            return
        line = self._messages.render(
            "alert_status",
            {
                "what": what,
                "by": actor.display or actor.user_id,
                "at": self._store.db.now(),
                "ids": [fp[:8] for fp in fingerprints],
                "duration": duration,
                "until": "" if until == UNTIL_RESOLVED else until,
            },
        )
        status = [line, *_status_lines(blocks)][:_STATUS_LINES]
        kept = [b for b in blocks if b.get("block_id") != STATUS_BLOCK]
        if len(kept) >= MAX_BLOCKS:
            log.warning("slack alert message full, status not shown ts=%s", ts)
            return
        block = ContextBlock(
            block_id=STATUS_BLOCK,
            elements=[MarkdownTextObject(text=trim_escaped("\n".join(status), CONTEXT_TEXT))],
        )
        at = next((i for i, b in enumerate(kept) if b.get("type") == "actions"), len(kept))
        updated = [*kept[:at], block.to_dict(), *kept[at:]]
        try:
            await slack_call(
                "chat.update",
                client.chat_update(
                    channel=channel, ts=ts, text=message.get("text") or line, blocks=updated
                ),
            )
        except ChannelError as error:
            log.warning("slack alert message not updated ts=%s reason=%s", ts, error)

    # --- /socialpulse -------------------------------------------------------------------

    async def on_command(
        self, ack: AsyncAck, command: Body, respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        try:
            parsed = parse_command(str(command.get("text") or ""))
        except UsageError as problem:
            # The problem is mrkdwn already, the words it quotes made inert by parse_command.
            await self._answer(
                respond, "command_help", self._help(Mrkdwn(str(problem)), problem.name)
            )
            return
        if parsed.name == "help":
            await self._answer(respond, "command_help", self._help())
            return
        actor = await self.actor(
            str(command.get("user_id", "")), str(command.get("user_name") or "")
        )
        try:
            if parsed.name in ("ack", "snooze"):
                await AlertCommands(self._actions, self._messages).run(
                    parsed, actor, respond, client
                )
                return
            await self._run(parsed, actor, str(command.get("channel_id") or ""), respond)
        except Refused as refusal:
            await _whisper(respond, f"Sorry — {inline_mrkdwn(str(refusal))}.")
        except AlertNotFound as missing:
            await _whisper(
                respond, f"{inline_mrkdwn(str(missing))}. `{COMMAND} alerts` lists the alert ids."
            )

    async def _run(
        self, command: Command, actor: Actor, channel: str, respond: AsyncRespond
    ) -> None:
        await self._actions.person(actor, f"view.{command.name}", f"slack:{channel}")
        if command.name == "alerts":
            states = (
                (AlertState.PENDING, AlertState.FIRING) if command.args else (AlertState.FIRING,)
            )
            alerts = await self._store.alerts.select(states, limit=200)
            await self._answer(
                respond,
                "command_alerts",
                {"alerts": [_alert(a) for a in alerts], "all": bool(command.args)},
            )
        elif command.name == "drafts":
            brand = command.args[0] if command.args else None
            drafts = await self._store.drafts.select(brand=brand, limit=200)
            await self._answer(
                respond,
                "command_drafts",
                {"drafts": [asdict(d) for d in drafts], "brand": brand or ""},
            )
        elif command.name == "status":
            await self._answer(respond, "command_status", await self._status())
        elif command.name == "summary":
            await self._summary_answer(command, channel, respond)
        elif command.name == "hashtags":
            brand, text = command.args
            try:
                found = await hashtag_suggestions_for(
                    self._store, self._workspace, brand, text, self._store.db.clock()
                )
            except LookupError as problem:
                await self._answer(respond, "command_help", self._help(str(problem), "hashtags"))
                return
            await self._answer(respond, "command_hashtags", {"brand": brand, **asdict(found)})

    async def _summary_answer(self, command: Command, channel: str, respond: AsyncRespond) -> None:
        if self._summary is None:
            await _whisper(
                respond, "Summaries are not available in this version of socialpulse yet."
            )
            return
        receiver = next(
            (
                r.name
                for r in self._workspace.receivers
                if isinstance(r, SlackReceiver) and r.channel == channel
            ),
            None,
        )
        try:
            notice = await self._summary(receiver, command.args[0] if command.args else None)
        except ValueError as problem:
            await self._answer(respond, "command_help", self._help(str(problem), "summary"))
            return
        message = self._messages.notice(notice)
        await respond(
            text=message.text,
            blocks=message.blocks,
            response_type="ephemeral",
            replace_original=False,
        )

    async def _status(self) -> dict[str, Any]:
        return {
            "alerts": await self._store.alerts.counts(),
            "drafts": await self._store.drafts.count_by_status(),
            "outbox": await self._store.outbox.counts(),
            "receivers": [
                {"name": r.name, "channel": r.channel}
                for r in self._workspace.receivers
                if isinstance(r, SlackReceiver)
            ],
        }

    def _help(self, problem: str = "", name: Name | None = None) -> dict[str, Any]:
        return {
            "command": COMMAND,
            "problem": problem,
            "usage": usage(name) if name else "",
            "subcommands": [{"usage": usage(n), "what": what} for n, _, what in SUBCOMMANDS],
        }

    async def _answer(
        self, respond: AsyncRespond, template: str, context: Mapping[str, Any]
    ) -> None:
        message = self._messages.answer(template, context)
        await respond(
            text=message.text,
            blocks=message.blocks,
            response_type="ephemeral",
            replace_original=False,
        )

    async def _whisper_in(
        self, client: AsyncWebClient, metadata: Mapping[str, Any], actor: Actor, text: str
    ) -> None:
        """An ephemeral note in the review channel (a modal has no response_url)."""
        channel = metadata.get("channel")
        if not channel:
            return
        try:
            await slack_call(
                "chat.postEphemeral",
                client.chat_postEphemeral(channel=str(channel), user=actor.user_id, text=text),
            )
        except ChannelError as error:
            log.warning("slack ephemeral not sent user=%s reason=%s", actor.user_id, error)

    def _brand_name(self, brand_id: str) -> str:
        brand = self._workspace.brand(brand_id)
        return brand.name if brand else brand_id


def _already_decided(draft: DraftRecord) -> str:
    who = f" by {inline_mrkdwn(draft.decided_by)}" if draft.decided_by else ""
    when = f" at {draft.decided_at[:16].replace('T', ' ')} UTC" if draft.decided_at else ""
    return f"This reply was already {draft.status.value}{who}{when} — nothing changed."


async def _whisper(respond: AsyncRespond, text: str) -> None:
    await respond(text=text, response_type="ephemeral", replace_original=False)


def _input(view: Body, where: tuple[str, str]) -> str:
    values = ((view.get("state") or {}).get("values") or {}).get(where[0]) or {}
    return str((values.get(where[1]) or {}).get("value") or "")


def _metadata(view: Body) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def _selected(action: Body) -> str:
    return str((action.get("selected_option") or {}).get("value") or "")


def _status_lines(blocks: Sequence[Body]) -> list[str]:
    for block in blocks:
        if block.get("block_id") == STATUS_BLOCK:
            elements = block.get("elements") or [{}]
            return [line for line in str(elements[0].get("text", "")).split("\n") if line]
    return []


def _alert(record: AlertRecord) -> dict[str, Any]:
    data = asdict(record)
    data["state"] = record.state.value
    return data
