"""Publishing approved drafts to the platforms: once, across lost answers, throttling, refused
tokens and deleted comments, with the real store and local platform servers."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config.errors import ConfigError
from bot.config.loading import load_workspace
from bot.connectors.publishing import Publishing, build_publishing
from bot.models import DraftStatus
from bot.publisher import OutboxFilePublisher, publish_approved
from bot.store import Store
from tests.connectors.fake_platforms import (
    ENV,
    GRAPH_TOKEN,
    YOUTUBE_CLIENT_SECRET,
    YOUTUBE_REFRESH,
    FakePlatforms,
    Scripted,
    graph_error,
    serving,
    workspace_yaml,
)
from tests.store.test_drafts import drafted, engagement, on_platform, queued


@dataclass(slots=True)
class Time:
    """One clock for the store (wall time) and the back-off (monotonic seconds)."""

    now: datetime = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.now.timestamp()

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass(slots=True)
class World:
    store: Store
    platforms: FakePlatforms
    base: str
    time: Time
    folder: Path

    async def publishing(
        self,
        env: Mapping[str, str] = ENV,
        platforms: tuple[str, ...] = ("facebook", "instagram", "youtube"),
    ) -> Publishing:
        path = self.folder / "workspace.yaml"
        path.write_text(workspace_yaml(self.base, platforms), encoding="utf-8")
        return await build_publishing(
            load_workspace(path),
            self.store,
            OutboxFilePublisher(self.folder / "outbox.jsonl"),
            env,
            str(path),
            monotonic=self.time.monotonic,
        )

    async def approve(self, n: int, platform: str, action: str = "reply") -> int:
        item = (
            on_platform(engagement(n), platform)
            if action == "reply"
            else drafted(n, action, platform)
        )
        draft_id = await queued(self.store, item)
        await self.store.drafts.decide(draft_id, DraftStatus.APPROVED, "ana")
        return draft_id


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    time = Time()
    store = await Store.open(tmp_path / "test.db", clock=time)
    platforms = FakePlatforms()
    try:
        async with serving(platforms) as base:
            yield World(store, platforms, base, time, tmp_path)
    finally:
        await store.close()


async def run(world: World, publishing: Publishing) -> int:
    return await publish_approved(world.store.drafts, publishing)


async def test_an_approved_reply_is_posted_once_and_the_platforms_id_is_kept(
    world: World,
) -> None:
    draft_id = await world.approve(1, "instagram")
    publishing = await world.publishing()
    try:
        assert await run(world, publishing) == 1
        assert await run(world, publishing) == 0
    finally:
        await publishing.close()

    [reply] = world.platforms.replies["c1"]
    assert reply["text"] == "So sorry!"
    draft = await world.store.drafts.get(draft_id)
    assert draft.status is DraftStatus.PUBLISHED
    publication = await publishing.store.get(draft_id)
    assert publication is not None
    assert (publication.state, publication.reply_id) == ("done", reply["id"])
    assert not (world.folder / "outbox.jsonl").exists()


@pytest.mark.parametrize("carried_out", [True, False])
async def test_a_call_whose_answer_was_lost_is_looked_up_before_it_is_sent_again(
    world: World, carried_out: bool
) -> None:
    draft_id = await world.approve(1, "facebook")
    if carried_out:
        world.platforms.lose_answers = 1  # the reply is posted; its answer never arrives
    else:
        world.platforms.script.append(Scripted(502, None, where="/comments"))
    first = await world.publishing()
    try:
        assert await run(world, first) == 0
    finally:
        await first.close()
    publication = await first.store.get(draft_id)
    assert publication is not None and publication.state == "sending"
    assert (await world.store.drafts.get(draft_id)).status is DraftStatus.APPROVED

    world.time.advance(3600)
    again = await world.publishing()  # as after a restart
    try:
        assert await run(world, again) == 1
    finally:
        await again.close()

    assert world.platforms.reply_count("c1") == 1
    posts = [call for call in world.platforms.calls if call[0] == "POST"]
    assert len(posts) == (1 if carried_out else 2)
    done = await again.store.get(draft_id)
    assert done is not None and done.reply_id == world.platforms.replies["c1"][0]["id"]


async def test_throttling_waits_for_the_time_the_platform_gives_then_posts(
    world: World,
) -> None:
    draft_id = await world.approve(1, "instagram")
    usage = {"17841400000000001": [{"type": "instagram", "estimated_time_to_regain_access": 10}]}
    world.platforms.script.append(
        Scripted(
            400,
            graph_error(80002, "There have been too many calls to this Instagram account."),
            {"X-Business-Use-Case-Usage": json.dumps(usage)},
        )
    )
    publishing = await world.publishing()
    try:
        assert await run(world, publishing) == 0
        publication = await publishing.store.get(draft_id)
        assert publication is not None and publication.state == "waiting"
        assert publication.not_before == (world.time.now + timedelta(minutes=10)).isoformat()

        calls = len(world.platforms.calls)
        world.time.advance(5 * 60)
        assert await run(world, publishing) == 0
        assert len(world.platforms.calls) == calls  # not asked again before its time
        world.time.advance(5 * 60 + 1)
        assert await run(world, publishing) == 1
    finally:
        await publishing.close()
    assert world.platforms.reply_count("c1") == 1


async def test_a_refused_token_pauses_the_account_with_one_alert_and_loses_nothing(
    world: World,
) -> None:
    first, second = await world.approve(1, "instagram"), await world.approve(2, "instagram")
    world.platforms.graph_tokens.clear()  # the token expired
    publishing = await world.publishing(platforms=("instagram",))
    try:
        assert await run(world, publishing) == 0
        world.time.advance(3600)
        assert await run(world, publishing) == 0
    finally:
        await publishing.close()
    graph_calls = [c for c in world.platforms.calls if c[1].startswith("/v21.0")]
    assert len(graph_calls) == 1  # the second draft was held without a call

    restarted = await world.publishing(platforms=("instagram",))  # same token: still paused
    try:
        assert await run(world, restarted) == 0
    finally:
        await restarted.close()
    assert len([c for c in world.platforms.calls if c[1].startswith("/v21.0")]) == 1

    alerts = await world.store.db.fetchall(
        "SELECT receiver, payload FROM notifications WHERE kind = 'text'"
    )
    assert len(alerts) == 1
    receiver, payload = alerts[0]
    text = json.loads(payload)["text"]
    assert receiver == "console"
    assert "Publishing to instagram for Alpenglow Outdoor is paused" in text
    assert "ALPENGLOW_INSTAGRAM_TOKEN" in text
    assert GRAPH_TOKEN not in payload
    for draft_id in (first, second):
        assert (await world.store.drafts.get(draft_id)).status is DraftStatus.APPROVED

    fresh = "EAAGm0PX4ZCpsBAfreshTOKENafterRENEWAL11223344556677"
    world.platforms.graph_tokens.add(fresh)
    renewed = await world.publishing(
        env={**ENV, "ALPENGLOW_INSTAGRAM_TOKEN": fresh}, platforms=("instagram",)
    )
    try:
        assert await run(world, renewed) == 2
    finally:
        await renewed.close()
    assert world.platforms.reply_count("c1") == world.platforms.reply_count("c2") == 1


async def test_a_deleted_comment_closes_its_draft_with_that_reason(world: World) -> None:
    draft_id = await world.approve(1, "facebook")
    hide_id = await world.approve(2, "youtube", "hide")
    world.platforms.deleted.update({"c1", "c2"})
    publishing = await world.publishing()
    try:
        assert await run(world, publishing) == 0
        calls = len(world.platforms.calls)
        assert await run(world, publishing) == 0
        assert len(world.platforms.calls) == calls
    finally:
        await publishing.close()

    for closed in (draft_id, hide_id):
        draft = await world.store.drafts.get(closed)
        assert draft.status is DraftStatus.REJECTED
        assert draft.reason is not None and "the comment is gone" in draft.reason
        assert draft.decided_by == "publisher"
    audit = await world.store.db.scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'draft.closed'"
    )
    assert audit == 2


async def test_youtube_hides_hold_the_comment_for_review_and_replies_go_under_it(
    world: World,
) -> None:
    hide_id = await world.approve(1, "youtube", "hide")
    reply_id = await world.approve(2, "youtube")
    publishing = await world.publishing()
    try:
        assert await run(world, publishing) == 2
    finally:
        await publishing.close()

    assert world.platforms.moderation["c1"] == ["heldForReview"]
    assert world.platforms.reply_count("c2") == 1
    for draft_id in (hide_id, reply_id):
        assert (await world.store.drafts.get(draft_id)).status is DraftStatus.PUBLISHED


async def test_a_platform_with_no_connector_is_recorded_in_the_outbox_file(world: World) -> None:
    draft_id = await world.approve(1, "youtube")
    publishing = await world.publishing(platforms=("instagram",))
    try:
        assert await run(world, publishing) == 1
    finally:
        await publishing.close()

    [line] = (world.folder / "outbox.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["draft_id"] == draft_id
    assert world.platforms.calls == []


async def test_a_missing_secret_is_named_with_its_variable_and_never_its_value(
    world: World,
) -> None:
    env = {k: v for k, v in ENV.items() if k != "ALPENGLOW_YOUTUBE_CLIENT_SECRET"}
    with pytest.raises(ConfigError) as caught:
        await world.publishing(env=env)
    said = str(caught.value)
    assert "publishing[2].client_secret_env" in said
    assert "ALPENGLOW_YOUTUBE_CLIENT_SECRET is not set" in said
    assert all(value not in said for value in ENV.values())


@pytest.mark.slow
async def test_secrets_never_reach_logs_errors_or_the_store(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await world.approve(1, "instagram")
    await world.approve(2, "facebook")
    await world.approve(3, "youtube")
    world.platforms.script.append(Scripted(400, graph_error(4, "Application request limit")))
    world.platforms.lose_answers = 1
    world.platforms.refresh_tokens.clear()  # YouTube refuses the refresh token
    publishing = await world.publishing()
    try:
        for _ in range(3):
            await run(world, publishing)
            world.time.advance(7200)
        world.platforms.graph_tokens.clear()
        await world.approve(4, "instagram")
        await run(world, publishing)
    finally:
        await publishing.close()

    stored = []
    for table in ("notifications", "publications", "publishing_pauses", "audit_log", "drafts"):
        rows = await world.store.db.fetchall(f"SELECT * FROM {table}")
        stored.append(json.dumps([list(r) for r in rows]))
    seen = caplog.text + "".join(stored)
    assert "paused" in seen and "Application request limit" in seen  # the drill ran
    for secret in (GRAPH_TOKEN, YOUTUBE_REFRESH, YOUTUBE_CLIENT_SECRET):
        assert secret not in seen
