"""The engine with its learned readers: spam and abuse with evidence, unread languages."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.analyze_cli import analyze_file
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.smo.priority import UNREAD_FLOOR
from bot.smo.readers.model import MODELS_DIR, Readers
from bot.smo.readers.verdict import addressed
from bot.smo.sentiment import SentimentScorer
from tests.smo.drafting_setup import engine_fixture
from tests.smo.reading_kit import BRAND, NOW, comment

engine = engine_fixture([BRAND])


def test_a_japanese_comment_is_unknown_and_floored_for_a_person(engine: EngagementEngine) -> None:
    # "Phone support did not fix it; I will have to buy another one."
    text = "電話サポートに問い合わせても直らなかったので、もう一台買うしかないです。"
    [item] = engine.run([comment(text)], NOW)
    assert item.analysis.language == "ja"
    assert item.analysis.sentiment == "unknown"
    assert item.analysis.priority >= UNREAD_FLOOR
    assert "no reader for ja" in item.analysis.priority_reason


def test_a_comment_in_a_language_without_cues_is_floored_even_when_a_stray_cue_reads_it(
    engine: EngagementEngine,
) -> None:
    # "Thanks, but the second parcel never arrived": "merci" is all the cues read in it.
    text = "Merci pour la réponse, mais le deuxième colis n'est jamais arrivé chez moi"
    [item, chatter] = engine.run([comment(text, 1), comment("nice pic", 2)], NOW)
    assert item.analysis.language == "fr"
    assert item.analysis.priority >= UNREAD_FLOOR > chatter.analysis.priority
    assert "no cues read in fr: a person should read it" in item.analysis.priority_reason
    assert item.draft is not None and item.draft.action == "human"


def test_an_english_comment_gets_a_read_label_and_no_floor(engine: EngagementEngine) -> None:
    [item] = engine.run([comment("Thanks, love the colour of my new jacket!")], NOW)
    assert item.analysis.sentiment == "positive"
    assert "person should read" not in item.analysis.priority_reason
    cue = next(e.cue for e in item.analysis.evidence if e.label == "positive")
    assert cue.startswith("reads positive") and "love" in cue


def test_channel_promotion_without_a_link_reads_as_spam_in_words(
    engine: EngagementEngine,
) -> None:
    text = "hey guys please check out my new channel and subscribe, i post covers every week"
    [item] = engine.run([comment(text)], NOW)
    assert "spam" in item.analysis.intents
    cue = next(e.cue for e in item.analysis.evidence if e.label == "spam")
    assert cue.startswith("reads as spam (")
    assert "channel" in cue or "subscribe" in cue


def test_a_plain_question_is_not_spam(engine: EngagementEngine) -> None:
    [item] = engine.run([comment("Does the rain shell come in a size for kids?")], NOW)
    assert "spam" not in item.analysis.intents
    assert "abuse" not in item.analysis.intents


# Customers write to a brand's handle and attach screenshots as links; the spam reader learned
# links from YouTube, where a link in a comment is mostly promotion. Written for socialpulse;
# the link-only one read as spam (0.52) before a comment opening with a mention needed the
# customer's threshold, "please make this stop!!!" (0.83) before the reader learned from
# tweets that mention someone.
CUSTOMER_TWEETS = (
    "@alpenglow my order never came https://t.co/Qx81bZk2Lm",
    "@alpenglow please make this stop!!! https://t.co/Hw3kPz0aYt",
    "@alpenglow https://t.co/V9dKs02LmQ",
    "@alpenglow on hold for 50 minutes and nobody could help me!!! DISGRACE https://t.co/Lm2P0qWz8e",
    "@alpenglow still waiting for a refund, see the screenshot https://t.co/Aa9Bn3Cc7D",
)


def test_customer_tweets_to_the_brand_with_a_link_are_not_spam(
    engine: EngagementEngine, tmp_path: Path
) -> None:
    feed = tmp_path / "tweets.jsonl"
    feed.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"t{n}",
                    "platform": "x",
                    "brand": "alpen",
                    "post_id": f"thread-{n}",
                    "author": f"customer{n}",
                    "author_followers": 40,
                    "text": text,
                    "created_at": (NOW - timedelta(minutes=5)).isoformat(),
                }
            )
            + "\n"
            for n, text in enumerate(CUSTOMER_TWEETS)
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    count, rejected = analyze_file(engine, feed, NOW, out)
    assert (count, rejected) == (len(CUSTOMER_TWEETS), [])
    flagged = [
        CUSTOMER_TWEETS[int(o["id"][1:])]
        for o in map(json.loads, out.getvalue().splitlines())
        if o["flags"]["spam"]
    ]
    assert flagged == []


# A post's comments, no mention: a customer's grievance with the proof attached is no spam,
# however loud (the spam reader read the first at 0.96); promotion with a link stays spam,
# whether a cue or the reader alone finds it, and so does a spammer's sob story, whose
# complaint is only VADER's tone or a complaint cue before a call to subscribe. Written for
# socialpulse.
GRIEVANCES_WITH_A_LINK = (
    "three hours on the phone and no one could help me! SHAME!!!! https://t.co/Hw3kPz0aYt",
    "still no refund after 6 weeks, disgusting https://t.co/Aa9Bn3Cc7D",
    "this is the worst service ever, my parcel never came https://imgur.com/a/Lm2P0q",
    # The reader is all but certain (0.99 and more) of these too, but they promote nothing.
    "my channel got deleted and no one could help me!!! SHAME!!!! https://youtube.com/c/Qm4r",
    "I tried to subscribe to premium and no one could help me!!! SHAME https://imgur.com/a/x1",
)
PROMOTION_WITH_A_LINK = (
    "check out my channel https://youtube.com/c/mychannel",
    "free gift cards https://bit.ly/3xYzAbc",
    "please like my video guys!!! https://www.youtube.com/watch?v=Qx81bZk2",
    "I hate my job, so I started making money online, see how https://example.com/start",
    # A grievance as a spammer's opening: a promotion cue, or the reader all but certain of
    # a comment that promotes in its own words.
    "no one could help me so i started my own channel, subscribe!!! https://youtube.com/c/Zr8",
    "no one could help me so go subscribe to me instead!!! https://youtube.com/c/Zr8",
)


@pytest.mark.parametrize("text", GRIEVANCES_WITH_A_LINK)
def test_a_grievance_with_a_link_is_a_complaint_not_spam(
    engine: EngagementEngine, text: str
) -> None:
    [item] = engine.run([comment(text, platform="instagram")], NOW)
    assert "spam" not in item.analysis.intents
    assert "complaint" in item.analysis.intents


@pytest.mark.parametrize("text", PROMOTION_WITH_A_LINK)
def test_promotion_with_a_link_is_still_spam(engine: EngagementEngine, text: str) -> None:
    [item] = engine.run([comment(text, platform="instagram")], NOW)
    assert "spam" in item.analysis.intents


def test_promotion_addressed_to_the_brand_is_still_spam(engine: EngagementEngine) -> None:
    text = (
        "@alpenglow check out my channel and subscribe for daily giveaways http://example.com/win"
    )
    [item] = engine.run([comment(text)], NOW)
    assert "spam" in item.analysis.intents


def test_a_comment_opening_with_a_mention_is_addressed() -> None:
    assert addressed("@alpenglow my order never came")
    assert addressed("  .@alpenglow look at this")
    assert not addressed("hey @alpenglow check this out")
    assert not addressed("mail me at someone@example.com")


def _readers_with(tmp_path: Path, flag: float, hide: float) -> Path:
    """The shipped readers with the abuse label from ``flag`` and hiding proposed from ``hide``."""
    folder = tmp_path / "readers"
    folder.mkdir()
    (folder / "readers.npz").write_bytes((MODELS_DIR / "readers.npz").read_bytes())
    card = json.loads((MODELS_DIR / "readers.json").read_text(encoding="utf-8"))
    card["thresholds"].update(abuse=flag, abuse_hide=hide)
    (folder / "readers.json").write_text(json.dumps(card), encoding="utf-8")
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("sure", [False, True])
def test_abuse_the_reader_is_unsure_of_is_flagged_but_not_proposed_for_hiding(
    tmp_path: Path, sure: bool
) -> None:
    # No cue reads it as abuse, only the reader: its probability sits between the label's
    # threshold and the hiding one (flagged for a person, answered) or above both (hidden).
    text = "total clowns running this page"
    [reading] = Readers.load().read([text], [SentimentScorer().scores(text, ())])
    flag = reading.abuse - 0.01
    hide = flag if sure else min(1.0, reading.abuse + 0.01)
    engine = EngagementEngine(
        [BRAND], default_templates_dir(), readers_dir=_readers_with(tmp_path, flag, hide)
    )
    [item] = engine.run([comment(text)], NOW)
    assert "abuse" in item.analysis.intents
    action = item.draft.action if item.draft is not None else None
    assert (action == "hide_and_escalate") is sure, action


def test_starting_ones_own_channel_is_a_promotion_cue_a_channel_wished_for_is_not(
    engine: EngagementEngine,
) -> None:
    def cued(text: str) -> bool:
        [item] = engine.run([comment(text, platform="instagram")], NOW)
        return any(e.cue.startswith("self-promotion") for e in item.analysis.evidence)

    assert cued("so I started my own channel last week, come watch")
    assert cued("just launched my new youtube channel")
    assert not cued("if I had started a youtube channel years ago maybe you would answer me")
    assert not cued("I opened a channel for support and nobody answers")
