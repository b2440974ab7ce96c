"""No cheer and no close where the customer is unhappy: a jibe shared with a link, a thanks
beside a grievance, a list of what went wrong, a bystander in someone's complaint thread, and
a stranded traveller's follow-up. Comments made up here."""

from __future__ import annotations

import pytest

from bot.smo import EngagementEngine
from bot.smo.thread import follow_up_kind
from tests.smo.test_drafting_kinds import (  # noqa: F401
    answer_to_us,
    draft_for,
    engine,
    words,
)

_CHEER = ("made our day", "thanks so much", "you're welcome", "any time", "anything else")


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        (
            "wings",
            "I am a @skylark frequent flyer and I can vouch that they suck\n"
            "The best loyalty schemes of the year https://t.co/x1",
        ),
        ("cell", "@bwave honestly you guys suck. Top 10 carriers ranked https://t.co/a2"),
        ("diner", "@pepper the new menu sucks, read this review https://t.co/r3"),
    ],
)
def test_a_jibe_shared_with_a_link_is_not_thanked(
    engine: EngagementEngine,  # noqa: F811
    brand: str,
    text: str,
) -> None:
    draft = draft_for(engine, text, brand)
    for cheer in _CHEER:
        assert cheer not in words(draft), draft.text


@pytest.mark.parametrize(
    ("brand", "ours", "theirs"),
    [
        (
            "cell",
            "@sam Hi there! Send us a DM and we'll help you out.",
            "@bwave Thank you but I've argued with you all weekend in DMs and they won't give me"
            " the upgrade price.",
        ),
        (
            "wings",
            "@sam I would be glad to look into this for you.",
            "@skylark OK so the seat change had nothing to do with the aircraft, the gate agent"
            " was wrong, please no more excuses! Thanks",
        ),
        (
            "notes",
            "@sam We'd like to help. What exactly happens when you open a note?",
            "@pixelnote The screen goes blank and then the app crashes. Thanks for the reply.",
        ),
        (
            "cell",
            "@sam A recording tries every channel it can find.",
            "@bwave Thanks for your reply but that is why I said fix the software.",
        ),
    ],
)
def test_a_thanks_beside_a_grievance_is_no_close(
    engine: EngagementEngine,  # noqa: F811
    brand: str,
    ours: str,
    theirs: str,
) -> None:
    assert follow_up_kind(theirs) != "thanks"
    draft = answer_to_us(engine, ours, theirs, brand)
    for cheer in _CHEER:
        assert cheer not in words(draft), draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@bwave Thank you!",
        "@bwave ok thx",
        "@bwave I doubt it will change :/ but thank you for replying!",
        "@bwave you helped so much on a plan that was not even yours, thank you so much",
        "@bwave that fixed it, thanks again",
    ],
)
def test_a_pure_close_is_still_read_as_one(text: str) -> None:
    assert follow_up_kind(text) in ("thanks", "resolved")


def test_a_wish_that_it_gets_fixed_is_not_news_that_it_is() -> None:
    assert follow_up_kind("@bwave I will keep calling every day until it's fixed.") != "resolved"
    assert follow_up_kind("@bwave it's fixed now, thanks") == "resolved"
