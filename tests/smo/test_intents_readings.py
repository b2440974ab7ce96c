"""How the cues read customers' tweets: sarcastic thanks, price jibes, leads with a problem and
what a complaint is about (our own sentences, written in the spirit of service tweets)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.models import Comment
from bot.review_message import review_payload
from bot.smo.brand import BrandProfile
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.smo.entities import extract_entities
from bot.smo.intents import IntentClassifier, IntentResult
from bot.smo.sentiment import SentimentScorer
from bot.store.rows import engagement_rows

NOW = datetime(2024, 5, 2, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def classifier() -> IntentClassifier:
    return IntentClassifier()


@pytest.fixture(scope="module")
def scorer() -> SentimentScorer:
    return SentimentScorer()


def read(
    classifier: IntentClassifier,
    scorer: SentimentScorer,
    text: str,
    own_handles: frozenset[str] = frozenset(),
) -> IntentResult:
    found = extract_entities(text)
    score = scorer.compound(text, found.emojis)
    return classifier.classify(text, found, score, own_handles=own_handles)


# Sarcastic or formulaic thanks and praise words in an angry comment: a complaint, never praise.
@pytest.mark.parametrize(
    "text",
    [
        "Thank you @acmehelp, the update made my laptop even slower and it barely works now. "
        "Thanks for ruining it 😤",
        "@acmetel So you know! happy to chat but your team keeps asking for a pin I don't have. "
        "Making me feel like you don't want me back",
        "Cold soggy inedible mess in first class again @acmeair. At least the crew were nice "
        "this time",
        "Served a cold tea and a stale bun after queueing 20 minutes #ThanksForNothing @acmecafe",
    ],
)
def test_sarcastic_or_formulaic_praise_in_a_complaint_is_no_praise(
    classifier: IntentClassifier, scorer: SentimentScorer, text: str
) -> None:
    result = read(classifier, scorer, text)
    assert "complaint" in result.intents and "praise" not in result.intents, result.evidence


def test_a_thanks_in_a_comment_that_reads_negative_is_no_praise(
    classifier: IntentClassifier, scorer: SentimentScorer
) -> None:
    # VADER reads it negative although it thanks: the thanks is a formula, the rest a problem.
    text = (
        "@acmerail Not yet, but it is strange that one ticket came through and the other not. "
        "Thanks."
    )
    result = read(classifier, scorer, text)
    assert "praise" not in result.intents and "complaint" in result.intents, result.evidence
    assert any("in a negative comment" in e.cue for e in result.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "lol glad I went, the queue was long but honestly not as bad as I feared",
        "haha yes, happy to help you guys out, couldn't ask for anything but this",
        # A review longer than a tweet weighs both sides: its "but ... don't" turns nothing.
        "Glad I picked this one up: it charges fast, the case feels solid and the sound is rich "
        "and warm for the money. The app is fun and easy to set up, and the battery lasts a full "
        "week of commutes. Pairing took a minute but it wasn't a problem; the buttons are stiff "
        "at first though they don't bother me now. Happy.",
    ],
)
def test_cheer_that_turns_to_nothing_negative_stays_praise(
    classifier: IntentClassifier, scorer: SentimentScorer, text: str
) -> None:
    result = read(classifier, scorer, text)
    assert result.intents == ("praise",), result.evidence


def test_real_thanks_stay_praise(classifier: IntentClassifier, scorer: SentimentScorer) -> None:
    for text in (
        "thank you for sorting out my booking so fast, lovely team",
        "@acmeair Thanks! The crew on this morning's flight were brilliant",
        "@acmetel Already fixed! Thank you!",
    ):
        assert "praise" in read(classifier, scorer, text).intents, text


# Public jibes about prices: a complaint to answer, not nothing and not a lead.
@pytest.mark.parametrize(
    "text",
    [
        "@acmefoods 4 rolls for £1.00, 3 rolls on the reduced shelf for £1.05! #AcmCon",
        "@acmefoods charging £2.50 for one bread roll now, seriously",
        "@acmeair Charging me $60 to bring a small gift bag on board was uncalled for",
        "@acmeshop the packs got smaller and the price stayed the same. Shrinkflation",
        "@acmeshop you've raised the prices again and nobody told us",
        "@acmerail daylight robbery for a 20 minute journey #AcmeRailFail",
    ],
)
def test_price_jibes_are_complaints(
    classifier: IntentClassifier, scorer: SentimentScorer, text: str
) -> None:
    result = read(classifier, scorer, text)
    assert "complaint" in result.intents, result.evidence
    assert "purchase_intent" not in result.intents and "support" not in result.intents


def test_a_pun_on_the_brand_counts_only_as_a_jibe(
    classifier: IntentClassifier, scorer: SentimentScorer
) -> None:
    # The tagged account's own hashtag, or a hashtag on someone else, is no jibe.
    for text in ("@acme see you all at #ComicCon", "@comiccon can't wait #ComicCon"):
        assert "complaint" not in read(classifier, scorer, text).intents, text
    # The brand named by its handle rather than a mention.
    result = read(classifier, scorer, "pies went from £1 to £1.30 #AcmCon", frozenset({"acme"}))
    assert "complaint" in result.intents


@pytest.mark.parametrize(
    "text",
    [
        "@acmeair here's the news article in case you guys need it. Keep us posted, thanks",
        "@acmeair Can I get a copy of an old boarding pass? I need it for my expenses",
        "@acmetel my internet keeps dropping, when I need it most",
    ],
)
def test_needing_something_is_no_wish_to_buy(
    classifier: IntentClassifier, scorer: SentimentScorer, text: str
) -> None:
    assert "purchase_intent" not in read(classifier, scorer, text).intents


@pytest.mark.parametrize(
    "text", ["omg I want one!", "I need these asap", "where can I buy the blue one?"]
)
def test_a_wish_to_buy_is_a_lead(
    classifier: IntentClassifier, scorer: SentimentScorer, text: str
) -> None:
    assert "purchase_intent" in read(classifier, scorer, text).intents


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "your card check blocked me from getting a size 9 pair and now they're sold out 😡",
        "by the time the hold came off the jacket in my cart was gone, so disappointed",
    ],
)
def test_a_comment_with_a_problem_records_no_lead(text: str) -> None:
    engine = EngagementEngine(
        [BrandProfile(id="acme", name="Acme", handles={"x": "acme"}, industry="retail")],
        default_templates_dir(),
    )
    comment = Comment("c1", "x", "acme", "p1", "fan1", text, NOW)
    item = engine.run([comment], NOW)[0]
    assert "complaint" in item.analysis.intents
    assert "purchase_intent" not in item.analysis.intents
    assert engagement_rows([item], review_payload).leads == []


@pytest.mark.parametrize(
    ("text", "issues"),
    [
        # A delay that costs the customer a meeting is a delay, whatever it says of refunds.
        (
            "@acmerail third time this year I will miss the meeting I took the train for. "
            "Always late. No refund because it doesn't qualify",
            {"delay", "disruption"},
        ),
        (
            "90 minutes for my delivery?! You could have said so before you took my money",
            {"delay", "disruption"},
        ),
        # Paying more than others is about the price, not a bill to check.
        ("@acmetel people on the yearly plan pay more than everyone else", {"price"}),
    ],
)
def test_what_a_complaint_is_about(
    classifier: IntentClassifier, scorer: SentimentScorer, text: str, issues: set[str]
) -> None:
    result = read(classifier, scorer, text)
    assert result.issue in issues, result.evidence


# A fault told in plain present tense, with a screenshot link: a complaint, never spam to hide.
@pytest.mark.parametrize(
    "text",
    [
        "Acmetel honestly my broadband stop working every evening https://t.example/pic",
        "the app stops working whenever I open the basket",
    ],
)
def test_a_fault_in_the_present_tense_is_a_complaint(
    classifier: IntentClassifier, scorer: SentimentScorer, text: str
) -> None:
    result = read(classifier, scorer, text)
    assert "complaint" in result.intents and "spam" not in result.intents, result.evidence
