"""Drafts for comments whose words look like another kind: a gripe about upgrades that is no
sales question, a customer asking to come back who has no fault, a fault put as a wish, a
sign-in matter with no device to ask about, a bare "ok" under an unanswered fault, and a
device answer whose problem is named whole or not at all."""

from __future__ import annotations

import pytest

from bot.models import Draft
from bot.smo.asks_answered import problem_named
from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.smo.situations import bought_online, visited_store
from tests.smo.drafting_kit import NOW, Talk, words
from tests.smo.drafting_setup import LOOPCAST

BRANDS = (
    BrandProfile(id="air", name="Skyhop", industry="travel", handles={"x": "skyhop"}),
    BrandProfile(id="net", name="Wavelink", industry="telco", handles={"x": "wavelink"}),
    LOOPCAST,
)
TALK = Talk(BRANDS, "rg")
engine = TALK.engine_fixture()


def under_own(engine: EngagementEngine, first: str, then: str, brand: str) -> Draft:
    """The draft for ``then``, the same customer's reply to their own tweet ``first``."""
    above = TALK.comment(first, brand, author="kim")
    below = TALK.comment(then, brand, parent=above.id, author="kim")
    draft = engine.run([above, below], NOW)[1].draft
    assert draft is not None, then
    return draft


@pytest.mark.parametrize(
    "text",
    [
        "@skyhop why do you fly with a dozen premium seats empty and upgrade just one person? weak",
        "@skyhop why won't the app let me upgrade my seat?? so annoying",
    ],
)
def test_a_gripe_about_upgrades_is_no_sales_question(engine: EngagementEngine, text: str) -> None:
    draft = TALK.draft_for(engine, text, "air")
    assert "sales question" not in draft.note, draft.note
    assert "upgrade options" not in draft.text, draft.text
    assert "sorry" in words(draft), draft.text


def test_an_upgrade_wanted_is_still_a_sales_question(engine: EngagementEngine) -> None:
    draft = TALK.draft_for(engine, "@skyhop can I upgrade my seat on Friday's flight?", "air")
    assert "sales question" in draft.note, draft.note
    assert "sorry" not in words(draft), draft.text


def test_a_software_upgrade_is_no_plan(engine: EngagementEngine) -> None:
    draft = TALK.draft_for(
        engine,
        "@loopcast anyone who upgraded to ios 17.2 seeing the keyboard swap letters?",
        "tune",
    )
    assert "upgrade" not in words(draft), draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@wavelink I moved my two lines to another carrier a few weeks ago and I regret it."
        " Can I come back and keep my old plan? Support said no",
        "@wavelink thinking about coming back to you guys, any deals for people who return?",
    ],
)
def test_a_customer_asking_to_come_back_is_welcomed_not_apologised_to(
    engine: EngagementEngine, text: str
) -> None:
    draft = TALK.draft_for(engine, text, "net")
    said = words(draft)
    assert draft.text and "sorry" not in said and "trouble" not in said, draft.text
    assert "back" in said and "options" in said, draft.text
    assert "old plan" not in said, draft.text  # no promise of the old terms
    assert "come back" in draft.note, draft.note


@pytest.mark.parametrize(
    "text",
    [
        "@loopcast can I come back to the shop tomorrow and swap it?",
        "@loopcast can I switch back to the old layout?",
        "@loopcast when will the playlists come back?",
    ],
)
def test_coming_back_to_a_place_or_a_layout_is_no_win_back(
    engine: EngagementEngine, text: str
) -> None:
    assert "come back" not in TALK.draft_for(engine, text, "tune").note


@pytest.mark.parametrize(
    "text",
    [
        "@loopcast would be great if the lock screen widget worked again",
        "@loopcast it'd be nice if the app actually loaded my playlists again",
    ],
)
def test_a_fault_put_as_a_wish_is_no_idea(engine: EngagementEngine, text: str) -> None:
    draft = TALK.draft_for(engine, text, "tune")
    said = words(draft)
    assert "suggestion" not in said and "suggestion" not in draft.note, draft.text
    assert "sorry" in said, draft.text


def test_a_real_wish_is_still_passed_on(engine: EngagementEngine) -> None:
    draft = TALK.draft_for(engine, "@loopcast would be great if you added a sleep timer", "tune")
    assert "pass it on" in words(draft), draft.text


def test_a_sign_in_thread_gets_no_device_question(engine: EngagementEngine) -> None:
    draft = under_own(
        engine,
        "@loopcast I can't sign in, it says my password is wrong though I've had it for years."
        " I changed my email too and now it says no account uses it?",
        "@loopcast and now I got one email confirming the new address and another saying my"
        " subscription was cancelled?",
        "tune",
    )
    said = words(draft)
    assert "device" not in said and "version" not in said, draft.text
    assert "account" in said, draft.text


@pytest.mark.parametrize(
    ("first", "brand"),
    [
        ("@wavelink my wifi is down again", "net"),
        ("@loopcast the app keeps crashing whenever I open my library", "tune"),
    ],
)
@pytest.mark.parametrize("then", ["@{} ok", "@{} okay."])
def test_a_bare_ok_under_an_unanswered_fault_keeps_the_customer(
    engine: EngagementEngine, first: str, brand: str, then: str
) -> None:
    handle = first.split()[0].lstrip("@")
    draft = under_own(engine, first, then.format(handle), brand)
    assert draft.text, draft.note
    assert "sorry" in words(draft), draft.text
    assert "complaint above" in draft.note, draft.note


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (
            "@sam Is a show freezing, or is the sound out of sync? Which device is it?",
            "@loopcast yes the sound is out of sync on most shows. Sometimes a blank picture"
            " with sound, sometimes no sound at all. On my Roku",
        ),
        (
            "@sam Which device are you on?",
            "@loopcast Pixel 7. The app is slow and my downloads keep disappearing",
        ),
    ],
)
def test_a_device_answer_with_more_than_one_problem_names_none_of_them(
    engine: EngagementEngine, ours: str, theirs: str
) -> None:
    said = words(TALK.answer_to_us(engine, ours, theirs, "tune"))
    assert "email address on your account" in said, said
    assert "sync problem" not in said and "slowness" not in said, said


def test_a_battery_that_will_not_charge_is_no_battery_drain() -> None:
    ours = "@sam Sorry to hear that. Which phone model do you have?"
    assert problem_named(ours, "@x Pixel 7, the battery won't charge past half") == (
        "the battery problem"
    )
    assert problem_named(ours, "@x Pixel 7, the battery drains by lunchtime") == (
        "the battery drain"
    )


BANK = BrandProfile(id="bank", name="Northvale", industry="finance", handles={"x": "northvale"})
SHOP = BrandProfile(id="shop", name="Brightcart", industry="retail", handles={"x": "brightcart"})
MORE = Talk((BANK, SHOP, *BRANDS), "rh")


@pytest.fixture(scope="module")
def more() -> EngagementEngine:
    return MORE.engine()


@pytest.mark.parametrize(
    "text",
    [
        "@northvale I\u2019ve sent a dm about a charge on my account, could you get back to me?",
        "@northvale I have sent a DM about my card, please reply there",
    ],
)
def test_a_dm_already_sent_is_not_asked_for_again(more: EngagementEngine, text: str) -> None:
    draft = MORE.draft_for(more, text, "bank")
    said = words(draft)
    assert "send us a dm" not in said, draft.text
    assert "dm" in said, draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@brightcart I want to order this lamp but keep getting errors at checkout",
        "@brightcart trying to buy this https://example.com/x and getting errors in the checkout"
        " process",
    ],
)
def test_an_online_checkout_error_asks_no_store_or_visit(more: EngagementEngine, text: str) -> None:
    said = words(MORE.draft_for(more, text, "shop"))
    assert "store" not in said and "visit" not in said and "order number" not in said, said
    assert "email address on your account" in said, said


def test_a_queue_at_a_store_checkout_is_still_a_visit() -> None:
    text = "the queue at the checkout in your Leeds store took forty minutes"
    assert visited_store(text) and not bought_online(text)


def test_an_account_to_open_is_the_area_already_named(more: EngagementEngine) -> None:
    draft = MORE.draft_for(
        more,
        "@northvale hi! I need some info about opening a savings account as a visitor from"
        " abroad. I'm in town next week just for this and could really use some help",
        "bank",
    )
    assert "card, a payment or online banking" not in draft.text, draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@loopcast I upgraded like you said. Still doesn't work.",
        "@loopcast since I upgraded the app the equaliser is gone",
    ],
)
def test_an_upgrade_to_a_software_brand_is_an_update_not_a_plan(
    more: EngagementEngine, text: str
) -> None:
    said = words(MORE.draft_for(more, text, "tune"))
    assert "upgrade" not in said and "what's possible" not in said, said


def test_a_paid_tier_upgrade_at_a_software_brand_is_still_a_sales_question(
    more: EngagementEngine,
) -> None:
    draft = MORE.draft_for(more, "@loopcast can I upgrade to premium for a month?", "tune")
    assert "sales question" in draft.note, draft.note


def test_missing_parts_at_a_streaming_brand_are_no_mix_up(engine: EngagementEngine) -> None:
    draft = TALK.draft_for(
        engine,
        "@loopcast I'm watching a space series and the episodes are not complete. I compared"
        " them with the ones online and parts are missing.",
        "tune",
    )
    assert "mix-up" not in draft.text and "sorry" in words(draft), draft.text


MANY = BrandProfile(
    id="intl",
    name="Loopcast",
    industry="software",
    handles={"x": "loopcastintl"},
    languages=("en", "de", "es"),
)
ABROAD = Talk((MANY,), "ri", brand="intl")


@pytest.mark.parametrize(
    ("ours", "theirs", "own_words"),
    [
        (
            "@sam Welches Gerät nutzt du?",
            "@loopcastintl ein Pixel 7 mit Android 14, und die App stürzt beim Öffnen der"
            " Bibliothek immer noch ab",
            ("direktnachricht", "kontos"),
        ),
        (
            "@sam ¿Qué dispositivo usas?",
            "@loopcastintl un Pixel 7 con Android 14, y la aplicación se sigue cerrando cuando"
            " abro la biblioteca",
            ("mensaje directo", "cuenta"),
        ),
    ],
)
def test_an_answer_in_german_or_spanish_is_carried_on_in_its_language(
    ours: str, theirs: str, own_words: tuple[str, ...]
) -> None:
    draft = ABROAD.answer_to_us(ABROAD.engine(), ours, theirs)
    said = words(draft)
    assert draft.action == "reply" and all(w in said for w in own_words), draft.text
    assert "please" not in said and "account" not in said, draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@wavelink the way your staff spoke to me, you will never win me back",
        "@wavelink there's nothing you can do to win me back, I switched to another carrier",
        "@wavelink no way you'll ever win us back after that bill",
        "@wavelink if you had fixed the mast I'd switch back to you, but you didn't",
    ],
)
def test_a_refusal_to_come_back_is_no_win_back(engine: EngagementEngine, text: str) -> None:
    draft = TALK.draft_for(engine, text, "net")
    assert "come back" not in draft.note, draft.note
    assert "have you back" not in draft.text, draft.text


def test_leaving_outweighs_a_win_back_cue(engine: EngagementEngine) -> None:
    draft = TALK.draft_for(
        engine, "@wavelink cancelling my contract today, could you win me back? doubt it", "net"
    )
    assert "come back" not in draft.note, draft.note


def test_a_reply_promised_is_no_win_back(engine: EngagementEngine) -> None:
    draft = TALK.draft_for(
        engine,
        "@wavelink mobile data dead across the estate since 9am,"
        " I'll come back to you with my account number later",
        "net",
    )
    assert "come back" not in draft.note, draft.note
    assert "sorry" in words(draft) and "have you back" not in draft.text, draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@northvale I sent a DM on Monday about a blocked card and nobody has replied since",
        "@northvale I sent you a DM two days ago, still no answer",
        "@northvale I've DM'd you three times about a refund and nobody has got back to me",
    ],
)
def test_a_dm_gone_unanswered_is_not_picked_up_as_a_case(more: EngagementEngine, text: str) -> None:
    draft = MORE.draft_for(more, text, "bank")
    assert "ongoing case" not in draft.note, draft.note
    assert draft.action == "human" or "sorry" in words(draft), draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@northvale I've sent you a DM about my statement",
        "@northvale just sent a DM about a card payment, can you look",
        "@northvale sent you a DM about the mortgage letter",
        "@northvale I have sent a DM about my savings account",
    ],
)
def test_a_dm_with_no_reply_of_ours_above_is_no_earlier_talk(
    more: EngagementEngine, text: str
) -> None:
    draft = MORE.draft_for(more, text, "bank")
    assert "left off" not in draft.text, draft.text
    assert "dm" in words(draft), draft.text


def test_a_dm_case_under_our_reply_still_carries_on(more: EngagementEngine) -> None:
    above = MORE.comment("@northvale my card was declined at the till", "bank", author="lee")
    ours = MORE.comment(
        "@lee sorry about that, we've sent you a DM", "bank", parent=above.id, author="northvale"
    )
    below = MORE.comment("@northvale ok, replied to your DM", "bank", parent=ours.id, author="lee")
    draft = more.run([above, ours, below], NOW)[2].draft
    assert draft is not None and "ongoing case" in draft.note, draft


@pytest.mark.parametrize(
    "text",
    [
        "@skyhop why are there a dozen empty first class seats and only one passenger got"
        " upgraded? pathetic",
        "@skyhop why do you leave half of business empty and upgrade just one person? weak",
        "@skyhop six years a gold member and I never get an upgrade while premium sits empty",
    ],
)
def test_a_gripe_about_how_upgrades_are_given_promises_none(
    engine: EngagementEngine, text: str
) -> None:
    said = words(TALK.draft_for(engine, text, "air"))
    assert "possible" not in said and "options" not in said, said
    assert "pass" in said or "what happened" in said, said


@pytest.mark.parametrize(
    "text",
    [
        "@northvale hello, I need some info about opening a current account as a non-resident."
        " I'm only in town for a week and could really use some help",
        "@northvale I need help opening an account, just moved here",
    ],
)
def test_an_account_yet_to_open_is_not_theirs_to_check(more: EngagementEngine, text: str) -> None:
    said = words(MORE.draft_for(more, text, "bank"))
    assert "your account" not in said and "check it" not in said, said


def test_an_aside_about_upgrading_ones_own_phone_gets_no_device_question(
    engine: EngagementEngine,
) -> None:
    draft = under_own(
        engine,
        "@loopcast the app hogs so much space even with nothing downloaded, a slimmer build please",
        "@loopcast in other news I should probably upgrade from my rubbish 16GB phone",
        "tune",
    )
    assert "device" not in words(draft) and "upgrade options" not in words(draft), draft.text


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("@loopcast I need to upgrade my 16GB phone but the app won't move to the sd card", "tune"),
        ("@wavelink I need to upgrade my 16GB phone, any deals?", "net"),
    ],
)
def test_an_upgrade_with_a_fault_or_a_question_beside_it_is_answered(
    engine: EngagementEngine, text: str, brand: str
) -> None:
    assert TALK.draft_for(engine, text, brand).text
