"""Match a question to a brand's FAQ by TF-IDF cosine over words and character n-grams."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.smo.lexicon import ENGLISH_STOP_WORDS, word_list
from bot.text.tfidf import Matrix, Tfidf, char_wb_ngrams, l2_normalize, word_ngrams

__all__ = ["FAQ_THRESHOLD", "FaqIndex", "FaqMatch"]

# Below this cosine the draft asks a person to answer. On the 43 FAQ questions in
# tests/smo/labelled.jsonl (`python -m training.calibrate`), 0.25 answers about half of them with
# ~95 % right; 0.2 answers more but wrongly twice as often, and a wrong answer published in the
# brand's name costs more than a person writing one.
FAQ_THRESHOLD = 0.25

# Everyday comment phrasing mixed into the IDF statistics so that words every question shares
# ("do you", "is it", "can I") weigh little even when a brand has only two FAQ entries.
_BACKGROUND: tuple[str, ...] = word_list("faq.yaml", "background")

# Questions are scored this many at a time, so a long backlog never holds one dense row per
# question and FAQ term (a few thousand) at once.
_BATCH = 256


@dataclass(frozen=True, slots=True)
class FaqMatch:
    """The FAQ entry closest to a question and its cosine similarity in [0, 1]."""

    index: int
    question: str
    answer: str
    score: float


class FaqIndex:
    """One brand's FAQ, vectorised once; ``match`` scores many questions in one pass.

    Each entry is indexed as its question plus its answer (customers ask in the answer's words:
    "can I get a refund" finds "…returned within 30 days for a refund"). Character n-grams
    catch inflections and typos, words with English stop words removed catch the topic.
    """

    def __init__(self, entries: Sequence[tuple[str, str]]) -> None:
        self._entries = tuple(entries)
        self._parts: tuple[Tfidf, ...] = ()
        if not self._entries:
            return
        self._parts = (
            Tfidf(char_wb_ngrams((3, 5)), sublinear_tf=True),
            Tfidf(word_ngrams((1, 2), ENGLISH_STOP_WORDS), sublinear_tf=True),
        )
        documents = [f"{q} {a}" for q, a in self._entries]
        for part in self._parts:
            part.fit([*documents, *_BACKGROUND])
        self._matrix = self._vectors(documents)

    def __len__(self) -> int:
        return len(self._entries)

    def match(self, texts: Sequence[str]) -> list[FaqMatch | None]:
        """The best entry for each text (None when the brand has no FAQ)."""
        if not self._parts or not texts:
            return [None] * len(texts)
        matches: list[FaqMatch | None] = []
        for start in range(0, len(texts), _BATCH):
            # Rows are L2-normalised, so the dot product is the cosine.
            scores = self._vectors(texts[start : start + _BATCH]) @ self._matrix.T
            for row, index in enumerate(np.argmax(scores, axis=1)):
                question, answer = self._entries[int(index)]
                matches.append(FaqMatch(int(index), question, answer, float(scores[row, index])))
        return matches

    def _vectors(self, texts: Sequence[str]) -> Matrix:
        """Character and word vectors side by side, the pair scaled to unit length."""
        return l2_normalize(np.hstack([part.transform(texts) for part in self._parts]))
