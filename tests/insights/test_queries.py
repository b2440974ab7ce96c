"""The insights' store reads, on a real SQLite store."""

from __future__ import annotations

from datetime import timedelta

from bot.insights.queries import comment_texts_with_hashtags, latest_profiles, posts_since
from bot.models import Analysis, Comment, Engagement
from bot.review_message import review_payload
from bot.store import Store
from tests.insights.helpers import NOW, post, snapshot


def _comment(cid: str, text: str, days_ago: float, brand: str = "mugs") -> Comment:
    return Comment(
        id=cid,
        platform="instagram",
        brand=brand,
        post_id="p1",
        author=f"fan{cid}",
        text=text,
        created_at=NOW - timedelta(days=days_ago),
    )


async def test_posts_of_a_brand_since_a_moment_come_back_whole(store: Store) -> None:
    kept = post(id="new", days_ago=3, tags=["GlazeDay", "kiln"], fmt="reel", text="Hot #kiln")
    await store.feeds.ingest(
        [
            post(id="old", days_ago=40),
            kept,
            post(id="mid", days_ago=10),
            post(id="theirs", brand="other", days_ago=2),
        ]
    )
    found = await posts_since(store, "mugs", NOW - timedelta(days=30))
    assert [p.id for p in found] == ["mid", "new"]
    assert found[1] == kept


async def test_only_the_newest_snapshot_of_each_profile(store: Store) -> None:
    await store.feeds.ingest(
        [
            snapshot("instagram", days_ago=14, link=None),
            snapshot("instagram", days_ago=7, has_avatar=False, bio=None),
            snapshot("tiktok", days_ago=20),
            snapshot("instagram", brand="other", days_ago=1),
        ]
    )
    found = await latest_profiles(store, "mugs")
    assert [(s.platform, s.captured_at) for s in found] == [
        ("instagram", NOW - timedelta(days=7)),
        ("tiktok", NOW - timedelta(days=20)),
    ]
    instagram = found[0]
    assert instagram == snapshot("instagram", days_ago=7, has_avatar=False, bio=None)


async def test_recent_hashtagged_comments_without_spam(store: Store) -> None:
    comments = [
        _comment("1", "love the new glaze #glazeday", 2),
        _comment("2", "no tags here", 2),
        _comment("3", "#f4f #followback check my page", 1),
        _comment("4", "#glazeday again", 40),
        _comment("5", "#theirs", 1, brand="other"),
        _comment("6", "so good #kiln", 3),
    ]
    await store.feeds.ingest(comments)
    spam = Analysis(
        comment_key=comments[2].key,
        sentiment="neutral",
        sentiment_score=0.0,
        intents=("spam",),
        priority=0.0,
        priority_reason="spam",
    )
    praise = Analysis(
        comment_key=comments[5].key,
        sentiment="positive",
        sentiment_score=0.8,
        intents=("praise",),
        priority=0.2,
        priority_reason="praise",
    )
    await store.drafts.save_engagement(
        [Engagement(comments[2], spam, None, None), Engagement(comments[5], praise, None, None)],
        review_payload,
    )
    found = await comment_texts_with_hashtags(store, "mugs", NOW - timedelta(days=28))
    assert found == [
        (NOW - timedelta(days=3), "so good #kiln"),
        (NOW - timedelta(days=2), "love the new glaze #glazeday"),
    ]
