"""No cheer and no close where the customer is unhappy: a jibe shared with a link, a thanks
beside a grievance, a list of what went wrong, a bystander in someone's complaint thread, and
a stranded traveller's follow-up. Comments made up here."""

from __future__ import annotations

import pytest

from bot.models import Draft
from bot.smo.drafting import URGENT
from bot.smo.engine import EngagementEngine
from bot.smo.thread import follow_up_kind
from tests.smo import test_drafting_situations as situations
from tests.smo.drafting_kit import NOW
from tests.smo.test_drafting_kinds import (  # noqa: F401
    answer_to_us,
    comment,
    draft_for,
    engine,
    words,
)

_CHEER = ("made our day", "thanks so much", "you're welcome", "any time", "anything else")


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        (
            "wings",
            "I am a @skylark frequent flyer and I can vouch that they suck\n"
            "The best loyalty schemes of the year https://t.co/x1",
        ),
        ("cell", "@bwave honestly you guys suck. Top 10 carriers ranked https://t.co/a2"),
        ("diner", "@pepper the new menu sucks, read this review https://t.co/r3"),
    ],
)
def test_a_jibe_shared_with_a_link_is_not_thanked(
    engine: EngagementEngine,  # noqa: F811
    brand: str,
    text: str,
) -> None:
    draft = draft_for(engine, text, brand)
    for cheer in _CHEER:
        assert cheer not in words(draft), draft.text


@pytest.mark.parametrize(
    ("brand", "ours", "theirs"),
    [
        (
            "cell",
            "@sam Hi there! Send us a DM and we'll help you out.",
            "@bwave Thank you but I've argued with you all weekend in DMs and they won't give me"
            " the upgrade price.",
        ),
        (
            "wings",
            "@sam I would be glad to look into this for you.",
            "@skylark OK so the seat change had nothing to do with the aircraft, the gate agent"
            " was wrong, please no more excuses! Thanks",
        ),
        (
            "notes",
            "@sam We'd like to help. What exactly happens when you open a note?",
            "@pixelnote The screen goes blank and then the app crashes. Thanks for the reply.",
        ),
        (
            "cell",
            "@sam A recording tries every channel it can find.",
            "@bwave Thanks for your reply but that is why I said fix the software.",
        ),
    ],
)
def test_a_thanks_beside_a_grievance_is_no_close(
    engine: EngagementEngine,  # noqa: F811
    brand: str,
    ours: str,
    theirs: str,
) -> None:
    assert follow_up_kind(theirs) != "thanks"
    draft = answer_to_us(engine, ours, theirs, brand)
    for cheer in _CHEER:
        assert cheer not in words(draft), draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@bwave Thank you!",
        "@bwave ok thx",
        "@bwave I doubt it will change :/ but thank you for replying!",
        "@bwave you helped so much on a plan that was not even yours, thank you so much",
        "@bwave that fixed it, thanks again",
    ],
)
def test_a_pure_close_is_still_read_as_one(text: str) -> None:
    assert follow_up_kind(text) in ("thanks", "resolved")


def test_a_wish_that_it_gets_fixed_is_not_news_that_it_is() -> None:
    assert follow_up_kind("@bwave I will keep calling every day until it's fixed.") != "resolved"
    assert (
        follow_up_kind("@bwave I'll keep tweeting until this issue is fixed (not that it helps)")
        != "resolved"
    )
    assert follow_up_kind("@bwave it's fixed now, thanks") == "resolved"


def test_the_last_word_on_the_problem_decides_that_it_works() -> None:
    # Was "unresolved": the first "got it to work" had a "but" after it, and the closing
    # "it's working now" was never read, so the customer got "sorry this is still happening".
    text = (
        "@bwave thanks! I got it to work after logging out twice, but I'm on an older tablet, "
        "version 7.2 I think? No idea what it was, but anyway, it's working now."
    )
    assert follow_up_kind(text) == "resolved"
    assert follow_up_kind("@bwave it worked for a day but now it's broken again") != "resolved"


def _in_thread(
    engine: EngagementEngine,  # noqa: F811
    first: str,
    then: str,
    brand: str,
    same_author: bool = False,
) -> Draft:
    """The draft for ``then``, a reply to a customer's tweet ``first`` (not the brand's)."""
    opening = comment(first, brand, author="dana")
    reply = comment(then, brand, parent=opening.id, author="dana" if same_author else "lee")
    draft = engine.run([opening, reply], NOW)[1].draft
    assert draft is not None, then
    return draft


@pytest.mark.parametrize(
    "then",
    [
        "@dana @skylark Despite all your delays getting here, welcome to Denver!!",
        "@dana @skylark you'll love it here, enjoy the rest of your trip pal 😂",
    ],
)
def test_a_bystander_in_a_complaint_thread_gets_no_brand_cheer(
    engine: EngagementEngine,  # noqa: F811
    then: str,
) -> None:
    draft = _in_thread(
        engine,
        "Dear @skylark you've been good to me for years, but the service these last two days"
        " was not acceptable.",
        then,
        "wings",
    )
    assert draft.action == "human"
    assert "another customer" in draft.note
    for cheer in _CHEER:
        assert cheer not in words(draft), draft.text


def test_a_customer_with_a_problem_in_anothers_thread_is_still_answered(
    engine: EngagementEngine,  # noqa: F811
) -> None:
    draft = _in_thread(
        engine,
        "@bwave my phone has had no signal since Friday",
        "@dana @bwave same here, no signal at all and I can't call anyone",
        "cell",
    )
    assert draft.action == "reply", draft.note


def test_no_cheer_under_a_complaint_in_the_thread(engine: EngagementEngine) -> None:  # noqa: F811
    draft = _in_thread(
        engine,
        "@northline left my phone on the 18:10 to York and it has not been handed in",
        "@northline if you find it, the lock screen is a dog in a red hat",
        "rail",
        same_author=True,
    )
    assert draft.action == "human"
    for cheer in (*_CHEER, "love hearing", "glad"):
        assert cheer not in words(draft), draft.text


@pytest.mark.parametrize(
    "theirs",
    [
        "@northline The next train is 5.10am, you can't seriously expect my son to wait almost"
        " 5 hours for it?! It's freezing!",
        "@northline so the next train home isn't until 6am and she is alone at the station",
        "@northline my mum is out in the cold on the platform and nobody is telling her anything",
    ],
)
def test_a_stranded_traveller_in_a_follow_up_goes_to_a_person_urgently(
    engine: EngagementEngine,  # noqa: F811
    theirs: str,
) -> None:
    draft = answer_to_us(
        engine,
        "@sam I'm afraid the replacement taxis only go to the station on the ticket, not home.",
        theirs,
        "rail",
    )
    assert draft.note.startswith(URGENT), draft.note
    said = words(draft)
    for asked in ("dm", "booking", "reference", "still happening"):
        assert asked not in said, draft.text
    assert "[" not in draft.text and "live update" in draft.note


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "@alpenglow fuming, was meant to have a delivery tonight between 7pm-10pm and didn't"
        " even show up!?",
        "@alpenglow terrible delivery service, paid extra for a time slot and it came 3 hours late",
        "@alpenglow leaving a parcel in my building lobby is not delivering it to me. just stupid.",
    ],
)
def test_a_parcel_complaint_is_asked_for_the_order_not_the_store(text: str) -> None:
    shop = situations.TALK.engine()
    draft = situations.draft_for(shop, situations.comment(text, "shop"))
    said = words(draft)
    assert "which store" not in said and "when you were there" not in said, draft.text
    assert "order" in said, draft.text


@pytest.mark.parametrize(
    "theirs",
    [
        "@skylark Sorry to bother you again. Are they direct flights? x",
        "@skylark hi again, do those fares include a checked bag?",
    ],
)
def test_a_new_question_after_our_answer_is_answered_not_met_with_still_happening(
    engine: EngagementEngine,  # noqa: F811
    theirs: str,
) -> None:
    assert follow_up_kind(theirs) == "info"
    draft = answer_to_us(
        engine, "@sam Yes, from Manchester on Fridays and Sundays.", theirs, "wings"
    )
    assert "still happening" not in words(draft) and "still not sorted" not in words(draft)
    assert "[" not in draft.text and "holding reply" in draft.note, draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@pixelnote FYI was reading your pricing page and the 'compare plans' link is broken..."
        " https://t.co/q9",
        "@pixelnote heads up, there's a typo on your download page",
    ],
)
def test_a_heads_up_about_a_broken_link_is_passed_on_not_diagnosed(
    engine: EngagementEngine,  # noqa: F811
    text: str,
) -> None:
    draft = draft_for(engine, text, "notes")
    said = words(draft)
    assert draft.action == "reply", draft.note
    assert "pass it on" in said, draft.text
    for asked in ("device", "version", "dm", "email"):
        assert asked not in said, draft.text


def test_a_broken_page_that_stops_the_customer_is_still_a_fault(
    engine: EngagementEngine,  # noqa: F811
) -> None:
    draft = draft_for(engine, "@pixelnote the upgrade page link is broken and I can't pay", "notes")
    assert "pass it on" not in words(draft) and "shared it" not in words(draft)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "@alpenglow the Kendal store has had no stock of walking boots in my size for weeks,"
        " very disappointed",
        "@alpenglow the store in Keswick has had no walking boots in stock for weeks, very"
        " disappointed",
    ],
)
def test_a_store_the_customer_named_is_not_asked_for_again(text: str) -> None:
    shop = situations.TALK.engine()
    draft = situations.draft_for(shop, situations.comment(text, "shop"))
    assert "which store" not in words(draft), draft.text


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "@alpenglow thanks, this was an online order and I don't know why but all the gloves"
        " were like this and I've bought them for over a year and never had this issue",
        "@alpenglow it was bought online and I don't know why but the whole batch of socks was"
        " like this, I've used them for years and never had this issue",
    ],
)
def test_an_online_order_is_not_asked_which_store_it_was(text: str) -> None:
    # Was, in a thread after our reply: "send us a DM with which store it was and when you were
    # there" to a customer who had just said it was an online order.
    shop = situations.TALK.engine()
    ours = "@reader Sorry to hear that. Could you tell us a bit more about what went wrong?"
    draft = situations.draft_for(shop, situations.comment(text, "shop", parent=ours))
    assert "which store" not in words(draft) and "when you were there" not in words(draft), (
        draft.text
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # An opinion about a product, no visit in it.
        ("@alpenglow just so you know, the neon green rain jackets were a TERRIBLE idea", "store"),
        # A policy grievance.
        (
            "@alpenglow unacceptable telling members their points expired after I was away for"
            " 5 weeks and now saying I never had them!",
            "store",
        ),
        # An order that did not come.
        (
            "@alpenglow please help my order was supposed to come today and it hasn't arrived!"
            " Web chat is no help at all!!!",
            "which store",
        ),
    ],
)
def test_which_store_is_asked_only_of_a_visit(text: str, wrong: str) -> None:
    # Was: "send us a DM with which store it was and when you were there" to every retail
    # grievance that named no website or app.
    shop = situations.TALK.engine()
    draft = situations.draft_for(shop, situations.comment(text, "shop"))
    assert wrong not in words(draft), draft.text


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "@alpenglow went in to buy boots today and the staff just ignored me for 20 minutes",
        "@alpenglow the cashier charged me twice for the same boots, really not good enough",
    ],
)
def test_a_visit_is_still_asked_which_store_it_was(text: str) -> None:
    shop = situations.TALK.engine()
    draft = situations.draft_for(shop, situations.comment(text, "shop"))
    assert "which store" in words(draft), draft.text
