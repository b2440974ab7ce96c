"""`/socialpulse ack` and `snooze`: change an alert, then edit its messages in place."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.alerting.manager import alert_context
from bot.channel import ChannelError
from bot.models import FINGERPRINT_MATCHER, AlertNotFound
from bot.snooze import snoozed_until
from handlers.actions import Actions, Actor
from handlers.slack.blocks import SlackMessage
from handlers.slack.client import SlackCallError, slack_call
from handlers.slack.commands import Command
from handlers.slack.escape import inline_mrkdwn
from handlers.slack.messages import Messages
from handlers.views import Views

__all__ = ["AlertCommands"]

log = logging.getLogger(__name__)

# The original message is gone or can no longer be edited: nothing left to update.
_GONE = frozenset({"message_not_found", "cant_update_message", "edit_window_closed"})


class AlertCommands:
    """Acknowledge or snooze by id from the command line of Slack; every Slack message that
    shows the alert then says who did it, as a button press on the message itself would.

    Refusals (`Refused`) and unknown ids (`AlertNotFound`) are left to the caller, which
    answers them like any other command.
    """

    def __init__(
        self, actions: Actions, views: Views, messages: Messages, channel: str = "slack"
    ) -> None:
        self._actions = actions
        self._views = views
        self._messages = messages
        self._channel = channel

    async def run(
        self, command: Command, actor: Actor, respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        alert = command.args[0]
        if command.name == "ack":
            record = await self._actions.ack(alert, actor)
            fingerprint = record.fingerprint
            said = f"✓ Alert `{inline_mrkdwn(alert)}` acknowledged."
        else:
            duration = command.args[1]
            silence = await self._actions.snooze(alert, duration, actor)
            fingerprint = silence.matchers.get(FINGERPRINT_MATCHER, alert)
            said = f"🔕 Alert `{inline_mrkdwn(alert)}` snoozed {snoozed_until(silence.ends_at)}."
        await respond(text=said, response_type="ephemeral", replace_original=False)
        await self.refresh(fingerprint, client)

    async def refresh(self, fingerprint: str, client: AsyncWebClient) -> int:
        """Edit each Slack message showing the alert to its state now; how many were edited."""
        edited = 0
        for ref, notice in await self._views.alert_messages(fingerprint, self._channel):
            message = self._messages.notice(notice)
            try:
                await slack_call(
                    "chat.update",
                    client.chat_update(
                        channel=ref.chat,
                        ts=ref.message_id,
                        text=message.text,
                        blocks=message.blocks,
                    ),
                )
            except ChannelError as error:
                # The change is made and answered; a message gone or not editable stays as it
                # was, the others catch up at the next edit.
                gone = isinstance(error, SlackCallError) and error.code in _GONE
                if not gone:
                    log.warning(
                        "slack alert message not updated ts=%s reason=%s", ref.message_id, error
                    )
                continue
            edited += 1
        return edited

    async def details(self, fingerprints: Sequence[str], actor: Actor) -> SlackMessage | None:
        """The figures behind these alerts (the test, the baseline, the window, the volume) for
        one person on the workspace's list; None when none of the alerts is known any more."""
        try:
            records = await self._views.alert_details(actor, fingerprints)
        except AlertNotFound:
            return None
        return self._messages.answer(
            "alert_details", {"alerts": [alert_context(r) for r in records]}
        )
