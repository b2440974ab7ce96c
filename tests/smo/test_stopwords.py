"""The English stop word list: plain lower-case function words that tokenise as themselves."""

from __future__ import annotations

import re

from bot.smo.lexicon import ENGLISH_STOP_WORDS


def test_words_are_lower_case_letters_only() -> None:
    assert all(re.fullmatch(r"[a-z]+", w) for w in ENGLISH_STOP_WORDS)


def test_common_function_words_are_in_and_topic_words_out() -> None:
    assert {"the", "and", "you", "is", "are", "do", "with", "to", "what"} <= ENGLISH_STOP_WORDS
    assert not {"ship", "refund", "waterproof", "vegan", "store", "size"} & ENGLISH_STOP_WORDS
