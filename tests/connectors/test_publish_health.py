"""/healthz shows every publishing account: its last publish, its last error, and whether it
is paused after a refused token (also when the pause was kept from an earlier run)."""

from __future__ import annotations

import json

from bot.connectors.publishing import Publishing
from tests.connectors.fake_platforms import CHANNEL_ID, GRAPH_TOKEN, IG_ID, PAGE_ID
from tests.connectors.test_publish_once import World, run, world

__all__ = ["world"]

FACEBOOK = f"publishing:facebook:{PAGE_ID}"
INSTAGRAM = f"publishing:instagram:{IG_ID}"
YOUTUBE = f"publishing:youtube:{CHANNEL_ID}"


def shown(publishing: Publishing) -> dict[str, dict[str, object]]:
    accounts: dict[str, dict[str, object]] = json.loads(json.dumps(publishing.report()))
    return accounts


async def test_every_account_shows_before_anything_is_published(world: World) -> None:
    publishing = await world.publishing()
    try:
        accounts = shown(publishing)
    finally:
        await publishing.close()
    assert set(accounts) == {FACEBOOK, INSTAGRAM, YOUTUBE}
    assert accounts[FACEBOOK]["paused"] is False and accounts[FACEBOOK]["last_success"] is None
    assert accounts[YOUTUBE]["token_env"] == "ALPENGLOW_YOUTUBE_REFRESH_TOKEN"


async def test_a_publish_and_a_refused_token_show_per_account(world: World) -> None:
    await world.approve(1, "facebook")
    publishing = await world.publishing()
    try:
        assert await run(world, publishing) == 1
        world.platforms.graph_tokens.clear()  # the token is revoked: Instagram is refused
        await world.approve(2, "instagram")
        assert await run(world, publishing) == 0
        accounts = shown(publishing)
    finally:
        await publishing.close()
    facebook, instagram = accounts[FACEBOOK], accounts[INSTAGRAM]
    assert facebook["published"] == 1 and facebook["last_action"] == "reply"
    assert facebook["last_success"] is not None
    assert facebook["error"] is None and facebook["paused"] is False
    assert instagram["paused"] is True
    assert "ALPENGLOW_INSTAGRAM_TOKEN" in str(instagram["paused_reason"])
    assert str(instagram["error"]).startswith("TokenRefused") and "190" in str(instagram["error"])
    assert instagram["last_error"] is not None and instagram["last_success"] is None
    assert GRAPH_TOKEN not in json.dumps(accounts)


async def test_a_pause_kept_from_an_earlier_run_shows_at_start(world: World) -> None:
    await world.approve(1, "instagram")
    world.platforms.graph_tokens.clear()
    first = await world.publishing()
    try:
        await run(world, first)
    finally:
        await first.close()
    again = await world.publishing()  # a restart with the same (refused) token
    try:
        accounts = shown(again)
    finally:
        await again.close()
    assert accounts[INSTAGRAM]["paused"] is True
    assert accounts[FACEBOOK]["paused"] is False
