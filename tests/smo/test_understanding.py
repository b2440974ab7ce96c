"""Unit tests for the pure pieces that understand a comment: cues, sentiment, entities, language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.smo.entities import extract_entities
from bot.smo.intents import IntentClassifier, IntentResult, RepeatTracker
from bot.smo.language import LanguageDetector
from bot.smo.sentiment import NEGATIVE_BELOW, POSITIVE_FROM, SentimentScorer, decide, label_for

T0 = datetime(2026, 10, 5, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def classifier() -> IntentClassifier:
    return IntentClassifier()


@pytest.fixture(scope="module")
def scorer() -> SentimentScorer:
    return SentimentScorer()


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


def classify(
    classifier: IntentClassifier, scorer: SentimentScorer, text: str, **kwargs: object
) -> IntentResult:
    entities = extract_entities(text)
    score = scorer.compound(text, entities.emojis)
    return classifier.classify(text, entities, score, **kwargs)  # type: ignore[arg-type]


def cues(result: IntentResult, label: str) -> list[str]:
    return [e.cue for e in result.evidence if e.label == label]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Where is my order? Been waiting 3 weeks", {"complaint", "support", "question"}),
        ("Love the new jacket!!", {"praise"}),
        ("How much is the large one?", {"question", "purchase_intent"}),
        ("I can't sign in to my account, help", {"complaint", "support"}),
        ("Check my channel for free followers!!! bit.ly/x", {"spam"}),
        ("you idiots lost my parcel", {"abuse", "complaint", "support"}),
        ("ok", {"other"}),
        ("", {"other"}),
        ("Meine Bestellung ist noch nicht angekommen, bitte helft mir", {"complaint", "support"}),
        ("¿Cuánto cuesta el envío a México?", {"question", "purchase_intent"}),
    ],
)
def test_intents_for_typical_comments(
    classifier: IntentClassifier, scorer: SentimentScorer, text: str, expected: set[str]
) -> None:
    assert set(classify(classifier, scorer, text).intents) == expected


def test_every_label_carries_its_cue(classifier: IntentClassifier, scorer: SentimentScorer) -> None:
    result = classify(classifier, scorer, "The strap snapped. Where is my refund?")
    for intent in result.intents:
        assert cues(result, intent), intent
    assert '"snapped"' in cues(result, "complaint")


def test_negation_turns_praise_into_complaint(
    classifier: IntentClassifier, scorer: SentimentScorer
) -> None:
    result = classify(classifier, scorer, "not great quality tbh")
    assert result.intents == ("complaint",)
    assert 'negated "great"' in cues(result, "not praise")


def test_negated_complaint_is_praise(classifier: IntentClassifier, scorer: SentimentScorer) -> None:
    result = classify(classifier, scorer, "no issues at all with delivery, came in 2 days")
    assert "complaint" not in result.intents
    assert "praise" in result.intents


def test_but_ends_the_reach_of_a_negation(
    classifier: IntentClassifier, scorer: SentimentScorer
) -> None:
    assert "praise" in classify(classifier, scorer, "It's not cheap but worth every penny").intents


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('the ad says "you idiots" lol', "quoted"),
        ("He called me an idiot lol", "reported"),
        ("you are not stupid", "negated"),
    ],
)
def test_insults_quoted_reported_or_negated_are_not_abuse(
    classifier: IntentClassifier, scorer: SentimentScorer, text: str, why: str
) -> None:
    result = classify(classifier, scorer, text)
    assert "abuse" not in result.intents
    assert any(c.startswith(why) for c in cues(result, "not abuse"))


def test_mild_insult_needs_a_target(classifier: IntentClassifier, scorer: SentimentScorer) -> None:
    assert "abuse" not in classify(classifier, scorer, "this is stupid").intents
    assert "abuse" in classify(classifier, scorer, "you are pathetic").intents


def test_shut_up_and_take_my_money_is_a_lead_not_abuse(
    classifier: IntentClassifier, scorer: SentimentScorer
) -> None:
    result = classify(classifier, scorer, "Shut up and take my money")
    assert result.intents == ("purchase_intent",)


@pytest.mark.parametrize(
    "text",
    [
        "great, another delay. thanks for nothing",
        "Yeah right, 'next day delivery' 🙄",
        "Love how my order is 3 weeks late",
        "Great job losing my parcel AGAIN",
    ],
)
def test_sarcasm_is_a_complaint_and_negative(
    classifier: IntentClassifier, scorer: SentimentScorer, text: str
) -> None:
    entities = extract_entities(text)
    score = scorer.compound(text, entities.emojis)
    result = classifier.classify(text, entities, score)
    assert result.sarcasm
    assert "complaint" in result.intents and "praise" not in result.intents
    verdict = decide(score, sarcasm=True, language="en", intents=result.intents)
    assert verdict.label == "negative"
    assert "sarcasm" in verdict.cue


def test_mention_bomb_is_spam_but_brand_handles_do_not_count(
    classifier: IntentClassifier, scorer: SentimentScorer
) -> None:
    bomb = "@a1 @b2 @c3 @d4 @e5 look"
    assert classify(classifier, scorer, bomb).intents == ("spam",)
    with_brand = "@brand @b2 @c3 @d4 nice"
    result = classify(classifier, scorer, with_brand, own_handles=frozenset({"brand"}))
    assert "spam" not in result.intents


def test_a_link_alone_is_suspicious_not_spam(
    classifier: IntentClassifier, scorer: SentimentScorer
) -> None:
    result = classify(classifier, scorer, "Love it, here is mine https://example.com/pic.jpg")
    assert "spam" not in result.intents
    assert result.spam_score == 2
    own = classify(
        classifier,
        scorer,
        "got mine from https://shop.example/x yesterday",
        own_domains=frozenset({"shop.example"}),
    )
    assert own.spam_score == 0


def test_link_only_and_shorteners_are_spam(
    classifier: IntentClassifier, scorer: SentimentScorer
) -> None:
    assert classify(classifier, scorer, "www.cheap-sneakers-outlet.biz").intents == ("spam",)
    assert "spam" in classify(classifier, scorer, "wow bit.ly/3xYz cool").intents


def test_emoji_only_praise_and_emoji_floods(
    classifier: IntentClassifier, scorer: SentimentScorer
) -> None:
    assert classify(classifier, scorer, "🔥🔥🔥").intents == ("praise",)
    assert classify(classifier, scorer, "😡😡").intents == ("complaint",)
    flood = classify(classifier, scorer, "🙏" * 9)
    assert "spam" not in flood.intents
    assert any("emoji flood" in c for c in cues(flood, "spam"))


def test_repeated_text_across_authors() -> None:
    tracker = RepeatTracker()
    text = "Amazing giveaway, go to my page to claim it now"
    key = RepeatTracker.normalise(text, extract_entities(text))
    assert key is not None
    for i, author in enumerate(("ann", "bob", "cyd")):
        tracker.add(key, author, f"p{i}", T0 + timedelta(minutes=i))
    assert tracker.counts(key, "ann", T0) == (3, 1)
    assert tracker.counts(key, "ann", T0 + timedelta(days=30)) == (0, 0)
    assert RepeatTracker.normalise("love it", extract_entities("love it")) is None


def test_repeats_plus_another_cue_make_spam(
    classifier: IntentClassifier, scorer: SentimentScorer
) -> None:
    text = "🚀🚀🚀🚀🚀💰"
    alone = classify(classifier, scorer, text)
    repeated = classify(classifier, scorer, text, repeat_authors=4)
    assert "spam" not in alone.intents
    assert repeated.intents == ("spam",)


def test_repeat_tracker_stays_bounded() -> None:
    tracker = RepeatTracker(max_texts=10)
    for i in range(50):
        tracker.add(f"text number {i:03d} long enough to count", "a", "p", T0)
    assert len(tracker._seen) <= 10


def test_ten_kilobyte_comment(classifier: IntentClassifier, scorer: SentimentScorer) -> None:
    text = ("The delivery was slow and the box was damaged. " * 220)[:10_000]
    result = classify(classifier, scorer, text[:4000])
    assert "complaint" in result.intents


def test_entities() -> None:
    found = extract_entities(
        "Love it!! #summer #2024 @anna_b see www.foo.com/x, bit.ly/abc and https://t.co/xyz. "
        "mail me at a@b.com ❤️🔥 🤦‍♀️"
    )
    assert found.hashtags == ("summer",)
    assert found.mentions == ("anna_b",)
    assert found.urls == ("www.foo.com/x", "bit.ly/abc", "https://t.co/xyz")
    assert found.emojis == ("❤️", "🔥", "🤦‍♀️")
    assert not found.emoji_only
    assert extract_entities("🔥🔥 !!").emoji_only
    assert extract_entities("").emojis == ()


def test_emoji_valence_replaces_vader_reading(scorer: SentimentScorer) -> None:
    fire = "🔥🔥🔥"
    # VADER alone reads "fire" as negative; on social media it is praise.
    assert scorer.compound(fire, extract_entities(fire).emojis) > 0.5
    assert scorer.compound("😡", ("😡",)) < -0.3


def test_threshold_labels() -> None:
    assert label_for(POSITIVE_FROM) == "positive"
    assert label_for(NEGATIVE_BELOW) == "negative"
    assert label_for(0.0) == "neutral"
    assert label_for(POSITIVE_FROM - 0.01) == "neutral"


def test_cues_outrank_a_mild_vader_score() -> None:
    verdict = decide(0.1, sarcasm=False, language="en", intents=("complaint",))
    assert verdict.label == "negative"
    assert decide(0.9, sarcasm=False, language="en", intents=("complaint",)).label == "positive"
    german = decide(-0.6, sarcasm=False, language="de", intents=("praise",))
    assert german.label == "positive" and "English only" in german.cue


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Love it so much, ordering two for my sisters", "en"),
        ("Das ist wirklich toll, wann kommt es nach Österreich?", "de"),
        ("Mi pedido llegó roto, quiero un reembolso", "es"),
        ("Questo prodotto è fantastico, lo adoro davvero", "it"),
    ],
)
def test_language(detector: LanguageDetector, text: str, code: str) -> None:
    assert detector.detect(text).code == code


@pytest.mark.parametrize("text", ["", "ok", "🔥🔥🔥", "lol 😂", "gracias"])
def test_short_text_language_is_unknown(detector: LanguageDetector, text: str) -> None:
    guess = detector.detect(text)
    assert guess.code is None
    assert "too short" in guess.reason


def test_mixed_language_is_unknown_or_one_of_them(detector: LanguageDetector) -> None:
    assert detector.detect("Love it! Muy bonito de verdad amigos").code in (None, "en", "es")
