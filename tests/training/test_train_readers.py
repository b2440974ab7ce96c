"""The trainer: its extra not-spam sets, and the naive-Bayes scaling of the sentiment fit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from training import train_readers
from training.data import LabelledSet
from training.train_readers import Part, matrix, mentions, nb_scale, negative_links

# Made-up tweets with their sentiment (not data): a part as ``ham`` gives it, all not spam.
TWEETS = (
    ("@acme my parcel never came http://t.co/x", "negative"),
    ("the app crashed again, see www.example.com/shot", "negative"),
    ("@acme love it, thanks", "positive"),
    ("new colours here http://t.co/y", "positive"),
    ("@acme still waiting on my refund", "negative"),
    ("nothing to say", "neutral"),
)


def not_spam() -> Part:
    texts = [t for t, _ in TWEETS]
    data = LabelledSet(
        "sentiment/made_up",
        Path("made_up.jsonl"),
        [f"m{i}" for i in range(len(TWEETS))],
        texts,
        [label for _, label in TWEETS],
    )
    return Part(data, matrix(texts), np.zeros(len(TWEETS), bool), np.full(len(TWEETS), -1))


def test_negative_tweets_with_a_link_form_their_own_set() -> None:
    found = negative_links(not_spam())
    assert found.data.name == "sentiment/made_up#negative_links"
    assert found.data.ids == ["m0", "m1"]
    assert found.matrix.shape[0] == 2
    assert not found.labels.any()
    assert (found.folds == -1).all()
    assert found.matrix[1].toarray().tolist() == not_spam().matrix[1].toarray().tolist()


def test_tweets_that_mention_someone_without_a_link_form_their_own_set() -> None:
    found = mentions(not_spam())
    assert found.data.name == "sentiment/made_up#mentions"
    assert found.data.ids == ["m2", "m4"]
    assert found.data.labels == ["positive", "negative"]


def test_naive_bayes_scale_favours_the_columns_that_tell_classes_apart() -> None:
    # Column 0 only in positive rows, column 1 in every row, column 2 a dense score.
    x = sp.csr_matrix(np.array([[1, 1, 0.5], [1, 1, 0.2], [0, 1, -0.3], [0, 1, 0.0]]))
    y = np.array(["positive", "positive", "negative", "neutral"])
    scale = nb_scale(x, y, 2, 1.0)
    assert scale[0] > scale[1] > 0
    assert scale[2] == 1.0


def test_a_scaled_sentiment_fit_reads_unscaled_features(monkeypatch: pytest.MonkeyPatch) -> None:
    found = not_spam()
    part = replace(found, labels=np.array(found.data.labels), folds=np.zeros(len(TWEETS), int))
    monkeypatch.setattr(train_readers, "SENTIMENT_NB_SMOOTHING", 1.0)
    model = train_readers.fit_sentiment([part], None)
    scale = nb_scale(part.matrix, part.labels, 1 << train_readers.BITS_USED, 1.0)
    direct = LogisticRegression(C=train_readers.SENTIMENT_C, max_iter=3000)
    direct.fit(part.matrix @ sp.diags(scale), part.labels)
    assert np.allclose(
        model.predict_proba(part.matrix),
        direct.predict_proba(part.matrix @ sp.diags(scale)),
        atol=1e-6,
    )
