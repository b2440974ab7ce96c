"""Drafts that fit what a message is about and where it sits in a thread, for service brands."""

from __future__ import annotations

import re

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.drafting import Drafter, ReplyPlan, TemplateLibrary, default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.smo.guardrails import has_emoji
from bot.smo.thread import answer_to
from bot.smo.topics import concern_of, praised, price_complaint, question_gist
from tests.smo.drafting_kit import NOW, Talk
from tests.smo.drafting_kit import drafted as draft_for
from tests.smo.drafting_setup import PEPPER_POT, SKYLARK_AIR

CELL = BrandProfile(id="cell", name="Brightwave Mobile", industry="telco", handles={"x": "bwave"})
PIXEL = BrandProfile(id="pixel", name="Pixelnote", industry="software", handles={"x": "pixelnote"})
WINGS = SKYLARK_AIR
RIDES = BrandProfile(id="rides", name="Zoomcab", industry="travel", handles={"x": "zoomcab"})
SHOP = BrandProfile(id="shop", name="Larder Lane", industry="retail", handles={"x": "larder"})
DINER = PEPPER_POT
BRANDS = (CELL, PIXEL, WINGS, RIDES, SHOP, DINER)
TALK = Talk(BRANDS, "t", brand="cell", post="p1")
comment = TALK.comment
# What a fault checklist asks; never for a question, a code, a PIN, an upgrade or staff.
_FAULT_CHECKLIST = (
    "which service",
    "internet, tv",
    "internet or tv",
    "since when",
    "service address",
)


engine = TALK.engine_fixture()


in_thread = TALK.answer_to_us


def outside_slots(text: str) -> str:
    return re.sub(r"\[[^\]]*\]", "", text)


# 1. Fault triage on things that are not faults.


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("trying to redeem my free weekend code and it keeps giving an error, help?", "code"),
        ("your chat team keeps asking for a PIN I never set up, I can't get anywhere", "PIN"),
        (
            "how do I reach someone higher about a rep who lied to me and messed up my account",
            "our team",
        ),
        ("am I eligible for an early upgrade yet or do I have to wait", "upgrade"),
        ("is it too late to pre-order the new phone if I'm on the trade-in plan?", "pre-order"),
    ],
)
def test_a_question_or_request_that_is_no_fault_gets_no_fault_checklist(
    engine: EngagementEngine, text: str, says: str
) -> None:
    # Was: "Which service is it (internet, TV or mobile), and since when? … service address".
    draft = draft_for(engine, comment(text))
    lowered = draft.text.lower()
    assert draft.text and says.lower() in lowered, draft.text
    assert not any(ask in lowered for ask in _FAULT_CHECKLIST), draft.text


def test_a_pin_problem_never_asks_for_the_pin_in_public(engine: EngagementEngine) -> None:
    draft = draft_for(engine, comment("locked out, it wants my account PIN and I forgot it"))
    assert "don't post your PIN" in draft.text or "don't share your PIN" in draft.text


def test_a_complaint_about_a_member_of_staff_goes_to_a_person(engine: EngagementEngine) -> None:
    draft = draft_for(
        engine, comment("one of your reps deliberately messed up my account and lied about it")
    )
    assert draft.action == "human" and "member of staff" in draft.note
    assert "experience with our team" in draft.text


def test_a_telco_outage_question_does_not_list_services_the_brand_may_not_sell(
    engine: EngagementEngine,
) -> None:
    draft = draft_for(engine, comment("outage again?? nothing has worked since 7am"))
    lowered = draft.text.lower()
    # A repeated outage gets the outage reply (sorry, and a check for known problems).
    assert "known problems" in lowered or "reports of trouble" in lowered
    assert "internet" not in lowered and "tv" not in lowered


def test_concern_readings() -> None:
    assert concern_of("the promo code won't apply at checkout", "telco").kind == "promo"  # type: ignore[union-attr]
    assert concern_of("it asks for my password every time", "software").kind == "access"  # type: ignore[union-attr]
    assert concern_of("no signal at all in town today", "telco").kind == "outage"  # type: ignore[union-attr]
    assert concern_of("the sandwich on my flight was stale", "travel").kind == "catering"  # type: ignore[union-attr]
    # Food delivered by a ride brand's food service is an order, not a meal on board.
    eats = concern_of("my food order never came, refund please", "travel")
    assert eats is not None and eats.kind != "catering"
    assert concern_of("great, thanks!", "telco") is None


# 2. Wrong-industry slots.


def test_a_catering_complaint_to_an_airline_is_no_food_delivery(engine: EngagementEngine) -> None:
    # Was: "send us a DM with your order number, the restaurant and when you ordered".
    draft = draft_for(
        engine, comment("the food on my flight to Lisbon was cold soggy slop, awful", "wings")
    )
    lowered = draft.text.lower()
    assert "restaurant" not in lowered and "order number" not in lowered, draft.text
    assert "food on board" in lowered


def test_food_delivered_by_a_ride_brand_still_asks_for_the_order(engine: EngagementEngine) -> None:
    draft = draft_for(
        engine, comment("my food delivery from the burger place never arrived", "rides")
    )
    assert "order number" in draft.text, draft.text


# 3. A real starting text for a person, not only a placeholder.


def test_a_question_gets_a_sendable_holding_reply_and_the_answer_to_write_in_the_note(
    engine: EngagementEngine,
) -> None:
    # Was: "Hi @reader, [answer to the question]." and then a slot in the public text.
    draft = draft_for(engine, comment("how do you add a second rider to a trip?", "rides"))
    assert draft.action == "human"
    assert "[" not in draft.text, draft.text
    assert "how to add a second rider to a trip" in draft.note, draft.note
    assert len(outside_slots(draft.text).split()) >= 8, draft.text


def test_more_details_in_an_unseen_thread_get_more_than_a_placeholder(
    engine: EngagementEngine,
) -> None:
    # Was: "Got it, @reader. [Next step or what to try.]"
    draft = draft_for(engine, comment("@pixelnote Galaxy S21 and the web one", "pixel", "x1"))
    assert draft.action == "human" and "[" not in draft.text
    assert len(outside_slots(draft.text).split()) >= 10, draft.text


def test_question_gists_keep_untrusted_text_inert() -> None:
    assert question_gist("How do I reset my password?") == "how to reset your password"
    assert question_gist("how do i get this crap to sync") is None
    assert question_gist("how do I see https://t.example/x") is None or "http" not in (
        question_gist("how do I see https://t.example/x") or ""
    )
    assert question_gist("why is it broken?") is None


def test_question_gists_speak_for_the_brand_and_keep_the_customers_names() -> None:
    # The customer's "you" is the brand: the reply promises to answer how to reach us.
    assert question_gist("How can I contact you?") == "how to contact us"
    assert question_gist("how do I link your app to my Fitbit") == (
        "how to link our app to your Fitbit"
    )


# 4. Not restarting the conversation.


def test_no_to_have_you_updated_gets_the_next_step(engine: EngagementEngine) -> None:
    # Was: "Which device and software version are you on, and what happens when you try?"
    draft = in_thread(
        engine,
        "@sam Thanks. Have you updated your tablet to version 4.1 yet?",
        "@pixelnote No",
        "pixel",
    )
    lowered = draft.text.lower()
    assert "give that a try" in lowered or "give that a go" in lowered, draft.text
    assert "which device" not in lowered and "version" not in lowered


def test_an_answer_with_the_device_is_not_asked_for_the_device(engine: EngagementEngine) -> None:
    # Was: "Thank you! 💛", our question about the device taken for a campaign prompt.
    draft = in_thread(
        engine,
        "@sam Hey! What device, system and app version are you using? We'll see what we can do",
        "@pixelnote pixel 7 and the newest version from the store",
        "pixel",
    )
    lowered = draft.text.lower()
    assert draft.text and "which device" not in lowered and "software version" not in lowered
    assert "what happens" not in lowered and "thank you" not in lowered, draft.text
    # The answer is thanked and the case moves on to the account by private message; no
    # error is asked for where no error was spoken of.
    assert "thanks for the details" in lowered and "error message" not in lowered, draft.text
    assert "email address on your account" in lowered, draft.text


def test_steps_already_tried_are_acknowledged(engine: EngagementEngine) -> None:
    draft = in_thread(
        engine,
        "@sam Any steps tried since it started?",
        "@pixelnote restarted the tablet, reset the settings, all of it",
        "pixel",
    )
    assert "trying" in draft.text.lower() and "which device" not in draft.text.lower()


def test_what_happens_when_you_try_is_gone(engine: EngagementEngine) -> None:
    for text in ("the new update is eating my battery, fix it", "sync broke after the update"):
        draft = draft_for(engine, comment(text, "pixel"))
        assert "what happens when you try" not in draft.text.lower(), draft.text


def test_answer_readings() -> None:
    assert answer_to("Have you tried restarting it?", "@x nope") == "not tried"
    assert answer_to("Have you tried restarting it?", "@x yes, twice") == "tried"
    assert answer_to("Which device is it?", "@x no") is None


# 5. Tone: only what the comment says.


def test_a_refund_chase_after_a_promised_follow_up_is_not_cheered(
    engine: EngagementEngine,
) -> None:
    # Was: "happy to help with your refund. Please send us a DM with your order number …".
    draft = in_thread(
        engine,
        "@sam We have received your DM and will follow up there.",
        "@zoomcab you still haven't reached out. Refund the cost of the ride now",
        "rides",
    )
    lowered = draft.text.lower()
    assert "happy" not in lowered and "your refund" not in lowered, draft.text
    assert "haven't got back" in lowered or "still waiting" in lowered


def test_venting_with_no_wait_gets_no_sorry_about_the_wait(engine: EngagementEngine) -> None:
    draft = draft_for(
        engine, comment("still waiting on a version of this app that isn't total rubbish", "pixel")
    )
    assert "the wait" not in draft.text.lower(), draft.text


def test_bad_support_said_once_is_not_called_explaining_more_than_once(
    engine: EngagementEngine,
) -> None:
    for _ in range(3):  # every variant
        draft = draft_for(
            engine, comment("you have awful customer service, the line closes at 6?!")
        )
        assert "more than once" not in draft.text and "chase" not in draft.text, draft.text


def test_an_upset_request_gets_no_happy_to_help() -> None:
    # Was: "Hi @…, happy to help with your refund." to an angry demand.
    drafter = Drafter(TemplateLibrary(default_templates_dir()))
    plan = ReplyPlan(("support",), "en", None, "refund", None, False, None, "negative", -0.6)
    for n in range(6):  # every variant
        item = comment(f"refund the cost of the ride now, this is ridiculous ({n})", "rides")
        draft = drafter.draft(item, RIDES, plan, NOW, known=True)
        assert draft is not None and draft.text
        assert "happy to help" not in draft.text.lower(), draft.text


# 6. Campaign replies and praise.


@pytest.mark.parametrize("answer", ["@larder Treat", "@larder treet"])
def test_a_one_word_answer_to_our_campaign_post_gets_a_playful_reply(
    engine: EngagementEngine, answer: str
) -> None:
    # Was: a person, with "Got it. [Next step or what to try.]"
    # Was: "Thank you! 💛" (to "Treat"); with the post unseen, a person and a placeholder.
    draft = in_thread(engine, "Trick or treat this weekend? Tell us below! #Spooky", answer, "shop")
    assert draft.action == "reply" and draft.text, draft.note
    assert "[" not in draft.text and "DM" not in draft.text
    assert "joining in" in draft.text or "playing along" in draft.text, draft.text


def test_a_one_word_answer_to_an_unseen_post_is_no_case(engine: EngagementEngine) -> None:
    draft = draft_for(engine, comment("@larder Treat", "shop", parent="unseen-post"))
    assert draft.action == "reply" and "[" not in draft.text and "DM" not in draft.text


def test_a_support_question_from_us_is_no_campaign_prompt(engine: EngagementEngine) -> None:
    # Was: "this made our day — thanks so much!" to a customer's answer about their steps.
    draft = in_thread(
        engine,
        "@sam Any steps tried since it started last night?",
        "@pixelnote Tried resetting my settings .. restarting my tablet .. all that",
        "pixel",
    )
    lowered = draft.text.lower()
    assert "glad" not in lowered and "made our day" not in lowered and "DM" in draft.text
    assert not has_emoji(draft.text) and "joining in" not in lowered, draft.text


def test_praise_names_what_was_praised_from_a_fixed_list(engine: EngagementEngine) -> None:
    staff = draft_for(
        engine, comment("huge thanks to the crew on the Lisbon flight, superstars", "wings")
    )
    assert "crew" in staff.text, staff.text
    lounge = draft_for(engine, comment("Lovely lounge at the airport today! @someone", "wings"))
    assert "lounge" in lounge.text and "@someone" not in lounge.text, lounge.text
    texts = {
        draft_for(engine, comment(t, "wings")).text.split(",")[0]
        for t in ("Great airline!", "great crew today", "the lounge was lovely")
    }
    assert len(texts) > 1  # not all "Thank you! 💛"


def test_praise_readings_never_copy_the_customer_s_words() -> None:
    found = praised("the staff at https://t.example were fab, damn good")
    assert found.kind == "staff" and found.name == "the team"
    assert praised("haha this is brilliant 😂").kind == "joke"


# 7. A price complaint is a complaint.


def test_a_public_price_jibe_gets_a_person_and_a_starting_text(engine: EngagementEngine) -> None:
    # Was: no draft and no routing at all.
    item = comment(
        "Riverside: 6 x scones @ £1.00; 4 x scones on the reduced shelf @ £1.20! #LarderCon", "shop"
    )
    draft = draft_for(engine, item)
    assert draft.action == "human" and "[" not in draft.text
    assert "why the prices differ" in draft.note
    assert not has_emoji(draft.text)


def test_price_readings() -> None:
    assert price_complaint("what a rip off, £40 for a sandwich")
    assert price_complaint("3 for £2 but one is £0.50 each")
    assert not price_complaint("paid £5 for lunch, it was lovely")
