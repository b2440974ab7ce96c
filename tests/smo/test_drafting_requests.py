"""Drafts that honour what the comment is: a closure, feedback, a campaign reply, a known case."""

from __future__ import annotations

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from tests.smo.drafting_kit import NOW, Talk, engine_for
from tests.smo.drafting_kit import drafted as draft_for

FIBRE = BrandProfile(
    id="fibre", name="Nimbus Fibre", industry="telco", handles={"x": "nimbusfibre"}
)
PIXEL = BrandProfile(id="pixel", name="Pixelnote", industry="software", handles={"x": "pixelnote"})
RIDES = BrandProfile(id="rides", name="Zoomcab", industry="travel", handles={"x": "zoomcab"})
SHOP = BrandProfile(id="shop", name="Alpenglow Outfitters", industry="retail")
BRANDS = {b.id: b for b in (FIBRE, PIXEL, RIDES, SHOP)}
TALK = Talk(BRANDS.values(), "r", brand="fibre", post="p1")
comment = TALK.comment
# What a troubleshooting script asks; never for feedback, a closure or a campaign reply.
_DIAGNOSTIC = (
    "which service",
    "service address",
    "which device",
    "software version",
    "what happens",
)
_RETENTION = ("to lose you", "before you decide", "hate to")


engine = TALK.engine_fixture()


def asks_nothing(text: str) -> bool:
    lowered = text.lower()
    return not any(q in lowered for q in _DIAGNOSTIC) and "booking reference" not in lowered


@pytest.mark.parametrize(
    ("brand", "text", "says"),
    [
        ("fibre", "I want to close my account, this is the third time I've asked", "close"),
        ("pixel", "please cancel my subscription, I don't use it any more", "cancel"),
        ("shop", "unsubscribe me, I get three of your emails a day", "mailing list"),
        ("rides", "stop emailing me promos, I never signed up for them", "mailing list"),
    ],
)
def test_a_closure_request_is_honoured_without_a_pitch_or_questions(
    engine: EngagementEngine, brand: str, text: str, says: str
) -> None:
    # Was: a retention pitch ("we'd hate to lose you") and a request for a booking reference.
    draft = draft_for(engine, comment(text, brand))
    lowered = draft.text.lower()
    assert says in lowered and "team" in lowered, draft.text
    assert not any(r in lowered for r in _RETENTION), draft.text
    assert asks_nothing(draft.text) and "?" not in draft.text, draft.text
    assert "honour it" in draft.note


def test_an_account_number_posted_in_public_is_flagged_and_advised_against(
    engine: EngagementEngine,
) -> None:
    draft = draft_for(
        engine, comment("please close my account, account number 4417 2290 1183, thanks")
    )
    assert draft.action == "human" and "PRIVATE DETAILS" in draft.note
    assert "don't share account or card numbers publicly" in draft.text
    assert not any(r in draft.text.lower() for r in _RETENTION)


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("pixel", "you should add a way to hide old contacts from the suggestions list"),
        ("pixel", "honestly the new interface is awful, I miss the old layout"),
        ("fibre", "I think ending the giveaways at 4pm is too early for people out west"),
        ("pixel", "hey bot, are you a real person or a robot? lol"),
        ("fibre", "it would be nice if the app showed my data usage on the home screen"),
    ],
)
def test_feedback_is_thanked_and_passed_on_not_troubleshot(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    # Was: "Which device and software version…" / "Which service… service address".
    draft = draft_for(engine, comment(text, brand))
    lowered = draft.text.lower()
    assert "pass" in lowered or "share" in lowered, draft.text
    assert asks_nothing(draft.text) and "dm" not in lowered.split(), draft.text
    assert "feedback or a suggestion" in draft.note


def test_unhappy_feedback_is_acknowledged_without_thanks(engine: EngagementEngine) -> None:
    draft = draft_for(engine, comment("the new design is terrible, I hate it", "pixel"))
    assert "thank" not in draft.text.lower() and "pass" in draft.text.lower(), draft.text


def test_a_fault_after_an_update_is_still_troubleshot(engine: EngagementEngine) -> None:
    draft = draft_for(engine, comment("since the new update the app crashes every time", "pixel"))
    assert "feedback" not in draft.note and "DM" in draft.text


def test_what_the_customer_gave_is_not_asked_again(engine: EngagementEngine) -> None:
    # Was: "Which device and software version are you on, and what happens when you try?"
    draft = draft_for(
        engine, comment("my iPhone 8 on iOS 11.1 keeps crashing when I open the notes", "pixel")
    )
    lowered = draft.text.lower()
    assert "which device" not in lowered and "software version" not in lowered, draft.text
    assert "what happens" not in lowered, draft.text
    partial = draft_for(engine, comment("the app keeps crashing on my iPad, so annoying", "pixel"))
    assert "software version" in partial.text and "which device" not in partial.text.lower()


def test_an_ongoing_private_case_is_continued_not_restarted(engine: EngagementEngine) -> None:
    ours = comment("@bo sorry about that, we've replied to you in DM - Sam", author="nimbusfibre")
    again = comment(
        "@nimbusfibre still no internet, I'm talking to Sam in DMs but nothing works",
        parent=ours.id,
        author="bo",
    )
    draft = engine.run([ours, again], NOW)[1].draft
    assert draft is not None
    lowered = draft.text.lower()
    assert "pick this up" in lowered or "carry on" in lowered, draft.text
    assert asks_nothing(draft.text) and "service address" not in lowered


@pytest.mark.parametrize(
    ("brand", "text", "absent", "present"),
    [
        ("fibre", "no signal on my phone all day, texts won't send", "internet, tv or mobile", ""),
        (
            "rides",
            "my uber eats order never arrived and the food was from the wrong restaurant",
            "booking reference",
            "order",
        ),
    ],
)
def test_the_words_follow_what_the_comment_is_about(
    engine: EngagementEngine, brand: str, text: str, absent: str, present: str
) -> None:
    # Was: "internet, TV or mobile / service address" to a phone; "route of your trip" to food.
    draft = draft_for(engine, comment(text, brand))
    lowered = draft.text.lower()
    assert absent not in lowered and "route of your trip" not in lowered, draft.text
    assert present in lowered, draft.text


def test_a_reply_to_our_campaign_prompt_gets_a_friendly_reply(engine: EngagementEngine) -> None:
    # Was: "Please send us a DM with the account holder's name…" to a customer playing along.
    ours = comment(
        "Finish this sentence: the best thing about a lazy Sunday is… #SundayFeels",
        author="nimbusfibre",
    )
    answer = comment(
        "@nimbusfibre pancakes, a long walk with the dog and a good film", parent=ours.id
    )
    draft = engine.run([ours, answer], NOW)[1].draft
    assert draft is not None and draft.action == "reply"
    assert asks_nothing(draft.text) and "DM" not in draft.text, draft.text
    assert "campaign" in draft.note or "our own post" in draft.note


def test_a_loyalty_milestone_gets_a_reply(engine: EngagementEngine) -> None:
    # Was: no draft at all.
    draft = draft_for(engine, comment("10 years with Nimbus today, here's to ten more!"))
    assert draft.action == "reply" and draft.text and asks_nothing(draft.text)
    assert "to lose you" not in draft.text.lower() and "milestone" in draft.note
    tier = draft_for(
        engine, comment("@zoomcab reached third tier. Closing in on the top one", "rides")
    )
    assert tier.action == "reply" and "milestone" in tier.note


def test_warm_words_the_readers_left_unread_are_thanked(engine: EngagementEngine) -> None:
    # Was: no draft at all for a thank-you the intent readers did not label.
    draft = draft_for(
        engine,
        comment("Kudos to the @zoomcab driver that had the smoothest ride I've had", "rides"),
    )
    assert draft.action == "reply" and "warm words" in draft.note


@pytest.mark.parametrize("text", ["@zoomcab Treat!", "@zoomcab that makes two of us! see you soon"])
def test_a_cheerful_answer_to_an_unseen_post_gets_a_friendly_reply(
    engine: EngagementEngine, text: str
) -> None:
    # Was: "Got it. [Next step or what to try.]" for a person to finish.
    draft = draft_for(engine, comment(text, "rides", parent="post-unseen"))
    assert draft.action == "reply" and "cheerful reply" in draft.note, draft.note
    assert asks_nothing(draft.text) and "DM" not in draft.text


@pytest.mark.parametrize(
    "text", ["@zoomcab I sure can!", "@zoomcab iPhone 7 and iOS 11.1!", "@zoomcab I deleted it 😕"]
)
def test_details_for_support_in_a_thread_are_not_taken_for_chat(
    engine: EngagementEngine, text: str
) -> None:
    draft = draft_for(engine, comment(text, "rides", parent="post-unseen"))
    assert "cheerful reply" not in draft.note


def test_looking_forward_to_coming_again_is_praise_not_a_problem(
    engine: EngagementEngine,
) -> None:
    # Was: "sorry about the trouble with your booking" for "hope to see you all again soon".
    draft = draft_for(
        engine,
        comment("It was wonderful and your staff are great, see you all again soon", "rides"),
    )
    assert "sorry" not in draft.text.lower() and "DM" not in draft.text, draft.text


def test_a_booking_reference_already_given_is_not_asked_again(engine: EngagementEngine) -> None:
    draft = draft_for(
        engine, comment("booking no QXZ7PF, my seat was given away, please help", "rides")
    )
    assert "booking reference" not in draft.text, draft.text
    plain = draft_for(
        engine, comment("I can't even reorder because the app is broken, help", "rides")
    )
    assert "booking reference" in plain.text or "account" in plain.text, plain.text


@pytest.mark.slow
def test_a_delivery_to_a_restaurant_brand_asks_for_the_order_not_the_visit(
    engine: EngagementEngine,
) -> None:
    diner = BrandProfile(id="diner", name="Pepper Pot", industry="restaurant")
    local = engine_for([diner])
    draft = draft_for(
        local, comment("my delivery came an hour late and the food was cold", "diner")
    )
    assert "visit" not in draft.text and "order number" in draft.text, draft.text
