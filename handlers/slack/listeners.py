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
from bot.draft_review import DraftNotFound, DraftRecord, InvalidTransition
from bot.models import UNTIL_RESOLVED, AlertNotFound, AlertRecord, DraftStatus
from bot.snooze import BadSnooze
from handlers.actions import Actions, Actor, Refused, already_decided
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
from handlers.slack.escape import Mrkdwn, code, inline_mrkdwn, trim_escaped
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
from handlers.views import Unavailable, Views

__all__ = ["STATUS_BLOCK", "SlackListeners"]

log = logging.getLogger(__name__)

STATUS_BLOCK = "status"
_STATUS_LINES = 6
Body = dict[str, Any]


class SlackListeners:
    """Every Slack interaction socialpulse answers; `register` attaches them to a Bolt app.

    Each listener acknowledges, translates the payload into one use-case of `actions` or
    `views`, and renders what comes back; the rules (who may, what is valid) live there.
    `receivers` maps receiver names to the Slack channels this app serves.
    """

    def __init__(
        self,
        actions: Actions,
        views: Views,
        messages: Messages,
        groups: UserGroups,
        nudge: Callable[[], None],
        receivers: Mapping[str, str],
    ) -> None:
        self._actions = actions
        self._views = views
        self._messages = messages
        self._groups = groups
        self._nudge = nudge
        self._receivers = dict(receivers)

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

    async def actor(self, user_id: str, username: str = "", channel: str = "") -> Actor:
        """The Actor for a Slack user in `channel`, with the user groups they are in."""
        groups = await self._groups.of(user_id)
        return self._actions.actor("slack", user_id, username, groups, channel)

    async def _actor_of(self, body: Body) -> Actor:
        user = body.get("user") or {}
        return await self.actor(
            str(user.get("id", "")), str(user.get("username") or ""), _channel_of(body)
        )

    # --- drafts -------------------------------------------------------------------------

    async def on_approve(
        self, ack: AsyncAck, body: Body, action: Body, respond: AsyncRespond
    ) -> None:
        await ack()
        actor = await self._actor_of(body)
        draft_id, seen = _draft_value(action)
        answer = await self._decide(lambda: self._actions.approve(draft_id, actor, seen=seen))
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
        to = DraftStatus.EDITED if edit else DraftStatus.REJECTED
        draft_id, seen = _draft_value(action)
        try:
            draft = await self._actions.open_decision(draft_id, actor, to, seen=seen)
        except DraftNotFound:
            await _whisper(respond, "That draft no longer exists.")
            return
        except InvalidTransition as late:
            await _whisper(respond, _already_decided(late.record))
            self._nudge()
            return
        except Refused as refusal:
            await _whisper(respond, f"Sorry — {inline_mrkdwn(str(refusal))}.")
            return
        container = body.get("container") or {}
        metadata = {
            "draft": draft.id,
            "channel": _channel_of(body),
            "ts": container.get("message_ts"),
            "seen": seen,
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
        # One read of the draft, well within the 3 seconds Slack gives the form's answer.
        problem = await self._actions.edit_problem(int(metadata["draft"]), text)
        if problem is not None:
            # Shown beside the text box, which stays open with the text for another try.
            await ack(
                response_action="errors",
                errors={EDIT_INPUT[0]: f"{problem[:1].upper()}{problem[1:]}."},
            )
            return
        await ack()
        actor = await self._actor_of(body)
        answer = await self._decide(
            lambda: self._actions.edit(int(metadata["draft"]), actor, text, seen=_seen(metadata))
        )
        if answer:
            await self._whisper_in(client, metadata, actor, answer)

    async def on_reject_submitted(
        self, ack: AsyncAck, body: Body, view: Body, client: AsyncWebClient
    ) -> None:
        await ack()
        metadata = _metadata(view)
        actor = await self._actor_of(body)
        reason = _input(view, REASON_INPUT)
        answer = await self._decide(
            lambda: self._actions.reject(
                int(metadata["draft"]), actor, reason, seen=_seen(metadata)
            )
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
            shown = await AlertCommands(self._actions, self._views, self._messages).details(
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
            except BadSnooze as problem:
                await _whisper(respond, f"Sorry — {problem.explain(code)}.")
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
                "at": self._views.now(),
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
            str(command.get("user_id", "")),
            str(command.get("user_name") or ""),
            str(command.get("channel_id") or ""),
        )
        try:
            if parsed.name in ("ack", "snooze"):
                await AlertCommands(self._actions, self._views, self._messages).run(
                    parsed, actor, respond, client
                )
                return
            await self._run(parsed, actor, respond)
        except Refused as refusal:
            await _whisper(respond, f"Sorry — {inline_mrkdwn(str(refusal))}.")
        except AlertNotFound as missing:
            await _whisper(
                respond, f"{inline_mrkdwn(str(missing))}. `{COMMAND} alerts` lists the alert ids."
            )

    async def _run(self, command: Command, actor: Actor, respond: AsyncRespond) -> None:
        if command.name == "alerts":
            alerts = await self._views.alerts(actor, pending=bool(command.args), limit=200)
            await self._answer(
                respond,
                "command_alerts",
                {"alerts": [_alert(a) for a in alerts], "all": bool(command.args)},
            )
        elif command.name == "drafts":
            brand = command.args[0] if command.args else None
            queue = await self._views.drafts(actor, brand=brand, limit=200)
            await self._answer(
                respond,
                "command_drafts",
                {"drafts": [asdict(d) for d in queue.drafts], "brand": brand or ""},
            )
        elif command.name == "status":
            status = await self._views.status(actor)
            receivers = [{"name": n, "channel": c} for n, c in self._receivers.items()]
            await self._answer(
                respond, "command_status", {**asdict(status), "receivers": receivers}
            )
        elif command.name == "summary":
            await self._summary_answer(command, actor, respond)
        elif command.name == "hashtags":
            brand, text = command.args
            try:
                found = await self._views.hashtags(actor, brand, text)
            except LookupError as problem:
                await self._answer(respond, "command_help", self._help(str(problem), "hashtags"))
                return
            await self._answer(respond, "command_hashtags", {"brand": brand, **asdict(found)})

    async def _summary_answer(self, command: Command, actor: Actor, respond: AsyncRespond) -> None:
        try:
            notice = await self._views.summary(actor, command.args[0] if command.args else None)
        except Unavailable as missing:
            await _whisper(respond, f"Sorry — {inline_mrkdwn(str(missing))}.")
            return
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


def _already_decided(draft: DraftRecord) -> str:
    return inline_mrkdwn(already_decided(draft))


def _channel_of(body: Body) -> str:
    """The channel a button was pressed in."""
    container = body.get("container") or {}
    return str(container.get("channel_id") or (body.get("channel") or {}).get("id") or "")


async def _whisper(respond: AsyncRespond, text: str) -> None:
    await respond(text=text, response_type="ephemeral", replace_original=False)


def _input(view: Body, where: tuple[str, str]) -> str:
    values = ((view.get("state") or {}).get("values") or {}).get(where[0]) or {}
    return str((values.get(where[1]) or {}).get("value") or "")


def _draft_value(action: Body) -> tuple[int, str | None]:
    """A draft button's value, "12:3fa2…": the draft and the fingerprint of the version the
    message showed; a message from before fingerprints carries "12" and decides as is."""
    draft_id, _, seen = str(action["value"]).partition(":")
    return int(draft_id), seen or None


def _seen(metadata: Mapping[str, Any]) -> str | None:
    """The fingerprint a form carries from the button that opened it (None in older forms)."""
    seen = metadata.get("seen")
    return seen if isinstance(seen, str) and seen else None


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
