"""Drafts that read what the matter is before choosing the reply: a stolen number is account
security, text alerts and a home phone line are not broadband, a frozen button is a fault, the
customer's earlier tweet is read, a non-order is no delivery, an account matter gets account
questions and "thanks for nothing" is a complaint."""

from __future__ import annotations

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.drafting import URGENT
from bot.smo.engine import EngagementEngine
from bot.smo.guardrails import has_emoji
from tests.smo.drafting_kit import NOW, Talk, words
from tests.smo.drafting_setup import BRIGHTWAVE, PEPPER_POT, PIXELNOTE, SKYLARK_AIR

BRANDS = (
    BRIGHTWAVE,
    PIXELNOTE,
    PEPPER_POT,
    BrandProfile(id="shop", name="Corner Co", industry="retail", handles={"x": "cornerco"}),
    SKYLARK_AIR,
)
TALK = Talk(BRANDS, "m")
draft_for = TALK.draft_for

engine = TALK.engine_fixture()


# 1. A telco matter that is no line fault.


@pytest.mark.parametrize(
    "text",
    [
        "@bwave my number was ported out to another network overnight and I never asked for it",
        "@bwave someone did a sim swap on my account, my phone shows no service and I can't log in",
        "@bwave you gave my phone number to somebody else, I need it back now",
        "@bwave i think my number has been stolen, calls go to a stranger",
        "@bwave my mobile number got transferred to some other network without my permission",
        "@bwave you lot just gave my mobile number away after I asked for a fraud lock on it",
    ],
)
def test_a_stolen_or_ported_number_is_account_security_for_a_person_now(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "cell")
    assert draft.action == "human"
    assert draft.note.startswith(URGENT) and "account security" in draft.note, draft.note
    said = words(draft)
    # A holding reply: nothing sensitive asked for in public, no checklist, no emoji.
    for asked in ("calls, texts or data", "since when", "account holder", "phone number on"):
        assert asked not in said, draft.text
    assert "don't share" in said and "dm" in said and not has_emoji(draft.text)


@pytest.mark.parametrize(
    "text",
    [
        "@bwave I ported my number over to you last month and love it",
        "@bwave how do I port my number to you from my old network?",
        "@bwave my sim card is damaged, can I get a new one posted?",
        "@bwave I phoned, they took my number and promised a call back that never came",
        "@bwave switching my number across without any hassle at all, cheers",
        "@bwave porting my number in without any fuss was brilliant",
        "@bwave could you port my number out without my current contract ending?",
        "@bwave my sim was swapped for an eSIM at the shop this morning and there's no signal",
        "@bwave I asked for a sim swap to the smaller size, when will it arrive?",
    ],
)
def test_a_port_the_customer_asked_for_or_a_new_sim_is_no_security_matter(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "cell")
    assert not draft.note.startswith(URGENT), draft.note


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("diner", "@pepper you took my number for the queue and never rang, we gave up"),
        ("shop", "@cornerco they took my number at the till and now I get spam texts"),
        ("wings", "@skylark my seat number was given to someone else at the gate"),
        ("shop", "@cornerco my order number was handed to another shopper?? I got theirs"),
        ("notes", "@pixelnote they took my number and never phoned back about my refund"),
    ],
)
def test_a_number_taken_down_or_an_order_number_is_no_security_matter(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    assert not draft.note.startswith(URGENT), draft.note


@pytest.mark.parametrize(
    "text",
    [
        "@bwave the usage text alerts stopped coming through weeks ago, what's up",
        "@bwave I keep getting notification texts about a bill that isn't mine, please stop them",
    ],
)
def test_text_alerts_get_their_own_questions_not_a_line_checklist(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, text, "cell")
    said = words(draft)
    assert "alerts" in said, draft.text
    for checklist in ("calls, texts or data", "internet", "tv", "where are you when"):
        assert checklist not in said, draft.text


@pytest.mark.parametrize(
    ("text", "service"),
    [
        (
            "@bwave had a notification about an outage near me, wifi has been dead since 7",
            "internet",
        ),
        (
            "@bwave my broadband keeps cutting out and I get an alert about it every hour",
            "internet",
        ),
        (
            "@bwave no signal on my phone since Monday, a 'no service' notification keeps showing",
            "mobile",
        ),
    ],
)
def test_an_alert_about_another_service_is_that_service(
    engine: EngagementEngine, text: str, service: str
) -> None:
    # The alert is how the customer learnt of the fault, not the matter: no alerts questions.
    said = words(draft_for(engine, text, "cell"))
    assert "alerts" not in said and service in said, said


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("@bwave the landline at home keeps crackling and cutting out, help", "dial tone"),
        ("@bwave home phone has no dial tone, can't ring anyone", "another phone"),
    ],
)
def test_a_home_phone_line_gets_line_questions_not_broadband_ones(
    engine: EngagementEngine, text: str, asked: str
) -> None:
    draft = draft_for(engine, text, "cell")
    said = words(draft)
    assert "home phone" in said and asked in said, draft.text
    assert "internet" not in said and "what's going wrong" not in said, draft.text


# 2. A thing that does not respond is a fault, not a brand that does not answer.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        (
            "notes",
            "@pixelnote the buttons don't respond since the update, I tap and nothing happens",
        ),
        ("notes", "@pixelnote the save button on the editor just won't respond at all"),
        ("notes", "@pixelnote app is unresponsive every morning now"),
        ("cell", "@bwave my tv remote doesn't respond anymore"),
    ],
)
def test_a_control_that_does_not_respond_is_a_fault(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    assert "answer from us" not in words(draft), draft.text
    assert draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@pixelnote support won't respond to my emails, it's been a week",
        "@pixelnote I reported the app crash and you don't respond",
    ],
)
def test_a_brand_that_does_not_respond_is_still_no_answer(
    engine: EngagementEngine, text: str
) -> None:
    assert "answer from us" in words(draft_for(engine, text, "notes"))


# 3. The customer's own earlier tweet, above our reply, is read: what it told is not asked.


def _third_turn(engine: EngagementEngine, brand: str, first: str, ours: str, last: str) -> str:
    """The draft for ``last``, the customer's answer to our reply ``ours`` to their ``first``."""
    handle = TALK.brands[brand].handles["x"]
    one = TALK.comment(first, brand, author="robin")
    two = TALK.comment(ours, brand, parent=one.id, author=handle)
    three = TALK.comment(last, brand, parent=two.id, author="robin")
    draft = engine.run([one, two, three], NOW)[2].draft
    assert draft is not None
    return words(draft)


def test_an_order_number_in_the_first_tweet_is_not_asked_for_again(
    engine: EngagementEngine,
) -> None:
    said = _third_turn(
        engine,
        "shop",
        "@cornerco my order 77120934 never turned up, it was meant to come on Tuesday",
        "@robin so sorry! Has the tracking page changed at all?",
        "@cornerco no, nothing at all, this is a joke",
    )
    assert "order number" not in said and "name and email address on the order" in said, said


def test_a_flight_named_in_the_first_tweet_is_not_asked_for_again(
    engine: EngagementEngine,
) -> None:
    said = _third_turn(
        engine,
        "wings",
        "@skylark flight SK2231 to Malaga on Friday, my seat was changed without asking",
        "@robin sorry about that, we'll take a look",
        "@skylark it was a window seat I paid extra for and now I'm in the middle, not happy",
    )
    assert "date and route" not in said, said


def test_a_delivery_in_the_first_tweet_is_no_visit(engine: EngagementEngine) -> None:
    said = _third_turn(
        engine,
        "diner",
        "@pepper our delivery never showed up last night and the app says delivered",
        "@robin that's not right at all, did you try calling the restaurant?",
        "@pepper yes twice, nobody picked up",
    )
    assert "visit" not in said, said


def test_a_second_tweet_under_the_customers_own_first_reads_the_first(
    engine: EngagementEngine,
) -> None:
    first = TALK.comment(
        "@cornerco order 66240917 still hasn't come and it was due on Monday", "shop", author="ash"
    )
    second = TALK.comment(
        "@cornerco four days on and nothing, this is ridiculous", "shop", first.id, author="ash"
    )
    draft = engine.run([first, second], NOW)[1].draft
    assert draft is not None
    said = words(draft)
    assert "a few details" not in said and "order number" not in said, said


# 4. A restaurant's "a delivery or a visit?" only where a meal, an order or a visit is spoken of
# (no order behind a wish for a phone line, a partner's menu edits, a courier's own account).


@pytest.mark.parametrize(
    "text",
    [
        "@pepper you really should have a phone number people can call, please get in touch",
        "@pepper I've sent the new prices for our cafe to you four times and nothing changed",
        "@pepper I drive for you and nobody in the courier team answers my emails",
        "@pepper sent in 4 menu updates for Elm Street Grill weeks ago, still nothing changed",
        "@pepper your firm really needs to have a customer support phone number",
    ],
)
def test_no_delivery_or_visit_question_where_there_is_no_meal(
    engine: EngagementEngine, text: str
) -> None:
    said = words(draft_for(engine, text, "diner"))
    assert "delivery or a visit" not in said and "your visit" not in said, said
    assert "your order" not in said, said


@pytest.mark.parametrize(
    "text",
    [
        "@pepper the burger was stone cold and half the fries were missing",
        "@pepper waited 50 minutes for two coffees, awful",
    ],
)
def test_a_meal_still_gets_the_delivery_or_visit_question(
    engine: EngagementEngine, text: str
) -> None:
    said = words(draft_for(engine, text, "diner"))
    assert "delivery or a visit" in said, said


@pytest.mark.parametrize(
    "text",
    [
        "@pepper we sat 45 mins waiting on our pizzas at the Hull one, dreadful",
        "@pepper over an hour for the table we had booked tonight, not good enough",
        "@pepper the waiter at the York branch this evening was so rude to us",
        "@pepper booked catering for my business lunch and half the wraps never came",
        "@pepper the pasta and steak were stone cold when they reached our table, awful",
    ],
)
def test_a_diner_is_never_asked_for_their_account_email(
    engine: EngagementEngine, text: str
) -> None:
    # At a restaurant a meal or an order is the matter unless a partner, a courier or a wish
    # for a phone line says otherwise.
    said = words(draft_for(engine, text, "diner"))
    assert "email address on your account" not in said, said
    assert "visit" in said or "your order" in said, said


# 5. An account, billing or sign-in matter in software gets account questions, no device list.


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("@pixelnote I need a hand moving my account to another country", "what happens"),
        ("@pixelnote I switched off auto-renewal and you renewed my plan anyway", "payment"),
        ("@pixelnote need help with the region on my account, not happy", "what happens"),
        ("@pixelnote can't sign in to my account, it keeps saying wrong password", "password"),
    ],
)
def test_an_account_matter_in_software_gets_account_questions(
    engine: EngagementEngine, text: str, asked: str
) -> None:
    said = words(draft_for(engine, text, "notes"))
    assert "which device" not in said and "software version" not in said, said
    assert asked in said and "email address on your account" in said, said


@pytest.mark.parametrize(
    "text",
    [
        "@pixelnote honestly no scam here, my refund landed in three days",
        "@pixelnote your team sorted my complaint so kindly, refund and a call back. Thank you",
        "@pixelnote my refund for #48213 was okayed on 2 March and still isn't on my card",
        "@pixelnote could I get a VAT invoice for order #55120 please",
        "@pixelnote the Deep Renewal cream brought me out in a rash",
        "@pixelnote can I move my subscription over to the yearly plan?",
    ],
)
def test_no_subscription_question_where_it_is_told_or_no_matter(
    engine: EngagementEngine, text: str
) -> None:
    # Praise, a charge named by its number and date, an invoice asked for or a product whose
    # name holds "renewal": no "which subscription or charge, and when?".
    said = words(draft_for(engine, text, "notes"))
    assert "which subscription" not in said, said


def test_a_grievance_about_our_support_gets_no_device_list(engine: EngagementEngine) -> None:
    said = words(draft_for(engine, "@pixelnote your support team SUCKS!!", "notes"))
    assert "which device" not in said and "software version" not in said, said
    assert "our support" in said, said


def test_a_call_back_request_is_no_grievance_about_our_support(
    engine: EngagementEngine,
) -> None:
    text = "@pixelnote could somebody phone me back re order ZX771203? the help line just rings out"
    said = words(draft_for(engine, text, "notes"))
    assert "our support" not in said, said


def test_a_fault_on_a_device_still_gets_the_device_questions(engine: EngagementEngine) -> None:
    said = words(
        draft_for(engine, "@pixelnote the editor crashes whenever I paste a table", "notes")
    )
    assert "which device" in said, said


# 6. "Thanks for nothing" is a complaint, never thanks to answer with "any time".

_WELCOME = ("any time", "anytime", "you're welcome", "kind words", "glad", "happy to help")


@pytest.mark.parametrize(
    "theirs",
    [
        "thanks for nothing",
        "Thanks a lot for nothing!",
        "well thank you for nothing then",
        "thank u so much for absolutely nothing",
        "thx for nothing",
        "thanx for nada",
        "well thanks for f all",
        "cheers for nothing pal",
        "ta for sweet FA",
        "thanks for fuck all then",
    ],
)
def test_thanks_for_nothing_under_our_reply_is_a_complaint(
    engine: EngagementEngine, theirs: str
) -> None:
    draft = TALK.answer_to_us(
        engine, "Sorry, we can't exchange items bought in the clearance sale.", theirs, "shop"
    )
    said = words(draft)
    assert not any(w in said for w in _WELCOME), draft.text
    assert "sorry" in said, draft.text


@pytest.mark.parametrize(
    "text",
    ["@cornerco Thanks a lot for nothing!", "@cornerco thank you so much for nothing, again"],
)
def test_thanks_for_nothing_on_its_own_is_a_complaint(engine: EngagementEngine, text: str) -> None:
    said = words(draft_for(engine, text, "shop"))
    assert not any(w in said for w in _WELCOME), said
    assert "sorry" in said, said


@pytest.mark.parametrize(
    "theirs", ["thanks a bunch 🙄", "yeah right, thanks", "thanks for ruining my weekend"]
)
def test_sarcastic_thanks_under_our_reply_gets_no_welcome(
    engine: EngagementEngine, theirs: str
) -> None:
    draft = TALK.answer_to_us(
        engine, "Sorry, we can't exchange items bought in the clearance sale.", theirs, "shop"
    )
    assert not any(w in words(draft) for w in _WELCOME), draft.text


def test_thanks_for_nothing_short_of_great_is_no_sarcasm(engine: EngagementEngine) -> None:
    draft = draft_for(
        engine, "@cornerco thank you for nothing short of brilliant help today", "shop"
    )
    assert "sarcasm" not in draft.note, draft.note


def test_thanks_for_something_is_still_thanks(engine: EngagementEngine) -> None:
    draft = TALK.answer_to_us(
        engine, "Your replacement is on its way, tracking to follow.", "thanks so much!", "shop"
    )
    assert "sorry" not in words(draft), draft.text
