"""Drafts for a kind moment told with a negation in it, praise whose "but" turns to more
praise, and a complaint about a member of staff met at a branch or store: a warm word or thanks
back, and the branch and when asked, never the account."""

from __future__ import annotations

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.smo.guardrails import ends_on_praise
from tests.smo.drafting_kit import Talk, words

BRANDS = (
    BrandProfile(id="shop", name="Corner", industry="retail", handles={"x": "cornermart"}),
    BrandProfile(id="bank", name="Ledger", industry="finance", handles={"x": "ledgerbank"}),
)
TALK = Talk(BRANDS, "k")
engine = TALK.engine_fixture()


@pytest.mark.parametrize(
    "text",
    [
        # twcs-2391: "it isn't every day" tells of something special, not of a fault.
        "It isn't every day you leave @cornermart with armfuls of flowers and a new friend!",
        "Not every day that we make friends with the checkout lady @cornermart #smiles",
    ],
)
def test_a_special_moment_told_with_a_negation_gets_a_warm_word(
    engine: EngagementEngine, text: str
) -> None:
    draft = TALK.draft_for(engine, text, "shop")
    assert draft.action == "reply", draft.note
    assert "sorry" not in words(draft), draft.text
    assert "dm" not in words(draft), draft.text


def test_a_real_fault_with_isnt_is_still_a_problem(engine: EngagementEngine) -> None:
    draft = TALK.draft_for(
        engine, "@cornermart my order isn't here and it's three days late", "shop"
    )
    assert "sorry" in words(draft), draft.text


@pytest.mark.parametrize(
    "text",
    [
        # twcs-4815: a named member of staff at a branch, no account in it.
        "Never going back to this branch! Sam Lee is a terrible example of customer service",
        "That clerk gave an awful representation of service, done with this branch @ledgerbank",
    ],
)
def test_a_complaint_about_staff_at_a_branch_asks_which_branch_not_the_account(
    engine: EngagementEngine, text: str
) -> None:
    draft = TALK.draft_for(engine, text, "bank")
    said = words(draft)
    assert "sorry" in said, draft.text
    assert "which branch" in said and "when" in said, draft.text
    assert "card, a payment" not in said and "online banking" not in said, draft.text


def test_a_staff_complaint_at_a_store_asks_which_store(engine: EngagementEngine) -> None:
    text = (
        "Won't be back to this store, Jo on the tills is a shocking example of customer"
        " service @cornermart"
    )
    draft = TALK.draft_for(engine, text, "shop")
    assert "which store" in words(draft), draft.text


@pytest.mark.parametrize(
    ("text", "praise"),
    [
        # twcs-1244: "but" that turns to more praise, not to a fault.
        ("I'd shop at Corner any day, but they make the holidays so fun to visit", True),
        ("Lovely staff, but the day out was wonderful too", True),
        ("Lovely staff, but it's no fun queueing for an hour", False),
        ("Great shop, but not perfect", False),
        # No turn in the last sentence: a negation there is no reservation of praise.
        ("Best crew ever. If you don't love them, just hang up. Thank you!", True),
    ],
)
def test_praise_after_a_turn_ends_on_praise_unless_negated(text: str, praise: bool) -> None:
    assert ends_on_praise(text) is praise


def test_praise_that_turns_to_more_praise_is_thanked(engine: EngagementEngine) -> None:
    text = "I'd shop @cornermart any day of the year, but they make Halloween really fun 🎃"
    draft = TALK.draft_for(engine, text, "shop")
    assert words(draft).startswith("thank"), draft.text
    assert "sorry" not in words(draft), draft.text
