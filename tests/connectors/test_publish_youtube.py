"""The YouTube publisher against a local server speaking the YouTube Data API v3 and OAuth."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp
import pytest
from pydantic import SecretStr

from bot.connectors.publish_youtube import GoogleToken, YouTubePublisher, youtube_error
from bot.publisher import CommentGone, Throttled, TokenRefused, Unsure
from tests.connectors.fake_platforms import (
    CHANNEL_ID,
    YOUTUBE,
    YOUTUBE_CLIENT_ID,
    YOUTUBE_CLIENT_SECRET,
    YOUTUBE_REFRESH,
    FakePlatforms,
    Scripted,
    serving,
)
from tests.connectors.fake_platforms import youtube_error as error_body


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakePlatforms, str]]:
    platforms = FakePlatforms()
    async with serving(platforms) as base:
        yield platforms, base


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as opened:
        yield opened


def channel(
    session: aiohttp.ClientSession,
    base: str,
    refresh: str = YOUTUBE_REFRESH,
    hide_as: str = "heldForReview",
) -> YouTubePublisher:
    token = GoogleToken(
        session,
        SecretStr(refresh),
        SecretStr(YOUTUBE_CLIENT_ID),
        SecretStr(YOUTUBE_CLIENT_SECRET),
        f"{base}/token",
    )
    assert hide_as in ("heldForReview", "rejected")
    return YouTubePublisher(
        session,
        token,
        CHANNEL_ID,
        base + YOUTUBE,
        "heldForReview" if hide_as == "heldForReview" else "rejected",
    )


async def test_a_reply_is_a_comment_with_the_parent_id_and_costs_50_units(
    fake: tuple[FakePlatforms, str], session: aiohttp.ClientSession
) -> None:
    platforms, base = fake
    youtube = channel(session, base)

    posted = await youtube.reply("UgzParent1", "Thanks for watching!")

    [reply] = platforms.replies["UgzParent1"]
    assert posted.id == reply["id"]
    assert reply["snippet"]["parentId"] == "UgzParent1"
    assert youtube.units_used == 50
    assert await youtube.find_reply("UgzParent1", "Thanks for watching!") == posted
    assert youtube.units_used == 51
    # One token refresh served both calls.
    assert platforms.calls.count(("POST", "/token")) == 1


@pytest.mark.parametrize("hide_as", ["heldForReview", "rejected"])
async def test_a_hide_sets_the_moderation_status(
    fake: tuple[FakePlatforms, str], session: aiohttp.ClientSession, hide_as: str
) -> None:
    platforms, base = fake

    await channel(session, base, hide_as=hide_as).hide("UgzSpam1")

    assert platforms.moderation["UgzSpam1"] == [hide_as]


async def test_quota_exceeded_waits_until_midnight_pacific_and_429_for_its_retry_after(
    fake: tuple[FakePlatforms, str], session: aiohttp.ClientSession
) -> None:
    platforms, base = fake
    youtube = channel(session, base)
    message = "The request cannot be completed because you have exceeded your quota."
    platforms.script.append(Scripted(403, error_body(403, "quotaExceeded", message)))
    with pytest.raises(Throttled, match="quotaExceeded") as quota:
        await youtube.reply("UgzParent1", "Hi")
    assert quota.value.retry_after is not None and 60 <= quota.value.retry_after <= 86400

    platforms.script.append(
        Scripted(429, error_body(429, "rateLimitExceeded", "slow"), {"Retry-After": "30"})
    )
    with pytest.raises(Throttled) as rate:
        await youtube.reply("UgzParent1", "Hi")
    assert rate.value.retry_after == 30
    assert platforms.replies == {}


def test_quota_resets_at_midnight_pacific_time() -> None:
    # 07:00 UTC on 25 Nov is 23:00 in Los Angeles: one hour until the quota resets.
    exc = youtube_error(
        403, error_body(403, "quotaExceeded", "quota"), {}, datetime(2026, 11, 25, 7, tzinfo=UTC)
    )
    assert isinstance(exc, Throttled) and exc.retry_after == 3600


async def test_a_lapsed_access_token_is_renewed_once_a_revoked_refresh_token_is_refused(
    fake: tuple[FakePlatforms, str], session: aiohttp.ClientSession
) -> None:
    platforms, base = fake
    youtube = channel(session, base)
    await youtube.reply("UgzParent1", "First")
    platforms.access_tokens.clear()  # every access token lapses

    await youtube.reply("UgzParent1", "Second")  # renewed, then posted
    assert platforms.reply_count("UgzParent1") == 2

    platforms.access_tokens.clear()
    platforms.refresh_tokens.clear()  # the channel owner revoked the app
    with pytest.raises(TokenRefused, match="invalid_grant") as caught:
        await youtube.reply("UgzParent1", "Third")
    assert YOUTUBE_REFRESH not in str(caught.value)
    assert platforms.reply_count("UgzParent1") == 2


async def test_a_deleted_comment_is_gone_and_a_bare_404_is_not(
    fake: tuple[FakePlatforms, str], session: aiohttp.ClientSession
) -> None:
    platforms, base = fake
    platforms.deleted.add("UgzGone")
    youtube = channel(session, base)

    with pytest.raises(CommentGone, match="commentNotFound"):
        await youtube.reply("UgzGone", "Hi")
    with pytest.raises(CommentGone):
        await youtube.hide("UgzGone")
    platforms.script.append(Scripted(404, None))
    with pytest.raises(Unsure):
        await youtube.reply("UgzParent1", "Hi")
