"""Drafts for a customer pushing back on the rule our reply explained: the point acknowledged
and passed on, never "sorry for the trouble, DM us a few details"."""

from __future__ import annotations

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from tests.smo.drafting_kit import Talk, words

BRANDS = (BrandProfile(id="mkt", name="Bazaro", industry="retail", handles={"x": "bazaro"}),)
TALK = Talk(BRANDS, "r", brand="mkt")
engine = TALK.engine_fixture()

RULE = "@sam We can only keep buyers and sellers safe if messages stay on the site."


def test_a_push_back_on_our_rule_is_acknowledged(engine: EngagementEngine) -> None:
    # twcs-5615: "but as a courier I can't keep checking the app".
    theirs = "@bazaro But I'm out on my bike all day and can't keep checking the app for messages"
    draft = TALK.answer_to_us(engine, RULE, theirs)
    said = words(draft)
    assert "rules" in said and "team" in said, draft.text
    assert "dm" not in said and "a few details" not in said, draft.text


def test_a_question_after_our_rule_is_not_taken_for_a_push_back(engine: EngagementEngine) -> None:
    theirs = "@bazaro But how do I give a buyer my number for the pickup then?"
    draft = TALK.answer_to_us(engine, RULE, theirs)
    assert "unhappy with these rules" not in words(draft), draft.text
    assert "frustration with these rules" not in words(draft), draft.text
