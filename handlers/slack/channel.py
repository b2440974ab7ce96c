"""`SlackChannel`: posts notices to the receivers' Slack channels and edits them later."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from slack_sdk.web.async_client import AsyncWebClient

from bot.channel import ChannelError, MessageRef
from bot.notices import Notice
from handlers.slack.client import SlackCallError, slack_call
from handlers.slack.messages import Messages
from handlers.slack.server import SlackServer

__all__ = ["SlackChannel"]

log = logging.getLogger(__name__)

# Each notice's message carries its id in Slack's message metadata, so a worker that takes a
# notice over from one that died can look for it in the channel before posting it again.
METADATA_EVENT = "socialpulse_notice"
# How far back (messages) the channel is read for such a notice: it was in flight a lease ago.
_LOOK_BACK = 200
# The original message is gone or can no longer be edited: nothing left to update.
_GONE = frozenset({"message_not_found", "cant_update_message", "edit_window_closed"})


class SlackChannel:
    """One channel object for every Slack receiver; a receiver names a Slack channel id.

    Failures raise ChannelError (retryable when Slack is down, rate limited or waiting for
    someone to fix a token or an invitation), so the Deliverer keeps the notice queued.
    """

    name = "slack"

    def __init__(
        self,
        client: AsyncWebClient,
        receivers: Mapping[str, str],
        messages: Messages,
        server: SlackServer | None = None,
    ) -> None:
        self.client = client
        self.server = server
        self._receivers = dict(receivers)
        self._messages = messages
        # Steps already done for a notice whose later step failed, so a retry does not
        # repeat them: a summary posted before its charts, a thread reply already sent.
        self._posted: dict[int, MessageRef] = {}
        self._replied: set[tuple[int, str]] = set()

    @property
    def receivers(self) -> dict[str, str]:
        """Receiver name → Slack channel id."""
        return dict(self._receivers)

    async def start(self) -> None:
        if self.server is not None:
            await self.server.start()

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()

    def _chat(self, receiver: str) -> str:
        try:
            return self._receivers[receiver]
        except KeyError:
            raise ChannelError(f"{receiver!r} is not a Slack receiver", retryable=False) from None

    async def send(self, notice: Notice) -> MessageRef:
        chat = self._chat(notice.receiver)
        ref = self._posted.get(notice.id) if notice.id is not None else None
        if ref is None:
            message = self._messages.notice(notice)
            response = await slack_call(
                "chat.postMessage",
                self.client.chat_postMessage(
                    channel=chat,
                    text=message.text,
                    blocks=message.blocks,
                    unfurl_links=False,
                    unfurl_media=False,
                    metadata=_stamp(notice),
                ),
            )
            ref = MessageRef(
                notice.receiver, self.name, str(response["channel"]), str(response["ts"])
            )
            log.info(
                "slack message posted kind=%s receiver=%s channel=%s ts=%s",
                notice.kind,
                notice.receiver,
                ref.chat,
                ref.message_id,
            )
        charts = [_chart(item) for item in notice.data.get("charts") or []]
        if charts:
            if notice.id is not None:
                self._posted[notice.id] = ref
            await self._upload(ref, charts)
            if notice.id is not None:
                self._posted.pop(notice.id, None)
        return ref

    async def sent_before(self, notice: Notice) -> MessageRef | None:
        """The message this notice was posted as, when the channel's recent history has one
        stamped with its id (conversations.history with its metadata; needs the
        channels:history scope, groups:history for private channels). A look that fails is
        a ChannelError (looked again later), but for a token never allowed to read: None."""
        if notice.id is None:
            return None
        chat = self._chat(notice.receiver)
        try:
            response = await slack_call(
                "conversations.history",
                self.client.conversations_history(
                    channel=chat, limit=_LOOK_BACK, include_all_metadata=True
                ),
            )
        except SlackCallError as exc:
            if exc.code != "missing_scope":
                # Slack unwell, busy or slow (a 429, a 5xx, no answer): the notice may be in
                # the channel, so it is looked for again later, not posted blind now.
                raise
            # Never allowed to read (a token without the history scope): the notice is sent
            # again rather than held back for good (at least once).
            log.warning(
                "slack history not read, notice sent again id=%d receiver=%s error=%s",
                notice.id,
                notice.receiver,
                exc,
            )
            return None
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if (
                metadata.get("event_type") == METADATA_EVENT
                and payload.get("notice_id") == notice.id
                and payload.get("dedupe_key") == notice.dedupe_key
            ):
                return MessageRef(notice.receiver, self.name, chat, str(message["ts"]))
        return None

    async def _upload(self, ref: MessageRef, charts: list[tuple[Path, str]]) -> None:
        files = []
        for path, title in charts:
            if path.is_file():
                files.append(
                    {
                        "file": str(path),
                        "filename": path.name,
                        "title": title or path.stem.replace("_", " "),
                    }
                )
            else:
                log.warning("chart missing, not uploaded path=%s", path)
        if not files:
            return
        await slack_call(
            "files.upload",
            self.client.files_upload_v2(
                file_uploads=files, channel=ref.chat, thread_ts=ref.message_id
            ),
        )

    async def update(self, ref: MessageRef, notice: Notice) -> None:
        message = self._messages.notice(notice)
        try:
            await slack_call(
                "chat.update",
                self.client.chat_update(
                    channel=ref.chat, ts=ref.message_id, text=message.text, blocks=message.blocks
                ),
            )
        except SlackCallError as error:
            if error.code not in _GONE:
                raise
            log.info("slack message not updated (gone) channel=%s ts=%s", ref.chat, ref.message_id)
            return
        if notice.kind == "resolved":
            await self._reply_resolved(ref, notice)

    async def _reply_resolved(self, ref: MessageRef, notice: Notice) -> None:
        key = (notice.id or 0, ref.message_id)
        if key in self._replied:
            return
        await slack_call(
            "chat.postMessage",
            self.client.chat_postMessage(
                channel=ref.chat,
                thread_ts=ref.message_id,
                text=self._messages.resolved_reply(notice),
                unfurl_links=False,
                unfurl_media=False,
            ),
        )
        self._replied.add(key)


def _stamp(notice: Notice) -> dict[str, object] | None:
    """The message metadata naming `notice` (its id and dedupe key)."""
    if notice.id is None:
        return None
    return {
        "event_type": METADATA_EVENT,
        "event_payload": {"notice_id": notice.id, "dedupe_key": notice.dedupe_key},
    }


def _chart(item: object) -> tuple[Path, str]:
    """A summary chart as its path and title: `{"path", "title"}`, or a bare path."""
    if isinstance(item, Mapping):
        return Path(str(item.get("path", ""))), str(item.get("title", ""))
    return Path(str(item)), ""
