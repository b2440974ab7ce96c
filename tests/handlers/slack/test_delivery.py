"""Slack failures against the real Deliverer and outbox: rate limits, outages, restarts, uploads."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta
from pathlib import Path

import pytest

from bot.channel import ChannelError
from bot.delivery import Deliverer
from bot.models import DraftStatus
from bot.notices import Notice
from bot.review_message import review_payload
from bot.store import Store
from bot.summary.service import build_summary
from bot.workers import Worker
from tests.conftest import NOW
from tests.handlers.slack.fake_slack import HANG_GUARD_SECONDS, FakeSlack
from tests.handlers.slack.rig import ADS, REVIEW, Rig, alert, channel_map, rig_for
from tests.store.test_drafts import engagement


async def queue_drafts(store: Store, *numbers: int) -> list[int]:
    items = [engagement(n, receiver="review") for n in numbers]
    await store.feeds.ingest([i.comment for i in items])
    return [int(n.subject) for n in await store.drafts.save_engagement(items, review_payload)]


def draft_ids_posted(fake: FakeSlack) -> list[str]:
    """The draft number of every review message Slack holds, in posting order."""
    found = []
    for message in fake.posts(REVIEW, thread=False):
        actions = [b for b in message.blocks if b["type"] == "actions"]
        # The Approve's value is "<draft id>:<fingerprint of the draft shown>".
        value = str(actions[0]["elements"][0]["value"]) if actions else "?"
        found.append(value.partition(":")[0])
    return found


@pytest.mark.slow
async def test_a_short_rate_limit_is_waited_out_inside_the_call(rig: Rig) -> None:
    await queue_drafts(rig.store, 1)
    rig.fake.fail("chat.postMessage", status=429, retry_after=1)
    started = time.monotonic()
    counts = await rig.deliver()
    assert (counts.sent, counts.deferred) == (1, 0)
    assert time.monotonic() - started >= 1.0  # Retry-After honoured before trying again
    assert [c.ok for c in rig.fake.calls_to("chat.postMessage", ok=None)] == [False, True]
    assert draft_ids_posted(rig.fake) == ["1"]


async def test_a_long_rate_limit_pauses_only_that_receiver(rig: Rig, store: Store) -> None:
    await queue_drafts(store, 1, 2)
    await rig.fire(alert())
    rig.fake.fail("chat.postMessage", status=429, retry_after=30)
    counts = await rig.deliver()
    # The first review request was refused for 30 s: the review receiver waits, ads go on.
    assert (counts.sent, counts.deferred) == (1, 2)
    assert len(rig.fake.posts(ADS)) == 1 and rig.fake.posts(REVIEW) == []
    assert await store.outbox.depth() == 2
    error = await store.db.scalar("SELECT error FROM notifications WHERE kind = 'draft' LIMIT 1")
    assert error == "slack chat.postMessage: rate limited for 30s"
    calls = len(rig.fake.calls)
    assert (await rig.deliver()).deferred == 2
    assert len(rig.fake.calls) == calls  # paused: Slack is not asked again before its time
    # Thirty seconds later (a fresh Deliverer has no pause) both go out, once each.
    later = Deliverer(store.outbox, channel_map(rig.channel))
    assert (await later.deliver()).sent == 2
    assert draft_ids_posted(rig.fake) == ["1", "2"]
    assert await store.outbox.depth() == 0


@pytest.mark.slow
async def test_a_post_slack_never_answers_is_given_up_then_found_not_posted_again(
    rig: Rig, store: Store
) -> None:
    """Slack takes the post and never answers: the call is abandoned at the call limit as one
    that may have reached the channel, and the next round looks in the channel's history
    before posting: the notice is posted once and recorded."""
    await queue_drafts(store, 1)
    worker = Worker(store, "w1")
    rig.fake.hang("chat.postMessage")
    hung = Deliverer(
        store.outbox, channel_map(rig.channel), worker=worker, call_limit=timedelta(seconds=2)
    )
    # A guard against a hung round (the limit not kept), not a time limit on the test.
    counts = await asyncio.wait_for(hung.deliver(), HANG_GUARD_SECONDS)
    assert (counts.sent, counts.failed, counts.deferred) == (0, 0, 1)
    row = await store.db.fetchall("SELECT status, error, send_started_by FROM notifications")
    assert [tuple(r) for r in row] == [("queued", "slack send: no answer within 2s", "w1")]
    # Slack answers again. (On a machine so loaded that the post had not even reached Slack
    # when the call was abandoned, the next round posts it: once all the same.)
    rig.fake.answer("chat.postMessage")
    # The next round (its receiver's pause over) on the same worker.
    later = Deliverer(store.outbox, channel_map(rig.channel), worker=worker)
    assert (await later.deliver()).sent == 1
    assert rig.fake.calls_to("conversations.history")
    assert len(rig.fake.calls_to("chat.postMessage")) == 1
    assert draft_ids_posted(rig.fake) == ["1"]
    assert await store.outbox.depth() == 0


@pytest.mark.slow
@pytest.mark.parametrize("look_fails", ["rate limited", "never answered"])
async def test_a_post_that_timed_out_is_looked_for_again_when_the_first_look_fails(
    rig: Rig, store: Store, look_fails: str
) -> None:
    """Slack takes the post and never answers; at the next round the look in the channel's
    history fails (a long rate limit, or no answer either): the notice is not posted blind
    at the round after, it is looked for again, found, and recorded. Posted once."""
    await queue_drafts(store, 1)
    worker = Worker(store, "w1")
    limit = timedelta(seconds=2)
    rig.fake.hang("chat.postMessage")
    hung = Deliverer(store.outbox, channel_map(rig.channel), worker=worker, call_limit=limit)
    # A guard against a hung round (the limit not kept), not a time limit on the test.
    assert (await asyncio.wait_for(hung.deliver(), HANG_GUARD_SECONDS)).deferred == 1
    rig.fake.answer("chat.postMessage")
    # The post is in the channel (on a machine so loaded that it had not even reached Slack
    # when the call was abandoned, it is posted at the last round: once all the same).
    if look_fails == "rate limited":
        rig.fake.fail("conversations.history", status=429, retry_after=30)
        looking = Deliverer(store.outbox, channel_map(rig.channel), worker=worker)
    else:
        rig.fake.hang("conversations.history")
        looking = Deliverer(store.outbox, channel_map(rig.channel), worker=worker, call_limit=limit)
    counts = await asyncio.wait_for(looking.deliver(), HANG_GUARD_SECONDS)
    assert (counts.sent, counts.failed, counts.deferred) == (0, 0, 1)
    rows = await store.db.fetchall("SELECT status, send_started_by FROM notifications")
    assert [tuple(r) for r in rows] == [("queued", "w1")]
    rig.fake.answer("conversations.history")
    # The rounds after (the receiver's pause over): looked for again, found, not posted.
    looks = len(rig.fake.calls_to("conversations.history", ok=None))
    later = Deliverer(store.outbox, channel_map(rig.channel), worker=worker)
    assert (await later.deliver()).sent == 1
    assert len(rig.fake.calls_to("conversations.history", ok=None)) == looks + 1
    assert len(rig.fake.calls_to("chat.postMessage")) == 1
    assert draft_ids_posted(rig.fake) == ["1"]
    assert await store.outbox.depth() == 0


@pytest.mark.slow
async def test_a_token_never_allowed_to_read_the_channel_posts_again_unlooked(
    rig: Rig, store: Store
) -> None:
    """Without the history scope the channel cannot be looked in at all: a post that timed
    out is posted again rather than held for good (at least once)."""
    await queue_drafts(store, 1)
    worker = Worker(store, "w1")
    rig.fake.hang("chat.postMessage")
    hung = Deliverer(
        store.outbox, channel_map(rig.channel), worker=worker, call_limit=timedelta(seconds=2)
    )
    assert (await asyncio.wait_for(hung.deliver(), HANG_GUARD_SECONDS)).deferred == 1
    rig.fake.answer("chat.postMessage")
    rig.fake.fail("conversations.history", status=200, error="missing_scope")
    later = Deliverer(store.outbox, channel_map(rig.channel), worker=worker)
    assert (await later.deliver()).sent == 1
    assert [c.ok for c in rig.fake.calls_to("conversations.history", ok=None)] == [False]
    assert rig.fake.summary()[-2:] == ["conversations.history:http 200", "chat.postMessage:ok"]
    assert await store.outbox.depth() == 0


@pytest.mark.slow
async def test_a_storm_of_429s_from_a_busy_channel_loses_and_repeats_nothing(
    rig: Rig, store: Store
) -> None:
    rig.fake.post_interval = 1.0  # Slack's one message per second per channel
    await queue_drafts(store, 1, 2, 3)
    counts = await rig.deliver()
    assert (counts.sent, counts.failed, counts.deferred) == (3, 0, 0)
    assert len(rig.fake.calls_to("chat.postMessage", ok=False)) >= 2
    assert draft_ids_posted(rig.fake) == ["1", "2", "3"]


@pytest.mark.slow
async def test_server_errors_are_retried_by_the_client(rig: Rig) -> None:
    await queue_drafts(rig.store, 1)
    rig.fake.fail("chat.postMessage", status=503, times=2, retry_after=None)
    assert (await rig.deliver()).sent == 1
    assert [c.ok for c in rig.fake.calls_to("chat.postMessage", ok=None)] == [False, False, True]
    assert draft_ids_posted(rig.fake) == ["1"]


@pytest.mark.slow
async def test_slack_down_then_back_delivers_every_queued_notice_once(
    rig: Rig, store: Store
) -> None:
    await queue_drafts(store, 1, 2)
    await rig.fake.go_down()
    counts = await rig.deliver()
    assert (counts.sent, counts.failed) == (0, 0)
    assert await store.outbox.depth() == 2
    await rig.fake.come_back()

    async def until_sent() -> None:
        while await store.outbox.depth():
            await rig.deliver()
            await asyncio.sleep(0.2)

    # The Deliverer paused the receiver for a few seconds; it retries on its own after that.
    await asyncio.wait_for(until_sent(), 60)
    assert draft_ids_posted(rig.fake) == ["1", "2"]
    assert await store.outbox.counts() == {"sent": 2}


@pytest.mark.slow
async def test_a_restart_with_messages_in_flight(fake: FakeSlack, tmp_path: Path) -> None:
    path = tmp_path / "restart.db"
    store = await Store.open(path, clock=lambda: NOW)
    try:
        async with rig_for(fake, store, tmp_path) as rig:
            [first] = await queue_drafts(store, 1)
            assert (await rig.deliver()).sent == 1
            await fake.go_down()
            [second] = await queue_drafts(store, 2)
            assert (await rig.deliver()).deferred == 1
        # Stopped while Slack was down: the second review request is still in flight.
    finally:
        await store.close()
    await fake.come_back()
    assert draft_ids_posted(fake) == [str(first)]

    store = await Store.open(path, clock=lambda: NOW)
    try:
        async with rig_for(fake, store, tmp_path) as rig:
            assert (await rig.deliver()).sent == 1
            assert draft_ids_posted(fake) == [str(first), str(second)]
            # A decision after the restart edits the message posted before it.
            message = fake.posts(REVIEW)[0]
            await rig.press(message, "draft_approve", user="U0ANA")
            await fake.wait_for(lambda: message.edits == 1, "the first review message to update")
            assert (await store.drafts.get(first)).status is DraftStatus.APPROVED
            assert len(fake.posts(REVIEW)) == 2
    finally:
        await store.close()


@pytest.mark.slow
async def test_charts_are_uploaded_once_even_when_a_retry_is_needed(
    rig: Rig, tmp_path: Path
) -> None:
    chart = tmp_path / "spend_roas.png"
    chart.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    notice = Notice(
        kind="text",
        receiver="ads",
        subject="charts",
        dedupe_key="charts:1",
        data={
            "text": "Spend and ROAS, last 7 days",
            "charts": [str(chart), str(tmp_path / "gone.png")],
        },
        id=41,
    )
    rig.fake.fail("files.getUploadURLExternal", status=503, times=3, retry_after=None)
    with pytest.raises(ChannelError) as failed:
        await rig.channel.send(notice)
    assert failed.value.retryable
    ref = await rig.channel.send(notice)
    assert len(rig.fake.posts(ADS)) == 1  # the text was not posted again for the retry
    assert ref.message_id == rig.fake.posts(ADS)[0].ts
    [uploaded] = rig.fake.uploads.values()
    assert uploaded == chart.read_bytes()
    [complete] = rig.fake.calls_to("files.completeUploadExternal")
    assert complete.args["channel_id"] == ADS


async def test_permanent_refusals_are_not_retried_forever(rig: Rig, store: Store) -> None:
    await queue_drafts(store, 1)
    rig.fake.fail("chat.postMessage", status=200, times=5, retry_after=None, error="invalid_blocks")
    for _ in range(3):
        await Deliverer(store.outbox, channel_map(rig.channel)).deliver()
    assert await store.outbox.counts() == {"failed": 1}
    assert len(rig.fake.calls_to("chat.postMessage", ok=None)) == 3


async def test_a_missing_invitation_keeps_notices_queued(rig: Rig, store: Store) -> None:
    await queue_drafts(store, 1)
    rig.fake.fail("chat.postMessage", status=200, times=5, retry_after=None, error="not_in_channel")
    for _ in range(4):
        await Deliverer(store.outbox, channel_map(rig.channel)).deliver()
    assert await store.outbox.counts() == {"queued": 1}


@pytest.mark.slow
async def test_a_summary_goes_out_with_its_charts(rig: Rig, store: Store, tmp_path: Path) -> None:
    notice = await build_summary(store, rig.workspace, "ads", None, NOW, tmp_path / "charts")
    assert notice.data["charts"]
    assert await store.outbox.queue(notice)
    assert (await rig.deliver()).sent == 1
    [message] = rig.fake.posts(ADS)
    assert "*Engagement*" in message.blocks[0]["text"]["text"]
    assert sorted(rig.fake.uploads.values()) == sorted(
        Path(chart["path"]).read_bytes() for chart in notice.data["charts"]
    )
    [complete] = rig.fake.calls_to("files.completeUploadExternal")
    assert complete.args["channel_id"] == ADS
    # Each chart is titled in the team's words, not by its file name.
    titles = [item["title"] for item in json.loads(complete.args["files"])]
    assert titles == [chart["title"] for chart in notice.data["charts"]]
    assert titles[0].startswith("Spend and ROAS, ")
    assert rig.fake.refused_blocks == []
