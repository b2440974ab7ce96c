"""Where the abuse reader's probability meets the cues and the sentiment reader."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.analyze_cli import as_json
from bot.models import Comment, Evidence
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.smo.intents import IntentResult
from bot.smo.readers.model import Reading
from bot.smo.readers.verdict import (
    OFFENSIVE,
    apply_readers,
    grievance,
    mark_offensive,
    promoting,
    swearing,
)

THRESHOLDS = {
    "spam": 0.5,
    "abuse": 0.45,
    "abuse_hide": 0.5,
    "spam_from_customer": 0.8,
    "abuse_from_customer": 0.8,
}
NEGATIVE = (0.9, 0.08, 0.02)
NEUTRAL = (0.2, 0.7, 0.1)
POSITIVE = (0.02, 0.03, 0.95)
UNSURE_POSITIVE = (0.3, 0.1, 0.6)


def verdict(
    intents: tuple[str, ...],
    abuse: float,
    sentiment: tuple[float, float, float],
    aimed: bool = True,
) -> bool:
    cues = IntentResult(intents, tuple(Evidence(i, "cue") for i in intents))
    reading = Reading(0.0, abuse, sentiment)
    found = apply_readers(cues, reading, THRESHOLDS, lambda _: (), aimed=aimed)
    return "abuse" in found.intents


@pytest.mark.parametrize("intents", [("question",), ("praise",)])
def test_a_hostile_question_or_sneer_takes_the_labels_own_threshold(
    intents: tuple[str, ...],
) -> None:
    assert verdict(intents, 0.6, NEGATIVE)
    assert not verdict(intents, 0.44, NEGATIVE)


@pytest.mark.parametrize(
    ("intents", "sentiment"),
    [
        (("question",), NEUTRAL),
        (("question",), (0.63, 0.3, 0.07)),
        (("support",), NEGATIVE),
        (("question", "support"), NEGATIVE),
        (("purchase_intent",), NEGATIVE),
        # A customer with a grievance swears too: a complaint keeps the bar however sure.
        (("complaint", "question"), NEGATIVE),
        (("complaint", "praise"), NEGATIVE),
    ],
)
def test_a_plain_question_or_a_request_for_help_keeps_the_customers_bar(
    intents: tuple[str, ...], sentiment: tuple[float, float, float]
) -> None:
    assert not verdict(intents, 0.79, sentiment)
    assert verdict(intents, 0.8, sentiment)


def test_praise_aimed_at_no_one_that_reads_surely_positive_is_no_abuse_on_the_readers_word() -> (
    None
):
    assert not verdict(("praise",), 0.99, POSITIVE, aimed=False)
    # Unsure of the cheer, or aimed at someone: the customer's bar decides as before.
    assert verdict(("praise",), 0.85, UNSURE_POSITIVE, aimed=False)
    assert not verdict(("praise",), 0.79, UNSURE_POSITIVE, aimed=False)
    assert verdict(("praise",), 0.85, POSITIVE, aimed=True)


def test_an_insult_of_the_cues_stays_abuse_in_cheerful_praise() -> None:
    assert verdict(("abuse", "praise"), 0.1, POSITIVE, aimed=False)


NOW = datetime(2024, 5, 2, 12, 0, tzinfo=UTC)


def comments_of(texts: list[str], platform: str = "instagram") -> list[Comment]:
    """One comment per text, each by its own small account, on one post."""
    return [
        Comment(
            platform=platform,
            id=f"c{i}",
            post_id="p1",
            brand="acme",
            author=f"user{i}",
            author_followers=10,
            text=text,
            created_at=NOW,
        )
        for i, text in enumerate(texts)
    ]


def read_abuse(texts: list[str]) -> list[bool]:
    engine = EngagementEngine([], default_templates_dir())
    return ["abuse" in e.analysis.intents for e in engine.run(comments_of(texts), NOW)]


@pytest.mark.slow
def test_the_shipped_readers_on_happy_swearing_and_a_hostile_question() -> None:
    cheer = ["this is so fucking good", "holy shit this is amazing", "fucking love this"]
    # "what the fuck is wrong with you?" reads strongly negative, so as a complaint too, and
    # keeps the customer's bar; this one the reader is sure of (0.87).
    hostile = ["@acme what the fuck is your problem?"]
    assert read_abuse([*cheer, *hostile]) == [False] * len(cheer) + [True] * len(hostile)


@pytest.mark.slow
def test_the_shipped_readers_keep_the_customers_bar_for_an_angry_complaint() -> None:
    angry = [
        "@acme what the fuck is going on, nobody has answered my emails in 5 days??",
        "@acme why the fuck has no one replied to me, 4 days waiting??",
    ]
    assert read_abuse(angry) == [False] * len(angry)


def _spam(evidence: tuple[Evidence, ...], spam: float, text: str) -> bool:
    # A link alone is spam evidence below the cues' spam score, no spam intent.
    intents = tuple(dict.fromkeys(e.label for e in evidence if e.label != "spam"))
    cues = IntentResult(intents, evidence)
    reading = Reading(spam, 0.0, NEUTRAL)
    found = apply_readers(
        cues,
        reading,
        THRESHOLDS,
        lambda _: (),
        grieving=grievance(cues, text),
        promotes=promoting(text),
    )
    return "spam" in found.intents


LINK = Evidence("spam", "link https://t.co/x")


def test_a_grievance_is_never_spam_on_the_readers_word() -> None:
    text = "no one could help me https://t.co/x"
    assert not _spam((LINK, Evidence("complaint", '"no one could help"')), 0.99, text)
    assert not _spam((Evidence("complaint", "sarcastic praise"),), 0.99, "love the wait")


def test_a_grievance_that_promotes_is_spam_when_the_reader_is_all_but_certain() -> None:
    said = (LINK, Evidence("complaint", '"no one could help"'))
    text = "no one could help me so i do my own thing now, subscribe!!! https://t.co/x"
    assert _spam(said, 0.995, text)
    # Below the bar, or with no promotion in its words, the grievance keeps the veto.
    assert not _spam(said, 0.98, text)
    assert not _spam(said, 0.995, "no one could help me!!! https://t.co/x")


def test_promotion_is_read_in_the_comments_own_words() -> None:
    promotes = [
        "subscribe!!!",
        "go subscribe to me instead",
        "sub now guys",
        "so I make $300 a week",
        "check out my vlog",
        "follow me",
        "I started my own channel",
    ]
    customers = [
        "I tried to subscribe to premium and no one could help me",
        "I want to unsubscribe",
        "my channel got deleted",
        "please check my order",
        "the follow-up never came",
        # In a link's address it is no word of the comment's.
        "no one could help https://example.com/subscribe-now/check-out-my",
    ]
    assert [promoting(t) for t in promotes] == [True] * len(promotes)
    assert [promoting(t) for t in customers] == [False] * len(customers)


def test_a_complaint_read_from_tone_a_link_or_the_intent_reader_is_no_grievance() -> None:
    assert _spam((LINK, Evidence("other", "no cue fired")), 0.51, "look https://t.co/x")
    tone = Evidence("complaint", "strongly negative (-0.57)")
    # A complaint keeps the customer's bar for spam.
    assert _spam((LINK, tone), 0.81, "I hate my job, see how https://t.co/x")
    assert not _spam((LINK, tone), 0.79, "I hate my job, see how https://t.co/x")
    leaked = "http://example.com/Film.LEAKED.XviD"
    assert _spam((LINK, Evidence("complaint", '"LEAKED"')), 0.81, leaked)
    learned = Evidence("complaint", "reads as complaint (0.64): 'waited'")
    assert _spam((LINK, learned), 0.81, "waited https://t.co/x")


OFFENSIVE_THRESHOLDS = {**THRESHOLDS, "offensive": 0.25, "offensive_words": 0.05}


def _offensive(result: IntentResult, abuse: float, swears: bool = False) -> IntentResult:
    reading = Reading(0.0, abuse, NEUTRAL)
    return mark_offensive(result, reading, OFFENSIVE_THRESHOLDS, lambda _: ("shit",), swears)


def test_offensive_language_is_evidence_from_its_own_threshold_and_changes_no_intent() -> None:
    complaint = IntentResult(("complaint",), (Evidence("complaint", '"broken"'),))
    marked = _offensive(complaint, 0.25)
    assert marked.intents == ("complaint",)
    assert marked.evidence[-1] == Evidence(OFFENSIVE, "reads as offensive language (0.25): 'shit'")
    assert not marked.abuse_unsure
    assert _offensive(complaint, 0.24) == complaint
    # Swearing or an insult lowers the bar to ``offensive_words``.
    assert _offensive(complaint, 0.06, swears=True).evidence[-1].label == OFFENSIVE
    assert _offensive(complaint, 0.04, swears=True) == complaint
    # Abuse is offensive already: no second mark.
    abuse = IntentResult(("abuse",), (Evidence("abuse", "cue"),))
    assert _offensive(abuse, 0.9, swears=True) == abuse
    # Without a threshold for comments that do not swear (the shipped file has none), only
    # swearing is marked, however high the reader.
    swears_only = {**THRESHOLDS, "offensive_words": 0.05}
    plain = mark_offensive(complaint, Reading(0.0, 0.99, NEUTRAL), swears_only, lambda _: ())
    assert plain == complaint
    sworn = mark_offensive(complaint, Reading(0.0, 0.06, NEUTRAL), swears_only, lambda _: (), True)
    assert sworn.evidence[-1].label == OFFENSIVE
    # A file without the thresholds marks nothing.
    assert mark_offensive(complaint, Reading(0.0, 0.99, NEUTRAL), THRESHOLDS, lambda _: ()) == (
        complaint
    )


def test_swearing_is_profanity_or_an_insult_in_whole_words() -> None:
    swears = ["my fucking router", "what the hell", "you idiots", "this is crap", "BS answers"]
    clean = ["hello", "the shell broke", "assess my claim", "first class", "dickens novels"]
    assert [swearing(t) for t in swears] == [True] * len(swears)
    assert [swearing(t) for t in clean] == [False] * len(clean)


def test_swearing_passes_over_names_trades_and_mild_cheer() -> None:
    clean = [
        "picked up cleats at Dick's yesterday",
        "dicks sporting goods has my order",
        "the jacket is treated with a fire retardant",
        "caught three crappie off the dock",
        "hell yeah, the new flavour is back",
        "booked a table at Hell's Kitchen",
    ]
    rude = ["what a dick", "your crappy app", "that was retarded", "hell no, fix it", "go to hell"]
    assert [swearing(t) for t in clean] == [False] * len(clean)
    assert [swearing(t) for t in rude] == [True] * len(rude)


def test_the_shipped_readers_mark_a_swearing_complaint_offensive_but_not_abuse() -> None:
    engine = EngagementEngine([], default_templates_dir())
    texts = [
        "@acme the damn router died again, third time this month",
        "@acme my router died again, third time this month",
    ]
    swearing, plain = (as_json(e)["flags"] for e in engine.run(comments_of(texts, "x"), NOW))
    assert swearing["offensive"] and not swearing["abuse"]
    assert not plain["offensive"] and not plain["abuse"]
