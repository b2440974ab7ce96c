"""A phrase bank matches its phrases as whole words, hyphenated words included."""

from __future__ import annotations

import re

import pytest

from bot.text.gate import Gated
from bot.text.whole_words import gated_words, whole_words


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("it arrived late again", "late"),
        ("still waiting for my parcel", "still waiting"),
        ("a chocolate cake", None),
        ("the late-night show", None),
        ("so pre-late", None),
        ("late.", "late"),
    ],
)
def test_a_phrase_matches_only_as_whole_words(text: str, found: str | None) -> None:
    pattern = re.compile(whole_words("late", r"still waiting"))
    match = pattern.search(text)
    assert (match.group(0) if match else None) == found


def test_a_gated_bank_answers_as_the_pattern_itself() -> None:
    bank = gated_words(r"(?:never|not) (?:got|received) (?:it|my \w+)", "refund\\w*")
    assert isinstance(bank, Gated)
    texts = ["i never got my parcel", "refunded twice", "we got it", "a nonrefundable fare"]
    plain = re.compile(whole_words(r"(?:never|not) (?:got|received) (?:it|my \w+)", "refund\\w*"))
    assert [bool(bank.search(t)) for t in texts] == [True, True, False, False]
    assert [m.group(0) for t in texts if (m := bank.search(t))] == [
        m.group(0) for t in texts if (m := plain.search(t))
    ]
