"""What the drafter's readings of a given answer must not catch: praise or a happy ending read
as a refund turned down, the bank's own number or address read as the customer's, a card
number or a date named as something else, an answer to half our question taken as the whole,
an opinion or a shop's product read as episodes with parts missing, and a route in lower case
not read as the service named."""

from __future__ import annotations

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.smo.topics import refund_refused
from tests.smo.drafting_kit import Talk, words

BRANDS = (
    BrandProfile(id="tv", name="Reelbox", industry="software", handles={"x": "reelbox"}),
    BrandProfile(id="rail", name="Northline", industry="travel", handles={"x": "northline"}),
    BrandProfile(id="net", name="Fibrelink", industry="telco", handles={"x": "fibrelink"}),
    BrandProfile(id="shop", name="Larch & Co", industry="retail", handles={"x": "larchco"}),
    BrandProfile(id="music", name="Tunewell", industry="software", handles={"x": "tunewell"}),
    BrandProfile(id="bank", name="Harbourline", industry="finance", handles={"x": "harbourline"}),
)
TALK = Talk(BRANDS, "held")
draft_for = TALK.draft_for
engine = TALK.engine_fixture()


# A refund turned down: only the customer's refund or claim, refused in the same clause, and
# not denied or put right afterwards.

NO_REFUSAL = [
    (
        "shop",
        "@larchco never once needed a refund, and you've never declined a claim of mine."
        " Great shop!",
    ),
    (
        "shop",
        "@larchco I feared my refund would be refused, but it came through in two days, thank you!",
    ),
    (
        "rail",
        "@northline my delay repay claim was rejected at first but your team sorted it,"
        " many thanks",
    ),
    ("shop", "@larchco the advert claims free delivery over £40 but my order didn't qualify?"),
]


@pytest.mark.parametrize(("brand", "text"), NO_REFUSAL)
def test_praise_or_a_happy_ending_is_no_refund_turned_down(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    assert not refund_refused(text)
    assert "turned down" not in words(draft_for(engine, text, brand))


@pytest.mark.parametrize(
    "text",
    [
        "@northline the 07:12 was cancelled, I claimed delay repay and was refused",
        "@larchco you refused my refund claim for the broken toaster",
        "@northline my claim doesn't qualify for compensation?? 40 minutes late",
    ],
)
def test_a_refund_refused_is_still_read(text: str) -> None:
    assert refund_refused(text)
