"""Drafts that carry a case on when the customer answers our question (which store, where it
was bought), read a live problem on a trip, a damaged bag, an agreement to try our suggestion
later, a curious question with no complaint, and a developer's configuration matter."""

from __future__ import annotations

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from tests.smo.drafting_kit import Talk, words

BRANDS = (
    BrandProfile(id="shop", name="Hollin", industry="retail", handles={"x": "hollin"}),
    BrandProfile(id="air", name="Skyline", industry="travel", handles={"x": "skyline"}),
    BrandProfile(id="food", name="Crustco", industry="restaurant", handles={"x": "crustco"}),
    BrandProfile(id="cloud", name="Nimbus", industry="software", handles={"x": "nimbus"}),
)
TALK = Talk(BRANDS, "aq")
engine = TALK.engine_fixture()

SIGN_OFFS = ("any time", "anything else", "you're welcome", "give us a shout")


# twcs-5538, twcs-2348: the store answered to our "which store?" continues the case.
@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (
            "@sam So sorry about this! Which store did you buy them from? We'll get it sorted.",
            "@hollin Thanks Jo. Mill lane, Leeds :(",
        ),
        (
            "@sam Oh dear. Which shop was it? We'll look into it.",
            "@hollin thanks, the one on Harbour Road in Penwick",
        ),
        (
            "@sam Hi, was this bought in store or delivered to your home?",
            "@hollin I got it at the Dunmore store a few days ago.",
        ),
    ],
)
def test_a_store_given_to_our_question_gets_the_next_step(
    engine: EngagementEngine, ours: str, theirs: str
) -> None:
    draft = TALK.answer_to_us(engine, ours, theirs, "shop")
    text = words(draft)
    assert not any(s in text for s in SIGN_OFFS), draft.text
    assert "which store" in text or "where you bought" in text, draft.text
    assert "receipt" in text, draft.text  # what happens next, said specifically
    assert "a few details" not in text, draft.text


def test_a_store_question_answered_at_a_restaurant_names_what_is_missing(
    engine: EngagementEngine,
) -> None:
    draft = TALK.answer_to_us(
        engine,
        "@sam Sorry to hear that. Which restaurant was this at?",
        "@crustco The one on Kelby Street, Alnmouth",
        "food",
    )
    text = words(draft)
    assert not any(s in text for s in SIGN_OFFS), draft.text
    assert "restaurant" in text and "date" in text, draft.text


def test_thanks_with_no_place_to_our_store_question_is_still_a_close(
    engine: EngagementEngine,
) -> None:
    draft = TALK.answer_to_us(
        engine, "@sam Which store was it? We'll pass this on.", "@hollin ok thanks", "shop"
    )
    assert "receipt" not in words(draft), draft.text


# twcs-3227: held on board now is urgent, never "feedback".
@pytest.mark.parametrize(
    "text",
    [
        "@skyline landed early and no gate avail, we are stuck in seats, let us use the toilet",
        "@skyline on the ground 40 mins at the airport and they won't let us get off the plane",
        "@skyline sitting on the plane with no water and nobody telling us anything",
    ],
)
def test_held_on_board_now_is_urgent_not_feedback(engine: EngagementEngine, text: str) -> None:
    draft = TALK.draft_for(engine, text, "air")
    assert "URGENT" in draft.note, draft.note
    assert "feedback" not in words(draft), draft.text
    assert "sorry" in words(draft), draft.text


# twcs-1941: a damaged or lost bag gets a baggage reply.
@pytest.mark.parametrize(
    "text",
    [
        "Look at what @skyline did to my suitcase https://t.co/abc",
        "@skyline my luggage came off the belt ripped open",
        "@skyline you lost my bag on the way to Oslo",
    ],
)
def test_a_damaged_or_lost_bag_gets_a_baggage_reply(engine: EngagementEngine, text: str) -> None:
    draft = TALK.draft_for(engine, text, "air")
    text_ = words(draft)
    assert "bag" in text_, draft.text
    assert "baggage" in text_ and "reference" in text_, draft.text
    assert "trouble with your booking" not in text_, draft.text


# twcs-6451: a yes to trying our suggestion later is no report of having tried it.
@pytest.mark.parametrize(
    "theirs",
    [
        "@crustco Yes I can. I will update you!",
        "@crustco sure, I will let you know",
        "@crustco Yes I can. Will let you know!",
    ],
)
def test_agreeing_to_try_later_is_not_a_report_of_trying(
    engine: EngagementEngine, theirs: str
) -> None:
    draft = TALK.answer_to_us(
        engine,
        "@sam Can you try ringing the restaurant again and asking for the manager?",
        theirs,
        "food",
    )
    text = words(draft)
    assert "for trying" not in text and "giving that a go" not in text, draft.text
    assert "let us know" in text, draft.text
    assert "order number" not in text, draft.text


def test_having_tried_is_still_read_as_tried(engine: EngagementEngine) -> None:
    draft = TALK.answer_to_us(
        engine,
        "@sam Can you try ringing the restaurant again and asking for the manager?",
        "@crustco yes I did, nobody picked up",
        "food",
    )
    assert "let us know how" not in words(draft), draft.text


# twcs-5405: a curious question with no complaint is answered as a question.
def test_a_curious_question_is_no_complaint(engine: EngagementEngine) -> None:
    draft = TALK.answer_to_us(
        engine,
        "@sam Looks like it's running about 5 minutes behind.",
        "@skyline Yeah just wondering why boarding starts so early at this airport, it's not a"
        " problem at the other one",
        "air",
    )
    text = words(draft)
    assert "sorry" not in text, draft.text
    assert "booking" not in text and "dm" not in text, draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@skyline just wondering why my flight is 3 hours late again",
        "@skyline not a complaint but the lounge wifi never works",
    ],
)
def test_a_problem_asked_about_idly_is_still_a_problem(engine: EngagementEngine, text: str) -> None:
    draft = TALK.draft_for(engine, text, "air")
    assert "out of curiosity" not in (draft.note or ""), draft.note
    assert "sorry" in words(draft), draft.text


# twcs-1619: a developer's configuration matter asks for the resource and the error.
def test_a_developer_matter_asks_for_the_resource_and_error_not_the_device(
    engine: EngagementEngine,
) -> None:
    draft = TALK.draft_for(
        engine,
        "@nimbus my function app won't deploy since I changed the config file, it used to work",
        "cloud",
    )
    text = words(draft)
    assert "device" not in text, draft.text
    assert "error" in text and "resource" in text, draft.text


def test_a_consumer_app_fault_still_asks_for_the_device(engine: EngagementEngine) -> None:
    draft = TALK.draft_for(engine, "@nimbus the app keeps crashing, it used to work", "cloud")
    assert "device" in words(draft), draft.text
