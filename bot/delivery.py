"""Sends queued notices to their channels, once each; edits earlier messages for decisions."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass

from bot.channel import Channel, ChannelError
from bot.notices import Notice, NoticeKind
from bot.store.outbox import Outbox

log = logging.getLogger(__name__)

# Notices that change an earlier message rather than post a new one, and where to find it.
_EDITS: dict[str, NoticeKind] = {"decision": "draft", "resolved": "alert"}
MAX_PERMANENT_FAILURES = 3


@dataclass(slots=True)
class DeliveryCounts:
    sent: int = 0
    failed: int = 0
    deferred: int = 0


class Deliverer:
    """Drains the outbox; a receiver that is down is paused, its notices stay queued."""

    def __init__(self, outbox: Outbox, channels: Mapping[str, Channel]) -> None:
        self._outbox = outbox
        self._channels = channels
        self._paused_until: dict[str, float] = {}

    async def deliver(self, limit: int = 200) -> DeliveryCounts:
        counts = DeliveryCounts()
        for notice in await self._outbox.due(limit):
            assert notice.id is not None
            if self._paused_until.get(notice.receiver, 0.0) > time.monotonic():
                counts.deferred += 1
                continue
            channel = self._channels.get(notice.receiver)
            if channel is None:
                await self._outbox.mark_failed(
                    notice.id, f"no channel for receiver {notice.receiver!r}", give_up_after=1
                )
                log.error(
                    "notice undeliverable id=%d receiver=%s reason=no_channel",
                    notice.id,
                    notice.receiver,
                )
                counts.failed += 1
                continue
            try:
                await self._deliver_one(channel, notice)
            except ChannelError as exc:
                await self._failed(notice, exc, counts)
                continue
            except Exception as exc:
                # A notice that cannot be rendered or sent must not block the ones behind it.
                log.exception("notice failed id=%d receiver=%s", notice.id, notice.receiver)
                await self._failed(notice, ChannelError(repr(exc), retryable=False), counts)
                continue
            counts.sent += 1
        return counts

    async def _deliver_one(self, channel: Channel, notice: Notice) -> None:
        assert notice.id is not None
        original = _EDITS.get(notice.kind)
        if original is not None:
            refs = [
                r
                for r in await self._outbox.refs(original, notice.subject)
                if r.receiver == notice.receiver
            ]
            if refs:
                for ref in refs:
                    await channel.update(ref, notice)
                await self._outbox.mark_sent(notice.id, refs[0])
                return
        ref = await channel.send(notice)
        await self._outbox.mark_sent(notice.id, ref)

    async def _failed(self, notice: Notice, exc: ChannelError, counts: DeliveryCounts) -> None:
        assert notice.id is not None
        if exc.retryable:
            pause = max(exc.retry_after, 1.0)
            self._paused_until[notice.receiver] = time.monotonic() + pause
            await self._outbox.mark_failed(notice.id, str(exc), give_up_after=None)
            log.warning(
                "receiver paused receiver=%s seconds=%.1f reason=%s", notice.receiver, pause, exc
            )
            counts.deferred += 1
            return
        await self._outbox.mark_failed(notice.id, str(exc), give_up_after=MAX_PERMANENT_FAILURES)
        log.error("notice failed id=%d receiver=%s reason=%s", notice.id, notice.receiver, exc)
        counts.failed += 1
