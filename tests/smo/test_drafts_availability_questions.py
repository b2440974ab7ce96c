"""A question how something will be sold (pre-order only or on general sale, whether one can
walk in and buy it on the day) is no problem with the customer's own pre-order: the draft
answers it here, with no pre-order help and no private message."""

from __future__ import annotations

import pytest

from bot.smo.engine import EngagementEngine
from tests.smo.drafting_kit import Talk, words
from tests.smo.drafting_setup import HOLLOW_OAK

TALK = Talk((HOLLOW_OAK,), "avq", brand="shop")
engine = TALK.engine_fixture()

OUR_NEWS = "@sam Yes, our Leeds shop will open at midnight for the launch. - Jo"


@pytest.mark.parametrize(
    "text",
    [
        "@hollowoak Cheers Jo, will it be pre-order only or can anyone buy one on the night?",
        "@hollowoak thanks! do I have to preorder it or will there be some on general sale?",
        "@hollowoak great, can I just walk in and buy it or does it need to be pre-ordered?",
    ],
)
def test_a_question_how_it_is_sold_is_no_preorder_problem(
    engine: EngagementEngine, text: str
) -> None:
    draft = TALK.answer_to_us(engine, OUR_NEWS, text)
    assert "your pre-order" not in words(draft), draft.text
    assert "dm" not in words(draft), draft.text


def test_a_preorder_that_went_wrong_is_still_one(engine: EngagementEngine) -> None:
    draft = TALK.draft_for(
        engine, "@hollowoak my pre-order never arrived and nobody answers my emails", "shop"
    )
    assert "pre-order" in words(draft), draft.text
