"""FAQ scores agree with the scikit-learn pipeline the FAQ threshold was calibrated on."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import normalize

from bot.smo.faq import _BATCH, FaqIndex
from bot.smo.lexicon import ENGLISH_STOP_WORDS, word_list
from training.calibrate import EVALUATION_FAQ, load_labelled

ENTRIES = [(q, a) for _, q, a in EVALUATION_FAQ]


def _scikit_learn_scores(entries: list[tuple[str, str]], texts: list[str]) -> np.ndarray:
    union = FeatureUnion(
        [
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)),
            (
                "words",
                TfidfVectorizer(
                    ngram_range=(1, 2), sublinear_tf=True, stop_words=sorted(ENGLISH_STOP_WORDS)
                ),
            ),
        ]
    )
    documents = [f"{q} {a}" for q, a in entries]
    union.fit([*documents, *word_list("faq.yaml", "background")])
    matrix = normalize(union.transform(documents))
    return np.asarray((normalize(union.transform(texts)) @ matrix.T).toarray())


def test_scores_agree_with_scikit_learn() -> None:
    texts = [r.text for r in load_labelled()]
    expected = _scikit_learn_scores(ENTRIES, texts)
    found = FaqIndex(ENTRIES).match(texts)
    for row, match in enumerate(found):
        assert match is not None
        assert abs(match.score - expected[row].max()) < 1e-9
        assert abs(expected[row, match.index] - expected[row].max()) < 1e-9


@pytest.mark.slow
def test_many_questions_score_as_one_at_a_time() -> None:
    texts = [r.text for r in load_labelled()] * 2
    assert len(texts) > 2 * _BATCH
    index = FaqIndex(ENTRIES)
    together = index.match(texts)
    alone = [index.match([t])[0] for t in texts]
    assert len(together) == len(alone)
    for one, other in zip(together, alone, strict=True):
        assert one is not None and other is not None
        assert one.index == other.index
        assert abs(one.score - other.score) < 1e-12
