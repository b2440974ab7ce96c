"""Drafts that ask only what fits: rights matters to a person, suggestions passed on (not yet
shared), no claim to hold details nobody gave, and no diagnostic script where none fits."""

from __future__ import annotations

import re

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.drafting import URGENT
from bot.smo.engine import EngagementEngine
from bot.smo.guardrails import has_emoji
from bot.smo.safety import find_hazard
from tests.smo.drafting_kit import Talk, words

BRANDS = (
    BrandProfile(id="tune", name="Loopcast", industry="software", handles={"x": "loopcast"}),
    BrandProfile(id="cell", name="Brightwave", industry="telco", handles={"x": "bwave"}),
    BrandProfile(id="shop", name="Hollow Oak", industry="retail", handles={"x": "hollowoak"}),
    BrandProfile(id="rail", name="Northline", industry="travel", handles={"x": "northline"}),
    BrandProfile(id="bank", name="Oakvault", industry="finance", handles={"x": "oakvault"}),
)
TALK = Talk(BRANDS, "fit")
engine = TALK.engine_fixture()
draft_for = TALK.draft_for
answer_to_us = TALK.answer_to_us

# An admission or a promise a holding reply to a rights matter must not make.
_ADMITS = re.compile(r"we(?:'ve| have) removed|taken (?:it )?down|our mistake|we apologi[sz]e for")


# 1. Someone's own work on the service without their leave, or someone posing as them: a
# person answers, urgently, with a holding reply that admits nothing.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("tune", "@loopcast someone uploaded my unreleased songs to your app, take them down"),
        ("tune", "@loopcast you are streaming my music without my permission"),
        ("shop", "@hollowoak my artwork was stolen and is printed on a shirt you sell"),
        ("tune", "@loopcast there's an account on here impersonating me"),
        ("bank", "@oakvault a page is pretending to be us and taking people's money"),
        ("tune", "@loopcast this is copyright infringement, that cover photo is mine"),
        ("shop", "@hollowoak you copied my designs for your winter range"),
    ],
)
def test_a_rights_matter_goes_to_a_person_urgently(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    assert draft.action == "human", draft.note
    assert draft.note.startswith(URGENT), draft.note
    assert "copyright or impersonation" in draft.note
    assert draft.text, draft.note
    assert not _ADMITS.search(draft.text.lower()), draft.text
    assert not has_emoji(draft.text)


@pytest.mark.parametrize(
    "text",
    [
        "when are the unreleased songs coming out?",
        "you changed my plan without my permission",
        "my phone was stolen, can I block the sim?",
        "my work laptop was stolen",
        "I got a fake email claiming to be from you",
        "the claims team never called me back",
        "can I use your logo in my school project?",
    ],
)
def test_everyday_words_near_rights_raise_no_rights_matter(text: str) -> None:
    hazard = find_hazard(text)
    assert hazard is None or hazard.topic != "copyright or impersonation", hazard


# 2. A suggestion is thanked and passed on: no apology, no DM, and no claim that it has been
# shared already (nobody has yet).

_PAST_SHARED = re.compile(r"we(?:'ve| have) (?:passed|shared|sent|forwarded)")


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("tune", "@loopcast you should add a sleep timer to the player"),
        ("tune", "@loopcast it would be great if playlists could have folders"),
        ("shop", "@hollowoak It would be great if you stocked longer jeans in store"),
        ("bank", "@oakvault would be nice if the app showed pending payments"),
        ("tune", "@loopcast I wish the web player had a lyrics view"),
    ],
)
def test_a_suggestion_is_passed_on_in_the_future_tense(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    said = words(draft)
    assert draft.action == "reply", draft.note
    assert re.search(r"we'll (?:pass|share)", said), draft.text
    assert not _PAST_SHARED.search(said), draft.text
    for wrong in ("sorry", "dm", "which device", "what's going wrong"):
        assert wrong not in said, draft.text


# 3. Details the customer sends in the thread are thanked, but the reply never says "we have
# your details": it makes no claim about what we hold.


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("@sam Please share the booking reference so we can look.", "booking ref ZK4471Q"),
        (
            "@sam Could you send a contact number and a good time to call?",
            "07700 900123, any time after 5",
        ),
        (
            "@sam Can you share the reference from the other carrier?",
            "they gave me ref ABX99120 hope that helps",
        ),
    ],
)
def test_details_sent_are_thanked_without_claiming_to_hold_them(
    engine: EngagementEngine, ours: str, theirs: str
) -> None:
    draft = answer_to_us(engine, ours, theirs, "rail")
    said = words(draft)
    assert "have your details" not in said and "we've got your" not in said, draft.text
    assert "follow up" in said or "take it from here" in said, draft.text
