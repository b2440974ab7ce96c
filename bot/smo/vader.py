"""VADER's compound score exactly as vaderSentiment computes it, with less work."""

from __future__ import annotations

import string
from typing import Any

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    SentimentIntensityAnalyzer,
    SentiText,
    allcap_differential,
    normalize,
)

__all__ = ["CompoundScorer"]

_PUNCTUATION = string.punctuation


class CompoundScorer:
    """``polarity_scores(text)["compound"]`` of one analyzer, taking shortcuts the analyzer
    itself would reach the long way.

    VADER rebuilds the text character by character to spell out emojis, then gives every word
    outside its lexicon (and every booster) a valence of 0 and works out the positive, negative
    and neutral shares the compound score never reads. Here a text without an emoji character
    skips the rebuild, a text without a lexicon word scores 0.0 at once, and words are scored
    by the analyzer's own ``sentiment_valence`` only where that can give something other than 0;
    a text with an emoji character goes to the analyzer whole.
    """

    def __init__(self, analyzer: SentimentIntensityAnalyzer) -> None:
        self._analyzer = analyzer
        self._lexicon: dict[str, float] = analyzer.lexicon
        # VADER looks emojis up one character at a time, so only one-character keys can match.
        self._emoji_chars = frozenset(key for key in analyzer.emojis if len(key) == 1)

    def compound(self, text: str) -> float:
        analyzer = self._analyzer
        if not self._emoji_chars.isdisjoint(text):
            return float(analyzer.polarity_scores(text)["compound"])
        text = text.strip()
        # ``SentiText._strip_punc_if_word`` of each word: stripped of punctuation at both
        # ends, unless that leaves two characters or fewer (an emoticon such as ":)").
        words = [w if len(s := w.strip(_PUNCTUATION)) <= 2 else s for w in text.split()]
        lowers = [word.lower() for word in words]
        lexicon = self._lexicon
        if lexicon.keys().isdisjoint(lowers):
            return 0.0
        senti_text: Any = SentiText.__new__(SentiText)
        senti_text.text = text
        senti_text.words_and_emoticons = words
        senti_text.is_cap_diff = allcap_differential(words)
        last = len(words) - 1
        sentiments: list[float] = []
        for i, low in enumerate(lowers):
            if low in BOOSTER_DICT or (i < last and low == "kind" and lowers[i + 1] == "of"):
                sentiments.append(0)
            elif low in lexicon:
                sentiments = analyzer.sentiment_valence(0, senti_text, words[i], i, sentiments)
            else:
                sentiments.append(0)
        if "but" in lowers:
            sentiments = analyzer._but_check(words, sentiments)
        total = float(sum(sentiments))
        emphasis = analyzer._punctuation_emphasis(text)
        if total > 0:
            total += emphasis
        elif total < 0:
            total -= emphasis
        return float(round(normalize(total), 4))
