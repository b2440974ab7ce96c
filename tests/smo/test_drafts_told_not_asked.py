"""Drafts that answer what the comment tells instead of asking for it again: a fault put as a
question to others, a question about a product's own facts, a missed install, a judgement of
our customer service, and a bare "ok" or "thanks" under the customer's own unanswered complaint."""

from __future__ import annotations

import re

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from tests.smo.drafting_kit import NOW, Talk, words

BRANDS = (
    BrandProfile(id="app", name="Quillpad", industry="software", handles={"x": "quillpad"}),
    BrandProfile(id="shop", name="Larch & Co", industry="retail", handles={"x": "larchco"}),
    BrandProfile(id="net", name="Fibrelink", industry="telco", handles={"x": "fibrelink"}),
    BrandProfile(id="bank", name="Harbourline", industry="finance", handles={"x": "harbourline"}),
    BrandProfile(id="food", name="Panhandle", industry="restaurant", handles={"x": "panhandle"}),
    BrandProfile(id="air", name="Skyrill", industry="travel", handles={"x": "skyrill"}),
)
TALK = Talk(BRANDS, "told")
draft_for = TALK.draft_for
engine = TALK.engine_fixture()


# A fault put as a question to others names what goes wrong: only what is missing is asked.


@pytest.mark.parametrize(
    "text",
    [
        "@quillpad anyone else on ios 12 having problems with the search bar in the Notes app?",
        "anybody on ios 12 getting this? when I type an o it puts in a '0' @quillpad",
        "@quillpad is it just me or since ios 13 my apostrophes are showing up as question marks",
    ],
)
def test_a_fault_asked_of_others_is_not_asked_again(engine: EngagementEngine, text: str) -> None:
    draft = draft_for(engine, text, "app")
    said = words(draft)
    assert "sorry" in said, draft.text
    assert "going wrong" not in said and "what happens" not in said, draft.text
    assert "which device" in said, draft.text  # the version is told; the device is not
    assert "software version" not in said, draft.text


def test_a_fault_shown_in_a_picture_with_a_fix_tried_is_answered_as_a_fault(
    engine: EngagementEngine,
) -> None:
    text = (
        "@quillpad any idea why my widgets show up like this? I did a force restart to no"
        " avail https://example.com/s/9"
    )
    draft = draft_for(engine, text, "app")
    said = words(draft)
    assert "sorry" in said and "skip what you've already tried" in said, draft.text
    assert "thanks for your question" not in said, draft.text
    assert re.search(r"[.?!][A-Z]", draft.text) is None, draft.text  # sentences spaced


def test_trouble_named_without_what_goes_wrong_is_still_asked(engine: EngagementEngine) -> None:
    draft = draft_for(engine, "@quillpad having problems with the Notes app since ios 12", "app")
    assert "going wrong" in words(draft), draft.text


# A question about a product's own facts: we check the product details, no DM asked for.


@pytest.mark.parametrize(
    "text",
    [
        "@larchco https://example.com/p/881 how wide is this? will it go through a normal door?",
        "@larchco how heavy is the walnut sideboard? can one person lift it?",
    ],
)
def test_a_product_fact_question_is_held_to_check_the_product(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "shop")
    said = words(draft)
    assert draft.action == "human", draft.text
    assert "product details" in said, draft.text
    assert "dm" not in said and "few details" not in said, draft.text
    assert "which product" not in said, draft.text
    assert "product itself" in draft.note, draft.note


def test_a_product_fact_question_naming_no_product_asks_which(
    engine: EngagementEngine,
) -> None:
    draft = draft_for(engine, "@larchco does it fold flat? will it fit in my car?", "shop")
    said = words(draft)
    assert "which product" in said and "product details" in said, draft.text
    assert "dm" not in said, draft.text


def test_a_travel_allowance_is_no_product_to_look_up(engine: EngagementEngine) -> None:
    text = "@skyrill how big is the cabin bag allowance on the basic fare?"
    assert "product details" not in words(draft_for(engine, text, "air"))


@pytest.mark.parametrize(
    "text",
    [
        "@larchco how long is the wait for my order? it's been two weeks",
        "@larchco do I need a car to get to your retail park?",
    ],
)
def test_a_question_about_a_wait_or_a_place_is_no_product_fact(
    engine: EngagementEngine, text: str
) -> None:
    assert "product details" not in words(draft_for(engine, text, "shop"))


# A missed install or engineer visit: sorry for it, a new appointment, the account by DM.


@pytest.mark.parametrize(
    "text",
    [
        "@fibrelink they said you were awful; an engineer no-show and 40+ mins of being on hold"
        " later I believe it",
        "@fibrelink your technician never turned up for my broadband install today",
    ],
)
def test_a_missed_visit_is_apologised_for_and_rebooked(engine: EngagementEngine, text: str) -> None:
    draft = draft_for(engine, text, "net")
    said = words(draft)
    assert "missed appointment" in said and "new appointment" in said, draft.text
    assert "a little more" not in said and "what's happening" not in said, draft.text
    assert "account holder" in said, draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@fibrelink can you help? the engineer never turned up for my install",
        "@fibrelink your technician didn't show up again, I'm done, switching provider",
    ],
)
def test_a_missed_visit_asked_about_or_walked_away_from_is_not_asked_again(
    engine: EngagementEngine, text: str
) -> None:
    said = words(draft_for(engine, text, "net"))
    assert "sorry" in said, said
    assert "what went wrong" not in said and "what's happening" not in said, said


def test_a_churn_threat_that_names_no_visit_still_asks_what_went_wrong(
    engine: EngagementEngine,
) -> None:
    said = words(draft_for(engine, "@fibrelink I'm done with you, switching provider", "net"))
    assert "what went wrong" in said, said


def test_a_wait_on_hold_beside_a_missed_visit_is_owned(engine: EngagementEngine) -> None:
    text = "@fibrelink after an installer no-show and 30+ mins of being on hold, great job"
    assert words(draft_for(engine, text, "net")).startswith("sorry for the wait")


def test_the_customers_own_missed_appointment_is_not_ours(engine: EngagementEngine) -> None:
    text = "@fibrelink I missed my appointment yesterday and my internet is still down"
    assert "missed appointment" not in words(draft_for(engine, text, "net"))


# A judgement of our customer service: sorry for the experience, no checklist question.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("bank", "@harbourline never dealt with worse customer service than yours"),
        ("bank", "@harbourline your reps are so bad it's unreal"),
        ("net", "@fibrelink how do you feel about your supervisors hanging up on customers?"),
    ],
)
def test_a_judgement_of_our_support_gets_no_checklist(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    said = words(draft_for(engine, text, brand))
    assert "experience with our support" in said, said
    assert "card, a payment" not in said and "a little more" not in said, said


def test_a_card_declined_at_a_bank_is_no_support_judgement(engine: EngagementEngine) -> None:
    said = words(draft_for(engine, "@harbourline my card was declined at the till again", "bank"))
    assert "our support" not in said, said


# A bare "ok" or "thanks" under the customer's own unanswered complaint: held for it.


@pytest.mark.parametrize("word", ["ok", "thanks", "ok thx"])
@pytest.mark.parametrize(
    ("brand", "complaint"),
    [
        ("shop", "@larchco my parcel never arrived and it's been two weeks"),
        ("net", "@fibrelink my internet has been down since this morning"),
        ("food", "@panhandle found a hair in my pasta at the Leeds branch"),
        # Only a negative clause says it is a complaint.
        ("shop", "@larchco my parcel never arrived"),
    ],
)
def test_a_bare_word_under_an_unanswered_complaint_holds_for_it(
    engine: EngagementEngine, brand: str, complaint: str, word: str
) -> None:
    first = TALK.comment(complaint, brand, author="robin")
    second = TALK.comment(word, brand, parent=first.id, author="robin")
    draft = engine.run([first, second], NOW)[1].draft
    assert draft is not None, (complaint, word)
    said = words(draft)
    assert draft.action == "human", draft.text
    assert "sorry" in said and "reply here" in said, draft.text
    assert "thank you" not in said and "glad" not in said, draft.text
    assert "complaint above" in draft.note, draft.note


def test_thanks_under_the_customers_own_praise_is_no_complaint(engine: EngagementEngine) -> None:
    first = TALK.comment("@panhandle lovely lunch at the Leeds branch today", "food", author="jo")
    second = TALK.comment("thanks", "food", parent=first.id, author="jo")
    draft = engine.run([first, second], NOW)[1].draft
    assert draft is None or "sorry" not in words(draft)


@pytest.mark.parametrize(
    ("praise", "word"),
    [
        ("@panhandle Can't stop eating these, we're going again tomorrow", "ok thx"),
        ("@panhandle never had a better pasta in my life, nothing beats it!", "thanks"),
    ],
)
def test_a_bare_word_under_praise_put_with_negative_words_is_no_complaint(
    engine: EngagementEngine, praise: str, word: str
) -> None:
    first = TALK.comment(praise, "food", author="sam")
    second = TALK.comment(word, "food", parent=first.id, author="sam")
    draft = engine.run([first, second], NOW)[1].draft
    assert draft is None or "complaint above" not in draft.note, draft.note
    assert draft is None or "sorry" not in words(draft), draft.text


@pytest.mark.parametrize("word", ["ok", "ok danke"])
def test_a_bare_word_under_a_complaint_in_the_brands_other_language_holds_for_it(
    word: str,
) -> None:
    brand = BrandProfile(
        id="de", name="Nordlicht", handles={"x": "nordlicht"}, languages=("de", "en")
    )
    talk = Talk((brand,), "told-de", brand="de")
    first = talk.comment("@nordlicht Mein Paket ist nie angekommen", author="kai")
    second = talk.comment(word, parent=first.id, author="kai")
    draft = talk.engine().run([first, second], NOW)[1].draft
    assert draft is not None, word
    assert "complaint above" in draft.note, draft.note
    assert "danke" not in words(draft), draft.text


@pytest.mark.parametrize(
    ("praise", "word"),
    [
        ("@panhandle never tasted a nicer risotto, nothing compares!", "thanks"),
        ("@panhandle we're ordering again this weekend, can't get enough", "cheers"),
    ],
)
def test_a_cheer_under_praise_put_with_negative_words_carries_no_complaint(
    engine: EngagementEngine, praise: str, word: str
) -> None:
    first = TALK.comment(praise, "food", author="lee")
    second = TALK.comment(word, "food", parent=first.id, author="lee")
    draft = engine.run([first, second], NOW)[1].draft
    assert draft is None or "carries a complaint" not in draft.note, draft.note


@pytest.mark.parametrize(
    ("complaint", "word"),
    [
        ("@nordlicht Meine Bestellung ist immer noch nicht da", "okay thank you"),
        ("@nordlicht Seit zwei Wochen warte ich auf eine Antwort", "cheers, thanks"),
    ],
)
def test_an_english_courtesy_under_the_customers_own_german_complaint_holds_for_it(
    complaint: str, word: str
) -> None:
    brand = BrandProfile(
        id="de", name="Nordlicht", handles={"x": "nordlicht"}, languages=("de", "en")
    )
    talk = Talk((brand,), "told-de-en", brand="de")
    first = talk.comment(complaint, author="mia")
    second = talk.comment(word, parent=first.id, author="mia")
    draft = talk.engine().run([first, second], NOW)[1].draft
    assert draft is not None, word
    assert draft.action == "human", draft.text
    assert "complaint above" in draft.note, draft.note
    said = words(draft)
    assert "thank you" not in said and "glad" not in said, draft.text
