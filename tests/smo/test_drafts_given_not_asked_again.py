"""Drafts that answer what the customer gave instead of asking for it again."""

# Drafts that answer what the customer gave instead of asking for it again: a title whose
# episodes are cut (the catalogue's, no device), a refund turned down after a late train, a
# fault put as "how can I fix this?", the time and the person we asked about, the link we asked
# for; and a bank's customer who posts their email address or account details in public is told
# not to, without the detail repeated.

from __future__ import annotations

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from tests.smo.drafting_kit import Talk, words

BRANDS = (
    BrandProfile(id="tv", name="Reelbox", industry="software", handles={"x": "reelbox"}),
    BrandProfile(id="rail", name="Northline", industry="travel", handles={"x": "northline"}),
    BrandProfile(id="net", name="Fibrelink", industry="telco", handles={"x": "fibrelink"}),
    BrandProfile(id="shop", name="Larch & Co", industry="retail", handles={"x": "larchco"}),
    BrandProfile(id="music", name="Tunewell", industry="software", handles={"x": "tunewell"}),
    BrandProfile(id="bank", name="Harbourline", industry="finance", handles={"x": "harbourline"}),
)
TALK = Talk(BRANDS, "given")
draft_for = TALK.draft_for
engine = TALK.engine_fixture()


# Episodes with parts missing: the content as we received it, not the customer's device.


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        (
            "@reelbox the episodes of Harbour Lights I'm watching are not complete, I compared"
            " them with the DVD and parts are missing",
            "which episodes are they",
        ),
        (
            "@reelbox season 2 episodes of Dry Creek are incomplete, whole scenes are missing",
            "which episodes are they",
        ),
        # The episode is named: only where in it is asked.
        ("@reelbox episode 4 of The Quarry has a chunk missing in the middle", "where in it"),
    ],
)
def test_episodes_with_parts_missing_are_the_catalogues_not_a_device_fault(
    engine: EngagementEngine, text: str, ask: str
) -> None:
    draft = draft_for(engine, text, "tv")
    said = words(draft)
    assert "device" not in said and "version" not in said, draft.text
    assert "email address" not in said, draft.text
    assert ask in said, draft.text  # what the team needs to check them, and nothing given
    assert "thank" not in said, draft.text  # a fault in what we show, not a suggestion


def test_a_device_that_cuts_episodes_short_is_still_a_playback_fault(
    engine: EngagementEngine,
) -> None:
    draft = draft_for(
        engine, "@reelbox episodes keep freezing on my tv and then parts are missing", "tv"
    )
    assert "which episode" not in words(draft), draft.text


# A late train and a refund turned down: the refusal is answered, nothing given is asked again.


@pytest.mark.parametrize(
    "text",
    [
        "@northline third time this year I'll miss the meeting I took the train for. So often"
        ' late. No refund because it "doesn\'t qualify". Next season = car.',
        "@northline the train was 40 minutes late and my delay repay claim was rejected",
    ],
)
def test_a_refund_turned_down_is_answered(engine: EngagementEngine, text: str) -> None:
    draft = draft_for(engine, text, "rail")
    said = words(draft)
    assert "sorry" in said, draft.text
    assert "refund" in said and "look into" in said, draft.text
    assert "booking reference" not in said, draft.text


def test_a_refund_asked_for_is_no_refusal(engine: EngagementEngine) -> None:
    draft = draft_for(engine, "@northline how do I claim a refund for a late train?", "rail")
    assert "turned down" not in words(draft), draft.text


# A fault put as "how can I fix this?": the fault is answered, not thanked as a question.


@pytest.mark.parametrize(
    "text",
    [
        "@fibrelink Internet drops periodically for a couple of minutes at a time. The app says"
        " the internet is fine. How can I fix this?",
        "@fibrelink my wifi keeps disconnecting every evening, how do I fix it?",
    ],
)
def test_how_to_fix_a_fault_is_answered_as_the_fault(engine: EngagementEngine, text: str) -> None:
    draft = draft_for(engine, text, "net")
    said = words(draft)
    assert "sorry" in said, draft.text
    assert "thanks for your question" not in said and "thanks for asking" not in said, draft.text


# The time and the person we asked about, given: thanks, and what happens next.


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (
            "@sam what was my colleague's name? Can you give a description? When were you in"
            " our store?",
            "@larchco Tall lady, slim, on the till at about 15:10, think she had blonde hair."
            " She served the man who didn't queue",
        ),
        (
            "@sam Oh no, that's never good. Did you keep your receipt? When did you visit?",
            "@larchco I did! This evening at about 9.30pm. I talked to the checkout girl about"
            " the kettle too",
        ),
    ],
)
def test_the_time_and_person_we_asked_about_are_not_asked_again(
    engine: EngagementEngine, ours: str, theirs: str
) -> None:
    draft = TALK.answer_to_us(engine, ours, theirs, "shop")
    said = words(draft)
    assert "a few details" not in said and "dm" not in said, draft.text
    assert "look into it" in said or "take it from here" in said, draft.text


def test_an_answer_without_the_time_or_person_still_gets_the_ask(
    engine: EngagementEngine,
) -> None:
    draft = TALK.answer_to_us(
        engine,
        "@sam what was my colleague's name? When were you in our store?",
        "@larchco honestly I just want someone to call me about it",
        "shop",
    )
    assert "look into it and follow up" not in words(draft), draft.text
    assert "answers our question" not in draft.note, draft.note


# The link we asked for, sent: no account email asked for on top.


def test_the_link_we_asked_for_is_not_followed_by_an_email_ask(engine: EngagementEngine) -> None:
    draft = TALK.answer_to_us(
        engine,
        "@sam Alright. Can you send us the song link then? Tap the three dots > Share > Copy"
        " Link. We'll have a look",
        "@tunewell https://example.com/track/81",
        "music",
    )
    said = words(draft)
    assert "link" in said, draft.text
    assert "email" not in said, draft.text


# A bank's customer posting their email address or account details in public.


@pytest.mark.parametrize(
    ("ours", "theirs", "detail"),
    [
        (
            "@sam Please send us your full name/ZIP/phone #/account type so our team can call you",
            "@harbourline actually, can you text me please to my email, jo.bloggs@example.com",
            "jo.bloggs@example.com",
        ),
        ("", "@harbourline my card was declined again, my email is jo.bloggs@example.com", "jo."),
        ("", "@harbourline my account number is 40221187 and you charged me twice", "40221187"),
    ],
)
def test_a_bank_customer_sharing_details_in_public_is_warned(
    engine: EngagementEngine, ours: str, theirs: str, detail: str
) -> None:
    draft = (
        TALK.answer_to_us(engine, ours, theirs, "bank")
        if ours
        else draft_for(engine, theirs, "bank")
    )
    said = words(draft)
    assert "don't share" in said and "in public" in said, draft.text
    assert detail not in draft.text, draft.text
    assert "PRIVATE DETAILS" in draft.note, draft.note


def test_a_case_number_is_no_private_detail(engine: EngagementEngine) -> None:
    draft = draft_for(
        engine,
        "@harbourline please help me get my money back, my case ID is PP-006-234-348-863",
        "bank",
    )
    assert "don't share" not in words(draft), draft.text
