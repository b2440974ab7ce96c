"""Drafts for kinds a head of community graded harmful: a plea from a traveller held on board,
praise said "again", a DM the customer says they sent, a request for a promo code, an answer
in a thread about a problem, and a hashtag that is not the customer's concern."""

from __future__ import annotations

import re

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from tests.smo.drafting_kit import Talk, words
from tests.smo.drafting_setup import CRUSTWORKS, HOLLOW_OAK

BRANDS = (
    BrandProfile(id="air", name="Skyline", industry="travel", handles={"x": "skylineair"}),
    BrandProfile(id="rail", name="Northline", industry="travel", handles={"x": "northlinerail"}),
    BrandProfile(id="cable", name="Lumen TV", industry="telco", handles={"x": "lumentv"}),
    CRUSTWORKS,
    HOLLOW_OAK,
)
TALK = Talk(BRANDS, "lp")
draft_for = TALK.draft_for
answer_to_us = TALK.answer_to_us


engine = TALK.engine_fixture()


# A traveller held on board asks to be let off or out: a live disruption, never feedback.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        (
            "air",
            "@skylineair we have been sat stuck in our seats on the ground for an hour,"
            " please let us use the toilet",
        ),
        ("air", "@skylineair been on the tarmac 2 hours now, let us off the plane please"),
        ("air", "@skylineair 90 minutes on the ground and still no gate for us. please let us off"),
        ("rail", "@northlinerail stuck in our seats for ages, please let us get some water"),
    ],
)
def test_a_plea_from_a_traveller_held_on_board_is_a_disruption(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    said = words(draft)
    assert "stranded mid-journey" in draft.note, draft.note
    for wrong in ("feedback", "suggestion", "passed", "booking reference"):
        assert wrong not in said, said


# Praise said "again" is praise: a thank-you, never an apology or a hand-over.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("air", "Once again @skylineair you set the bar for what an airline should be"),
        ("pie", "@crustworks again the best pizza in town, you guys are brilliant"),
    ],
)
def test_praise_said_again_is_thanked(engine: EngagementEngine, brand: str, text: str) -> None:
    draft = draft_for(engine, text, brand)
    said = words(draft)
    assert draft.action == "reply", (draft.action, said)
    for wrong in ("sorry", "dm", "what happened"):
        assert wrong not in said, said


# A DM the customer says they sent, in a thread where we asked for one: picked up there, with
# a sorry for the wait when it is still not fixed, never a second request for a DM.

_ASKED_FOR_A_DM = "Sorry to hear that. Please send us a DM with your account number and we'll look."


@pytest.mark.parametrize(
    "text",
    [
        "DM'd you an hour ago and it's still not fixed",
        "sent you a DM this morning, the box still won't turn on",
        "check your DMs, still no picture on any channel",
    ],
)
def test_a_dm_already_sent_is_picked_up_there(engine: EngagementEngine, text: str) -> None:
    said = words(answer_to_us(engine, _ASKED_FOR_A_DM, text, "cable"))
    # It carries on in the private messages, without claiming to have read them.
    assert re.search(r"we'll (?:reply in|pick (?:this |it )?up)", said), said
    assert "sorry" in said, said
    for wrong in ("send us a dm", "if you send us", "please dm"):
        assert wrong not in said, said


# A request for a promo code is no code that failed: no "isn't working", no code promised.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("shop", "@hollowoak I need a promo code, hook me up"),
        ("pie", "@crustworks got any discount codes? want pizza tonight"),
        ("shop", "need a hookup with a @hollowoak promo code, help me out #deals"),
    ],
)
def test_a_request_for_a_code_is_not_a_code_that_failed(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    said = words(draft_for(engine, text, brand))
    for wrong in ("isn't working", "not working", "check the code", "error message", "here's"):
        assert wrong not in said, said


def test_a_code_that_failed_is_still_checked(engine: EngagementEngine) -> None:
    said = words(draft_for(engine, "@hollowoak my promo code isn't working at checkout", "shop"))
    assert "code" in said, said


# A hashtag is no sales concern when the words report a fault.


@pytest.mark.parametrize(
    "text",
    [
        "@lumentv why does my DVR record shows from channels I don't even get?"
        " all blank recordings. #UpgradeYourSoftware",
        "@lumentv the guide crashed again and nothing recorded last night #UpgradeYourBoxes",
    ],
)
def test_a_hashtag_is_no_upgrade_wish_under_a_fault(engine: EngagementEngine, text: str) -> None:
    said = words(draft_for(engine, text, "cable"))
    assert "upgrade" not in said and "your plan" not in said, said


def test_an_upgrade_asked_in_words_is_still_an_upgrade(engine: EngagementEngine) -> None:
    said = words(draft_for(engine, "@lumentv can I upgrade my plan to get sports?", "cable"))
    assert "upgrade" in said, said


# Light words under our reply about a problem go on with the case; cheer is for warm words.


@pytest.mark.parametrize(
    ("brand", "ours", "theirs"),
    [
        (
            "air",
            "@sam Our crew will need to see the damage in person, see an agent at the desk.",
            "@skylineair I was long gone from the station by then",
        ),
        (
            "cable",
            "@sam Hi, we hope you have no service interruptions. Need assistance? Reach out.",
            "@lumentv I just did.",
        ),
    ],
)
def test_an_answer_under_our_reply_about_a_problem_goes_on_with_the_case(
    engine: EngagementEngine, brand: str, ours: str, theirs: str
) -> None:
    said = words(answer_to_us(engine, ours, theirs, brand))
    assert "sorry" in said, said
    for wrong in ("love", "🙌", "😄", "glad"):
        assert wrong not in said, said


def test_warm_words_under_our_reply_still_get_a_friendly_word(engine: EngagementEngine) -> None:
    said = words(
        answer_to_us(
            engine,
            "@sam Sorry about the wait earlier, we're glad the team could help.",
            "@lumentv you guys were brilliant in the end!",
            "cable",
        )
    )
    assert "sorry" not in said, said


@pytest.mark.parametrize(
    "text",
    [
        "@lumentv internet down, again. 5th time this week",
        "@lumentv out of service again. might be time to switch",
    ],
)
def test_a_fault_said_again_is_no_praise(engine: EngagementEngine, text: str) -> None:
    said = words(draft_for(engine, text, "cable"))
    assert "glad" not in said and "thank you" not in said, said


def test_i_just_did_with_a_hope_after_it_is_picked_up_in_the_dm(engine: EngagementEngine) -> None:
    said = words(
        answer_to_us(
            engine,
            "@sam Switching plans should be easy. DM us so we can look at options together.",
            "@lumentv I just did.. hope to get this sorted soon.",
            "cable",
        )
    )
    assert "send us a dm" not in said and "love" not in said, said
    assert "dm" in said, said
