"""Kind words beside a lost booking or order reference: thanked, and the lookup offered."""

# Kind words from a customer who lost their booking or order reference: the draft thanks them
# and offers to look it up from what finds it, never asking for the reference they lost.

from __future__ import annotations

import re

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from tests.smo.drafting_kit import Talk, words

BRANDS = (
    BrandProfile(id="fly", name="Skylark Air", industry="travel", handles={"x": "skylarkair"}),
    BrandProfile(id="shop", name="Hollow Oak", industry="retail", handles={"x": "hollowoak"}),
)
TALK = Talk(BRANDS, "kindref")
engine = TALK.engine_fixture()

# What a reply must not ask for: the reference the customer says is lost.
_REFERENCE = re.compile(r"(?<!\w)(?:numbers?|references?|codes?|confirmation)(?!\w)")


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("fly", "@skylarkair love you guys, lost my booking number though"),
        ("fly", "@skylarkair your crew are the best! I misplaced my confirmation code though"),
        ("fly", "@skylarkair best airline ever, but I can't find my booking reference anywhere"),
        ("shop", "@hollowoak love you guys, lost my order number though"),
        ("shop", "@hollowoak the delivery was brilliant, can't find my order number though"),
    ],
)
def test_kind_words_with_a_lost_reference_are_thanked_and_offered_a_lookup(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = TALK.draft_for(engine, text, brand)
    said = words(draft)
    assert "thank" in said, draft.text
    assert "look it up" in said or "look that up" in said, draft.text
    assert "name and email" in said, draft.text
    assert not _REFERENCE.search(said), draft.text
    assert "sorry" not in said, draft.text


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("fly", "@skylarkair I lost my booking reference, can you help?"),
        ("shop", "@hollowoak can't find my order number, what do I do"),
        # A thanks closing the request is politeness, not kind words to thank for.
        ("fly", "@skylarkair can't track down my booking reference, can you look it up? Thanks!"),
    ],
)
def test_a_lost_reference_alone_is_offered_a_lookup_without_thanks(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = TALK.draft_for(engine, text, brand)
    said = words(draft)
    assert "look it up" in said or "look that up" in said, draft.text
    assert "kind words" not in said and not _REFERENCE.search(said), draft.text


def test_a_booking_the_brand_lost_is_still_a_complaint(engine: EngagementEngine) -> None:
    draft = TALK.draft_for(engine, "@skylarkair you lost my booking and I'm furious", "fly")
    said = words(draft)
    assert "sorry" in said and "thank" not in said, draft.text


def test_details_sent_in_answer_to_our_ask_are_not_asked_for_again(
    engine: EngagementEngine,
) -> None:
    draft = TALK.answer_to_us(
        engine,
        "@traveller Lost your booking number? No worries, send us the passenger's name, the"
        " flight and an email address and we'll trace it.",
        "@skylarkair lost my booking number, passenger Ana Ruiz, flight SK210 on 3 May",
        "fly",
    )
    said = words(draft)
    assert "name and email" not in said, draft.text
