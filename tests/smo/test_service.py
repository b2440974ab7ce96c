"""Service conversations: questions without "?", service failures, churn, mixed comments,
courtesy thanks and the brand's own agents (our own phrasings, no third-party text)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.models import Comment
from bot.smo.agents import agent_signature, is_brands_own
from bot.smo.brand import BrandProfile
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.smo.entities import extract_entities
from bot.smo.intents import IntentClassifier, IntentResult
from bot.smo.sentiment import SentimentScorer

NOW = datetime(2024, 5, 2, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def read() -> object:
    classifier = IntentClassifier()
    scorer = SentimentScorer()

    def reading(text: str) -> IntentResult:
        found = extract_entities(text)
        return classifier.classify(text, found, scorer.compound(text, found.emojis))

    return reading


@pytest.mark.parametrize(
    "text",
    [
        "@acmehelp hi, how do I move my plan over to the new card",
        ".@acmehelp why does the invoice show last month's date",
        "Any tips on getting my deposit back after the booking fell through",
        "@acmehelp is there a way to merge two loyalty accounts",
        "I just wondered why the courier waited outside for ten minutes",
        "please let me know if the kiosk app is down today",
    ],
)
def test_questions_without_a_question_mark(read: object, text: str) -> None:
    assert "question" in read(text).intents  # type: ignore[operator]


@pytest.mark.parametrize(
    "text",
    [
        "the banking app won't load since the update this morning",
        "our internet has been down since Tuesday evening",
        "can't log in to my account, it says my code expired",
        "the game keeps booting me offline in the middle of ranked matches",
        "you shipped my parcel to the wrong address again",
        "charged me twice for a single ride last night",
        "my saved files are corrupted after syncing with the laptop",
        "sat on the tarmac for two hours without any updates",
    ],
)
def test_service_failures_are_complaints_someone_must_act_on(read: object, text: str) -> None:
    result = read(text)  # type: ignore[operator]
    assert "complaint" in result.intents and "support" in result.intents, result.evidence


@pytest.mark.parametrize(
    "text",
    [
        "third outage this month, thinking about cancelling my membership",
        "after nine years I'm seriously considering switching to another provider",
    ],
)
def test_churn_threats_are_complaints(read: object, text: str) -> None:
    assert "complaint" in read(text).intents  # type: ignore[operator]


def test_no_one_responding_is_a_complaint(read: object) -> None:
    result = read("three emails later and no one is responding to my claim")  # type: ignore[operator]
    assert "complaint" in result.intents and "support" in result.intents


@pytest.mark.parametrize(
    "text",
    [
        "@acmehelp rang twice and nobody there could help with my refund",
        "@acmehelp 40 minutes on hold and still nothing",
        "@acmehelp still on hold, third time calling today",
        "@acmehelp I've spoken to three different agents about this",
        "@acmehelp every agent keeps telling me different things about my bill",
        "@acmehelp the line just hung up on me again",
        "@acmehelp I can't get through to anyone about the fault",
    ],
)
def test_getting_nowhere_with_the_helpline_is_a_case(read: object, text: str) -> None:
    result = read(text)  # type: ignore[operator]
    assert "complaint" in result.intents and "support" in result.intents, result.evidence


@pytest.mark.parametrize(
    "text",
    [
        "@acme waited almost two hours at the counter for the pickup",
        "@acme the food turned up over an hour late and cold",
        "@acme 3 days of waiting for a call back",
        "@acme SHAME!!! look at the state of the aisle",
        "@acme staff were really not helpful at all today",
    ],
)
def test_long_waits_and_shouted_shame_are_complaints(read: object, text: str) -> None:
    assert "complaint" in read(text).intents  # type: ignore[operator]


@pytest.mark.parametrize(
    "text",
    [
        "@acme been waiting 3 weeks for my refund now",
        "@acme sat on the tarmac for 2 hours with no update",
        "@acme we had to wait 90 minutes for a table we had booked",
        "@acme the engineer showed up 3 hours late and left after ten minutes",
        "@acme my flight landed 2 hours late and nobody told us why",
        "@acme the parcel was over an hour late again",
        "@acme 45 mins late yet again, every single morning",
        "@acme the courier got here at last, 2 hours late",
        "@acme the store opened 2 hours late and we stood outside in the rain",
    ],
)
def test_waits_and_lateness_the_customer_suffered_are_complaints(read: object, text: str) -> None:
    assert "complaint" in read(text).intents  # type: ignore[operator]


@pytest.mark.parametrize(
    "text",
    [
        "cant wait 4 days for the spring range to land!! 😍",
        "can hardly wait 3 days till my parcel gets here, so excited",
        "can barely wait 2 weeks for our trip with you",
        "could barely wait 10 minutes for the doors to open, so worth it",
        "I'd gladly wait 2 weeks for boots this comfy",
        "The crew couldn't help us enough, what a brilliant flight",
        "the waiters could not help me more if they tried, lovely night",
        "So glad you stay open 2 hours late on Saturdays now!",
        "you are open 2 hours late this week, amazing",
        "you're open an hour late tonight, perfect for after the cinema",
        "The steward hung up our jackets and brought us tea, lovely crew",
        "Sat by the pool for 4 hours with your smoothies, bliss",
        "Sat in the garden for 3 hours with your iced teas, perfect afternoon",
        "sorry I'm 10 minutes late to this thread, congrats on the launch!",
    ],
)
def test_eagerness_generous_help_and_late_opening_are_no_complaint(read: object, text: str) -> None:
    result = read(text)  # type: ignore[operator]
    assert "complaint" not in result.intents, result.evidence


@pytest.mark.parametrize(
    "text",
    [
        "can't wait 2 more days for the launch!",
        "what a shame!! I loved the old recipe",
        "no shame in a second helping of the pie",
    ],
)
def test_eagerness_and_sympathy_are_no_waiting_complaint(read: object, text: str) -> None:
    result = read(text)  # type: ignore[operator]
    cues = [e.cue.lower() for e in result.evidence if e.label == "complaint"]
    assert not any("wait" in c or "shame" in c for c in cues), result.evidence


@pytest.mark.parametrize(
    "text",
    [
        "the reps in the shop are super nice but my router is still broken",
        "love the new menu, but there is no veggie option at all",
        "great staff however the refund is still pending after a month",
    ],
)
def test_mixed_comments_are_flagged_mixed_not_praise(read: object, text: str) -> None:
    result = read(text)  # type: ignore[operator]
    assert result.mixed and "praise" not in result.intents and "complaint" in result.intents
    assert any(e.label == "mixed" for e in result.evidence)


def test_praise_after_a_complaint_about_others_stays_praise(read: object) -> None:
    text = "anyone calling this kettle useless got a dud, mine is brilliant and I love it"
    result = read(text)  # type: ignore[operator]
    assert "praise" in result.intents and result.mixed


@pytest.mark.parametrize(
    "text",
    [
        "my phone app doesn’t work since the update. thank you for that",
        "the checkout keeps failing with an error. thanks",
        "could you tell me when the store reopens, thanks in advance",
    ],
)
def test_thanks_next_to_a_complaint_or_request_is_courtesy(read: object, text: str) -> None:
    result = read(text)  # type: ignore[operator]
    assert "praise" not in result.intents, result.evidence


def test_thanks_for_something_is_still_praise(read: object) -> None:
    result = read("thank you for sorting out my booking so fast, lovely team")  # type: ignore[operator]
    assert "praise" in result.intents


def test_a_curly_apostrophe_reads_like_a_straight_one(read: object) -> None:
    assert "complaint" in read("the app won’t open on my tablet").intents  # type: ignore[operator]


@pytest.mark.parametrize(
    "text", ["DM sent, please look into it today", "I have a serious problem I need help with"]
)
def test_help_requests_are_support(read: object, text: str) -> None:
    assert "support" in read(text).intents  # type: ignore[operator]


@pytest.mark.parametrize(
    ("text", "signature"),
    [
        ("Sorry for the wait, we've replied in DM ^JM", "^JM"),
        ("Happy to help! Send us a DM. *MariaLopez", "*MariaLopez"),
        ("Can you DM us your email? /KC https://example.com/dm", "/KC"),
        ("We're on it, see you there!- Anwar", "- Anwar"),
        ("your booking is confirmed 2/2 ^RB", "^RB"),
        ("prices went up again 2/2", None),
        ("see you at 5-6", None),
        ("I love A-Z guides", None),
    ],
)
def test_agent_signatures(text: str, signature: str | None) -> None:
    assert agent_signature(text) == signature


def test_who_is_the_brand() -> None:
    handles = frozenset({"acme"})
    assert is_brands_own("@Acme", "anything", handles, "acme")
    assert is_brands_own("AcmeHelp", "We've sent you a DM ^JM", handles, "acme")
    assert is_brands_own("Ask_Acme", "Thanks for waiting - Sean", handles, "acme")
    assert not is_brands_own("AcmeHelp", "where is my order", handles, "acme")
    assert not is_brands_own("acme_fan", "best kettle ever - Sam", handles, "acme")
    assert not is_brands_own("joe", "We've sent you a DM ^JM", handles, "acme")
    # A feed that names the brand by its handle (no workspace entry) still knows its author.
    assert is_brands_own("acmecares", "hello", frozenset(), "acmecares")


@pytest.mark.slow
def test_agents_replies_are_not_queued_as_customers() -> None:
    brand = BrandProfile(id="acme", name="Acme", handles={"x": "acme"})
    engine = EngagementEngine([brand], default_templates_dir())

    def comment(cid: str, author: str, text: str) -> Comment:
        return Comment(
            id=cid,
            platform="x",
            brand="acme",
            post_id="p1",
            author=author,
            text=text,
            created_at=NOW,
            parent_id="c0",
        )

    agent, customer = engine.run(
        [
            comment("c1", "AcmeHelp", "So sorry your parcel is late, please DM us ^JM"),
            comment("c2", "pat", "So sorry to bother you, my parcel is late, please help"),
        ],
        NOW,
    )
    assert agent.draft is None and agent.analysis.intents == ("other",)
    assert any("own comment" in e.cue for e in agent.analysis.evidence)
    assert customer.draft is not None and "support" in customer.analysis.intents
