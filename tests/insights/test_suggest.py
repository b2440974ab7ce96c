"""Hashtag suggestions prefer tags that fit the planned text and lift the brand's posts."""

from __future__ import annotations

from bot.insights.hashtags import TrendingHashtag
from bot.insights.suggest import suggest_hashtags
from bot.models import OrganicPost
from tests.insights.helpers import post

TOPICS = {
    "glazeday": ("A new celadon glaze, dipped and fired in the kiln today", 80),
    "kilnopening": ("Opening the kiln: celadon and tenmoku glaze results", 40),
    "mugsale": ("Twenty percent off every mug this weekend only", 20),
    "giveaway": ("Win a set of four: follow and tag a friend to enter", 120),
    "studiolife": ("Morning coffee in the studio before work starts", 40),
}


def _posts() -> list[OrganicPost]:
    """Five posts per tag; likes set each tag's lift (40 = par)."""
    return [
        post(text=f"{text} #{tag}", tags=[tag], likes=likes)
        for tag, (text, likes) in TOPICS.items()
        for _ in range(5)
    ]


def test_relevant_and_lifting_tags_come_first() -> None:
    found = suggest_hashtags("Fresh out of the kiln: our celadon glaze on a new mug", _posts())
    tags = [s.tag for s in found.suggested]
    assert tags[:2] == ["glazeday", "kilnopening"]  # both on topic; glazeday lifts ×2
    first, second = found.suggested[:2]
    assert first.lift is not None and first.lift > 1.5
    assert second.lift is not None and abs(second.lift - 1.0) < 0.01
    assert first.score > second.score
    assert "giveaway" not in tags  # the best lift, but nothing to do with this post


def test_relevant_tags_that_underperform_are_flagged_not_offered() -> None:
    found = suggest_hashtags("Our mug sale: this weekend, everything off", _posts())
    assert "mugsale" not in [s.tag for s in found.suggested]
    assert [s.tag for s in found.avoid] == ["mugsale"]
    assert found.avoid[0].relevance > 0.5


def test_a_tag_spelled_out_in_the_text_is_relevant_even_unmeasured() -> None:
    posts = [*_posts(), post(text="rainy day", tags=["RainyDay"])]
    found = suggest_hashtags("A rainy day at the studio with coffee", posts)
    rainy = next(s for s in found.suggested if s.tag == "rainyday")
    assert rainy.relevance == 1.0
    assert rainy.lift is None
    assert rainy.posts == 1


def test_rising_tags_are_marked_or_listed_besides() -> None:
    trending = (
        TrendingHashtag("glazeday", recent=6, earlier=1, ratio=6.0, in_comments=6, in_posts=0),
        TrendingHashtag("snowday", recent=4, earlier=0, ratio=12.0, in_comments=4, in_posts=0),
    )
    found = suggest_hashtags("celadon glaze from the kiln", _posts(), trending=trending)
    assert next(s for s in found.suggested if s.tag == "glazeday").rising
    assert [t.tag for t in found.rising] == ["snowday"]


def test_nothing_fits_and_no_history_give_empty_answers() -> None:
    assert suggest_hashtags("Quarterly tax filing reminder", _posts()).suggested == ()
    empty = suggest_hashtags("A new glaze", [])
    assert (empty.suggested, empty.avoid, empty.rising) == ((), (), ())
