"""Drafts for a customer's follow-up to their own unanswered complaint above it: the thread is
that complaint (a member of staff's behaviour, or any fault), never dropped; once the brand has
sorted it, or where the complaint is another customer's, a light word stays light."""

from __future__ import annotations

import pytest

from bot.models import Draft
from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.smo.topics import concern_of
from tests.smo.drafting_kit import NOW, Talk, words

BRANDS = (
    BrandProfile(id="shop", name="Basketful", industry="retail", handles={"x": "basketful"}),
    BrandProfile(id="net", name="Brightwave", industry="telco", handles={"x": "bwave"}),
)
TALK = Talk(BRANDS, "oca", brand="shop")
engine = TALK.engine_fixture()

# The customer's first tweet: a delivery driver cursed at them in a voicemail (twcs-1833).
_STAFF_FIRST = (
    "@basketful your delivery driver left me a voicemail and ended it by swearing at me,"
    " clearly thought he had hung up"
)
# Their next tweet under it: a joke and a cheers, no request or fault in its own words.
_QUIP = "@basketful maybe someone should have a word with Dave about his language. ta"


def _thread(engine: EngagementEngine, first: str, then: str, *, same: bool = True) -> Draft | None:
    """The draft for ``then``, tweeted under ``first`` by the same customer or another one."""
    top = TALK.comment(first, author="kit")
    below = TALK.comment(then, parent=top.id, author="kit" if same else "lou")
    return engine.run([top, below], NOW)[1].draft


def test_staff_swearing_is_a_complaint_about_staff() -> None:
    found = concern_of(_STAFF_FIRST, "retail")
    assert found is not None and found.kind == "staff", found
    polite = "@basketful the delivery driver was lovely and carried it all upstairs"
    found = concern_of(polite, "retail")
    assert found is None or found.kind != "staff"


@pytest.mark.slow
def test_a_quip_under_their_own_staff_complaint_is_that_complaint(
    engine: EngagementEngine,
) -> None:
    draft = _thread(engine, _STAFF_FIRST, _QUIP)
    assert draft is not None, "a customer with a complaint above was dropped"
    assert draft.action == "human", draft.note  # a team lead answers staff complaints
    text = words(draft)
    assert "sorry" in text and "our team" in text, draft.text
    assert "dm" in text or "direct message" in text, draft.text
    assert "when it happened" in text, draft.text
    assert "continues their own complaint above" in draft.note, draft.note


def test_a_cheery_quip_under_their_own_staff_complaint_is_no_good_news(
    engine: EngagementEngine,
) -> None:
    draft = _thread(engine, _STAFF_FIRST, "@basketful tell Dave to watch his mouth haha. cheers")
    assert draft is not None, "a customer with a complaint above was dropped"
    assert "sorted" not in words(draft), draft.text
    assert "our team" in words(draft), draft.text


def test_a_quip_under_their_own_fault_goes_to_a_person(engine: EngagementEngine) -> None:
    first = "@bwave my broadband has dropped out every evening this week and nobody has replied"
    draft = _thread(
        engine,
        first,
        "@bwave lol guess I'll just read a book then. cheers",
    )
    assert draft is not None, "a customer with a fault above was dropped"
    assert draft.action == "human", draft.note


def test_sorted_now_after_our_reply_still_closes_gracefully(engine: EngagementEngine) -> None:
    draft = TALK.answer_to_us(
        engine,
        "So sorry about the driver, we've spoken to the depot and passed this on.",
        "@basketful sorted now, cheers",
    )
    text = words(draft)
    assert "our team" not in text and "when it happened" not in text, draft.text
    assert "dm" not in text.split() and "send us" not in text, draft.text


def test_sorted_now_under_their_own_complaint_opens_no_case(engine: EngagementEngine) -> None:
    draft = _thread(engine, _STAFF_FIRST, "@basketful all sorted now, cheers")
    if draft is not None:
        assert "continues their own complaint above" not in draft.note, draft.note
        assert "when it happened" not in words(draft), draft.text


def test_a_quip_under_another_customers_complaint_is_not_theirs(
    engine: EngagementEngine,
) -> None:
    draft = _thread(engine, _STAFF_FIRST, _QUIP, same=False)
    if draft is not None:
        assert "continues their own complaint above" not in draft.note, draft.note
