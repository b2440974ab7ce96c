"""VADER's scores exactly as vaderSentiment computes them, with less work."""

from __future__ import annotations

import math
import string
from typing import Any, NamedTuple

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    SentimentIntensityAnalyzer,
    SentiText,
    allcap_differential,
    normalize,
)

__all__ = ["CompoundScorer", "VaderScores"]

_PUNCTUATION = string.punctuation


class VaderScores(NamedTuple):
    """``polarity_scores``: the compound score, then the positive, negative and neutral shares
    of the words (the shares, VADER's own, also feed the sentiment reader)."""

    compound: float
    positive: float
    negative: float
    neutral: float


def _shares(sentiments: list[float], emphasis: float) -> tuple[float, float, float]:
    """The positive, negative and neutral shares, as ``score_valence`` works them out."""
    positive = sum(s + 1.0 for s in sentiments if s > 0)
    negative = sum(s - 1.0 for s in sentiments if s < 0)
    neutral = float(sum(1 for s in sentiments if s == 0))
    if positive > math.fabs(negative):
        positive += emphasis
    elif positive < math.fabs(negative):
        negative -= emphasis
    total = positive + math.fabs(negative) + neutral
    return (
        round(math.fabs(positive / total), 3),
        round(math.fabs(negative / total), 3),
        round(math.fabs(neutral / total), 3),
    )


class CompoundScorer:
    """``polarity_scores(text)`` of one analyzer, taking shortcuts the analyzer itself would
    reach the long way.

    VADER rebuilds the text character by character to spell out emojis, then gives every word
    outside its lexicon (and every booster) a valence of 0. Here a text without an emoji
    character skips the rebuild, a text without a lexicon word scores 0.0 (all neutral) at
    once, and words are scored by the analyzer's own ``sentiment_valence`` only where that can
    give something other than 0; a text with an emoji character goes to the analyzer whole.
    """

    def __init__(self, analyzer: SentimentIntensityAnalyzer) -> None:
        self._analyzer = analyzer
        self._lexicon: dict[str, float] = analyzer.lexicon
        # VADER looks emojis up one character at a time, so only one-character keys can match.
        self._emoji_chars = frozenset(key for key in analyzer.emojis if len(key) == 1)

    def compound(self, text: str) -> float:
        return self.scores(text).compound

    def scores(self, text: str) -> VaderScores:
        """``polarity_scores(text)`` as a tuple."""
        analyzer = self._analyzer
        if not self._emoji_chars.isdisjoint(text):
            found = analyzer.polarity_scores(text)
            return VaderScores(
                float(found["compound"]),
                float(found["pos"]),
                float(found["neg"]),
                float(found["neu"]),
            )
        text = text.strip()
        # ``SentiText._strip_punc_if_word`` of each word: stripped of punctuation at both
        # ends, unless that leaves two characters or fewer (an emoticon such as ":)").
        words = [w if len(s := w.strip(_PUNCTUATION)) <= 2 else s for w in text.split()]
        lowers = [word.lower() for word in words]
        lexicon = self._lexicon
        if lexicon.keys().isdisjoint(lowers):
            return VaderScores(0.0, 0.0, 0.0, 1.0 if words else 0.0)
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
        return VaderScores(float(round(normalize(total), 4)), *_shares(sentiments, emphasis))
