"""The German, Spanish and other-language comments of ``other_language_comments`` through the
engine: no unhappy one is thanked, and none in a language without cues sinks below chatter."""

from __future__ import annotations

import pytest

from bot.models import Engagement
from bot.smo.guardrails import has_emoji
from bot.smo.language import UNSURE
from bot.smo.lexicon import CUE_LANGUAGES
from bot.smo.priority import UNREAD_FLOOR
from tests.smo.other_language_comments import CHECK, DEV, NEGATIVE, Case
from tests.smo.other_language_figures import CHATTER, run, thanked

CASES: tuple[Case, ...] = DEV + CHECK
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def results() -> list[Engagement]:
    return run(CASES)


def test_no_negative_comment_is_thanked_or_read_as_praise(results: list[Engagement]) -> None:
    wrong = [
        (text, r.analysis.sentiment, r.draft.text if r.draft else "")
        for (_, text, kind), r in zip(CASES, results, strict=False)
        if kind in NEGATIVE and thanked(r)
    ]
    assert wrong == []


def test_a_comment_in_a_language_without_cues_goes_to_a_person_above_chatter(
    results: list[Engagement],
) -> None:
    loudest_chatter = max(r.analysis.priority for r in results[len(CASES) :])
    assert len(results) == len(CASES) + len(CHATTER)
    uncovered = [
        r
        for r in results[: len(CASES)]
        if r.analysis.language is not None and r.analysis.language not in CUE_LANGUAGES
    ]
    assert len(uncovered) >= 10
    for r in uncovered:
        assert r.draft is not None and r.draft.action == "human" and not r.draft.text
        assert r.analysis.priority >= UNREAD_FLOOR > loudest_chatter, r.comment.text
        # The reviewer is told why: no cues in that language, or none of the brand's, or
        # its language is unsure and not English.
        told = "language is unsure" if r.analysis.language == UNSURE else f"'{r.analysis.language}'"
        assert told in r.draft.note, r.draft.note


def test_a_german_or_spanish_complaint_gets_no_emoji(results: list[Engagement]) -> None:
    for (language, text, kind), r in zip(CASES, results, strict=False):
        if language in ("de", "es") and kind in NEGATIVE and r.draft is not None:
            assert not has_emoji(r.draft.text), (text, r.draft.text)
