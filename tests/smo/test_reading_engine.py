"""The engine with its learned readers: spam and abuse with evidence, unread languages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.models import Comment
from bot.smo import BrandProfile, EngagementEngine, default_templates_dir
from bot.smo.priority import UNREAD_FLOOR

NOW = datetime(2026, 10, 5, 12, 0, tzinfo=UTC)
BRAND = BrandProfile(id="alpen", name="Alpenglow", review_receiver="community")


@pytest.fixture(scope="module")
def engine() -> EngagementEngine:
    return EngagementEngine([BRAND], default_templates_dir())


def comment(text: str, n: int = 0, lang: str | None = None) -> Comment:
    return Comment(
        id=f"c{n}",
        platform="youtube",
        brand="alpen",
        post_id="p1",
        author=f"viewer{n}",
        author_followers=10,
        text=text,
        created_at=NOW - timedelta(minutes=5),
        lang=lang,
    )


def test_a_japanese_comment_is_unknown_and_floored_for_a_person(engine: EngagementEngine) -> None:
    # "Phone support did not fix it; I will have to buy another one."
    text = "電話サポートに問い合わせても直らなかったので、もう一台買うしかないです。"
    [item] = engine.run([comment(text)], NOW)
    assert item.analysis.language == "ja"
    assert item.analysis.sentiment == "unknown"
    assert item.analysis.priority >= UNREAD_FLOOR
    assert "no reader for ja" in item.analysis.priority_reason


def test_an_english_comment_gets_a_read_label_and_no_floor(engine: EngagementEngine) -> None:
    [item] = engine.run([comment("Thanks, love the colour of my new jacket!")], NOW)
    assert item.analysis.sentiment == "positive"
    assert "person should read" not in item.analysis.priority_reason
    cue = next(e.cue for e in item.analysis.evidence if e.label == "positive")
    assert cue.startswith("reads positive") and "love" in cue


def test_channel_promotion_without_a_link_reads_as_spam_in_words(
    engine: EngagementEngine,
) -> None:
    text = "hey guys please check out my new channel and subscribe, i post covers every week"
    [item] = engine.run([comment(text)], NOW)
    assert "spam" in item.analysis.intents
    cue = next(e.cue for e in item.analysis.evidence if e.label == "spam")
    assert cue.startswith("reads as spam (")
    assert "channel" in cue or "subscribe" in cue


def test_a_plain_question_is_not_spam(engine: EngagementEngine) -> None:
    [item] = engine.run([comment("Does the rain shell come in a size for kids?")], NOW)
    assert "spam" not in item.analysis.intents
    assert "abuse" not in item.analysis.intents
