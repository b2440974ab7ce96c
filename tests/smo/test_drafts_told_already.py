"""Drafts that never ask what the customer has told already: the fault in their own words,
the device they use, which use of a phone line fails."""

from __future__ import annotations

import pytest

from bot.smo.engine import EngagementEngine
from tests.smo.drafting_kit import Talk, words
from tests.smo.drafting_setup import BRIGHTWAVE, LOOPCAST

BRANDS = (LOOPCAST, BRIGHTWAVE)
TALK = Talk(BRANDS, "t")
engine = TALK.engine_fixture()


@pytest.mark.parametrize(
    "text",
    [
        "@loopcast the play and skip buttons just don't react at all, so annoying",
        "@loopcast every time I close the settings the autostart option flips back to on",
        "@loopcast whenever I type a capital I it turns into a box with a question mark",
        "@loopcast why won't my offline songs even finish downloading",
        "@loopcast subtitles only last for one episode, please fix this",
        "@loopcast voice search still messes up half of what I say, so frustrating",
        "@loopcast every time I press play it says something went wrong, help",
        "@loopcast the overlapping clock bug remains after two updates, sort it out",
        "@loopcast I'm having trouble syncing my playlists, please help",
        # U+FE0F after a letter (an old keyboard bug) hides no words from the reader.
        "@loopcast why when I\ufe0f type a word I\ufe0f get a box and a question mark??",
    ],
)
def test_a_fault_told_in_the_customers_words_is_not_asked_again(
    engine: EngagementEngine, text: str
) -> None:
    draft = TALK.draft_for(engine, text, "tune")
    assert "going wrong" not in words(draft), draft.text
    assert "what happens" not in words(draft), draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@loopcast the app on my phone keeps logging me out",
        "@loopcast since the update your app won't open on my work computer",
        "@loopcast the app on my tv freezes after every episode",
    ],
)
def test_the_device_the_customer_names_is_not_asked_again(
    engine: EngagementEngine, text: str
) -> None:
    draft = TALK.draft_for(engine, text, "tune")
    assert "which device" not in words(draft), draft.text
    assert "version" in words(draft), draft.text  # what is still missing is asked


def test_a_vague_fault_still_gets_the_whole_checklist(engine: EngagementEngine) -> None:
    draft = TALK.draft_for(engine, "@loopcast something is off with your app, sort it out", "tune")
    assert "which device" in words(draft), draft.text
    assert "going wrong" in words(draft), draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@bwave unable to call anyone from my mobile today",
        "@bwave no data on my phone since the weekend, sort it out",
        "@bwave my texts won't send, really annoying",
    ],
)
def test_a_use_of_the_line_named_is_not_asked_again(engine: EngagementEngine, text: str) -> None:
    draft = TALK.draft_for(engine, text, "cell")
    assert "calls, texts or data" not in words(draft), draft.text


def test_a_bare_phone_fault_still_asks_which_use(engine: EngagementEngine) -> None:
    draft = TALK.draft_for(engine, "@bwave my phone is acting up, please sort it", "cell")
    assert "calls, texts or data" in words(draft), draft.text
