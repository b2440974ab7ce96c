"""TF-IDF vectors as scikit-learn's TfidfVectorizer makes them (smooth idf, unit-length rows)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["Analyzer", "Matrix", "Tfidf", "char_wb_ngrams", "l2_normalize", "word_ngrams"]

Analyzer = Callable[[str], list[str]]
"""Turns one document into its terms, repeated as often as they occur."""

Matrix = npt.NDArray[np.float64]

# scikit-learn's default token: two or more word characters.
_TOKEN = re.compile(r"\b\w\w+\b")


def word_ngrams(
    ngram_range: tuple[int, int] = (1, 1), stop_words: Collection[str] = frozenset()
) -> Analyzer:
    """Lower-cased words, stop words dropped before the words are joined into n-grams."""
    low, high = ngram_range

    def analyze(text: str) -> list[str]:
        words = [w for w in _TOKEN.findall(text.lower()) if w not in stop_words]
        return [
            " ".join(words[i : i + n])
            for n in range(low, high + 1)
            for i in range(len(words) - n + 1)
        ]

    return analyze


def char_wb_ngrams(ngram_range: tuple[int, int]) -> Analyzer:
    """Lower-cased character n-grams inside each word padded with a space on either side."""
    low, high = ngram_range

    def analyze(text: str) -> list[str]:
        grams: list[str] = []
        for word in text.lower().split():
            padded = f" {word} "
            for n in range(low, high + 1):
                grams.extend(padded[i : i + n] for i in range(max(len(padded) - n + 1, 1)))
                # A word no longer than n is one gram, counted once rather than once per n.
                if len(padded) <= n:
                    break
        return grams

    return analyze


def l2_normalize(rows: Matrix) -> Matrix:
    """Each row scaled to unit length; all-zero rows stay zero."""
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms > 0, norms, 1.0)


class Tfidf:
    """The vocabulary and idf weights of a corpus; ``transform`` gives unit-length rows.

    Term frequency is the raw count, or 1 + ln(count) with ``sublinear_tf``; idf is
    ln((1 + documents) / (1 + documents with the term)) + 1. Terms are columns in sorted order.
    """

    def __init__(self, analyzer: Analyzer, *, sublinear_tf: bool = False) -> None:
        self._analyzer = analyzer
        self._sublinear_tf = sublinear_tf
        self.vocabulary: dict[str, int] = {}
        self.idf: npt.NDArray[np.float64] = np.zeros(0)

    def fit(self, documents: Iterable[str]) -> Tfidf:
        seen_in: Counter[str] = Counter()
        count = 0
        for document in documents:
            seen_in.update(set(self._analyzer(document)))
            count += 1
        terms = sorted(seen_in)
        self.vocabulary = {term: column for column, term in enumerate(terms)}
        df = np.array([seen_in[t] for t in terms], dtype=np.float64)
        self.idf = np.log((count + 1) / (df + 1)) + 1
        return self

    def transform(self, documents: Sequence[str]) -> Matrix:
        """One row per document; terms the corpus lacked are ignored."""
        rows = np.zeros((len(documents), len(self.vocabulary)))
        for row, document in enumerate(documents):
            for term, count in Counter(self._analyzer(document)).items():
                column = self.vocabulary.get(term)
                if column is not None:
                    rows[row, column] = count
        if self._sublinear_tf:
            present = rows > 0
            np.log(rows, out=rows, where=present)
            rows[present] += 1
        rows *= self.idf
        return l2_normalize(rows)

    def fit_transform(self, documents: Sequence[str]) -> Matrix:
        return self.fit(documents).transform(documents)
