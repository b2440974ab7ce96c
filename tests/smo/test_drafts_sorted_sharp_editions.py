"""Drafts that read three kinds right: a follow-up saying the matter is in hand now gets a
short close and no ask; a sharp demand for a fix gets no thanks; an "issue" that is an edition
of a magazine is no problem."""

from __future__ import annotations

import pytest

from bot.smo.engine import EngagementEngine
from tests.smo.drafting_kit import Talk, words
from tests.smo.drafting_setup import BRIGHTWAVE, LOOPCAST, OAKVAULT

BRANDS = (BRIGHTWAVE, LOOPCAST, OAKVAULT)
TALK = Talk(BRANDS, "sse")
engine = TALK.engine_fixture()

OUR_CHECK = "@sam Did you manage to reach us? Please check your account and let us know."


@pytest.mark.parametrize(
    "text",
    [
        "@bwave I got through & the agent told me my bills will be corrected within a few days."
        " I'll keep an eye on it & let you know!",
        "@bwave Finally got through, they said the discount should be applied by the next bill",
        "@bwave Got through to someone. It will be refunded in 5 days, I will keep an eye on it",
    ],
)
def test_a_matter_in_hand_now_gets_a_close_and_no_ask(engine: EngagementEngine, text: str) -> None:
    draft = TALK.answer_to_us(engine, OUR_CHECK, text, "cell")
    assert draft.action == "reply", draft.note
    assert "dm" not in words(draft), draft.text
    assert "account holder" not in words(draft), draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@bwave I got through but they couldn't tell me when the bill will be corrected",
        "@bwave got through and it's still not fixed",
        "@bwave finally got through to someone and they told me nothing",
    ],
)
def test_getting_through_with_the_fault_still_there_is_no_close(
    engine: EngagementEngine, text: str
) -> None:
    draft = TALK.answer_to_us(engine, OUR_CHECK, text, "cell")
    assert "good news" not in words(draft), draft.text
    assert "sorted" not in words(draft) or "not sorted" in words(draft), draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@bwave Just fix it. For good. Today.",
        "@bwave This needs to be fixed. Permanently. Now.",
        "@bwave sort it out now please",
    ],
)
def test_a_sharp_demand_for_a_fix_gets_no_thanks(engine: EngagementEngine, text: str) -> None:
    draft = TALK.answer_to_us(
        engine, "@sam Sorry to hear that. What's happening? - Al", text, "cell"
    )
    assert not words(draft).startswith("thank"), draft.text
    assert "thanks," not in words(draft), draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@oakvault Excited to dig into this Paris issue! https://t.co/x",
        "@oakvault just got the spring issue of your magazine, loving it",
        "@oakvault reading the latest issue on the train, great photos",
    ],
)
def test_an_edition_called_an_issue_is_no_problem(engine: EngagementEngine, text: str) -> None:
    draft = TALK.draft_for(engine, text, "bank")
    assert "sorry" not in words(draft), draft.text
    assert "trouble" not in words(draft), draft.text
    assert "dm" not in words(draft), draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@oakvault there's an issue with my card being declined",
        "@loopcast the latest update has an issue with playback, it keeps stopping",
    ],
)
def test_an_issue_that_is_a_fault_is_still_one(engine: EngagementEngine, text: str) -> None:
    brand = "bank" if "oakvault" in text else "tune"
    draft = TALK.draft_for(engine, text, brand)
    assert "sorry" in words(draft), draft.text
