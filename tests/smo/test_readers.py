"""The shipped readers: the same probabilities as training, evidence in words, the model card."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from bot.smo.entities import extract_entities
from bot.smo.readers.features import featurize, normalise
from bot.smo.readers.model import COLUMNS, MODELS_DIR, Readers
from bot.smo.sentiment import SentimentScorer
from bot.smo.vader import VaderScores


@pytest.fixture(scope="module")
def readers() -> Readers:
    return Readers.load()


def vader(text: str) -> VaderScores:
    return SentimentScorer().scores(text, extract_entities(text).emojis)


def test_the_runtime_gives_the_probabilities_the_training_script_pinned(
    readers: Readers,
) -> None:
    pins = readers.card["pins"]
    assert len(pins) >= 4
    texts = [p["text"] for p in pins]
    got = readers.read(texts, [vader(t) for t in texts])
    for pin, reading in zip(pins, got, strict=True):
        assert reading.spam == pytest.approx(pin["spam"], abs=1e-5), pin["text"]
        assert reading.abuse == pytest.approx(pin["abuse"], abs=1e-5), pin["text"]
        assert list(reading.sentiment) == pytest.approx(pin["sentiment"], abs=1e-5), pin["text"]


def test_a_text_hashes_the_same_alone_and_in_a_batch() -> None:
    texts = ["First!!  Love it 😍", "", "ünïcödé café — @Someone https://x.example/a?b=1", "ok"]
    batch = featurize(texts)
    for i, text in enumerate(texts):
        alone = featurize([text])
        real = alone.bucket < (1 << alone.bits)
        mine = (batch.doc == i) & (batch.bucket < (1 << batch.bits))
        assert sorted(batch.bucket[mine]) == sorted(alone.bucket[real])
        assert batch.weight[i] == alone.weight[0]


def test_a_lone_surrogate_is_read_like_any_character(readers: Readers) -> None:
    text = "broken zip \ud83d again"
    [reading] = readers.read([text], [(0.0, 0.0, 0.0, 1.0)])
    assert 0.0 <= reading.spam <= 1.0
    assert featurize([text]).count == 1


def test_normalising_keeps_words_and_drops_what_varies() -> None:
    assert normalise("Visit HTTPS://Example.com/x  NOW @Bob") == "visit http now @user"


def test_spam_reads_as_spam_with_the_words_that_weighed(readers: Readers) -> None:
    text = "Check out my channel and subscribe, new videos every day!!"
    [reading] = readers.read([text], [vader(text)])
    assert reading.spam >= readers.thresholds["spam"]
    words = readers.evidence(text, "spam")
    assert words and all(w in text.lower() for w in words)
    assert any("channel" in w or "subscribe" in w for w in words)


def test_the_weights_are_small_enough_to_ship() -> None:
    assert (MODELS_DIR / "readers.npz").stat().st_size < 3_000_000
    with np.load(MODELS_DIR / "readers.npz") as saved:
        assert saved["weights"].shape[1] == len(COLUMNS)


def test_the_model_card_names_sources_licences_and_held_out_figures(readers: Readers) -> None:
    card = (MODELS_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    for source in ("youtube_dev", "tweeteval_offensive_val", "davidson", "vader_tweets",
                   "vader_amazon_reviews", "tweeteval_val", "sentiment140_test"):  # fmt: skip
        figures = card.split("## Figures", 1)[-1]
        row = next((line for line in figures.splitlines() if source in line), "")
        # Each set's row has a held-out figure and a training-fit figure.
        assert len(re.findall(r"0\.\d{3}", row)) >= 2, source
    for licence in ("CC BY 4.0", "MIT", "research use"):
        assert licence in card
    for label in ("spam", "abuse"):
        assert f"{label} from {readers.thresholds[label]:.2f}" in card
        assert f"from {readers.thresholds[f'{label}_from_customer']:.2f} when" in card
    assert "offensive" not in readers.thresholds  # comments that do not swear: never marked
    assert f"from {readers.thresholds['offensive_words']:.2f} for a comment that swears" in card


def test_the_shipped_files_are_package_data() -> None:
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert re.search(r'"bot\.smo" = \[[^\]]*models/\*\.npz', pyproject)
