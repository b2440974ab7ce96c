"""Drafts for a complaint that asks what to do next ("should I order again?"): the question is
held for a person, and food that came wrong is asked about as an order, never as a visit."""

from __future__ import annotations

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.smo.second_matter import question_beside
from tests.smo.drafting_kit import Talk, words

BRANDS = (BrandProfile(id="eats", name="Dishdash", industry="restaurant", handles={"x": "dd"}),)
TALK = Talk(BRANDS, "n", brand="eats")
engine = TALK.engine_fixture()


def test_a_what_next_question_beside_a_wrong_order_is_held(engine: EngagementEngine) -> None:
    # twcs-1635: the wrong order came, it is reported; should they order again?
    text = "@dd I recieved the wrong order and told support already...should I order again?"
    draft = TALK.draft_for(engine, text, "eats")
    said = words(draft)
    assert "delivery or a visit" not in said, draft.text
    assert "what to do next" in said, draft.text
    assert "whether to order again" in draft.note


@pytest.mark.parametrize(
    ("text", "gist"),
    [
        ("should I place a new order?", "whether to place a new order"),
        ("So should we cancel our booking?", "whether to cancel your booking"),
        ("who should I contact?", None),
        ("I should have known better", None),
    ],
)
def test_only_a_question_opening_with_should_is_a_what_next(text: str, gist: str | None) -> None:
    asked = question_beside(f"My food arrived an hour late. {text}")
    assert asked == (("question", gist) if gist else None)


def test_a_what_next_question_needs_a_problem_beside_it() -> None:
    assert question_beside("Love the new menu. Should I try the soup?") is None
    assert question_beside("My food arrived an hour late. Should I order again?") == (
        "question",
        "whether to order again",
    )
