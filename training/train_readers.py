"""Fit the readers on a data folder and write bot/smo/models/readers.{npz,json}.

Usage: python -m training.train_readers [DATA] [--out FOLDER] [--fold K --folds N]

Reproducible: fixed folds from item ids, deterministic solvers. With ``--fold K`` the readers are
fitted on every item outside fold K only (``training.eval_readers`` measures them on fold K).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from bot.smo.entities import extract_entities
from bot.smo.readers.features import BITS, CHAR_SIZES, featurize
from bot.smo.readers.model import COLUMNS, MODELS_DIR
from bot.smo.sentiment import SentimentScorer
from training.data import ABUSE, SENTIMENT, LabelledSet, fold_of, load

BITS_USED = 17
FOLDS = 5
SPAM_C = 30.0
ABUSE_C = 10.0
SENTIMENT_C = 3.0
# Davidson's insults between users are many and unlike a brand's comments: they count less.
DAVIDSON_WEIGHT = 0.2
SPAM_SETS = ("spam/youtube_dev",)  # the SMS collection lowered cross-validated F1 (0.96 → 0.91)
# Synthetic strings whose probabilities the tests pin (written for socialpulse, not data).
PIN_TEXTS = (
    "Check out my channel and subscribe for daily giveaways http://example.com/win",
    "The strap broke after two days and nobody answers my emails",
    "Absolutely love the new colours, thank you!",
    "Is the rain shell available in size 42?",
    "",
)


@dataclass(frozen=True)
class Part:
    """One set's items as fitted: features, labels and the fold of each item."""

    data: LabelledSet
    matrix: sp.csr_matrix
    labels: np.ndarray
    folds: np.ndarray


def matrix(texts: list[str], compounds: np.ndarray | None = None) -> sp.csr_matrix:
    """The hashed n-grams (and the VADER compound as one last column) of ``texts``."""
    found = featurize(texts, BITS_USED)
    rows, cols, values = found.entries()
    hashed = sp.csr_matrix((values, (rows, cols)), shape=(len(texts), 1 << BITS_USED))
    if compounds is None:
        compounds = np.zeros(len(texts))
    return sp.hstack([hashed, sp.csr_matrix(compounds[:, None])], format="csr")


def compounds(texts: list[str]) -> np.ndarray:
    """VADER's compound as the engine computes it (our emoji weights included)."""
    scorer = SentimentScorer()
    return np.array([scorer.compound(t, extract_entities(t).emojis) for t in texts])


def part(data: Path, name: str, key: str, with_vader: bool) -> Part:
    found = load(data, name, key)
    vader = compounds(found.texts) if with_vader else None
    folds = np.array([fold_of(i, FOLDS) for i in found.ids])
    return Part(found, matrix(found.texts, vader), np.array(found.labels), folds)


def stack(parts: list[Part], skip_fold: int | None, weights: dict[str, float] | None = None):
    keep = [p.folds != skip_fold if skip_fold is not None else np.ones(len(p.labels), bool)
            for p in parts]
    x = sp.vstack([p.matrix[k] for p, k in zip(parts, keep)], format="csr")
    y = np.concatenate([p.labels[k] for p, k in zip(parts, keep)])
    w = np.concatenate(
        [np.full(int(k.sum()), (weights or {}).get(p.data.name, 1.0)) for p, k in zip(parts, keep)]
    )
    return x, y, w


def fit_binary(parts: list[Part], c: float, skip_fold: int | None, weights=None):
    x, y, w = stack(parts, skip_fold, weights)
    model = LogisticRegression(C=c, solver="liblinear", class_weight="balanced")
    return model.fit(x, y.astype(bool), sample_weight=w)


def fit_sentiment(parts: list[Part], skip_fold: int | None):
    x, y, _ = stack(parts, skip_fold)
    return LogisticRegression(C=SENTIMENT_C, max_iter=3000).fit(x, y)


def best_threshold(labels: np.ndarray, probability: np.ndarray) -> float:
    """The threshold with the best F1 on out-of-fold probabilities."""
    best, chosen = -1.0, 0.5
    for t in np.arange(0.2, 0.81, 0.05):
        guess = probability >= t
        tp = float(np.sum(guess & labels))
        f1 = 2 * tp / max(1.0, 2 * tp + np.sum(guess & ~labels) + np.sum(~guess & labels))
        if f1 > best + 1e-9:
            best, chosen = f1, round(float(t), 2)
    return chosen


def out_of_fold(parts: list[Part], fit, column: int) -> list[np.ndarray]:
    """Each item's probability from the model fitted without its fold."""
    result = [np.zeros(len(p.labels)) for p in parts]
    for k in range(FOLDS):
        model = fit(k)
        for p, r in zip(parts, result):
            held = p.folds == k
            if held.any():
                r[held] = model.predict_proba(p.matrix[held])[:, column]
    return result


def quantised(model: LogisticRegression) -> None:
    """Round the coefficients to what the shipped file holds, in place."""
    model.coef_ = model.coef_.astype(np.float16).astype(np.float64)
    model.intercept_ = model.intercept_.astype(np.float16).astype(np.float64)


def export(spam, abuse, sentiment, thresholds: dict[str, float], out: Path, notes: dict) -> None:
    size = 1 << BITS_USED
    weights = np.zeros((size + 1, len(COLUMNS)), dtype=np.float16)
    intercept = np.zeros(len(COLUMNS))
    dense = np.zeros((len(COLUMNS), 1))
    for k, model in ((0, spam), (1, abuse)):
        weights[:size, k] = model.coef_[0, :size]
        dense[k, 0] = model.coef_[0, size]
        intercept[k] = model.intercept_[0]
    classes = list(sentiment.classes_)
    neutral = classes.index("neutral")
    for k, label in ((2, "negative"), (3, "positive")):
        row = classes.index(label)
        diff = sentiment.coef_[row] - sentiment.coef_[neutral]
        weights[:size, k] = diff[:size]
        dense[k, 0] = diff[size]
        intercept[k] = sentiment.intercept_[row] - sentiment.intercept_[neutral]
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "readers.npz", weights=weights, intercept=intercept, dense=dense)
    pins = []
    x = matrix(list(PIN_TEXTS), compounds(list(PIN_TEXTS)))
    for i, text in enumerate(PIN_TEXTS):
        probs = sentiment.predict_proba(x[i])[0]
        pins.append(
            {
                "text": text,
                "spam": float(spam.predict_proba(x[i])[0, 1]),
                "abuse": float(abuse.predict_proba(x[i])[0, 1]),
                "sentiment": [float(probs[classes.index(c)]) for c in ("negative", "neutral", "positive")],
            }
        )
    card = {
        "bits": BITS_USED,
        "char_sizes": list(CHAR_SIZES),
        "columns": list(COLUMNS),
        "dense": ["vader_compound"],
        "thresholds": thresholds,
        "recipe": notes,
        "pins": pins,
    }
    (out / "readers.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    parser.add_argument("--fold", type=int, help="leave this fold out of the fit")
    args = parser.parse_args(argv)
    assert BITS_USED <= BITS
    spam_parts = [part(args.data, n, "spam", False) for n in SPAM_SETS]
    abuse_parts = [part(args.data, n, "abuse", False) for n in ABUSE]
    sentiment_parts = [part(args.data, n, "sentiment", True) for n in SENTIMENT]
    weights = {"abuse/davidson": DAVIDSON_WEIGHT}
    if args.fold is None:
        # Thresholds from out-of-fold probabilities: items the model did not see.
        spam_oof = out_of_fold(spam_parts, lambda k: fit_binary(spam_parts, SPAM_C, k), 1)
        abuse_oof = out_of_fold(
            abuse_parts, lambda k: fit_binary(abuse_parts, ABUSE_C, k, weights), 1
        )
        thresholds = {
            "spam": best_threshold(spam_parts[0].labels.astype(bool), spam_oof[0]),
            "abuse": best_threshold(abuse_parts[0].labels.astype(bool), abuse_oof[0]),
        }
    else:
        thresholds = json.loads((MODELS_DIR / "readers.json").read_text())["thresholds"]
    spam = fit_binary(spam_parts, SPAM_C, args.fold)
    abuse = fit_binary(abuse_parts, ABUSE_C, args.fold, weights)
    sentiment = fit_sentiment(sentiment_parts, args.fold)
    for model in (spam, abuse, sentiment):
        quantised(model)
    notes = {
        "spam": {"sets": list(SPAM_SETS), "C": SPAM_C, "class_weight": "balanced"},
        "abuse": {"sets": list(ABUSE), "C": ABUSE_C, "davidson_weight": DAVIDSON_WEIGHT},
        "sentiment": {"sets": list(SENTIMENT), "C": SENTIMENT_C, "dense": "VADER compound"},
        "folds": FOLDS,
        "left_out_fold": args.fold,
    }
    export(spam, abuse, sentiment, thresholds, args.out, notes)
    print(f"readers written to {args.out} (thresholds {thresholds})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
