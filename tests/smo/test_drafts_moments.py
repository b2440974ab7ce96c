"""Drafts for moments that are no fault to diagnose: a complaint about other customers, a
celebration, a private channel that failed the customer, and a fact in answer to our reply."""

from __future__ import annotations

import re

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.smo.guardrails import has_emoji
from bot.smo.wording import time_promises
from tests.smo.drafting_kit import Talk, words
from tests.smo.drafting_setup import BRIGHTWAVE, HOLLOW_OAK, LOOPCAST, NORTHLINE

BRANDS = (
    BrandProfile(id="air", name="Skylark Air", industry="travel", handles={"x": "skylarkair"}),
    NORTHLINE,
    BRIGHTWAVE,
    LOOPCAST,
    HOLLOW_OAK,
)
TALK = Talk(BRANDS, "m")
engine = TALK.engine_fixture()
draft_for = TALK.draft_for
answer_to_us = TALK.answer_to_us

# What a fault checklist or a request for a booking or an account asks.
_CHECKLIST = re.compile(
    r"booking reference|date and route|order number|account holder|which device|dm|direct"
    r" message|trouble with your",
    re.IGNORECASE,
)
# Sending the customer back to a private channel.
_BACK_TO_IT = re.compile(
    r"send us a (?:dm|direct message|message|private message)|email us|call us|give us a call"
    r"|dm us|message us|in your dms?",
    re.IGNORECASE,
)
_HELP_OFFER = re.compile(r"help|assist|booking reference|send us|dm", re.IGNORECASE)


# A complaint about other customers or what they may bring is acknowledged and passed on.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        (
            "air",
            "@skylarkair I adore cats but they have no place in #plane #cabins. It was already bad"
            " when anybody could claim a #supportanimal. I can't put my little bag in the #exitrow"
            " but the guy beside me can bring his 30lb cat?",
        ),
        (
            "air",
            "@skylarkair pets don't belong in the cabin. I'm not allowed my small bag under the"
            " seat but the woman next to me gets to hold her big dog the whole way?",
        ),
        (
            "rail",
            "@northline the man across the aisle from me played music without headphones for two"
            " hours and staff did nothing",
        ),
        ("air", "@skylarkair other passengers reclining into my knees is the worst part of flying"),
    ],
)
def test_a_complaint_about_other_customers_gets_no_booking_checklist(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    assert draft.text, draft.note
    assert not _CHECKLIST.search(draft.text), draft.text
    assert "pass" in words(draft) or "share" in words(draft), draft.text
    assert not has_emoji(draft.text), draft.text


def test_a_complaint_about_my_own_booking_beside_a_passenger_keeps_its_checklist(
    engine: EngagementEngine,
) -> None:
    draft = draft_for(
        engine,
        "@skylarkair my booking was changed without asking and now I'm not sat next to my son,"
        " the lady next to me had to swap",
        "air",
    )
    assert "other customers" not in draft.note, draft.note


# A celebration gets a warm word back, never an offer of help.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        (
            "air",
            "Anybody flying in for our wedding: BOOK NOW! Return trip only $90 with"
            " @skylarkair 💍✈️",
        ),
        ("air", "Just booked our honeymoon with @skylarkair and I'm so excited 🌴"),
        ("rail", "London and back for just £12 with @northline, what a bargain! 🚆"),
    ],
)
def test_a_celebration_gets_a_warm_word_and_no_help_offer(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    assert draft.action == "reply", draft.note
    assert not _HELP_OFFER.search(draft.text), draft.text
    assert "?" not in draft.text, draft.text


def test_a_celebration_with_a_problem_is_no_celebration(engine: EngagementEngine) -> None:
    draft = draft_for(
        engine, "@skylarkair our honeymoon flight was cancelled and nobody can rebook us", "air"
    )
    assert "happy moment" not in draft.note, draft.note


def test_a_celebration_with_a_worry_gets_no_published_cheer(engine: EngagementEngine) -> None:
    draft = draft_for(
        engine,
        "@skylarkair flying to our wedding next week, hope the plane leaves this time",
        "air",
    )
    assert "happy moment" not in draft.note, draft.note
    assert not (draft.action == "reply" and has_emoji(draft.text)), draft.text


# A customer whose DMs, emails or calls got nowhere is not sent back there.


@pytest.mark.parametrize(
    ("brand", "ours", "theirs"),
    [
        (
            "cell",
            "Hi there! Send us a DM and we will sort you out :)",
            "Thanks but I've argued with you lot all weekend over DMs and they still won't give"
            " me the deal.",
        ),
        (
            "tune",
            "Sorry to hear that! Could you DM us the email on your account?",
            "my DMs to you have gone unanswered since Friday",
        ),
        (
            "shop",
            "We're sorry about this. Please email our care team and they'll look into it.",
            "I've had no reply to my emails in ten days, that's why I'm here",
        ),
    ],
)
def test_a_failed_channel_goes_to_a_person_and_is_picked_up_here(
    engine: EngagementEngine, brand: str, ours: str, theirs: str
) -> None:
    draft = answer_to_us(engine, ours, theirs, brand)
    assert draft.action == "human", draft.note
    assert draft.note.startswith("FAILED CHANNEL"), draft.note
    assert draft.text, draft.note
    assert not _BACK_TO_IT.search(draft.text), draft.text
    assert "here" in draft.text, draft.text
    assert not time_promises(draft.text), draft.text
    assert not has_emoji(draft.text), draft.text


def test_a_failed_channel_in_a_tweet_of_its_own_is_not_sent_back(
    engine: EngagementEngine,
) -> None:
    draft = draft_for(
        engine, "@bwave nobody has replied to my messages for three days, what is going on", "cell"
    )
    assert draft.note.startswith("FAILED CHANNEL"), draft.note
    assert not _BACK_TO_IT.search(draft.text), draft.text


# A fact in answer to our reply gets no cheer.

_TOP_UP = "@sam Hello, kindly ask the person you sent it to to top up as we need the full amount."


@pytest.mark.parametrize(
    ("brand", "ours", "theirs"),
    [
        ("cell", _TOP_UP, "the recipient is a postpay corporate line"),
        ("cell", _TOP_UP, "the line is a family postpay one, it is fine"),
    ],
)
def test_a_fact_in_answer_to_our_reply_gets_no_cheer(
    engine: EngagementEngine, brand: str, ours: str, theirs: str
) -> None:
    draft = answer_to_us(engine, ours, theirs, brand)
    assert "cheerful" not in draft.note, draft.note
    assert not has_emoji(draft.text), draft.text
    assert "love that" not in words(draft), draft.text


def test_a_pleasantry_in_answer_to_our_thanks_is_still_chat(engine: EngagementEngine) -> None:
    draft = answer_to_us(
        engine,
        "Lovely photo, thanks for sharing! - Jo",
        "You're welcome, it was a great trip.",
        "air",
    )
    assert draft.action == "reply", draft.note
    assert not _CHECKLIST.search(draft.text), draft.text
    assert "checking" not in words(draft), draft.text


# A flight number, a route or a train already named is not asked for again.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("air", "@skylarkair SK0412 cancelled on Saturday and nobody has told us what happens now"),
        (
            "air",
            "@skylarkair it was the 07:15 from Glasgow to Gatwick, we sat on the tarmac for 3h",
        ),
        ("rail", "@northline stuck on the 18:20 from york to leeds, the doors won't open, awful"),
        (
            "air",
            "@skylarkair lost a blue scarf on my flight from Cork to Bristol on Tuesday, any luck?",
        ),
    ],
)
def test_a_trip_already_named_is_not_asked_for_again(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    assert draft.text, draft.note
    assert "route" not in words(draft), draft.text
    assert "which flight or train" not in words(draft), draft.text


# A device, a version, a symptom or how long it has lasted, already said, is not asked again.


@pytest.mark.parametrize(
    ("brand", "text", "not_asked"),
    [
        (
            "tune",
            "@loopcast iOS 12.1 on my iPhone XR. Cannot change the sleep timer length at all",
            r"what'?s going wrong|which device|software version",
        ),
        (
            "cell",
            "@bwave I pay for 200 mbps and I'm getting 18 mbps, this is rubbish",
            r"what'?s going wrong",
        ),
        (
            "cell",
            "@bwave look at my upload speed, it has been like this for the past 40 mins, awful",
            r"what'?s going wrong|since when",
        ),
    ],
)
def test_details_already_given_are_not_asked_again(
    engine: EngagementEngine, brand: str, text: str, not_asked: str
) -> None:
    draft = draft_for(engine, text, brand)
    assert draft.text, draft.note
    assert not re.search(not_asked, draft.text, re.IGNORECASE), draft.text
