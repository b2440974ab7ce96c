"""Drafts that read where the conversation stands and where the customer is: no cheer in a
thread about a problem, no DM asked of someone whose trouble is sorted, no "delivery or
visit?" for a delivery, a ZIP code or a postcode asked in the customer's own terms, a how-to
answered rather than diagnosed, and a reviewer note that never speaks of a missing text."""

from __future__ import annotations

import re

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.smo.situations import food_brought, place_code_given, region_of
from bot.smo.thread import says_resolved
from bot.smo.wording import note_without_draft
from tests.smo.drafting_kit import NOW, Talk, words
from tests.smo.drafting_setup import BRIGHTWAVE, CRUSTWORKS, LOOPCAST

BRANDS = (
    LOOPCAST,
    BRIGHTWAVE,
    CRUSTWORKS,
    BrandProfile(id="fly", name="Skylark Air", industry="travel", handles={"x": "skylark"}),
    BrandProfile(id="ship", name="Parcelly", industry="delivery", handles={"x": "parcelly"}),
    BrandProfile(
        id="reseau",
        name="Lignebleue",
        industry="telco",
        handles={"x": "lignebleue"},
        languages=("fr", "en"),
    ),
)
TALK = Talk(BRANDS, "h")
engine = TALK.engine_fixture()

_CHEER = re.compile(
    r"love (?:that|it|hearing)|great pick|so glad|made our day|\bha\b"
    r"|[\U0001f389\U0001f64c\U0001f604]",
    re.IGNORECASE,
)
_DM = re.compile(r"\bdm\b|direct message|send us", re.IGNORECASE)


# A cheerful-sounding answer in a thread about a problem gets no "Love that!".


def test_no_cheer_for_a_quip_under_our_apology(engine: EngagementEngine) -> None:
    draft = TALK.answer_to_us(
        engine,
        "We know how much this disrupts your day and we're truly sorry.",
        "That's funny, once we finally boarded the captain told us it was a mechanical fault...",
        "fly",
    )
    assert not _CHEER.search(draft.text), draft.text


def test_good_news_under_our_apology_is_met_without_cheer(engine: EngagementEngine) -> None:
    draft = TALK.answer_to_us(
        engine,
        "We're so sorry your bag didn't make it onto the flight with you.",
        "Ha, it just turned up at my door with a bow on it, amazing",
        "fly",
    )
    assert not _CHEER.search(draft.text), draft.text
    assert "good" in words(draft) and "sorry" not in words(draft), draft.text


@pytest.mark.slow
def test_good_news_under_a_customers_complaint_is_met_without_cheer() -> None:
    engine = TALK.engine()  # its own memories: the customer's two tweets are all it has seen
    first = TALK.comment(
        "spent an hour on the phone with the post office and they just hung up on me, no help",
        "ship",
        author="kim",
    )
    second = TALK.comment(
        "saved myself the bother by checking my mailbox, and sure enough the @parcelly card"
        " saying my parcel arrived was there 😂",
        "ship",
        first.id,
        author="kim",
    )
    draft = engine.run([first, second], NOW)[1].draft
    assert draft is not None
    assert not _CHEER.search(draft.text), draft.text
    assert "sorry" not in words(draft), draft.text


def test_praise_under_our_offer_of_help_still_gets_a_warm_word(engine: EngagementEngine) -> None:
    draft = TALK.answer_to_us(
        engine,
        "It's our pleasure to help. Let us know if we can be of more assistance.",
        "Just got off the phone with your team, you guys were great!",
        "fly",
    )
    assert _CHEER.search(draft.text), draft.text


# "It's fixed now": no DM asked, no "tell us more".


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("cell", "@bwave looks like my problem has been resolved, the engineer you sent was great"),
        ("tune", "@loopcast all sorted now, the update did it"),
        ("cell", "@bwave internet is working again after this morning's outage, thanks"),
    ],
)
def test_a_customer_whose_trouble_is_sorted_is_not_asked_to_dm(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = TALK.draft_for(engine, text, brand)
    assert not _DM.search(draft.text), draft.text
    assert "sorry" not in words(draft), draft.text


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        (
            "cell",
            "@bwave it's fixed now. who pays me back for the 4 days I lost? disgraceful",
        ),
        (
            "tune",
            "@loopcast finally working after 3 hours on hold, useless. cancelling my plan",
        ),
        ("cell", "@bwave all sorted now after 5 days offline. never again, I want compensation"),
        (
            "tune",
            "@loopcast got it to work in the end after hours on hold. cancelling my subscription",
        ),
        ("tune", "@loopcast my problem has been resolved, no thanks to you, 3 weeks late"),
    ],
)
def test_sorted_with_a_grievance_is_no_good_news(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    # Fixed at last, but angry, asking for money or leaving: no "good to hear it's sorted".
    draft = TALK.draft_for(engine, text, brand)
    assert not re.search(r"good (?:to hear|news)", draft.text, re.I), draft.text


def test_says_resolved_reads_news_not_wishes() -> None:
    assert says_resolved("seems my issue has been resolved now")
    assert says_resolved("It's fixed, thanks!")
    assert not says_resolved("I'll keep calling until it is fixed")
    assert not says_resolved("it was sorted but now it's broken again")


# A delivery is no visit to the restaurant.


@pytest.mark.parametrize(
    "text",
    [
        "@crustworks my food never showed up and nobody is answering the phone",
        "@crustworks rang to say I didn't get my dips and the call got cut off",
        "@crustworks if I receive the wrong order again should I just order again?",
    ],
)
def test_a_delivery_is_not_asked_delivery_or_visit(engine: EngagementEngine, text: str) -> None:
    draft = TALK.draft_for(engine, text, "pie")
    assert "delivery or a visit" not in words(draft), draft.text
    assert "your visit" not in words(draft), draft.text


def test_a_meal_eaten_in_is_a_visit_not_an_order() -> None:
    # Dined in, food cold: the restaurant and the time of the visit, never "when you ordered".
    assert not food_brought("dined in last night, food was cold and took an hour")
    assert food_brought("the driver left my order at the wrong door")


@pytest.mark.parametrize(
    "text",
    [
        "@crustworks dined in yesterday, the food was cold and took an hour to come out",
        "@crustworks went in to the high street branch at lunch and waited 40 minutes",
    ],
)
def test_a_visit_is_asked_as_a_visit(engine: EngagementEngine, text: str) -> None:
    draft = TALK.draft_for(engine, text, "pie")
    assert "when you ordered" not in words(draft), draft.text


# Where the customer is: a code only when it is one, asked in the customer's terms.


@pytest.mark.parametrize(
    ("text", "given"),
    [
        ("fourth outage this month. 95608.", True),
        ("when will the outage be fixed for the 02919 area?", True),
        ("no signal in 30301 since noon", True),
        ("my zip is 90210 and still nothing", True),
        ("no broadband near LS6 2AB all day", True),
        ("order 48213 still not here, internet down too", False),
        ("paid 12000 for this and it is down again", False),
        ("waited 10000 minutes on hold, is the network down?", False),
    ],
)
def test_a_place_code_is_only_a_code_said_as_one(text: str, given: bool) -> None:
    assert place_code_given(text) is given


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("y'all have had my cell down all day", "us"),
        # Dollars are Canadian too (postal codes); a flat rate or pounds of weight are American.
        ("paid $80 and still no service", None),
        ("my mom paid 80 dollars for this", None),
        ("the flat rate plan is down, ordered 5 pounds of kit", None),
        ("my mum's mobile phone has no signal, costing me £30", "uk"),
        ("no internet all day again", None),
    ],
)
def test_the_customers_own_terms_tell_the_side_of_the_atlantic(
    text: str, region: str | None
) -> None:
    assert region_of(text) == region


@pytest.mark.parametrize(
    ("text", "asked", "not_asked"),
    [
        ("@bwave no internet all day again, third day running. fix it", "area", "postcode"),
        ("@bwave y'all are down again, no internet for the whole day", "zip code", "postcode"),
    ],
)
def test_an_outage_asks_where_in_the_customers_terms(
    engine: EngagementEngine, text: str, asked: str, not_asked: str
) -> None:
    draft = TALK.draft_for(engine, text, "cell")
    assert asked in words(draft), draft.text
    assert not_asked not in words(draft), draft.text


def test_a_number_that_is_no_place_still_gets_where(engine: EngagementEngine) -> None:
    draft = TALK.draft_for(
        engine, "@bwave is the network down? paid 25000 for this contract and nothing", "cell"
    )
    assert re.search(r"which town|zip code|postcode", draft.text, re.IGNORECASE), draft.text


# A note for a comment with no suggested text speaks of none.


def test_a_note_without_a_draft_speaks_of_no_suggested_text(engine: EngagementEngine) -> None:
    draft = TALK.draft_for(engine, "@lignebleue le réseau est en panne chez vous ?", "reseau")
    assert draft.text == ""
    assert "suggested" not in draft.note, draft.note
    assert "write" in draft.note, draft.note


def test_note_without_draft_turns_what_the_text_does_into_what_to_write() -> None:
    note = note_without_draft(
        "say whether there is a known outage; the suggested text is a holding reply that"
        " promises no time; check the suggested reply"
    )
    assert "suggested" not in note
    assert "write a holding reply that promises no time" in note


# A how-to question is answered, not met with a device checklist.


@pytest.mark.parametrize(
    "text",
    [
        "@loopcast how do I change the email address on my account?",
        "@loopcast any way to mute this one advert? it plays over and over. please help",
    ],
)
def test_a_how_to_gets_no_device_checklist(engine: EngagementEngine, text: str) -> None:
    draft = TALK.draft_for(engine, text, "tune")
    for wrong in ("which device", "software version", "going wrong", "sorry"):
        assert wrong not in words(draft), draft.text


def test_a_how_to_under_our_post_gets_no_device_checklist(engine: EngagementEngine) -> None:
    draft = TALK.answer_to_us(
        engine,
        "Big news: a whole university now plans its courses on Loopcast Teams! https://t.co/x",
        "@loopcast How can I change my work Loopcast account back to a personal one? I only"
        " tried the team trial and want my account personal again.",
        "tune",
    )
    for wrong in ("which device", "software version", "going wrong", "sorry"):
        assert wrong not in words(draft), draft.text
