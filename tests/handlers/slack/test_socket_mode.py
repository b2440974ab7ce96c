"""Socket Mode: the app connects out over a WebSocket (no public URL) and answers through it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.review_message import review_payload
from bot.store import Store
from handlers.slack.server import SocketModeServer
from tests.handlers.slack.fake_slack import FakeSlack
from tests.handlers.slack.rig import REVIEW, command_form, rig_for
from tests.store.test_drafts import engagement


async def test_socket_mode_connects_with_the_app_token_and_serves_commands(
    fake: FakeSlack, store: Store, tmp_path: Path
) -> None:
    async with rig_for(fake, store, tmp_path, mode="socket") as rig:
        assert isinstance(rig.channel.server, SocketModeServer)
        await fake.wait_for(lambda: fake.calls_to("socket.connect"), "the WebSocket connection")
        [opened] = fake.calls_to("apps.connections.open")
        assert opened.token == "xapp-1-test-token"

        url = fake.response_url("sock")
        ack = await fake.socket_request(
            "slash_commands", command_form("status", "U0VIC", REVIEW, url)
        )
        assert ack["envelope_id"]
        answer = await rig.response("sock")
        assert answer["response_type"] == "ephemeral"
        assert "socialpulse status" in str(answer["blocks"])
    assert not rig.channel.server.connected.is_set()


async def test_a_slack_hiccup_at_start_neither_blocks_nor_stops_the_bot(
    fake: FakeSlack, store: Store, tmp_path: Path
) -> None:
    fake.fail("apps.connections.open", status=503, times=1, retry_after=None)
    async with rig_for(fake, store, tmp_path, mode="socket") as rig:
        assert isinstance(rig.channel.server, SocketModeServer)
        # start() returned before the connection exists; sending does not need it.
        item = engagement(1, receiver="review")
        await store.feeds.ingest([item.comment])
        await store.drafts.save_engagement([item], review_payload)
        assert (await rig.deliver()).sent == 1
        await fake.wait_for(lambda: fake.calls_to("socket.connect"), "the WebSocket connection")
        assert [c.ok for c in fake.calls_to("apps.connections.open", ok=None)] == [False, True]
        await asyncio.wait_for(rig.channel.server.connected.wait(), 60)  # hang guard
