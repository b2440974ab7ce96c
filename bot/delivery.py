"""Sends queued notices to their channels, once each; edits earlier messages for decisions."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar, runtime_checkable

from bot.batch_size import BatchSize
from bot.channel import Channel, ChannelError, MessageRef
from bot.health_state import HealthState, error_name
from bot.notices import Notice, NoticeKind
from bot.store import EXPECTED_FAILURES, ClaimLost, Outbox
from bot.workers import NOTICE_BATCH, Worker

__all__ = [
    "MAX_PERMANENT_FAILURES",
    "Deliverer",
    "DeliveryCounts",
    "T",
    "send_abandoned_after",
]

log = logging.getLogger(__name__)

T = TypeVar("T")

# Notices that change an earlier message rather than post a new one, and where to find it.
_EDITS: dict[str, NoticeKind] = {"decision": "draft", "resolved": "alert"}
MAX_PERMANENT_FAILURES = 3
# Recording a notice that went out is tried again this many times, after these pauses (s),
# when the database refuses (busy past its own retries, unreachable): the notice is never
# sent again because the bookkeeping failed.
RECORD_PAUSES = (0.5, 1.0, 2.0)
# The longest a channel's call (a send, an edit, a look back) may run before it is abandoned:
# Slack's client gives up an attempt after 30 s and may try it again
# (handlers/slack/client.py); Telegram's calls end sooner. A call that hangs past it (a peer
# that accepted the request and never answers) is a failure that may have reached the chat,
# so no notice is held by one call for ever, and a worker taking it over knows how long to wait.
CALL_LIMIT = timedelta(seconds=130)
# The longest recording a send may take: each try may wait for the database as long as
# SQLite's busy timeout (5 s), with RECORD_PAUSES between them.
RECORD_LIMIT = timedelta(seconds=sum(RECORD_PAUSES) + 5.0 * (len(RECORD_PAUSES) + 1))
# The claims the sender works under (bot/workers.py).
_QUEUE = "notifications"


@runtime_checkable
class LooksBack(Protocol):
    """A channel that can find a notice it carried earlier (Slack: each message is stamped
    with its notice's id). Telegram and the console cannot look. A look that fails raises
    ChannelError: the notice may be in the chat, so it is looked for again, not sent."""

    async def sent_before(self, notice: Notice) -> MessageRef | None: ...


@dataclass(slots=True)
class DeliveryCounts:
    sent: int = 0
    failed: int = 0
    deferred: int = 0

    def add(self, other: DeliveryCounts) -> None:
        self.sent += other.sent
        self.failed += other.failed
        self.deferred += other.deferred


def send_abandoned_after(lease: timedelta) -> timedelta:
    """How long after a send began, unrecorded, a worker taking its notice over stops waiting
    for the worker that began it, even one still alive (Worker.may_send_again): its call and
    its record with every retry, and two leases of stalls on top. Longer, that worker has lost
    track of the send (a record the database refused for good): a channel that can look is
    looked in, one that cannot is sent the notice again."""
    return CALL_LIMIT + RECORD_LIMIT + 2 * lease


class _OutOfTime(Exception):
    """A send still under way when the shutdown deadline came."""


class _Waiting(Exception):
    """A notice taken over whose send another worker began and may yet record: left queued
    (and claimed) for this worker's next rounds to look at again."""


class _NotRecorded(Exception):
    """A notice sent whose record the database refused after every retry: the round stops
    (the next notices would fare no better)."""


class Deliverer:
    """Drains the outbox; a receiver that is down is paused, its notices stay queued.

    Each send's outcome goes to `health` (the channel's last success, or its error). A channel
    failure is one log line per pause (error class, receiver, when it is tried again); only an
    unexpected exception (a bug, not the network) carries its traceback, once per receiver
    until a send to it succeeds again.
    """

    def __init__(
        self,
        outbox: Outbox,
        channels: Mapping[str, Channel],
        health: HealthState | None = None,
        clock: Callable[[], float] = time.monotonic,
        worker: Worker | None = None,
        call_limit: timedelta = CALL_LIMIT,
    ) -> None:
        self._outbox = outbox if worker is None else outbox.held_by(worker.id)
        self._call_limit = call_limit.total_seconds()
        # With several workers, each takes its notices by a claim (none is sent by two).
        self._worker = worker
        self._channels = channels
        self._health = health
        self._clock = clock
        self._paused_until: dict[str, float] = {}
        self._traced: set[tuple[str, type[BaseException]]] = set()
        self._deadline: float | None = None
        self._deadline_set = asyncio.Event()
        # Notices sent whose record the database refused (id → where they went): recorded
        # at their next turn, never sent again by this worker.
        self._unrecorded: dict[int, MessageRef | None] = {}
        # Notices whose send was recorded as begun but not made (the claim ran short right
        # after the check): the record is taken back, so no worker taking them waits on it.
        self._unstarted: set[int] = set()
        # Notices taken over and left waiting for the worker that began their send (logged
        # once each while they stay in this worker's batches; no more than a batch).
        self._waiting: set[int] = set()
        # Notices claimed a round: as many as are sent in a fifth of a lease, so a round
        # ends, and the next claims what a dead worker left, soon after its claims lapse.
        # Started small, as publishing rounds are: a worker just started (often the busiest,
        # the one that dies) holds little until its sends are timed.
        self._batch = (
            BatchSize(NOTICE_BATCH, worker.lease, start_small=True) if worker is not None else None
        )
        if worker is not None:
            worker.paused_receivers = self.paused
        for receiver, channel in channels.items():
            if health is not None:
                health.watch_channel(receiver, channel.name)

    def finish_in(self, seconds: float) -> None:
        """Shutting down: no send starts after `seconds` from now, and one still under way
        then is abandoned (its notice stays queued for the next start)."""
        self._deadline = self._clock() + seconds
        self._deadline_set.set()

    def paused(self) -> list[str]:
        """The receivers paused now: their notices are not read (nor claimed) ahead of the
        others', so a channel that is down holds up no other receiver."""
        now = self._clock()
        return sorted(r for r, until in self._paused_until.items() if until > now)

    def out_of_time(self) -> bool:
        return self._deadline is not None and self._clock() >= self._deadline

    async def deliver(self, limit: int = 200) -> DeliveryCounts:
        """One round over the oldest `limit` queued notices."""
        counts = DeliveryCounts()
        worker = self._worker
        paused = self.paused()
        if worker is None:
            due = await self._outbox.due(limit, paused)
        else:
            assert self._batch is not None
            await self._catch_up(worker)
            due = await worker.claim_notices(min(limit, self._batch.next()))
            self._waiting.intersection_update(n.id for n in due)
        if paused:
            # Not read for this round: still waiting for their receiver all the same.
            counts.deferred += await self._outbox.queued_for(paused)
        for notice in due:
            assert notice.id is not None
            if self.out_of_time() or (worker is not None and not worker.claims_fresh(_QUEUE)):
                break
            # Handled: sent (or found sent) or failed for good. A notice deferred (its
            # receiver paused, rate limited; a send another worker began, waited for) is
            # not: a round that ended after deferred ones alone would end with nothing done.
            handled = counts.sent + counts.failed
            if handled and worker is not None and worker.round_over(_QUEUE):
                # Another worker's claims lapsed: the rest stay claimed, and the next round,
                # at once, takes its notices first; they wait no longer than one send.
                break
            if self._paused_until.get(notice.receiver, 0.0) > self._clock():
                counts.deferred += 1
                continue
            channel = self._channels.get(notice.receiver)
            if channel is None:
                await self._settle(
                    self._outbox.mark_failed(
                        notice.id, f"no channel for receiver {notice.receiver!r}", give_up_after=1
                    )
                )
                log.error(
                    "notice undeliverable id=%d receiver=%s reason=no_channel",
                    notice.id,
                    notice.receiver,
                )
                counts.failed += 1
                continue
            started = self._clock()
            try:
                await self._deliver_one(channel, notice)
            except _NotRecorded:
                counts.sent += 1
                break
            except _OutOfTime:
                counts.deferred += 1
                break
            except _Waiting:
                counts.deferred += 1
                continue
            except ClaimLost as exc:
                # Taken over while this worker could not renew: the rest of the batch is the
                # other worker's now.
                log.warning("notice claims lost reason=%s", exc)
                break
            except ChannelError as exc:
                await self._failed(channel, notice, exc, counts)
                continue
            except Exception as exc:
                # A notice that cannot be rendered or sent must not block the ones behind it.
                self._unexpected(notice, exc)
                error = ChannelError(repr(exc), retryable=False)
                await self._failed(channel, notice, error, counts, logged=True)
                continue
            if self._batch is not None:
                self._batch.timed(1, self._clock() - started)
            self._traced = {key for key in self._traced if key[0] != notice.receiver}
            if self._health is not None:
                self._health.channel_ok(notice.receiver, channel.name)
            counts.sent += 1
        if worker is not None:
            # What a receiver paused meanwhile left queued is not kept claimed: another worker
            # may send it, and this one claims it again once the pause ends.
            now_paused = set(self.paused())
            held = [n.id for n in due if n.id is not None and n.receiver in now_paused]
            await self._settle(worker.release_notices(held))
        return counts

    async def _deliver_one(self, channel: Channel, notice: Notice) -> None:
        assert notice.id is not None
        if notice.id in self._unrecorded:
            # Sent in an earlier round, its record refused then: recorded now, not sent.
            await self._record_sent(notice, self._unrecorded[notice.id])
            return
        original = _EDITS.get(notice.kind)
        if original is not None:
            refs = [
                r
                for r in await self._outbox.refs(original, notice.subject)
                if r.receiver == notice.receiver
            ]
            if refs:
                await self._hold(notice)
                for ref in refs:
                    await self._bounded(channel.update(ref, notice), channel, "update")
                await self._record_sent(notice, refs[0])
                return
        worker = self._worker
        looks_back = isinstance(channel, LooksBack)
        if worker is not None and notice.id in worker.taken_over:
            # Another worker had it: it may have begun the send and stalled (it records the
            # send when it wakes) or died (the send may have reached the chat).
            await self._wait_for_starter(worker, notice, looks_back)
        # Where the channel can look, a copy found there is recorded, not sent again.
        if worker is not None and notice.id in worker.taken_over and looks_back:
            found = await self._look_back(channel, notice)
            if found is not None:
                log.info(
                    "notice found sent by an earlier worker id=%d receiver=%s",
                    notice.id,
                    notice.receiver,
                )
                await self._record_sent(notice, found)
                worker.taken_over.discard(notice.id)
                self._waiting.discard(notice.id)
                return
        held = await self._hold(notice, sending=True)
        try:
            sent: MessageRef = await self._bounded(
                self._send(channel, notice, held), channel, "send"
            )
        except ClaimLost:
            # Refused before the channel was called: the send recorded as begun was not.
            await self._unstart(notice.id)
            raise
        await self._record_sent(notice, sent)
        if worker is not None:
            worker.taken_over.discard(notice.id)
            self._waiting.discard(notice.id)

    async def _look_back(self, channel: Channel, notice: Notice) -> MessageRef | None:
        """The message `notice` went out as, if the channel has it. A look that fails (a rate
        limit, no answer within the call limit) fails the round's attempt as one that may have
        reached the chat: the record of the send as begun is kept (mark_failed), so the next
        round looks again rather than send the notice blind."""
        assert isinstance(channel, LooksBack)
        try:
            return await self._bounded(
                channel.sent_before(notice), channel, "look back", sends=False
            )
        except ChannelError as exc:
            exc.maybe_sent = True
            raise

    async def _wait_for_starter(self, worker: Worker, notice: Notice, looks_back: bool) -> None:
        """_Waiting while the worker that began sending the taken-over `notice` may still
        record it (Worker.may_send_again), or while that cannot be read."""
        assert notice.id is not None
        try:
            free = await worker.may_send_again(
                notice.id, looks_back, send_abandoned_after(worker.lease)
            )
        except EXPECTED_FAILURES as exc:
            raise _Waiting from exc
        if free:
            self._waiting.discard(notice.id)
            return
        if notice.id not in self._waiting:
            self._waiting.add(notice.id)
            log.warning(
                "notice send begun by another worker; waiting for its record id=%d receiver=%s",
                notice.id,
                notice.receiver,
            )
        raise _Waiting

    async def _catch_up(self, worker: Worker) -> None:
        """At a round's start, what earlier rounds left undone in the database: sends made
        whose record was refused are recorded (even when another worker has their claims now:
        it waits for this record), and sends recorded as begun but not made are taken back.
        Tried again next round while the database refuses."""
        for notice_id, ref in list(self._unrecorded.items()):
            try:
                await self._settle(self._outbox.mark_sent(notice_id, ref))
            except ClaimLost:
                pass  # recorded all the same
            except EXPECTED_FAILURES:
                return
            del self._unrecorded[notice_id]
        if self._unstarted:
            ids = sorted(self._unstarted)
            with contextlib.suppress(*EXPECTED_FAILURES):
                await self._settle(worker.unstart(ids))
                self._unstarted.difference_update(ids)

    async def _unstart(self, notice_id: int) -> None:
        worker = self._worker
        if worker is None:
            return
        self._unstarted.add(notice_id)
        with contextlib.suppress(*EXPECTED_FAILURES):
            await self._settle(worker.unstart([notice_id]))
            self._unstarted.discard(notice_id)

    async def _hold(self, notice: Notice, sending: bool = False) -> datetime | None:
        """Right before a send: make sure this worker's claim on `notice` is still its own,
        extended for most of a lease from now (ClaimLost, and no send, when not); when it
        now ends (None without claims). The batch's freshness (`claims_fresh`) is this
        worker's own reckoning; a stall between it and the send (a slow channel, a process
        starved of CPU) could outlast the claim. `sending` records the send as begun, in the
        same write, for a worker that takes the notice over (`_wait_for_starter`)."""
        worker = self._worker
        if worker is None:
            return None
        assert notice.id is not None
        try:
            held = await worker.hold_notice(notice.id, sending)
        except EXPECTED_FAILURES as exc:
            if sending:
                await self._unstart(notice.id)  # the write may have gone through
            raise ClaimLost(f"notice {notice.id}: its claim could not be checked ({exc})") from exc
        if held is None:
            if sending:
                await self._unstart(notice.id)
            raise ClaimLost(
                f"notice {notice.id} is no longer claimed by {worker.id} (taken over, or the"
                " claim lapsed)"
            )
        return held

    async def _send(self, channel: Channel, notice: Notice, held: datetime | None) -> MessageRef:
        """The channel's send, started only while the claim extended by `_hold` (to `held`)
        still has over half a lease to run. Between that check and this moment the loop ran
        other work (a batch written, a feed chunk read) and the process may have been starved
        of CPU: a stall past the claim lets another worker take the notice over and send it,
        so this one must not send it too. (A stall inside the channel's own call, once it is
        on its way, is the instant of a kill: the worker taking over looks before sending
        again where the channel can look.)"""
        worker = self._worker
        if worker is not None and held is not None and not worker.time_left(held):
            raise ClaimLost(
                f"notice {notice.id}: {worker.id} stalled past its claim before sending"
            )
        return await channel.send(notice)

    async def _record_sent(self, notice: Notice, ref: MessageRef | None) -> None:
        """Record that `notice` went out, trying again while the database refuses: a failed
        record must not make it a failed send (it would be sent again). When every try
        fails, this worker records it at its next round; should it stop first, the notice's
        claim lapses and the worker taking it over looks for it in the channel before
        sending it again (Slack), or sends it again (at least once)."""
        assert notice.id is not None
        self._unrecorded[notice.id] = ref
        for attempt, pause in enumerate((*RECORD_PAUSES, None), start=1):
            try:
                await self._settle(self._outbox.mark_sent(notice.id, ref))
            except ClaimLost:
                del self._unrecorded[notice.id]  # recorded all the same (see mark_sent)
                raise
            except EXPECTED_FAILURES as exc:
                if pause is None:
                    log.error(
                        "notice sent but not recorded id=%d receiver=%s attempts=%d error=%s"
                        " reason=%s; recorded at the next round, not sent again by this worker",
                        notice.id,
                        notice.receiver,
                        attempt,
                        type(exc).__name__,
                        exc,
                    )
                    raise _NotRecorded from exc
                log.warning(
                    "notice sent, its record refused id=%d attempt=%d error=%s; retry_in=%.1fs",
                    notice.id,
                    attempt,
                    type(exc).__name__,
                    pause,
                )
                await asyncio.sleep(pause)
            else:
                del self._unrecorded[notice.id]
                return

    @staticmethod
    async def _settle(write: Awaitable[None]) -> None:
        """A store write that runs to its end even if the sender is cancelled meanwhile: a
        transaction cut short would stay open on the shared connection."""
        await asyncio.shield(write)

    async def _bounded(
        self, call: Awaitable[T], channel: Channel, what: str, sends: bool = True
    ) -> T:
        """A channel call, abandoned at the call limit (a ChannelError that may have reached
        the chat when the call `sends`: the request may have gone, only its answer lost) or at
        the shutdown deadline, set before or during it (_OutOfTime). The limit is kept on the
        event loop's clock: it bounds a real call, whatever clock paces the rounds."""
        task = asyncio.ensure_future(call)
        loop = asyncio.get_running_loop()
        give_up_at = loop.time() + self._call_limit
        try:
            while not task.done():
                left = give_up_at - loop.time()
                if left <= 0:
                    raise ChannelError(
                        f"{channel.name} {what}: no answer within {self._call_limit:g}s",
                        retryable=True,
                        maybe_sent=sends,
                    )
                waiters: set[asyncio.Future[Any]] = {task}
                out_of_time = False
                if self._deadline is None:
                    waiters.add(asyncio.ensure_future(self._deadline_set.wait()))
                else:
                    remaining = max(self._deadline - self._clock(), 0.0)
                    if remaining <= left:
                        left, out_of_time = remaining, True
                await asyncio.wait(waiters, timeout=left, return_when=asyncio.FIRST_COMPLETED)
                for waiter in waiters - {task}:
                    waiter.cancel()
                if out_of_time and not task.done():
                    raise _OutOfTime
            return task.result()
        finally:
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    def _unexpected(self, notice: Notice, exc: Exception) -> None:
        key = (notice.receiver, type(exc))
        if key in self._traced:
            log.error(
                "notice failed id=%d receiver=%s error=%s reason=%s (traceback logged before)",
                notice.id,
                notice.receiver,
                type(exc).__name__,
                exc,
            )
            return
        self._traced.add(key)
        log.exception(
            "notice failed id=%d receiver=%s error=%s",
            notice.id,
            notice.receiver,
            type(exc).__name__,
        )

    async def _failed(
        self,
        channel: Channel,
        notice: Notice,
        exc: ChannelError,
        counts: DeliveryCounts,
        logged: bool = False,
    ) -> None:
        assert notice.id is not None
        if self._health is not None:
            self._health.channel_failed(notice.receiver, channel.name, exc, exc.retryable)
        error = error_name(exc)
        if self._worker is not None:
            if exc.maybe_sent:
                # Its record of the send as begun is kept (mark_failed): a worker taking the
                # notice over waits, as for a send under way.
                self._unstarted.discard(notice.id)
            else:
                # mark_failed takes back the record of the send as begun; should the database
                # refuse it, the next round does (_catch_up), or a worker taking the notice
                # over would wait for this one as long as it lives.
                self._unstarted.add(notice.id)
        if exc.retryable:
            pause = max(exc.retry_after, 1.0)
            self._paused_until[notice.receiver] = self._clock() + pause
            await self._settle(
                self._outbox.mark_failed(
                    notice.id, str(exc), give_up_after=None, maybe_sent=exc.maybe_sent
                )
            )
            self._unstarted.discard(notice.id)
            log.warning(
                "channel failed receiver=%s channel=%s error=%s retry_in=%.0fs reason=%s",
                notice.receiver,
                channel.name,
                error,
                pause,
                exc,
            )
            counts.deferred += 1
            return
        await self._settle(
            self._outbox.mark_failed(
                notice.id,
                str(exc),
                give_up_after=MAX_PERMANENT_FAILURES,
                maybe_sent=exc.maybe_sent,
            )
        )
        self._unstarted.discard(notice.id)
        counts.failed += 1
        if logged:
            return
        log.error(
            "notice failed id=%d receiver=%s channel=%s error=%s reason=%s",
            notice.id,
            notice.receiver,
            channel.name,
            error,
            exc,
        )
