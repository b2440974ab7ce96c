"""The trainer's extra not-spam sets: which tweets of a sentiment set count again."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from training.data import LabelledSet
from training.train_readers import Part, matrix, mentions, negative_links

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
