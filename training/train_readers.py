"""Fit the readers on a data folder and write bot/smo/models/readers.{npz,json}.

Usage: python -m training.train_readers [DATA] [--out FOLDER]

Reproducible: fixed folds from item ids (for the thresholds), deterministic solvers.
``training.eval_readers`` refits them fold by fold to measure them on items they did not fit.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from bot.smo.entities import extract_entities
from bot.smo.readers.features import BITS, CHAR_SIZES, featurize
from bot.smo.readers.model import COLUMNS, MODELS_DIR
from bot.smo.readers.verdict import swearing
from bot.smo.sentiment import SentimentScorer
from training.archive import save_npz
from training.data import ABUSE, SENTIMENT, LabelledSet, fold_of, load

BITS_USED = 17
FOLDS = 5
SPAM_C = 30.0
ABUSE_C = 10.0
SENTIMENT_C = 3.0
# Weight of each class in the sentiment fit (None: as the data has them) and of each set.
SENTIMENT_CLASS_WEIGHT: str | None = None
SENTIMENT_WEIGHTS: dict[str, float] = {}
# VADER's scores enter the sentiment fit multiplied by this (their weights are multiplied back
# on export, so the runtime reads the raw scores): a larger scale regularises them less.
COMPOUND_SCALE = 1.0
# The VADER scores the sentiment reader reads beside the n-grams, in the order of
# ``bot.smo.vader.VaderScores``. The shares of positive, negative and neutral words say what
# the compound blurs (one strong word or many mild ones): out of fold (reader alone,
# vader_tweets / amazon / tweeteval / sentiment140) 0.816 / 0.677 / 0.624 / 0.741 with the
# compound alone, 0.825 / 0.683 / 0.629 / 0.763 with the shares too.
VADER_INPUTS = ("vader_compound", "vader_positive", "vader_negative", "vader_neutral")
# Added to neutral's logit (held in the other two intercepts): the fit leans away from neutral
# on tweets (out of fold, 362 of TweetEval's 869 neutral tweets read positive or negative).
# Chosen on 0, 0.05 … 0.4 by the best mean out-of-fold accuracy of the four sentiment sets,
# reader alone: 0.7250 at 0, 0.7252 at 0.15 (TweetEval 0.629 → 0.638), 0.7236 at 0.25.
NEUTRAL_MARGIN = 0.15
# Naive-Bayes scaling of the sentiment n-grams (Wang & Manning 2012, NB-SVM): each column is
# multiplied by how strongly its presence tells one class from the rest (the largest absolute
# log-count ratio over the three classes, counts smoothed by this much) before the fit, and the
# scale is folded back into the weights, so the runtime reads the same kind of file. None: off.
# Reader alone, out of fold (vader_tweets / amazon / tweeteval / sentiment140, mean), folds
# 0-3 then fold 4: off 0.824 / 0.678 / 0.644 / 0.745 (0.7227), 0.816 / 0.686 / 0.618 / 0.814
# (0.7333); at 1.0 0.833 / 0.681 / 0.649 / 0.771 (0.7337), 0.824 / 0.703 / 0.634 / 0.805
# (0.7417). Off: through the engine, held out (the five fold readers), it reads TweetEval
# 0.644 as the shipped recipe does (vader_tweets / amazon / sentiment140 0.812 / 0.683 /
# 0.771 against 0.811 / 0.677 / 0.757), short of the 0.65 wanted; neutral recalibrated on
# folds 0-3 or balanced class weights do not hold on fold 4 (see the model card), and on the
# real customer tweets its drafts changed as often for the worse as for the better.
SENTIMENT_NB_SMOOTHING: float | None = None
# A comment the cues read as a customer's (complaint, support, purchase; for abuse: a
# question, praise, purchase or support) is spam or abuse from this probability only: hiding
# a customer is worse than letting one spam or rude comment through.
CUSTOMER_SPAM = 0.8
# The least out-of-fold precision a threshold may give (see ``best_threshold``).
SPAM_PRECISION = 0.9
# Abuse has two thresholds, one per purpose. The label (``abuse``: a flag, the priority, the
# sentiment a reviewer sees) only draws a person's eye, so it takes the best out-of-fold F1.
# Proposing to hide the comment instead of drafting an answer (``abuse_hide``) costs a customer
# when wrong, so it keeps the precise threshold.
ABUSE_PRECISION = 0.7
ABUSE_FLAG_PRECISION = 0.0
# The label's threshold is searched from 0.40 up: below, the engine flagged plain customer
# messages among the real tweets of support/twcs_dev (measured only, never fitted; "I have
# booked my ticket…" at 0.35), 38 of 1,364 at 0.35 against 31 at 0.40 and 23 at 0.45, and three
# of our labelled comments that are not abuse at 0.35 against one at 0.40; and at 0.40 the
# precision of abuse on our generated samples fell below 0.9 (0.88; tests/smo/test_accuracy.py).
# With the not-abuse tweets that mention someone (below), 0.40 gave out-of-fold F1 0.457 but
# that precision fell to 0.86 again ("😡😡" at 0.44, "the pump on my serum stopped working"
# at 0.42).
ABUSE_FLAG_FROM = 0.45
# Offensive language in OLID's sense (any profanity or insult, aimed at someone or not) is
# marked from its own threshold on the same reader. The mark is evidence and
# ``flags.offensive`` only: it hides nothing and changes no intent, draft or priority.
# Only a comment that swears or insults (``bot.smo.readers.verdict.swearing``: 40 % of OLID's
# offensive tweets, 5 % of the others) is marked, from ``OFFENSIVE_WORDS``; a fixed choice,
# not searched. Any other comment is never marked: through the engine, held out, a threshold
# for them of 0.25 / 0.30 / 0.35 / 0.45 / none reads OLID F1 0.607 / 0.592 / 0.576 / 0.571 /
# 0.555 on folds 0-3 (fold 4 0.670 / 0.654 / 0.656 / 0.615 / 0.630), but marks 67 / 40 / 21 /
# 7 / 0 of the 1,364 real customer tweets of support/twcs_dev with no swearing, nearly all
# plain complaints and questions (measured only, by the shipped readers).
OFFENSIVE_WORDS = 0.05
# Whether the abuse reader reads VADER's scores too, as the sentiment reader does. Measured
# and not adopted: out of fold on OLID (model only) at 0.45 F1 0.430 → 0.506 (precision
# 0.711, recall 0.392), but the reader then takes anger for abuse: "😡😡" read as abuse at
# 0.88 and "the pump on my serum stopped working 💔" at 0.56, abuse precision on our generated
# samples fell to 0.87 (at 0.45 and at 0.50 alike; 0.9 is kept), and the real customer tweets
# of support/twcs_dev flagged rose from 18 to 27, most of the new ones plain complaints in
# strong words (a service that "sucks" in capitals, a new design the customer hates).
ABUSE_VADER = False
# Davidson's insults between users are many and unlike a brand's comments: they count less.
DAVIDSON_WEIGHT = 0.2
SPAM_SETS = ("spam/youtube_dev",)  # the SMS collection lowered cross-validated F1 (0.96 → 0.91)
# Ordinary tweets and reviews (the sentiment sets) as examples of what is neither spam nor
# abuse, lightly weighted: YouTube's ham is all music-video chatter and the abuse sets are a
# third to four fifths offensive, so without them "take my money" read as spam and "what are
# your opening hours" as abuse. They cost ~0.01 of cross-validated F1 on YouTube.
HAM_WEIGHT = 0.02
# Of those, the tweets that mention someone and carry no link count again, more: YouTube
# comments never open with a mention, so the reader learned nothing of "@user" but what the
# light ham gave it, and customers write to a brand's handle. Measured by cross-validated
# YouTube F1 and by how many of the real customer tweets of support/twcs_dev (measured only:
# CC BY-NC-SA, never fitted) read as spam: 0.10 moved F1 0.924 → 0.933 and those tweets
# 34 → 17 (at 0.5); ham with links (Davidson, OLID) lowered F1 below 0.92.
MENTION_HAM_WEIGHT = 0.1
# Of those, the tweets rated negative that carry a link could count again, for spam only (0:
# not fitted). In the YouTube comments 163 of 171 links are spam, so a complaint with a
# screenshot link can read as spam. Measured and not adopted at 0.1: of the 68 complaints with
# a link among the customer tweets of support/twcs_dev we labelled (measured only, never
# fitted), leading mentions removed as on a post's comments, 13 → 8 read as spam from 0.5, and
# cross-validated YouTube F1 0.933 → 0.927 (engine held out 0.930 → 0.924); but on those tweets
# as written one complaint with no link rose past 0.5 (0.494 → 0.504) and a sarcastic complaint
# no longer read as spam read as praise (our praise precision on them fell below its floor).
# 0.3 gave F1 0.919; all 826 sentiment-set tweets with a link at 0.05 gave 0.905.
NEGATIVE_LINK_HAM_WEIGHT = 0.0
# The abuse reader gets the same tweets, at 0.3: OLID's offensive tweets open with "@USER" as
# often as its others, so the reader learned little of how a customer writes to a brand's
# handle, and plain customer tweets of support/twcs_dev (measured only) read as abuse with no
# rude word (our made-up "@acme I'm using my account as a business page…": 0.54). Out of
# fold on OLID (model only) at 0.45: F1 0.425 → 0.430, precision 0.737 → 0.694, and of those
# 1,364 tweets 38 → 28 flagged (0.1: F1 0.421, 30 flagged).
ABUSE_MENTION_HAM_WEIGHT = 0.3
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


def matrix(texts: list[str], vader: np.ndarray | None = None) -> sp.csr_matrix:
    """The hashed n-grams of ``texts`` and, as the last columns, their VADER scores (one
    column of zeros without them)."""
    found = featurize(texts, BITS_USED)
    rows, cols, values = found.entries()
    hashed = sp.csr_matrix((values, (rows, cols)), shape=(len(texts), 1 << BITS_USED))
    if vader is None:
        vader = np.zeros((len(texts), 1))
    return sp.hstack([hashed, sp.csr_matrix(vader)], format="csr")


def vader_scores(texts: list[str]) -> np.ndarray:
    """VADER's scores (``VADER_INPUTS``) as the engine computes them (our emoji weights
    included), one row per text."""
    scorer = SentimentScorer()
    found = [scorer.scores(t, extract_entities(t).emojis) for t in texts]
    return np.array(found, dtype=np.float64).reshape(len(texts), len(VADER_INPUTS))


def compounds(texts: list[str]) -> np.ndarray:
    """VADER's compound score alone, as one column (the intent reader's one dense input)."""
    return vader_scores(texts)[:, :1]


def part(data: Path, name: str, key: str, with_vader: bool) -> Part:
    found = load(data, name, key)
    vader = vader_scores(found.texts) * COMPOUND_SCALE if with_vader else None
    folds = np.array([fold_of(i, FOLDS) for i in found.ids])
    return Part(found, matrix(found.texts, vader), np.array(found.labels), folds)


def stack(parts: list[Part], skip_fold: int | None, weights: dict[str, float] | None = None):
    keep = [
        p.folds != skip_fold if skip_fold is not None else np.ones(len(p.labels), bool)
        for p in parts
    ]
    x = sp.vstack([p.matrix[k] for p, k in zip(parts, keep, strict=True)], format="csr")
    y = np.concatenate([p.labels[k] for p, k in zip(parts, keep, strict=True)])
    w = np.concatenate(
        [
            np.full(int(k.sum()), (weights or {}).get(p.data.name, 1.0))
            for p, k in zip(parts, keep, strict=True)
        ]
    )
    return x, y, w


def fit_binary(parts: list[Part], c: float, skip_fold: int | None, weights=None):
    x, y, w = stack(parts, skip_fold, weights)
    # liblinear shuffles the items: a fixed seed makes a rebuild byte-identical.
    model = LogisticRegression(C=c, solver="liblinear", class_weight="balanced", random_state=0)
    return model.fit(x, y.astype(bool), sample_weight=w)


def nb_scale(x: sp.csr_matrix, y: np.ndarray, hashed: int, smoothing: float) -> np.ndarray:
    """Per column of ``x``, the largest absolute log-count ratio of one class against the
    rest (presence counted, not weight), for the first ``hashed`` columns; 1 for the others
    (the dense scores keep their scale)."""
    present = (x[:, :hashed] > 0).astype(np.float64)
    ratios = []
    for label in np.unique(y):
        inside = np.asarray(present[y == label].sum(axis=0)).ravel() + smoothing
        outside = np.asarray(present[y != label].sum(axis=0)).ravel() + smoothing
        ratios.append(np.log((inside / inside.sum()) / (outside / outside.sum())))
    scale = np.ones(x.shape[1])
    scale[:hashed] = np.abs(np.array(ratios)).max(axis=0)
    return scale


def fit_sentiment(parts: list[Part], skip_fold: int | None):
    x, y, w = stack(parts, skip_fold, SENTIMENT_WEIGHTS)
    model = LogisticRegression(C=SENTIMENT_C, max_iter=3000, class_weight=SENTIMENT_CLASS_WEIGHT)
    if SENTIMENT_NB_SMOOTHING is None:
        return model.fit(x, y, sample_weight=w if SENTIMENT_WEIGHTS else None)
    scale = nb_scale(x, y, 1 << BITS_USED, SENTIMENT_NB_SMOOTHING)
    model.fit(x @ sp.diags(scale), y, sample_weight=w if SENTIMENT_WEIGHTS else None)
    # Folded back: the model now reads the unscaled columns, as the runtime does.
    model.coef_ = model.coef_ * scale
    return model


def best_threshold(
    labels: np.ndarray, probability: np.ndarray, precision: float, lowest: float = 0.5
) -> float:
    """The threshold with the best F1 on out-of-fold probabilities among those whose precision
    is at least ``precision`` (a flag hides a comment: a false alarm costs a customer), and
    from 0.5 up: the dev sets are a third to a half spam or abuse, a brand's comments a few
    per cent, so a lower threshold tuned here flags ordinary comments (measured on
    tests/smo/labelled.jsonl: "what are the opening hours…" read as abuse at 0.3)."""
    best, chosen = -1.0, 0.95
    for t in np.arange(lowest, 0.951, 0.05):
        guess = probability >= t
        tp = float(np.sum(guess & labels))
        fp = float(np.sum(guess & ~labels))
        f1 = 2 * tp / max(1.0, 2 * tp + fp + np.sum(~guess & labels))
        if tp / max(1.0, tp + fp) >= precision and f1 > best + 1e-9:
            best, chosen = f1, round(float(t), 2)
    return chosen


def out_of_fold(parts: list[Part], fit, column: int) -> list[np.ndarray]:
    """Each item's probability from the model fitted without its fold."""
    result = [np.zeros(len(p.labels)) for p in parts]
    for k in range(FOLDS):
        model = fit(k)
        for p, r in zip(parts, result, strict=True):
            held = p.folds == k
            if held.any():
                r[held] = model.predict_proba(p.matrix[held])[:, column]
    return result


def lean_to_neutral(model: LogisticRegression, margin: float) -> None:
    """Add ``margin`` to neutral's logit, in place: taken off the other classes' intercepts,
    so the probabilities the runtime and the pins compute both carry it."""
    neutral = list(model.classes_).index("neutral")
    shift = np.full(len(model.classes_), -margin)
    shift[neutral] = 0.0
    model.intercept_ = model.intercept_ + shift


def quantised(model: LogisticRegression) -> None:
    """Round the coefficients to what the shipped file holds, in place. Three-way sentiment is
    first made relative to neutral (the same probabilities), as the file holds it."""
    if len(model.classes_) > 2:
        neutral = list(model.classes_).index("neutral")
        model.coef_ = model.coef_ - model.coef_[neutral]
        model.intercept_ = model.intercept_ - model.intercept_[neutral]
    model.coef_ = model.coef_.astype(np.float16).astype(np.float64)
    model.intercept_ = model.intercept_.astype(np.float16).astype(np.float64)


def export(spam, abuse, sentiment, thresholds: dict[str, float], out: Path, notes: dict) -> None:
    size = 1 << BITS_USED
    weights = np.zeros((size + 1, len(COLUMNS)), dtype=np.float16)
    intercept = np.zeros(len(COLUMNS))
    dense = np.zeros((len(COLUMNS), len(VADER_INPUTS)))
    for k, model in ((0, spam), (1, abuse)):
        weights[:size, k] = model.coef_[0, :size]
        dense[k, : model.coef_.shape[1] - size] = model.coef_[0, size:] * COMPOUND_SCALE
        intercept[k] = model.intercept_[0]
    classes = list(sentiment.classes_)
    neutral = classes.index("neutral")
    for k, label in ((2, "negative"), (3, "positive")):
        row = classes.index(label)
        diff = sentiment.coef_[row] - sentiment.coef_[neutral]
        weights[:size, k] = diff[:size]
        dense[k, :] = diff[size:] * COMPOUND_SCALE
        intercept[k] = sentiment.intercept_[row] - sentiment.intercept_[neutral]
    out.mkdir(parents=True, exist_ok=True)
    save_npz(out / "readers.npz", weights=weights, intercept=intercept, dense=dense)
    pins = []
    x = matrix(list(PIN_TEXTS), vader_scores(list(PIN_TEXTS)) * COMPOUND_SCALE)
    plain = matrix(list(PIN_TEXTS))
    for i, text in enumerate(PIN_TEXTS):
        probs = sentiment.predict_proba(x[i])[0]
        pins.append(
            {
                "text": text,
                "spam": float(spam.predict_proba(plain[i])[0, 1]),
                "abuse": float(abuse.predict_proba(x[i] if ABUSE_VADER else plain[i])[0, 1]),
                "sentiment": [
                    float(probs[classes.index(c)]) for c in ("negative", "neutral", "positive")
                ],
            }
        )
    card = {
        "bits": BITS_USED,
        "char_sizes": list(CHAR_SIZES),
        "columns": list(COLUMNS),
        "dense": list(VADER_INPUTS),
        "thresholds": {
            **thresholds,
            "spam_from_customer": CUSTOMER_SPAM,
            "abuse_from_customer": CUSTOMER_SPAM,
        },
        "recipe": notes,
        "pins": pins,
    }
    (out / "readers.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Parts:
    spam: list[Part]
    abuse: list[Part]
    sentiment: list[Part]


def ham(data: Path, name: str, with_vader: bool = False) -> Part:
    """The items of a set that is neither spam nor abuse, labelled so (false), in no fold:
    always fitted, never measured."""
    found = part(data, name, "sentiment", with_vader)
    return replace(
        found, labels=np.zeros(len(found.labels), bool), folds=np.full(len(found.labels), -1)
    )


def selected(found: Part, suffix: str, keep: np.ndarray) -> Part:
    """The items of ``found`` that ``keep`` marks, as their own set named ``name#suffix``."""
    data = replace(
        found.data,
        name=f"{found.data.name}#{suffix}",
        ids=[i for i, k in zip(found.data.ids, keep, strict=True) if k],
        texts=[t for t, k in zip(found.data.texts, keep, strict=True) if k],
        labels=[x for x, k in zip(found.data.labels, keep, strict=True) if k],
    )
    return replace(
        found,
        data=data,
        matrix=found.matrix[keep],
        labels=found.labels[keep],
        folds=found.folds[keep],
    )


def has_link(text: str) -> bool:
    return "http" in text.lower() or "www" in text.lower()


def mentions(found: Part) -> Part:
    """The items of a not-spam part that mention someone and carry no link, as their own set."""
    keep = np.array(["@" in t and not has_link(t) for t in found.data.texts], dtype=bool)
    return selected(found, "mentions", keep)


def negative_links(found: Part) -> Part:
    """The items of a not-spam part that carry a link and were rated negative (a complaint
    with a screenshot reads so), as their own set; ``found.data.labels`` are the sentiment."""
    keep = np.array(
        [
            has_link(t) and label == "negative"
            for t, label in zip(found.data.texts, found.data.labels, strict=True)
        ],
        dtype=bool,
    )
    return selected(found, "negative_links", keep)


def build_parts(data: Path) -> Parts:
    not_spam = [ham(data, n) for n in SENTIMENT]
    not_abuse = [ham(data, n, ABUSE_VADER) for n in SENTIMENT]
    return Parts(
        [part(data, n, "spam", False) for n in SPAM_SETS]
        + not_spam
        + [mentions(p) for p in not_spam]
        + ([negative_links(p) for p in not_spam] if NEGATIVE_LINK_HAM_WEIGHT else []),
        [part(data, n, "abuse", ABUSE_VADER) for n in ABUSE]
        + not_abuse
        + [mentions(p) for p in not_abuse],
        [part(data, n, "sentiment", True) for n in SENTIMENT],
    )


WEIGHTS = {
    "abuse/davidson": DAVIDSON_WEIGHT,
    **{n: HAM_WEIGHT for n in SENTIMENT},
    **{f"{n}#mentions": MENTION_HAM_WEIGHT for n in SENTIMENT},
    **{f"{n}#negative_links": NEGATIVE_LINK_HAM_WEIGHT for n in SENTIMENT},
}
ABUSE_WEIGHTS = {**WEIGHTS, **{f"{n}#mentions": ABUSE_MENTION_HAM_WEIGHT for n in SENTIMENT}}
# Every set some reader is fitted on (the SMS collection is only measured).
FITTED = frozenset((*SPAM_SETS, *ABUSE, *SENTIMENT))


def thresholds_for(parts: Parts) -> dict[str, float]:
    """Thresholds from out-of-fold probabilities: items the model did not see."""
    spam_oof = out_of_fold(parts.spam, lambda k: fit_binary(parts.spam, SPAM_C, k, WEIGHTS), 1)
    abuse_oof = out_of_fold(
        parts.abuse, lambda k: fit_binary(parts.abuse, ABUSE_C, k, ABUSE_WEIGHTS), 1
    )
    for name, oof, part_ in (
        ("spam", spam_oof, parts.spam[0]),
        ("abuse", abuse_oof, parts.abuse[0]),
    ):
        labels = part_.labels.astype(bool)
        for t in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
            guess = oof[0] >= t
            tp = int(np.sum(guess & labels))
            f1 = 2 * tp / max(1, 2 * tp + np.sum(guess & ~labels) + np.sum(~guess & labels))
            precision = tp / max(1, guess.sum())
            print(f"{name} out-of-fold at {t:.2f}: F1 {f1:.3f}, precision {precision:.3f}")
    offensive = parts.abuse[0].labels.astype(bool)
    # Swearing marks from ``OFFENSIVE_WORDS``: as a certainty, so the search sets the rest.
    swears = np.array([swearing(t) for t in parts.abuse[0].data.texts], dtype=bool)
    marked = np.where(swears & (abuse_oof[0] >= OFFENSIVE_WORDS), 1.0, abuse_oof[0])
    # Measured only: a threshold for comments with no swearing, on folds 0-3 and fold 4 apart.
    early = parts.abuse[0].folds < FOLDS - 1
    for t in (0.25, 0.3, 0.35, 0.45, 1.01):
        guess = marked >= t
        f1s = []
        for rows in (early, ~early):
            tp = int(np.sum(guess & offensive & rows))
            wrong = np.sum((guess != offensive) & rows)
            f1s.append(2 * tp / max(1, 2 * tp + wrong))
        print(
            f"offensive out-of-fold, no swearing from {t:.2f}: F1 folds 0-3 {f1s[0]:.3f}, "
            f"fold 4 {f1s[1]:.3f}"
        )
    return {
        "spam": best_threshold(parts.spam[0].labels.astype(bool), spam_oof[0], SPAM_PRECISION),
        "abuse": best_threshold(offensive, abuse_oof[0], ABUSE_FLAG_PRECISION, ABUSE_FLAG_FROM),
        "abuse_hide": best_threshold(offensive, abuse_oof[0], ABUSE_PRECISION),
        "offensive_words": OFFENSIVE_WORDS,
    }


def train(parts: Parts, fold: int | None, thresholds: dict[str, float], out: Path) -> None:
    """Fit the three readers (without ``fold``, if given) and write them to ``out``."""
    spam = fit_binary(parts.spam, SPAM_C, fold, WEIGHTS)
    abuse = fit_binary(parts.abuse, ABUSE_C, fold, ABUSE_WEIGHTS)
    sentiment = fit_sentiment(parts.sentiment, fold)
    lean_to_neutral(sentiment, NEUTRAL_MARGIN)
    for model in (spam, abuse, sentiment):
        quantised(model)
    notes = {
        "spam": {
            "sets": list(SPAM_SETS),
            "not_spam_from": list(SENTIMENT),
            "not_spam_weight": HAM_WEIGHT,
            "not_spam_mentioning_someone_without_a_link_weight": MENTION_HAM_WEIGHT,
            **(
                {"not_spam_negative_with_a_link_weight": NEGATIVE_LINK_HAM_WEIGHT}
                if NEGATIVE_LINK_HAM_WEIGHT
                else {}
            ),
            "C": SPAM_C,
            "class_weight": "balanced",
        },
        "abuse": {
            "sets": list(ABUSE),
            "C": ABUSE_C,
            "davidson_weight": DAVIDSON_WEIGHT,
            "not_abuse_from": list(SENTIMENT),
            "not_abuse_weight": HAM_WEIGHT,
            "not_abuse_mentioning_someone_without_a_link_weight": ABUSE_MENTION_HAM_WEIGHT,
            "dense": list(VADER_INPUTS) if ABUSE_VADER else [],
            "label_threshold": f"best out-of-fold F1 from {ABUSE_FLAG_FROM}",
            "hide_threshold": f"best out-of-fold F1 at precision >= {ABUSE_PRECISION}",
            "offensive_threshold": f"from {OFFENSIVE_WORDS} for a comment that swears or "
            "insults, never otherwise",
        },
        "sentiment": {
            "sets": list(SENTIMENT),
            "C": SENTIMENT_C,
            "dense": list(VADER_INPUTS),
            "neutral_margin": NEUTRAL_MARGIN,
            **(
                {"nb_smoothing": SENTIMENT_NB_SMOOTHING}
                if SENTIMENT_NB_SMOOTHING is not None
                else {}
            ),
        },
        "folds": FOLDS,
        "left_out_fold": fold,
    }
    export(spam, abuse, sentiment, thresholds, out, notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    args = parser.parse_args(argv)
    assert BITS_USED <= BITS
    parts = build_parts(args.data)
    thresholds = thresholds_for(parts)
    train(parts, None, thresholds, args.out)
    print(f"readers written to {args.out} (thresholds {thresholds})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
