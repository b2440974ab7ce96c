"""Drafts for more kinds a head of community graded weak or harmful: a reward or an offer that
did not work, banter on a game post, details sent in answer to ours, a carrier's parcel, a fix
the customer tried already, a how-to question, and praise that ends on praise."""

from __future__ import annotations

import re

import pytest

from bot.models import Draft
from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from tests.smo.drafting_kit import NOW, Talk, words
from tests.smo.drafting_setup import BRIGHTWAVE, CRUSTWORKS, HOLLOW_OAK, OAKVAULT

BRANDS = (
    CRUSTWORKS,
    BRIGHTWAVE,
    HOLLOW_OAK,
    BrandProfile(id="ship", name="Swiftcrate", industry="delivery", handles={"x": "swiftcrate"}),
    BrandProfile(id="cable", name="Lumen TV", industry="telco", handles={"x": "lumentv"}),
    BrandProfile(id="mart", name="Marketfair", industry="retail", handles={"x": "marketfair"}),
    OAKVAULT,
)
TALK = Talk(BRANDS, "m")
draft_for = TALK.draft_for
answer_to_us = TALK.answer_to_us


engine = TALK.engine_fixture()


# A carrier's customer is asked for the tracking number and the delivery address.


@pytest.mark.parametrize(
    "text",
    [
        "@swiftcrate my parcel was meant to come Tuesday and the tracking hasn't moved in 4 days",
        "@swiftcrate driver left my package out in the rain and now the box is soaked through",
        "@swiftcrate I asked you to hold two packages until Monday, they're still not here. where?",
    ],
)
def test_a_carrier_asks_for_the_tracking_number_not_an_order(
    engine: EngagementEngine, text: str
) -> None:
    said = words(draft_for(engine, text, "ship"))
    assert "tracking number" in said and "delivery address" in said, said
    for wrong in ("order number", "online order", "bought in store", "which store", "your order"):
        assert wrong not in said, said


# A reward or an offer that did not work names it and asks what a team needs to check it.

_NO_ORDER_WORDS = (
    "order",
    "delivery",
    "visit",
    "since when",
    "your service",
    "restaurant",
    "which store",
)


@pytest.mark.parametrize(
    ("brand", "text", "named"),
    [
        (
            "pie",
            "thought I was in the @crustworks birthday club :( no points for me again",
            "points",
        ),
        ("pie", "@crustworks my loyalty points never showed up after last week's pizza", "points"),
        ("mart", "@marketfair the 20% off deal in your email didn't work at the till", "offer"),
        (
            "cell",
            "@bwave went to the cinema for the free ticket thing and had to pay full price",
            "offer",
        ),
    ],
)
def test_a_reward_or_offer_that_failed_is_named_with_no_order_questions(
    engine: EngagementEngine, brand: str, text: str, named: str
) -> None:
    said = words(draft_for(engine, text, brand))
    assert named in said, said
    assert "email address" in said, said
    for wrong in _NO_ORDER_WORDS:
        assert wrong not in said, said


def test_an_offer_post_answered_with_it_did_not_work_is_about_the_offer(
    engine: EngagementEngine,
) -> None:
    said = words(
        answer_to_us(
            engine,
            "Treat yourself this week: $3 off any large shake at Frostie's with #BrightTuesdays",
            "@bwave just left Frostie's and this didn't work, paid the lot 😞",
            "cell",
        )
    )
    assert "offer" in said and "receipt" in said, said
    for wrong in _NO_ORDER_WORDS:
        assert wrong not in said, said


# A fix the customer tried themselves is no complaint about support: the next step, and the
# error code they quote is named.

_LET_DOWN = ("our support", "what you've been told", "start over", "chase")


def test_a_fix_that_did_not_help_in_our_conversation_goes_to_the_next_step(
    engine: EngagementEngine,
) -> None:
    draft = answer_to_us(
        engine,
        "Hello, happy to help. Please DM so we can further assist you",
        "@lumentv No picture on 4 or 7. The error message says 40121. Rebooting didn't help.",
        "cable",
    )
    said = words(draft)
    assert "40121" in said, said
    assert "dm" in said, said
    for wrong in _LET_DOWN:
        assert wrong not in said, said


@pytest.mark.parametrize(
    "text",
    [
        "@lumentv error E-204 on every channel since this morning, already tried restarting it",
        "@lumentv the guide is blank again and restarting the box didn't help, error code 7731",
    ],
)
def test_a_fix_tried_first_is_no_complaint_about_support(
    engine: EngagementEngine, text: str
) -> None:
    said = words(draft_for(engine, text, "cable"))
    code = re.search(r"E-204|7731", text)
    assert code is not None and code.group(0).lower() in said, said
    for wrong in _LET_DOWN:
        assert wrong not in said, said


# Praise with a mild reservation that ends on praise is thanked.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        (
            "bank",
            "Had my ups and downs with @oakvault over the years, but lately you've been really"
            " good to me. So shoutout to you 👏",
        ),
        ("shop", "@hollowoak the queue wasn't short but the staff were lovely. Thank you!"),
    ],
)
def test_praise_that_ends_on_praise_is_thanked(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    said = words(draft)
    assert draft.action == "reply", draft.note
    assert said.startswith("thank"), said
    assert "sorry" not in said, said
    # The same words with the reservation last get no thanks.
    last = words(
        draft_for(engine, "@hollowoak the staff were lovely, but the queue was long", brand)
    )
    assert "thank" not in last, last


# A how-to question with no FAQ entry gets a question-shaped holding reply, no apology.


@pytest.mark.parametrize(
    "text",
    [
        "@hollowoak can you remove the make-an-offer button from my listings?? I do not want it",
        "@hollowoak How do I hide the suggested contacts in the share box? I don't have any.",
    ],
)
def test_a_how_to_question_gets_no_complaint_holding_reply(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "shop")
    said = words(draft)
    assert draft.action == "human" and draft.text, draft.note
    for wrong in ("sorry", "your experience", "trouble", "a few details"):
        assert wrong not in said, said


# The details we asked for, sent in answer: not asked again; personal ones posted in public are
# better deleted.


@pytest.mark.parametrize(
    ("brand", "ours", "theirs", "private"),
    [
        (
            "pie",
            "@sam So sorry your pizza is late! Please DM us your contact info and store address.",
            "@crustworks The store is 450 Maple Ave, Springfield. My phone number is 5551234567",
            True,
        ),
        (
            "cell",
            "@sam May we have your cellphone number to check your line?",
            "07911 123456",
            True,
        ),
        (
            "bank",
            "@sam Can you tell us the location of the branch you went to?",
            "@oakvault 6290 E Pacific Coast Hwy, Long Beach, CA 90803",
            False,
        ),
    ],
)
def test_details_sent_as_asked_are_acknowledged_not_asked_again(
    engine: EngagementEngine, brand: str, ours: str, theirs: str, private: bool
) -> None:
    draft = answer_to_us(engine, ours, theirs, brand)
    said = words(draft)
    for wrong in ("send us a dm with", "phone number on the account", "which store", "visit"):
        assert wrong not in said, said
    assert "team" in said, said
    assert ("delete" in said) is private, said


# Banter or a tongue-in-cheek tip on a game post gets a light word back, never an apology.


def _on_a_game_post(engine: EngagementEngine, post: str, by: str, text: str) -> Draft:
    first = TALK.comment(post, "mart", author=by)
    second = TALK.comment(text, "mart", parent=first.id, author="sam")
    draft = engine.run([first, second], NOW)[1].draft
    assert draft is not None, text
    return draft


@pytest.mark.parametrize(
    ("post", "by", "text"),
    [
        (
            "Mince pie taste-off is go! Round one @marketfair @crumbco @bakehaus #pieoff",
            "piefan",
            "@piefan @crumbco @bakehaus @marketfair @oldmill @freshway @tinpot You need to get"
            " the Frostbite ones... seriously!",
        ),
        (
            "Mince pie taste-off is go! Which is best? #pieoff",
            "marketfair",
            "@marketfair you lot need to try the Frostbite ones, honestly 😂",
        ),
        (
            "@crumbco @bakehaus @marketfair Tasters ready for round two of the mince pie derby",
            "piefan",
            "@piefan @crumbco @bakehaus @marketfair @oldmill @freshway And the results are in!"
            " @crumbco score a 6, @bakehaus a 6.5. Who's up next?! https://t.co/abc123",
        ),
    ],
)
def test_banter_on_a_game_post_gets_no_apology(
    engine: EngagementEngine, post: str, by: str, text: str
) -> None:
    draft = _on_a_game_post(engine, post, by, text)
    said = words(draft)
    for wrong in ("sorry", "look into", "send us", "details"):
        assert wrong not in said, said
    if "https://" not in text:
        assert "read as spam" not in draft.note and "reads as spam" not in draft.note, draft.note
    # A request for help under the same post is no banter.
    help_wanted = words(
        _on_a_game_post(engine, post, by, "@marketfair my order never arrived, can someone help?")
    )
    assert "noted" not in help_wanted and "game on" not in help_wanted, help_wanted
