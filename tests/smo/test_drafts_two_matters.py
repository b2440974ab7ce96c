"""Drafts for kinds graded weak: a direct question under feedback, details asked again, a
sarcastic outage complaint, a new question in an old thread, an overcharge, a how-to beside a
complaint, an outage with a second issue, an outage asked in another language, opening hours
and "done, check your DMs"."""

from __future__ import annotations

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.smo.guardrails import has_emoji
from bot.smo.wording import time_promises
from tests.smo.drafting_kit import Talk, words
from tests.smo.drafting_setup import CRUSTWORKS, LOOPCAST, NORTHLINE

BRANDS = (
    LOOPCAST,
    BrandProfile(
        id="cell",
        name="Brightwave",
        industry="telco",
        handles={"x": "bwave"},
        languages=("en", "es"),
    ),
    CRUSTWORKS,
    NORTHLINE,
)
TALK = Talk(BRANDS, "w")
engine = TALK.engine_fixture()
draft_for = TALK.draft_for
answer_to_us = TALK.answer_to_us


# 1. Feedback that asks a direct question: the question is answered (by a person), not only
# "we'll pass it on".


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "@loopcast your new update is awful and so hard to navigate. Can I go back to the old"
        " version?",
        "@loopcast what happened to the swipe to preview feature? I used it every day",
    ],
)
def test_feedback_with_a_direct_question_is_answered(engine: EngagementEngine, text: str) -> None:
    draft = draft_for(engine, text, "tune")
    assert draft.action == "human"
    assert "your question" in words(draft)
    assert "direct question" in draft.note


def test_a_suggestion_put_as_a_question_is_still_passed_on(engine: EngagementEngine) -> None:
    draft = draft_for(engine, "@loopcast could you add a dark mode to the desktop player?", "tune")
    assert "direct question" not in draft.note


# 2. What the customer already said is not asked again.


@pytest.mark.parametrize(
    ("brand", "text", "asked"),
    [
        ("tune", "@loopcast on my 6s with 11.2 the player keeps freezing", "which device"),
        ("tune", "@loopcast just updated my 8 plus to 12.1 and the lyrics lag", "software version"),
        ("tune", "@loopcast my apple watch app is useless since watchOS 5", "what's going wrong"),
        ("rail", "@northline NL2041 from Leeds to York is delayed again", "which flight or train"),
        (
            "pie",
            "@crustworks waited forty minutes for my food to get here, stone cold",
            "delivery or a visit",
        ),
    ],
)
def test_details_given_are_not_asked_again(
    engine: EngagementEngine, brand: str, text: str, asked: str
) -> None:
    assert asked not in words(draft_for(engine, text, brand))


@pytest.mark.parametrize(
    "text",
    [
        "@bwave my phone is dead again after the update, the battery drains in an hour",
        "@bwave I was out when your engineer came, second time now",
    ],
)
def test_a_device_fault_or_an_absence_is_no_outage(engine: EngagementEngine, text: str) -> None:
    said = words(draft_for(engine, text, "cell"))
    assert "known problems" not in said and "reports of trouble" not in said, said


# 3. A sarcastic, angry outage complaint gets the outage handling with a sorry.


@pytest.mark.parametrize(
    "text",
    [
        "@bwave brilliant, broadband down AGAIN, love paying for nothing?",
        "@bwave wow, internet out for the fourth time this month, great value huh?",
    ],
)
def test_a_sarcastic_outage_complaint_is_no_question(engine: EngagementEngine, text: str) -> None:
    draft = draft_for(engine, text, "cell")
    said = words(draft)
    assert "known problems" in said or "reports of trouble" in said
    assert "sorry" in said
    assert "thanks for" not in said
    assert "complaint that the service is down" in draft.note


# 4. A new question in an old thread is answered as new.


def test_a_new_question_after_a_close_is_answered(engine: EngagementEngine) -> None:
    draft = answer_to_us(
        engine,
        "Glad the signal is back — we fixed the issue on your line.",
        "cheers, all good now! one more thing: how do I set up call forwarding?",
        "cell",
    )
    assert draft.action == "human"
    assert "good to hear" not in words(draft) and "good news" not in words(draft)
    assert "new question" in draft.note


# 5. An overcharge is a billing complaint for a person, with a billing checklist.


@pytest.mark.parametrize(
    "text",
    [
        "@bwave you took my monthly payment twice this month",
        "@bwave I was billed $25 more than my plan costs",
        "@bwave my bill came to £18 more than what I agreed to pay",
    ],
)
def test_an_overcharge_is_a_billing_complaint(engine: EngagementEngine, text: str) -> None:
    draft = draft_for(engine, text, "cell")
    said = words(draft)
    assert draft.action == "human"
    assert "which charge" in said
    assert "glad" not in said and "order" not in said and "prices" not in said
    assert "overcharge" in draft.note


def test_the_amount_named_is_not_asked_for(engine: EngagementEngine) -> None:
    said = words(draft_for(engine, "@bwave I was billed $25 more than my plan costs", "cell"))
    assert "the amount" not in said


# 6. A how-to question beside a complaint: both are addressed.


def test_a_how_to_beside_a_complaint_is_answered_too(engine: EngagementEngine) -> None:
    draft = draft_for(
        engine,
        "@loopcast the desktop player crashes every time and it drives me mad. also how do I"
        " move my playlists to a new account?",
        "tune",
    )
    said = words(draft)
    assert "sorry" in said
    assert "your other question" in said
    assert "how to move your playlists" in draft.note
    assert draft.action == "human"


@pytest.mark.parametrize(
    ("text", "never"),
    [
        (
            "@bwave is the network down? also how do I get HTTPS://bwave-refund.example/form",
            ("https", "refund"),
        ),
        (
            "@bwave is the internet down? and also how do I contact your CEO Dana Reyes at"
            " 07700900123",
            ("dana", "0770", "ceo"),
        ),
        (
            "@loopcast the player crashes every time. also how do I get a refund from you clowns?",
            ("clown", "refund"),
        ),
    ],
)
def test_the_second_question_is_named_to_the_reviewer_never_quoted_in_public(
    engine: EngagementEngine, text: str, never: tuple[str, ...]
) -> None:
    brand = "tune" if "loopcast" in text else "cell"
    said = words(draft_for(engine, text, brand))
    for quoted in never:
        assert quoted not in said, said


# 7. An outage reply names the second issue raised with it.


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("@bwave is the network down? also my voicemail stopped working", "the other problem"),
        ("@bwave the broadband is down again and my bill went up without warning", "your bill"),
    ],
)
def test_an_outage_reply_keeps_the_second_issue(
    engine: EngagementEngine, text: str, named: str
) -> None:
    draft = draft_for(engine, text, "cell")
    said = words(draft)
    assert "known problems" in said or "reports of trouble" in said
    assert named in said


# 8. An outage asked in another language: answered in it where the brand has text for it,
# else a person writes it, told why.


def test_an_outage_question_in_spanish_is_answered_in_spanish(engine: EngagementEngine) -> None:
    draft = draft_for(engine, "@bwave ¿está caída la red? llevo sin internet desde ayer", "cell")
    assert "incidencia" in draft.text
    assert "known problems" not in words(draft)


def test_an_outage_question_in_a_language_with_no_text_goes_to_a_person(
    engine: EngagementEngine,
) -> None:
    draft = draft_for(engine, "@bwave le réseau est en panne ? plus rien depuis ce matin", "cell")
    assert draft.action == "human" and draft.text == ""
    assert "service is down" in draft.note and "'fr'" in draft.note


# 9. Opening hours are no complaint; "done, check your DMs" is no spam.


def test_opening_hours_are_no_complaint(engine: EngagementEngine) -> None:
    said = words(draft_for(engine, "@crustworks are you open late on Friday?", "pie"))
    assert "sorry" not in said and "your visit" not in said


@pytest.mark.parametrize("reply_to_us", [True, False])
def test_done_check_your_dms_is_no_spam(engine: EngagementEngine, reply_to_us: bool) -> None:
    text = "done, check your DMs"
    draft = (
        answer_to_us(engine, "Please send us a DM with your order number.", text, "pie")
        if reply_to_us
        else draft_for(engine, "@crustworks " + text, "pie")
    )
    assert draft.text and "spam" not in draft.note.replace("not spam", "")


# The guardrails hold on every new kind: no time promised, no emoji.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("cell", "@bwave brilliant, broadband down AGAIN, love paying for nothing?"),
        ("cell", "@bwave I was billed $25 more than my plan costs"),
        ("cell", "@bwave is the network down? also my voicemail stopped working"),
        ("tune", "@loopcast the redesign is clunky. Can I switch back to the old look?"),
    ],
)
def test_no_time_promised(engine: EngagementEngine, brand: str, text: str) -> None:
    draft = draft_for(engine, text, brand)
    assert not time_promises(draft.text)
    assert not has_emoji(draft.text)


def test_a_lure_to_check_dms_is_still_spam(engine: EngagementEngine) -> None:
    draft = draft_for(engine, "@crustworks check your DMs, you won a free gift card!!", "pie")
    assert draft.action in ("hide", "human") and not draft.text
