"""Drafts for the kinds a head of community graded harmful or weak: a customer gone elsewhere
cheered or pitched, a missed chance pitched again, praise apologised to, a curt "Got it" to an
unhappy customer, "the order of" read as a purchase order, a service the customer never named,
a request for the wrong detail, a request dropped. Comments made up here."""

from __future__ import annotations

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.drafting import Drafter, ReplyPlan, TemplateLibrary, default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.smo.escalation import find_escalation
from bot.smo.topics import service_named
from tests.smo.drafting_kit import NOW, Talk
from tests.smo.drafting_setup import BRIGHTWAVE, PEPPER_POT, SKYLARK_AIR, ZOOMCAB

BRANDS = {
    b.id: b
    for b in (
        BRIGHTWAVE,
        SKYLARK_AIR,
        ZOOMCAB,
        BrandProfile(id="notes", name="Pixelnote", industry="software", handles={"x": "pixnote"}),
        PEPPER_POT,
        BrandProfile(id="shop", name="Alpenglow", industry="retail", handles={"x": "alpen"}),
        BrandProfile(id="rail", name="Northline Rail", industry="travel", handles={"x": "nline"}),
    )
}
TALK = Talk(BRANDS.values(), "t")
comment = TALK.comment
draft_for = TALK.draft_for
answer_to_us = TALK.answer_to_us
# What a reply to a customer who is leaving or unhappy must never say.
_CHEER = ("glad", "great choice", "love", "help you order", "order right here", "thank")


engine = TALK.engine_fixture()


# 1. A customer who has left, or taken the business to another company, gets no cheer, no
# pitch and no "before you decide".


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        (
            "cab",
            "@zoomcab your app rejected my card three nights running. forget it, I'm taking"
            " the bus from now on",
        ),
        ("cell", "@bwave waited a fortnight for an engineer, so we went with @skyfibre instead"),
        ("diner", "@pepper delivery fee doubled again. we order from @crustco only from now on"),
        ("shop", "@alpen that jacket is back in stock now? I already bought one elsewhere"),
        ("cell", "@bwave closed my account yesterday. you lost a customer after eleven years"),
        ("wings", "@skylark checked bag fees up again, so I've switched to @bluejay for good"),
    ],
)
def test_a_customer_gone_elsewhere_gets_no_cheer_no_pitch_and_no_before_you_decide(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    lowered = draft.text.lower()
    assert "gone to another company" in draft.note and "lead" not in draft.note
    for wrong in (*_CHEER, "before you decide"):
        assert wrong not in lowered, (wrong, draft.text)
    assert "sorry" in lowered and "one person" in lowered


def test_a_switch_to_the_only_handle_tagged_is_a_switch_to_us() -> None:
    # A comment tags the brand it speaks to: "switched to @bwave" is a new customer.
    assert find_escalation("my old network dropped every call, so I switched to @bwave") is None
    gone = find_escalation("@bwave dropped every call, so I switched to @skyfibre")
    assert gone is not None and gone.kind == "gone"


def test_the_brand_named_as_the_better_or_the_new_one_is_no_churn() -> None:
    # The brand's own handle beside a rival's: the customer came to us, or praises us.
    own = frozenset({"bwave"})
    for text in (
        "@bwave switched back to @bwave after @skyfibre dropped every call for a month",
        "so much better with @bwave than it ever was at @skyfibre",
    ):
        assert find_escalation(text, own) is None, text
    assert find_escalation("@bwave dropped every call, so I switched to @skyfibre", own)


def test_another_company_held_up_as_better_gets_no_pitch(engine: EngagementEngine) -> None:
    draft = draft_for(
        engine, "@pepper £12 of food came to £25 with the fees. No surprises at @crustco", "diner"
    )
    lowered = draft.text.lower()
    assert "churn risk" in draft.note and "lead" not in draft.note
    for wrong in _CHEER:
        assert wrong not in lowered, (wrong, draft.text)


def test_a_churn_reply_too_long_for_the_platform_keeps_its_acknowledgement(
    engine: EngagementEngine,
) -> None:
    # The restaurant's details are long; the shorter reply still opens with the customer.
    draft = draft_for(
        engine,
        "@pepper the delivery fees on your app are a joke lately, thinking of switching to"
        " another app for good unless something changes soon",
        "diner",
    )
    assert "churn risk" in draft.note
    # Which wording is chosen depends on what the engine drafted just before (it varies its
    # openers), so the customer is looked for in the opening sentence, not at its first letter.
    assert "@reader" in draft.text.split(".")[0], draft.text
    assert len(draft.text) <= 280
    assert "lose you" in draft.text or "sorry" in draft.text.lower()


def test_a_customer_who_missed_the_chance_gets_no_sales_push(engine: EngagementEngine) -> None:
    draft = draft_for(
        engine,
        "@alpen the trail boots are finally back but it's too late now, the trip is over",
        "shop",
    )
    lowered = draft.text.lower()
    assert "the chance has passed" in draft.note and "lead" not in draft.note
    for wrong in (*_CHEER, "your order", "order number"):
        assert wrong not in lowered, (wrong, draft.text)


# 2. Praise with a reservation in it is passed on, never apologised to.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        (
            "wings",
            "The cabin crew on my Lisbon flight were nothing short of amazing. So kind and funny!"
            " @skylark",
        ),
        (
            "diner",
            "I'd happily eat at @pepper any day of the week, but they make Sunday lunch really"
            " special 😍",
        ),
        ("diner", "Love @pepper! Don't know how they get the gravy this good 😋"),
        ("shop", "Wasn't expecting my tent from @alpen until Friday, it came this morning! 🙌"),
        (
            "rail",
            "Lovely guard on the 17:02 @nline this late Friday evening, kept everyone smiling",
        ),
    ],
)
def test_praise_with_a_reservation_is_not_apologised_to(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    lowered = draft.text.lower()
    assert draft.text, draft.note
    for wrong in ("sorry", "apolog", "dm", "details", "booking reference", "order number"):
        assert wrong not in lowered, (wrong, draft.text)


def test_delight_in_our_conversation_is_not_told_sorry_it_is_still_happening(
    engine: EngagementEngine,
) -> None:
    draft = answer_to_us(
        engine,
        "@sam We've got the date circled! Can't wait to welcome you on board again.",
        "@skylark Me too! So excited, I get to do the whole trip all over again and I know it"
        " will be the best time 🥰",
        "wings",
    )
    lowered = draft.text.lower()
    for wrong in ("sorry", "still", "dm", "booking reference"):
        assert wrong not in lowered, (wrong, draft.text)


def test_praise_beside_a_real_fault_still_gets_help(engine: EngagementEngine) -> None:
    draft = draft_for(engine, "love the new notebooks @pixnote but sync is broken again", "notes")
    assert "sorry" in draft.text.lower() and "dm" in draft.text.lower()


# 3. An unhappy customer answering our question gets an apology, not a curt "Got it".


@pytest.mark.parametrize(
    ("brand", "ours", "theirs"),
    [
        (
            "rail",
            "@sam Sorry to hear that. Which station were you at, and which train was it?",
            "@nline Harrogate, the 07:10. Forty minutes late AGAIN and not one announcement",
        ),
        (
            "shop",
            "@sam Have you been able to speak to the store team about it?",
            "@alpen Yes, twice. They just shrugged and told me to email. Useless",
        ),
        (
            "notes",
            "@sam Which device are you using, and which version of the app?",
            "@pixnote Pixel 8, latest version. Lost a whole week of notes, I'm furious",
        ),
    ],
)
def test_an_unhappy_answer_to_our_question_gets_no_curt_got_it(
    engine: EngagementEngine, brand: str, ours: str, theirs: str
) -> None:
    draft = answer_to_us(engine, ours, theirs, brand)
    assert draft.text, draft.note
    opening = draft.text.split(".")[0].lower()
    assert not opening.startswith(("got it", "understood", "noted", "ok")), draft.text
    assert "sorry" in draft.text.lower()


def test_a_reference_sent_with_thanks_is_no_close(engine: EngagementEngine) -> None:
    # The customer sent what we asked for: a "you're welcome" would drop them.
    draft = answer_to_us(
        engine,
        "@sam May we have your booking number, please?",
        "@skylark Booking no QX81ZP. Thanks",
        "wings",
    )
    lowered = draft.text.lower()
    for wrong in ("you're welcome", "any time", "anything else"):
        assert wrong not in lowered, (wrong, draft.text)


# 4. "The order of" something is a sequence, not a purchase order.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        (
            "notes",
            "@pixnote can I change the order of the pages in a notebook? they sit in the order I"
            " made them",
        ),
        ("rail", "@nline why did the order of the stops on the departure board change today?"),
        ("notes", "@pixnote my checklists keep showing in random order after the last update"),
    ],
)
def test_the_order_of_things_is_no_purchase_order(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    lowered = draft.text.lower()
    for wrong in ("your order", "order number", "with your order"):
        assert wrong not in lowered, (wrong, draft.text)


def test_an_order_of_food_or_a_missing_item_stays_an_order() -> None:
    from bot.smo.topics import sequence_masked

    for text in ("the order of chips was stone cold", "an item was missing from my order"):
        assert sequence_masked(text) == text


# 5. A telco reply names only the service the customer names.


@pytest.mark.parametrize(
    "text",
    [
        "@bwave your rep promised a discount for my youtube channel sponsor deal, still nothing",
        "@bwave the set-up guide you posted me is useless and the rep hung up on me",
    ],
)
def test_a_telco_reply_invents_no_tv_service(engine: EngagementEngine, text: str) -> None:
    draft = draft_for(engine, text, "cell")
    assert "TV" not in draft.text and "internet" not in draft.text.lower(), draft.text


def test_a_tv_service_is_still_named_where_the_customer_names_it() -> None:
    named = service_named("no channels on the cable box since this morning")
    assert named is not None and named.kind == "tv"
    assert service_named("my youtube channel upload keeps failing") is None


# 6. Trouble with our website, app or an account asks for the account's email address, not an
# order number, a booking reference or which store.


@pytest.mark.parametrize(
    ("brand", "text", "wrong"),
    [
        (
            "shop",
            "@alpen checkout keeps throwing an error when I try to pay on your website",
            ("order number", "which store"),
        ),
        (
            "diner",
            "@pepper your app won't let me log in, keeps saying my password is wrong",
            ("order number", "the restaurant"),
        ),
        (
            "wings",
            "@skylark trying to book a flight to Rome and your website just errors out",
            ("booking reference",),
        ),
    ],
)
def test_website_app_or_login_trouble_asks_for_the_account_not_an_order(
    engine: EngagementEngine, brand: str, text: str, wrong: tuple[str, ...]
) -> None:
    draft = draft_for(engine, text, brand)
    lowered = draft.text.lower()
    assert "email address on your account" in lowered, draft.text
    for word in wrong:
        assert word not in lowered, (word, draft.text)


def test_an_order_from_the_website_still_asks_for_the_order_number(
    engine: EngagementEngine,
) -> None:
    draft = draft_for(
        engine, "@alpen my order from your website arrived with the zip torn off", "shop"
    )
    assert "order number" in draft.text.lower()


# 7. A customer with a problem or a request is never dropped.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("cab", "@zoomcab the driver ended my trip without picking me up"),
        ("notes", "@pixnote followed your sync guide to the letter, it used to work fine before"),
        ("wings", "@skylark nak tukar tarikh penerbangan. booking #XQ7PLM"),
        ("wings", "@skylark exactly as it looked on our flight home https://t.co/x1"),
        ("cell", "Hi @bwave. I pay for the 500 plan... https://t.co/x2"),
    ],
)
def test_a_problem_the_readers_missed_is_not_dropped(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    (result,) = engine.run([comment(text, brand)], NOW)
    assert result.draft is not None, text
    assert result.draft.action in ("reply", "human"), result.draft


def test_a_comment_in_a_language_no_reader_covers_goes_to_a_person() -> None:
    item = comment("@skylark preciso mudar o meu voo de amanhã, urgente", "wings")
    plan = ReplyPlan(("other",), None, None, None, None, False, None, "unknown", 0.0)
    draft = Drafter(TemplateLibrary(default_templates_dir())).draft(
        item, BRANDS["wings"], plan, NOW, known=True
    )
    assert draft is not None and draft.action == "human"
    assert "a person should read it" in draft.note


# 9. A purchase that fails on its way has no booking or order yet: none is spoken of or asked
# for; the account's email is.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        (
            "wings",
            "Trying to book a flight with @skylark and the site says something went wrong."
            " Anyone else seeing this?",
        ),
        ("wings", "@skylark can't book a seat on your site, it fails at the last step"),
        ("shop", "@alpen tried to order the red boots twice and checkout just spins"),
    ],
)
def test_a_purchase_that_fails_on_its_way_asks_for_no_reference(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    said = draft_for(engine, text, brand).text.lower()
    assert "email address on your account" in said
    for wrong in ("booking reference", "order number", "your flight", "your booking"):
        assert wrong not in said, said


def test_a_booking_of_their_own_still_asks_for_its_reference(engine: EngagementEngine) -> None:
    said = draft_for(
        engine, "@skylark my flight got cancelled and I can't rebook online, help", "wings"
    ).text.lower()
    assert "booking reference" in said
