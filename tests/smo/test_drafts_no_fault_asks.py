"""Drafts that answer what was asked rather than a fault nobody has: what a repair costs, a
reference the customer lost, a train that ran wrong, and a season cut short on a streaming
service; with look-alikes that keep their usual reply."""

from __future__ import annotations

import pytest

from bot.models import Draft
from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from tests.smo.drafting_kit import NOW, Talk, words

BRANDS = (
    BrandProfile(id="app", name="Quillpad", industry="software", handles={"x": "quillpad"}),
    BrandProfile(id="tv", name="Reelbox", industry="software", handles={"x": "reelbox"}),
    BrandProfile(id="rail", name="Lanterline", industry="travel", handles={"x": "lanterline"}),
    BrandProfile(id="air", name="Skyrill", industry="travel", handles={"x": "skyrill"}),
    BrandProfile(id="shop", name="Larch & Co", industry="retail", handles={"x": "larchco"}),
)
TALK = Talk(BRANDS, "nofault")
draft_for = TALK.draft_for
engine = TALK.engine_fixture()

FAULT_QUESTIONS = ("software version", "which device", "going wrong")
FAULTS_OR_ACCOUNT = (*FAULT_QUESTIONS, "email address")


def under_own_tweet(engine: EngagementEngine, first: str, second: str, brand: str) -> Draft:
    """The draft for ``second``, the customer's own tweet under their ``first``."""
    above = TALK.comment(first, brand, author="robin")
    below = TALK.comment(second, brand, parent=above.id, author="robin")
    draft = engine.run([above, below], NOW)[1].draft
    assert draft is not None, second
    return draft


# What a repair or a service costs: an answer to write, never a fault checklist.


@pytest.mark.parametrize(
    "text",
    [
        "@quillpad how much does it cost to send my tablet in for a diagnosis out of warranty?",
        "@quillpad what's the price of a screen replacement for the older model?",
    ],
)
def test_a_price_question_gets_an_answer_to_write(engine: EngagementEngine, text: str) -> None:
    draft = draft_for(engine, text, "app")
    said = words(draft)
    assert draft.action == "human" and "costs" in said, draft.text
    assert not any(q in said for q in FAULTS_OR_ACCOUNT), draft.text
    assert "what it costs" in draft.note, draft.note


def test_a_price_question_under_their_own_fault_is_still_a_price_question(
    engine: EngagementEngine,
) -> None:
    draft = under_own_tweet(
        engine,
        "@quillpad my tablet won't switch on at all, maybe the charger, not sure. Is there a...",
        "@quillpad ...cost for sending it in for a check if it's past warranty?",
        "app",
    )
    said = words(draft)
    assert "costs" in said, draft.text
    assert not any(q in said for q in FAULT_QUESTIONS), draft.text


def test_a_fault_with_no_price_asked_keeps_its_questions(engine: EngagementEngine) -> None:
    draft = draft_for(engine, "@quillpad my tablet won't switch on since the update", "app")
    said = words(draft)
    assert "costs" not in said, draft.text
    assert any(q in said for q in FAULT_QUESTIONS), draft.text


# A reference the customer lost: what finds it is asked for, never the reference.


def test_a_lost_confirmation_number_is_looked_up(engine: EngagementEngine) -> None:
    text = (
        "@skyrill I've got two travel credits but can't track down my confirmation numbers."
        " Any way to look them up?"
    )
    draft = draft_for(engine, text, "air")
    said = words(draft)
    assert "name and email address on the booking" in said and "look" in said, draft.text
    assert "reference" not in said and "voucher" not in said, draft.text


def test_a_complaint_with_a_lost_reference_asks_what_finds_it(engine: EngagementEngine) -> None:
    text = "@skyrill my flight was delayed five hours and I can't find my booking reference"
    said = words(draft_for(engine, text, "air"))
    assert "sorry" in said and "name and email address on the booking" in said, said
    assert "booking reference" not in said, said


def test_a_complaint_with_no_reference_lost_still_asks_for_it(engine: EngagementEngine) -> None:
    said = words(draft_for(engine, "@skyrill my flight was delayed five hours again", "air"))
    assert "booking reference" in said, said


# A train or bus that ran wrong: a sorry for it, never a booking reference.


def test_a_named_train_that_left_early_gets_a_sorry_and_no_booking_ask(
    engine: EngagementEngine,
) -> None:
    text = "The 18.40 @lanterline train from Ashby to Kelham left early. Really annoying."
    draft = draft_for(engine, text, "rail")
    said = words(draft)
    assert "sorry about the train leaving early" in said, draft.text
    assert "booking" not in said and "which service" not in said, draft.text


def test_an_unnamed_late_train_is_asked_which_service(engine: EngagementEngine) -> None:
    said = words(draft_for(engine, "@lanterline the train was 20 minutes late again", "rail"))
    assert "late train" in said and "which service" in said, said
    assert "booking" not in said, said


def test_a_cancelled_train_with_a_refund_asked_is_a_booking_matter(
    engine: EngagementEngine,
) -> None:
    said = words(draft_for(engine, "@lanterline my train was cancelled, I want a refund", "rail"))
    assert "booking reference" in said, said


def test_how_late_a_named_train_ran_is_looked_up_not_a_booking(engine: EngagementEngine) -> None:
    text = (
        "@lanterline how long was the delay for the 1843 train from Ashby to Kelham on Friday?"
        " My refund claim says 4 minutes but they announced 40"
    )
    draft = draft_for(engine, text, "rail")
    said = words(draft)
    assert "that service" in said, draft.text
    assert "booking" not in said and "refund" not in said, draft.text


# A season cut short on a streaming service: passed on, no device question.


def test_a_season_cut_short_is_passed_on(engine: EngagementEngine) -> None:
    text = "@reelbox season two of Copperline only goes to ep12? but season three is up?"
    draft = draft_for(engine, text, "tv")
    said = words(draft)
    assert "team" in said and "available" in said, draft.text
    assert not any(q in said for q in FAULT_QUESTIONS), draft.text


def test_an_episode_that_will_not_play_is_still_a_fault(engine: EngagementEngine) -> None:
    text = "@reelbox episode 3 of Copperline won't load, it just spins and crashes"
    said = words(draft_for(engine, text, "tv"))
    assert any(q in said for q in FAULT_QUESTIONS), said
