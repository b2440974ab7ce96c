"""Where the cues overrule the sentiment reader: a cue decides against a reader that is unsure."""

from __future__ import annotations

import pytest

from bot.smo.readers.model import Reading
from bot.smo.sentiment import COMPLAINT_OVER_NEUTRAL, PRAISE_OVER_NEUTRAL, read


def label(intents: tuple[str, ...], sentiment: tuple[float, float, float]) -> str:
    return read(Reading(0.0, 0.0, sentiment), sarcasm=False, language="en", intents=intents).label


UNSURE_NEUTRAL = (0.2, PRAISE_OVER_NEUTRAL - 0.05, 0.25)
SURE_NEUTRAL = (0.1, PRAISE_OVER_NEUTRAL + 0.05, 0.05)


def test_praise_beats_a_neutral_reading_the_reader_is_unsure_of() -> None:
    assert label(("praise",), UNSURE_NEUTRAL) == "positive"
    assert label(("praise", "question"), UNSURE_NEUTRAL) == "positive"
    cue = read(Reading(0.0, 0.0, UNSURE_NEUTRAL), sarcasm=False, language="en", intents=("praise",))
    assert cue.cue.startswith("praise cue; reads neutral")


def test_a_neutral_reading_the_reader_is_sure_of_stands() -> None:
    assert label(("praise",), SURE_NEUTRAL) == "neutral"


@pytest.mark.parametrize(
    "intents", [(), ("question",), ("complaint", "praise"), ("abuse", "praise")]
)
def test_without_plain_praise_the_neutral_reading_stands(intents: tuple[str, ...]) -> None:
    assert label(intents, UNSURE_NEUTRAL) == "neutral"


# A customer's plain account of a fault: the reader leans neutral, but not surely.
FAULT_NEUTRAL = (0.3, COMPLAINT_OVER_NEUTRAL - 0.05, 0.25)
FAULT_SURE_NEUTRAL = (0.2, COMPLAINT_OVER_NEUTRAL + 0.05, 0.25)


@pytest.mark.parametrize("intents", [("complaint",), ("complaint", "support", "question")])
def test_a_complaint_beats_a_neutral_reading_the_reader_is_unsure_of(
    intents: tuple[str, ...],
) -> None:
    found = read(Reading(0.0, 0.0, FAULT_NEUTRAL), sarcasm=False, language="en", intents=intents)
    assert found.label == "negative"
    assert found.cue.startswith("complaint cue; reads neutral")


def test_a_neutral_reading_the_reader_is_sure_of_stands_against_a_complaint() -> None:
    assert label(("complaint",), FAULT_SURE_NEUTRAL) == "neutral"
    assert label(("support", "question"), FAULT_NEUTRAL) == "neutral"
