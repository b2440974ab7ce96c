"""Drafts for kinds a head of community graded weak or harmful: delight put as a question, a
DM nobody sent, "is it down?", an opinion on a change, a complaint about discrimination or
accessibility, and a holding reply that promised a time."""

from __future__ import annotations

import re

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.smo.guardrails import has_emoji
from bot.smo.wording import time_promises
from tests.smo.drafting_kit import Talk, words
from tests.smo.drafting_setup import BRIGHTWAVE, CRUSTWORKS, HOLLOW_OAK, NORTHLINE, OAKVAULT

BRANDS = (
    CRUSTWORKS,
    BrandProfile(
        id="tune",
        name="Loopcast",
        industry="software",
        handles={"x": "loopcast"},
        status_url="https://status.loopcast.example",
    ),
    BRIGHTWAVE,
    HOLLOW_OAK,
    NORTHLINE,
    OAKVAULT,
)
TALK = Talk(BRANDS, "s")
draft_for = TALK.draft_for
answer_to_us = TALK.answer_to_us

# What a support holding reply or a fault checklist says.
_SUPPORT_WORDS = re.compile(
    r"thanks for (?:asking|your question)|we'?re (?:checking|finding out)|which device"
    r"|software version|order number|send us a dm|sorry",
    re.IGNORECASE,
)


engine = TALK.engine_fixture()


# Delight put as a question gets a warm word back, not "thanks for asking, we're checking".


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("pie", "@crustworks who else is obsessed with the pumpkin spice dough this year?"),
        ("pie", "how good are these new garlic knots?! 😍"),
        ("pie", "seriously, what's better than a warm cookie on a rainy day?"),
        ("tune", "@loopcast am I the only one who's addicted to the new sleep timer?"),
        ("shop", "@hollowoak who doesn't love a cosy candle in November?"),
        ("tune", "does friday get any better than a fresh playlist from you guys?"),
        ("rail", "Highlight of my week? The sunrise from the 6:40 to the coast 🌅"),
        ("pie", "when you open the box and they've added extra olives for free 😍 @crustworks"),
    ],
)
def test_delight_put_as_a_question_gets_a_warm_word(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    assert draft.action == "reply", draft.note
    assert not _SUPPORT_WORDS.search(draft.text), draft.text
    assert "?" not in draft.text.replace("?!", ""), draft.text
    assert "delight" in draft.note


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("tune", "who else can't log in to the app this morning?"),
        ("tune", "how good is the offline mode on the family plan? thinking of switching"),
        ("pie", "how good is this?! cold pizza and an hour late, again"),
    ],
)
def test_a_real_question_or_a_gripe_is_no_cheer(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    assert "delight" not in draft.note
    assert not re.search(r"right there with you|couldn't agree more", draft.text, re.I), draft.text


# A draft never says a DM was sent or received when none was: it asks for one.

_CLAIMS_A_DM = re.compile(
    r"we have it|we have your message|we've sent|(?:reply|follow up) in your dm|sent you",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (
            "@sam Which plan are you on, and what happens when it stops?",
            "Premium, and it skips to silence every time a song is done",
        ),
        (
            "@sam Could you tell us which city you're in?",
            "Leeds. You emailed me this same offer last week and it still says I can't have it",
        ),
        (
            "@sam Sorry about that. Have you tried the steps on our help page?",
            "they sent me a link to a help page but it's about a different app",
        ),
        (
            "@sam Please call our helpline so they can reset it.",
            "can this be done over chat instead? I can't call from work",
        ),
    ],
)
def test_no_dm_is_claimed_when_the_customer_sent_none(
    engine: EngagementEngine, ours: str, theirs: str
) -> None:
    draft = answer_to_us(engine, ours, theirs, "tune")
    assert not _CLAIMS_A_DM.search(draft.text), draft.text


@pytest.mark.parametrize(
    "theirs",
    [
        "I've just DM'd you my account email",
        "sent you a message with the details",
        "I messaged you the email a minute ago",
    ],
)
def test_a_dm_the_customer_sent_is_looked_out_for(engine: EngagementEngine, theirs: str) -> None:
    draft = answer_to_us(engine, "@sam Please DM us the email on your account.", theirs, "tune")
    said = words(draft)
    assert re.search(r"look out for your dm|pick (?:this|it) up|carry on with this in", said), said
    assert not _CLAIMS_A_DM.search(said) and not time_promises(draft.text), said


# "Is it down?" gets an outage holding reply, with the status page when there is one, and at
# most a question about where the customer is.


@pytest.mark.parametrize(
    "text",
    [
        "@loopcast is the site down or is it just me?",
        "anyone else getting errors on loopcast right now?",
        "@loopcast are your servers down again??",
        "is loopcast not working for anybody else?",
    ],
)
def test_an_outage_question_gets_the_status_not_a_device_checklist(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "tune")
    said = words(draft)
    assert draft.action == "human" and "outage" in draft.note, draft.note
    assert "https://status.loopcast.example" in draft.text, draft.text
    for wrong in ("device", "version", "email address", "what's going wrong"):
        assert wrong not in said, said
    assert "?" not in draft.text, draft.text
    assert not time_promises(draft.text), draft.text


@pytest.mark.parametrize(
    ("text", "asks_where"),
    [
        ("@bwave is the network down? no bars at all", True),
        ("@bwave is there an outage in Bristol? nothing since lunch", False),
        ("anybody else having problems with bwave tonight or is it just me?", True),
    ],
)
def test_a_telco_outage_question_asks_at_most_where(
    engine: EngagementEngine, text: str, asks_where: bool
) -> None:
    draft = draft_for(engine, text, "cell")
    assert "outage" in draft.note, draft.note
    assert draft.text.count("?") == (1 if asks_where else 0), draft.text
    # Where, in the customer's own terms: a town or area unless they write as a Briton or
    # an American ("postcode", "ZIP code").
    assert bool(re.search(r"which town|zip code", draft.text, re.I)) is asks_where, draft.text
    for wrong in ("calls, texts or data", "since when", "account holder"):
        assert wrong not in draft.text.lower(), draft.text
    assert "status_url" in draft.note  # the brand has no status page: the reviewer is told


def test_a_software_question_about_a_named_device_keeps_its_checklist(
    engine: EngagementEngine,
) -> None:
    draft = draft_for(
        engine, "is anyone else having problems with loopcast on their Pixel 6?", "tune"
    )
    assert "outage" not in draft.note, draft.note


def test_an_outage_word_in_a_question_about_an_order_is_no_outage_check(
    engine: EngagementEngine,
) -> None:
    draft = draft_for(engine, "is your site down? I was charged £40 and got no order email", "shop")
    assert "outage" not in draft.note, draft.note


# An opinion on a change is acknowledged and passed on: no apology, no questions, no DM.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("pie", "@crustworks not really a fan of the new font on the menu boards"),
        ("shop", "personally I think the old packaging looked nicer"),
        ("tune", "@loopcast the new app icon is kind of ugly tbh"),
        ("rail", "@northline I don't love the new colours on the trains"),
        ("bank", "unpopular opinion but the old card design was way better"),
    ],
)
def test_an_opinion_is_acknowledged_without_apology_or_questions(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    said = words(draft)
    assert draft.action == "reply", draft.note
    assert "sorry" not in said and "?" not in said, said
    assert re.search(r"pass (?:it|your \w+) on|share (?:it|your \w+)", said), said
    for wrong in ("order", "dm", "details", "booking", "device", "account"):
        assert not re.search(rf"(?<!\w){wrong}(?!\w)", said), said


def test_an_opinion_with_a_fault_is_still_helped(engine: EngagementEngine) -> None:
    draft = draft_for(
        engine, "@loopcast not a fan of the new layout, and now it crashes when I open it", "tune"
    )
    assert "opinion" not in draft.note and "DM" in draft.text, draft.text


# A complaint about discrimination, diversity or accessibility goes to a person, urgently, with
# a careful holding reply.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        (
            "shop",
            "@hollowoak your latest catalogue is all white models again, where is the"
            " representation?",
        ),
        ("shop", "the security guard followed me round the whole store because I'm black"),
        ("rail", "@northline there was no step-free access at the station and I use a wheelchair"),
        ("tune", "@loopcast your new player is impossible to use with a screen reader"),
        ("pie", "that advert of yours was tone-deaf and frankly racist"),
        ("bank", "@oakvault your branch turned away my guide dog, disgraceful"),
    ],
)
def test_a_sensitive_complaint_goes_to_a_person_urgently(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    assert draft.action == "human" and draft.note.startswith("URGENT"), draft.note
    assert draft.text and not has_emoji(draft.text), draft.text
    said = words(draft)
    for wrong in ("thank", "happy to", "order number", "device", "our fault", "make it right"):
        assert wrong not in said, said


# A holding reply says the answer follows here, never when, and the reviewer is told to answer.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("pie", "@crustworks when does the winter menu start this year?"),
        ("rail", "@northline do you know what time the first train runs on boxing day?"),
        ("shop", "@hollowoak do you stock the linen duvet covers in king size?"),
    ],
)
def test_a_holding_reply_promises_no_time(engine: EngagementEngine, brand: str, text: str) -> None:
    draft = draft_for(engine, text, brand)
    assert "holding reply" in draft.note, draft.note
    assert draft.text and not time_promises(draft.text), draft.text
    assert "answer here" in draft.note, draft.note


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("shop", "can I just say the lady on the till at your Elm Road shop was an absolute star!"),
        ("rail", "@northline may I just say your guard on the 17:10 was brilliant with my kids"),
    ],
)
def test_praise_that_asks_leave_to_be_said_is_thanked(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    assert draft.action == "reply" and "delight" in draft.note, draft.note
    assert re.search(r"thank", draft.text, re.I) and "?" not in draft.text, draft.text
