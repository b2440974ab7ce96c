"""Intent figures on real customer-service tweets, from our id → label file (the tweets stay
in ../shared/data; the tests that read them skip, naming the file, where it is missing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.smo.twcs_figures import (
    COMMENTS,
    DATA,
    LABELS,
    TRAIN_LABELS,
    Read,
    figures,
    load_labels,
    read_all,
)
from training import train_intents

# The tweets are third-party data kept beside the repository, not in it: the tests that read
# them skip, naming the file they looked for, where it is missing. The id → label files are ours
# (committed), so the test of their shape always runs.
needs_tweets = pytest.mark.skipif(
    not (DATA / COMMENTS).is_file(), reason=f"third-party tweets not found at {DATA / COMMENTS}"
)

# The figures docs/analyze.md reports for the cues (the engine as shipped), rounded as there:
# the development half (the cues were tuned on it), the held-back half (labelled after tuning,
# never tuned on) and 500 more tweets labelled later (``train``: not used to tune the cues; the
# intent reader is fitted on them and on the development half). Better readings may beat them.
REPORTED = {
    "train": {
        "complaint recall": 0.59,
        "support recall": 0.41,
        "question recall": 0.93,
        "praise precision": 0.62,
    },
    "dev": {
        "complaint recall": 0.88,
        "support recall": 0.82,
        "question recall": 0.92,
        "praise precision": 0.68,
    },
    "holdout": {
        "complaint recall": 0.48,
        "support recall": 0.32,
        "question recall": 0.98,
        "praise precision": 0.50,
    },
}
OTHER_AT_MOST = {"train": 0.25, "dev": 0.18, "holdout": 0.28}


def test_labels_are_ids_and_labels_only() -> None:
    labels = load_labels()
    assert len(labels) >= 800
    assert {lab.split for lab in labels} == {"train", "dev", "holdout"}
    assert len({lab.id for lab in labels}) == len(labels)
    for path in (LABELS, TRAIN_LABELS):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert set(json.loads(line)) == {"id", "split", "intents", "mixed"}


@pytest.fixture(scope="module")
def reads() -> dict[str, Read]:
    return read_all()


@needs_tweets
@pytest.mark.slow
@pytest.mark.parametrize("split", ["train", "dev", "holdout"])
def test_the_reported_figures(split: str, reads: dict[str, Read]) -> None:
    chosen = [lab for lab in load_labels() if lab.split == split]
    found = figures(chosen, reads)
    for name, floor in REPORTED[split].items():
        assert round(found[name], 2) >= floor, (name, found[name])
    assert round(found["other share"], 2) <= OTHER_AT_MOST[split]


@needs_tweets
@pytest.mark.slow
def test_the_mixed_comments_of_the_development_half_are_flagged(reads: dict[str, Read]) -> None:
    dev = [lab for lab in load_labels() if lab.split == "dev"]
    assert figures(dev, reads)["mixed recall"] == 1.0


# The held-back half read with the intent reader fitted on ``train`` and ``dev`` (never on the
# held-back half; measured once, after the reader's recipe and thresholds were fixed). The
# reader is not shipped (the tweets are evaluation-only), so it is fitted here.
WITH_READER = {
    "complaint recall": 0.88,
    "support recall": 0.79,
    "question recall": 0.98,
    "praise precision": 0.50,
}
WITH_READER_OTHER_AT_MOST = 0.06


@needs_tweets
@pytest.mark.slow
def test_the_held_back_half_read_with_the_intent_reader(tmp_path: Path) -> None:
    train_intents.train(DATA, tmp_path)
    holdout = [lab for lab in load_labels() if lab.split == "holdout"]
    found = figures(holdout, read_all(DATA, tmp_path))
    for name, floor in WITH_READER.items():
        assert round(found[name], 2) >= floor, (name, found[name])
    assert round(found["other share"], 2) <= WITH_READER_OTHER_AT_MOST
