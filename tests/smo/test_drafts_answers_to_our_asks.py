"""Drafts for a customer's answer to our own question: the name, email, link or device we asked
for is taken as given (and personal details posted in public flagged), and the case moves on
to its next step rather than the same ask again."""

from __future__ import annotations

import pytest

from bot.smo.asks_answered import only_chases
from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.smo.situations import details_sent
from tests.smo.drafting_kit import Talk, words
from tests.smo.drafting_setup import LOOPCAST

BRANDS = (
    BrandProfile(id="air", name="Skyhop", industry="travel", handles={"x": "skyhop"}),
    LOOPCAST,
)
TALK = Talk(BRANDS, "q")
engine = TALK.engine_fixture()

ASK_NAME = "@sam Please DM us your full name, email and flight details and we'll check it."


@pytest.mark.parametrize(
    "theirs",
    [
        # twcs-4344: a name and a masked email address, posted in public.
        "@skyhop Lin mei hua. __email__",
        "@skyhop Jordan Alex Price, jordan.price@example.com",
    ],
)
def test_a_name_and_email_given_in_answer_are_not_asked_again(
    engine: EngagementEngine, theirs: str
) -> None:
    draft = TALK.answer_to_us(engine, ASK_NAME, theirs, "air")
    said = words(draft)
    assert "name" not in said.replace("your name and email address", ""), draft.text
    assert "delete the tweet" in said, draft.text
    assert "PRIVATE DETAILS" in draft.note


def test_a_name_counts_only_where_we_asked_for_one() -> None:
    assert details_sent("@skyhop Lin mei hua.", ASK_NAME) == ("name",)
    assert details_sent("@skyhop Lin mei hua.", "@sam Which store was it?") == ()
    assert details_sent("@skyhop I sent it already", ASK_NAME) == ()
    assert details_sent("@skyhop done, thanks", ASK_NAME) == ()
    assert details_sent("@skyhop my email is __email__") == ("email address",)


@pytest.mark.parametrize(
    ("ours", "theirs", "thanks", "next_step"),
    [
        # twcs-2968: the link we asked for; we look at what it shows, no account asked on top.
        (
            "@sam Could you send us the link to that track? Tap Share > Copy Link.",
            "@loopcast https://t.co/abc123",
            "thanks for the link",
            "we'll take a look at it",
        ),
        # twcs-1869: the device and system we asked about.
        (
            "@sam Happy to help! Which device and OS are you using?",
            "@loopcast an old Chromebook and a Pixel 4 on Android 12, both fully up to date",
            "thanks for the details",
            "email address on your account",
        ),
    ],
)
def test_an_answer_to_our_question_is_thanked_and_moves_on(
    engine: EngagementEngine, ours: str, theirs: str, thanks: str, next_step: str
) -> None:
    draft = TALK.answer_to_us(engine, ours, theirs, "tune")
    said = words(draft)
    assert said.startswith(thanks), draft.text
    # No error to ask about: the next step is what they sent, or the account by private message.
    assert "error message" not in said, draft.text
    assert next_step in said, draft.text


@pytest.mark.parametrize(
    ("ours", "theirs", "problem"),
    [
        (
            "@sam Battery life matters, we get it. Which iOS version are you on?",
            "@loopcast iOS 17.2, and it's worse every week",
            "the battery drain",
        ),
        (
            "@sam Sorry about that! What device are you watching on?",
            "@loopcast on my Roku, and the subtitles keep disappearing after each episode",
            "the captions",
        ),
        ("@sam Which phone model and app version do you have?", "@loopcast Pixel 7, 4.2.1", "it"),
    ],
)
def test_a_problem_with_no_error_asks_the_account_and_names_the_problem(
    engine: EngagementEngine, ours: str, theirs: str, problem: str
) -> None:
    said = words(TALK.answer_to_us(engine, ours, theirs, "tune"))
    assert "error message" not in said and "screenshot" not in said, said
    assert "come back to you here" not in said, said
    assert f"we'll look into {problem} from there" in said, said


def test_an_error_not_yet_shown_is_asked_about(engine: EngagementEngine) -> None:
    draft = TALK.answer_to_us(
        engine,
        "@sam Sorry the app won't load for you! Which device are you on?",
        "@loopcast a Galaxy S21 on Android 13",
        "tune",
    )
    assert "error message" in words(draft), draft.text


@pytest.mark.parametrize(
    "theirs",
    [
        "@loopcast iPhone 12, same message: error playing this track",
        "@loopcast iPhone 12, here's what I get https://t.co/xyz789",
    ],
)
def test_an_error_already_shown_is_not_asked_again(engine: EngagementEngine, theirs: str) -> None:
    ours = "@sam Still crashing? Which device are you using? Try reinstalling first."
    said = words(TALK.answer_to_us(engine, ours, theirs, "tune"))
    assert "error message" not in said and "screenshot" not in said, said
    assert "email address on your account" in said, said


def test_good_news_in_answer_is_still_good_news(engine: EngagementEngine) -> None:
    draft = TALK.answer_to_us(
        engine,
        "@sam Can you try the web player? Which device were you on?",
        "@loopcast It works again now on my phone, thank you though!",
        "tune",
    )
    assert "error message" not in words(draft), draft.text


@pytest.mark.parametrize(
    "theirs", ["@skyhop Hello??? What's going on????", "@skyhop anyone there??"]
)
def test_a_chase_gets_a_sorry_for_the_wait_and_our_ask_again(
    engine: EngagementEngine, theirs: str
) -> None:
    # twcs-3801: the matter was told already and we asked for the account's email.
    ours = "@sam We're here to help. Please DM us the email linked to your account."
    draft = TALK.answer_to_us(engine, ours, theirs, "air")
    said = words(draft)
    assert "wait" in said, draft.text
    assert "email address on your account" in said, draft.text
    assert "what happened" not in said, draft.text


@pytest.mark.parametrize(
    ("text", "chase"),
    [
        ("@skyhop Hello???", True),
        ("@skyhop any update?", True),
        ("@skyhop hello, my flight moved to 6pm?", False),
        ("@skyhop Hello.", False),
    ],
)
def test_only_a_bare_chase_counts_as_one(text: str, chase: bool) -> None:
    assert only_chases(text) is chase


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (
            "@sam so sorry for the delay on your booking! Can you DM us so we can look into it?",
            "@skyhop three weeks on and still no refund for the cancelled flight",
        ),
        (
            "@sam sorry for the trouble on your booking, please DM us your reference to check.",
            "@skyhop please look again, my card was charged 310 euros twice",
        ),
    ],
)
def test_sympathy_for_a_booking_does_not_make_its_reference_known(
    engine: EngagementEngine, ours: str, theirs: str
) -> None:
    said = words(TALK.answer_to_us(engine, ours, theirs, "air"))
    assert "booking reference" in said, said
