"""Accuracy floors on our hand-labelled comments and on the generated samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.models import Engagement
from bot.smo.faq import FAQ_THRESHOLD
from bot.smo.intents import INTENTS
from training.calibrate import (
    DEFAULT_LABELLED,
    Labelled,
    faq_outcome,
    intent_scores,
    load_labelled,
    main,
    raw_sentiment,
    run_engine,
    run_samples,
    sentiment_accuracy,
)

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def labelled() -> list[Labelled]:
    return load_labelled(DEFAULT_LABELLED)


@pytest.fixture(scope="module")
def results(labelled: list[Labelled]) -> list[Engagement]:
    return run_engine(labelled)


@pytest.fixture(scope="module")
def raw(labelled: list[Labelled]) -> list[float]:
    return raw_sentiment([r.text for r in labelled])


def split(rows: list[Labelled], name: str) -> list[int]:
    return [i for i, r in enumerate(rows) if r.split == name]


def test_labelled_set_is_big_and_varied(labelled: list[Labelled]) -> None:
    assert len(labelled) >= 300
    assert len({r.text for r in labelled}) == len(labelled)
    for intent in INTENTS:
        assert sum(intent in r.intents for r in labelled) >= 15, intent
    assert {r.sentiment for r in labelled} == {"positive", "neutral", "negative"}
    assert {"de", "es"} <= {r.lang for r in labelled}
    assert sum(r.split == "holdout" for r in labelled) >= 90


def test_sentiment_thresholds_are_the_best_on_dev_and_hold_up_on_holdout(
    labelled: list[Labelled], results: list[Engagement], raw: list[float]
) -> None:
    dev = split(labelled, "dev")
    pick = ([labelled[i] for i in dev], [results[i] for i in dev], [raw[i] for i in dev])
    chosen = sentiment_accuracy(*pick)
    grid = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
    best = max(sentiment_accuracy(*pick, p, -n) for p in grid for n in grid)
    assert chosen >= best - 0.01
    assert chosen > sentiment_accuracy(*pick, 0.05, -0.05)

    holdout = split(labelled, "holdout")
    held = sentiment_accuracy(
        [labelled[i] for i in holdout], [results[i] for i in holdout], [raw[i] for i in holdout]
    )
    assert held >= 0.78
    assert sentiment_accuracy(labelled, results, raw) >= 0.85


def test_intent_precision_and_recall_on_labelled(
    labelled: list[Labelled], results: list[Engagement]
) -> None:
    every = intent_scores([r.intents for r in labelled], results)
    assert every.micro_f1() >= 0.87
    for intent in ("abuse", "spam", "complaint", "question", "praise", "purchase_intent"):
        assert every.precision(intent) >= 0.85, intent
    for intent in ("spam", "complaint", "question", "praise", "purchase_intent"):
        assert every.recall(intent) >= 0.75, intent
    holdout = split(labelled, "holdout")
    held = intent_scores([labelled[i].intents for i in holdout], [results[i] for i in holdout])
    assert held.micro_f1() >= 0.8


def test_faq_threshold_keeps_wrong_answers_rare(labelled: list[Labelled]) -> None:
    outcome = faq_outcome(labelled, FAQ_THRESHOLD)
    assert outcome.asked >= 40
    assert outcome.precision >= 0.9
    assert outcome.answered >= 0.45 * outcome.asked
    looser = faq_outcome(labelled, FAQ_THRESHOLD - 0.1)
    assert looser.answered - looser.right > outcome.answered - outcome.right


def test_language_is_right_when_it_is_given(
    labelled: list[Labelled], results: list[Engagement]
) -> None:
    given = [(r, e.analysis.language) for r, e in zip(labelled, results, strict=True)]
    detected = [(r, code) for r, code in given if code is not None]
    assert len(detected) >= 0.8 * len(labelled)
    assert sum(code == r.lang for r, code in detected) >= 0.97 * len(detected)


def test_calibrate_script_prints_its_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(DEFAULT_LABELLED)]) == 0
    report = capsys.readouterr().out
    assert "sentiment thresholds, dev" in report and "<- chosen" in report
    assert "micro-F1" in report


def test_intents_on_the_generated_samples() -> None:
    run = run_samples(SAMPLES)
    scores = intent_scores(run.truths, run.engagements)
    assert scores.micro_f1() >= 0.78
    for intent, floor in (("abuse", 0.9), ("spam", 0.9), ("complaint", 0.85), ("question", 0.75)):
        assert scores.precision(intent) >= floor, intent
    for intent, floor in (("abuse", 0.9), ("spam", 0.8), ("complaint", 0.85), ("question", 0.9)):
        assert scores.recall(intent) >= floor, intent
    # The samples label a mixed comment ("love it, but the strap broke") praise and complaint;
    # the engine flags it mixed and answers the complaint, so praise recall sits lower.
    assert scores.precision("praise") >= 0.75 and scores.recall("praise") >= 0.78
    right = sum(
        e.analysis.sentiment == s for e, s in zip(run.engagements, run.sentiments, strict=True)
    )
    # The learned sentiment reader is fitted on real tweets and reviews, not on these generated
    # samples (the VADER thresholds it replaced were tuned on them and read 0.78 here; it reads
    # ~0.70, and the non-English samples without a cue are now "unknown", a miss here).
    assert right >= 0.68 * len(run.sentiments)
