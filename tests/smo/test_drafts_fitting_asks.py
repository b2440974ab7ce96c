"""Drafts that ask only what fits: rights matters to a person, suggestions passed on (not yet
shared), no claim to hold details nobody gave, and no diagnostic script where none fits."""

from __future__ import annotations

import re

import pytest

from bot.smo.drafting import URGENT
from bot.smo.engine import EngagementEngine
from bot.smo.guardrails import has_emoji
from bot.smo.safety import find_hazard
from tests.smo.drafting_kit import Talk, words
from tests.smo.drafting_setup import BRIGHTWAVE, HOLLOW_OAK, LOOPCAST, NORTHLINE, OAKVAULT

BRANDS = (LOOPCAST, BRIGHTWAVE, HOLLOW_OAK, NORTHLINE, OAKVAULT)
TALK = Talk(BRANDS, "fit")
engine = TALK.engine_fixture()
draft_for = TALK.draft_for
answer_to_us = TALK.answer_to_us

# An admission or a promise a holding reply to a rights matter must not make.
_ADMITS = re.compile(r"we(?:'ve| have) removed|taken (?:it )?down|our mistake|we apologi[sz]e for")


# 1. Someone's own work on the service without their leave, or someone posing as them: a
# person answers, urgently, with a holding reply that admits nothing.


@pytest.mark.slow
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
        ("tune", "@loopcast two tracks we never released are up on your app, who do I talk to"),
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
        "my photos that I never uploaded are gone",
    ],
)
def test_everyday_words_near_rights_raise_no_rights_matter(text: str) -> None:
    hazard = find_hazard(text)
    assert hazard is None or hazard.topic != "copyright or impersonation", hazard


# 2. A suggestion is thanked and passed on: no apology, no DM, and no claim that it has been
# shared already (nobody has yet).

_PAST_SHARED = re.compile(r"we(?:'ve| have) (?:passed|shared|sent|forwarded)")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("tune", "@loopcast you should add a sleep timer to the player"),
        ("tune", "@loopcast it would be great if playlists could have folders"),
        ("shop", "@hollowoak It would be great if you stocked longer jeans in store"),
        ("bank", "@oakvault would be nice if the app showed pending payments"),
        ("tune", "@loopcast I wish the web player had a lyrics view"),
        ("tune", "@loopcast you should add a way to hide old contacts, the list is a mess"),
        ("tune", "@loopcast can you remove the autoplay option from the home page?? hate it"),
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


# 4. No device or version question where nothing on the customer's device is at fault: a title
# missing from the catalogue, a repair already under way; no "error message?" for a code the
# customer lost or never got. A fault in the app still gets the checklist.

_CHECKLIST = re.compile(r"which device|software version|what's going wrong")


@pytest.mark.parametrize(
    "text",
    [
        "@loopcast why are half of the Velvet Pines albums missing from the catalogue?",
        "@loopcast the new Lumen album isn't available in my country",
        "@loopcast the second season of Harbour Lights is gone, where did it go?",
        "@loopcast how come I can't find any songs by Marla Quinn on here",
    ],
)
def test_a_title_missing_from_the_catalogue_is_passed_on_not_diagnosed(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "tune")
    said = words(draft)
    assert not _CHECKLIST.search(said), draft.text
    assert "dm" not in said and "email address" not in said, draft.text
    assert "what's available" in said, draft.text


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("cell", "@bwave my phone has been in repair for 3 weeks and nobody tells me anything"),
        ("tune", "@loopcast my laptop is still at the repair centre after a month"),
        ("tune", "@loopcast sent my tablet off for repair in May, still no word"),
    ],
)
def test_a_repair_under_way_is_not_diagnosed_again(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    said = words(draft)
    assert "repair" in said, draft.text
    assert not _CHECKLIST.search(said) and "calls, texts or data" not in said, draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@hollowoak I lost my voucher code, can you resend it?",
        "@hollowoak bought a gift card online but never received the email with the code",
        "@hollowoak I can't find the discount code you sent me last week",
    ],
)
def test_a_code_lost_or_never_sent_is_not_asked_for_an_error_message(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "shop")
    said = words(draft)
    assert "error message" not in said and "isn't working" not in said, draft.text


@pytest.mark.parametrize(
    ("brand", "text", "asked"),
    [
        ("tune", "@loopcast my app keeps crashing when I open it", "which device"),
        ("tune", "@loopcast the desktop app freezes every time I play a song", "which device"),
        ("shop", "@hollowoak my voucher code says invalid at checkout", "error message"),
    ],
)
def test_a_reported_fault_still_gets_its_question(
    engine: EngagementEngine, brand: str, text: str, asked: str
) -> None:
    draft = draft_for(engine, text, brand)
    assert asked in words(draft), draft.text


# 5. A bare plea for help is asked what is happening (or offered a DM), never thanked, and
# never given a checklist for a fault nobody named.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("tune", "@loopcast I need help"),
        ("cell", "@bwave help please"),
        ("shop", "@hollowoak Please help!!"),
        ("tune", "@loopcast can someone help me?"),
    ],
)
def test_a_bare_plea_for_help_is_asked_what_is_happening(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    said = words(draft)
    assert "what's going on" in said, draft.text
    assert not said.startswith("thanks") and "thanks," not in said, draft.text
    assert not _CHECKLIST.search(said) and "calls, texts or data" not in said, draft.text


@pytest.mark.parametrize("theirs", ["I need help", "help please", "need some help here"])
def test_a_bare_plea_under_our_reply_is_not_thanked(engine: EngagementEngine, theirs: str) -> None:
    draft = answer_to_us(engine, "@sam Hi! Send us a DM and we'll take a look.", theirs, "cell")
    said = words(draft)
    assert "thanks" not in said and "thank you" not in said, draft.text
    assert "what's going on" in said or "what's happening" in said, draft.text


def test_a_plea_that_names_the_trouble_is_answered_as_the_trouble(
    engine: EngagementEngine,
) -> None:
    draft = draft_for(engine, "@loopcast help! the app crashes when I log in", "tune")
    assert "what's going on" not in words(draft), draft.text


# 6. A how-to question (an invoice, the help centre, a contact) gets a holding reply for the
# answer: no apology and no "what happened?".

_SORRY_OR_WHAT = re.compile(r"sorry|apologi[sz]e|what happened|what's going wrong|which device")


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("tune", "@loopcast which help centre do I use for a team account?"),
        ("shop", "@hollowoak how do I get a VAT receipt for something I bought online?"),
        ("bank", "@oakvault how can I download my statements as a PDF?"),
        ("rail", "@northline where can I find the lost property contact? left my scarf on a train"),
        ("tune", "@loopcast do you have a help center for Brazil?"),
    ],
)
def test_a_how_to_question_gets_no_apology(engine: EngagementEngine, brand: str, text: str) -> None:
    draft = draft_for(engine, text, brand)
    said = words(draft)
    assert not _SORRY_OR_WHAT.search(said), draft.text
    assert "reply here" in said or "check" in said, draft.text


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("tune", "@loopcast how do I get the app to stop crashing? it's been days"),
        (
            "rail",
            "@northline my train was cancelled and nobody told me, how do I contact someone?!",
        ),
    ],
)
def test_a_how_to_beside_a_fault_or_a_grievance_still_owns_it(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    assert "sorry" in words(draft), draft.text


@pytest.mark.parametrize(
    "theirs",
    [
        "How do I get a copy of the invoice? I can't see it in your help pages",
        "ok, and which help centre do I use for business accounts?",
    ],
)
def test_a_how_to_question_under_our_reply_gets_no_apology(
    engine: EngagementEngine, theirs: str
) -> None:
    draft = answer_to_us(
        engine, "@sam Auto-declines can save you time, give them a go!", theirs, "tune"
    )
    said = words(draft)
    assert not _SORRY_OR_WHAT.search(said), draft.text


def test_a_question_about_a_wrong_bill_is_not_taken_for_a_how_to(
    engine: EngagementEngine,
) -> None:
    draft = draft_for(
        engine, "@oakvault how do I get my bill corrected? you charged me twice", "bank"
    )
    assert "a how-to question" not in draft.note, draft.note
