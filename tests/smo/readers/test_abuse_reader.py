"""The shipped abuse reader on made-up comments written to a brand's handle."""

from __future__ import annotations

import pytest

from bot.smo.entities import extract_entities
from bot.smo.readers.model import Readers
from bot.smo.sentiment import SentimentScorer

# Plain customer messages that open with the brand's handle and hold no rude word: OLID's
# tweets all open with "@USER", so a reader fitted on it alone learned the mention itself as
# a sign of abuse (the first read 0.54 before the reader saw such tweets as not abuse).
PLAIN = (
    "@acme I'm using my account as a business page, is that allowed?",
    "@acme I'm on the family plan as a user, not the owner",
    "@acme I'm using my email as a login and it says the account is locked",
    "@acme hey, I meant the other account, not this one!",
    "@acme hi! my order says delivered but nothing is here",
)
INSULTS = ("@acme you are a bunch of useless idiots", "you are a stupid bitch")


@pytest.fixture(scope="module")
def readers() -> Readers:
    return Readers.load()


def abuse(readers: Readers, texts: tuple[str, ...]) -> list[float]:
    scorer = SentimentScorer()
    vader = [scorer.scores(t, extract_entities(t).emojis) for t in texts]
    return [r.abuse for r in readers.read(texts, vader)]


def test_a_plain_message_to_the_brand_is_not_flagged_as_abuse(readers: Readers) -> None:
    for text, probability in zip(PLAIN, abuse(readers, PLAIN), strict=True):
        assert probability < readers.thresholds["abuse"], (text, probability)


def test_an_insult_to_the_brand_is_still_flagged_and_may_be_hidden(readers: Readers) -> None:
    for text, probability in zip(INSULTS, abuse(readers, INSULTS), strict=True):
        assert probability >= readers.thresholds["abuse_hide"], (text, probability)
