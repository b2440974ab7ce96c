"""Drafts for a gripe under our own service update about a delay: a sorry and a pointer to the
update, never a request for a booking reference."""

from __future__ import annotations

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from tests.smo.drafting_kit import Talk, words

BRANDS = (BrandProfile(id="rail", name="Midrail", industry="travel", handles={"x": "midrail"}),)
TALK = Talk(BRANDS, "g", brand="rail")
engine = TALK.engine_fixture()

UPDATE = "Signal fault near Elmford: trains through Castlegate may be delayed by up to 20 minutes."


def test_a_gripe_at_our_delay_notice_points_to_the_update(engine: EngagementEngine) -> None:
    # twcs-6632: sarcasm about delays, under our own notice of one.
    draft = TALK.answer_to_us(engine, UPDATE, "@midrail delays again, what a shambles of a railway")
    said = words(draft)
    assert "sorry" in said and "update" in said, draft.text
    assert "booking reference" not in said and "dm" not in said, draft.text


def test_a_question_about_their_own_trip_is_not_only_pointed_to_the_update(
    engine: EngagementEngine,
) -> None:
    draft = TALK.answer_to_us(
        engine, UPDATE, "@midrail this is terrible, will my ticket be valid on the next train?"
    )
    assert "our update above" not in words(draft), draft.text


def test_a_gripe_under_a_post_with_no_disruption_is_not_this(engine: EngagementEngine) -> None:
    draft = TALK.answer_to_us(
        engine,
        "Our new autumn timetable starts on Sunday!",
        "@midrail awful, the trains are always late",
    )
    assert "our update above" not in words(draft), draft.text
