"""Drafts that would harm: security read as a sale, praise read as a complaint, a billing
complaint asked about a fault, a deflected customer deflected again. Comments made up here."""

from __future__ import annotations

import pytest

from bot.smo import EngagementEngine
from tests.smo.test_drafting_situations import comment, draft_for, engine  # noqa: F401


@pytest.mark.parametrize(
    "text",
    [
        "that wasn't my question",
        "You didn't answer my question. Why did my plan go up?",
        "not what I asked at all, please answer the actual question",
    ],
)
def test_a_customer_whose_question_was_not_answered_goes_to_a_person(
    engine: EngagementEngine,  # noqa: F811
    text: str,
) -> None:
    draft = draft_for(engine, comment(text))
    assert draft.action == "human"
    assert "customer says their question was not answered" in draft.note
    assert "dm" not in draft.text.lower()
