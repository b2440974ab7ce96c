"""Our TF-IDF vectors agree with scikit-learn's TfidfVectorizer under the settings we use."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from bot.smo.lexicon import ENGLISH_STOP_WORDS
from bot.text.tfidf import Analyzer, Tfidf, char_wb_ngrams, l2_normalize, word_ngrams
from training.calibrate import EVALUATION_FAQ, load_labelled

STOP = sorted(ENGLISH_STOP_WORDS)

# (our analyzer, sublinear tf, scikit-learn's arguments): the FAQ's two parts, the hashtag
# context, defaults, and character n-grams from 1 so that words shorter than n come up.
CONFIGS: dict[str, tuple[Analyzer, bool, dict[str, Any]]] = {
    "faq_chars": (
        char_wb_ngrams((3, 5)),
        True,
        {"analyzer": "char_wb", "ngram_range": (3, 5), "sublinear_tf": True},
    ),
    "faq_words": (
        word_ngrams((1, 2), ENGLISH_STOP_WORDS),
        True,
        {"ngram_range": (1, 2), "sublinear_tf": True, "stop_words": STOP},
    ),
    "hashtag_context": (
        word_ngrams(stop_words=ENGLISH_STOP_WORDS),
        True,
        {"sublinear_tf": True, "stop_words": STOP},
    ),
    "defaults": (word_ngrams(), False, {}),
    "short_chars": (char_wb_ngrams((1, 4)), False, {"analyzer": "char_wb", "ngram_range": (1, 4)}),
}


ODD_TEXTS = (
    "",
    "   ",
    "a I ok",
    "the and of",  # stop words only
    "ÉTÉ à Zürich — ÇA VA?\tJa, sehr GUT!!\n\nne  pas",
    "Don't   you’d… can't_won't x_y 2x4 3.5mm #TrailTested @alpenglow https://ex.am/p?q=1",
    "🥾🔥 love it 😍😍 sooo gooood",
    "ﬁne ﬂow İstanbul straße ΣΑΣ",
    "tab\tnew\nline\r\nform\x0cfeed\u00a0nbsp\u2003em\u3000ideo\u2028sep",
)


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return [f"{q} {a}" for _, q, a in EVALUATION_FAQ] + [r.text for r in load_labelled()[::3]]


@pytest.fixture(scope="module")
def queries() -> list[str]:
    return [r.text for r in load_labelled()[1::3]] + list(ODD_TEXTS)


@pytest.mark.parametrize("name", CONFIGS)
@pytest.mark.slow
def test_vectors_agree_with_scikit_learn(name: str, corpus: list[str], queries: list[str]) -> None:
    analyzer, sublinear_tf, arguments = CONFIGS[name]
    ours = Tfidf(analyzer, sublinear_tf=sublinear_tf).fit(corpus)
    theirs = TfidfVectorizer(**arguments).fit(corpus)
    assert ours.vocabulary == theirs.vocabulary_
    np.testing.assert_allclose(ours.idf, theirs.idf_, rtol=0, atol=1e-12)
    for texts in (corpus, queries):
        mine = ours.transform(texts)
        expected = theirs.transform(texts).toarray()
        np.testing.assert_allclose(mine, expected, rtol=0, atol=1e-9)
        np.testing.assert_allclose(mine @ mine.T, cosine_similarity(expected), rtol=0, atol=1e-9)


@pytest.mark.parametrize("name", CONFIGS)
def test_fit_transform_is_fit_then_transform(name: str, corpus: list[str]) -> None:
    analyzer, sublinear_tf, _ = CONFIGS[name]
    np.testing.assert_array_equal(
        Tfidf(analyzer, sublinear_tf=sublinear_tf).fit_transform(corpus),
        Tfidf(analyzer, sublinear_tf=sublinear_tf).fit(corpus).transform(corpus),
    )


_TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ éÜß_'’-.#@ 1 2\t\n\u00a0\u3000😍ﬁİ")), max_size=60
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(text=_TEXT)
@pytest.mark.slow
def test_terms_agree_with_scikit_learns_analyzers(text: str) -> None:
    for analyzer, _, arguments in CONFIGS.values():
        expected = TfidfVectorizer(**arguments).build_analyzer()(text)
        assert Counter(analyzer(text)) == Counter(expected)


def test_unseen_and_stop_words_give_zero_rows() -> None:
    vectors = Tfidf(word_ngrams(stop_words=ENGLISH_STOP_WORDS)).fit(["waterproof boots", "the"])
    rows = vectors.transform(["of the and", "sandals", "boots"])
    assert not rows[:2].any()
    assert rows[2] @ rows[2] == pytest.approx(1.0)
    assert not Tfidf(word_ngrams(stop_words=ENGLISH_STOP_WORDS)).fit_transform(["the"]).any()


def test_l2_normalize_keeps_zero_rows() -> None:
    rows = l2_normalize(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(rows, [[0.6, 0.8], [0.0, 0.0]])


@pytest.mark.slow
def test_the_bot_runs_without_scikit_learn() -> None:
    code = (
        "import sys, bot.cli, bot.app, bot.insights, bot.smo, bot.summary; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
