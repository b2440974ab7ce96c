"""The shipped readers: one linear model over hashed n-grams for spam, abuse and sentiment."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.smo.readers.features import CHAR_SIZES, featurize, word_spans

__all__ = ["COLUMNS", "MODELS_DIR", "SENTIMENTS", "Readers", "Reading"]

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
# The columns of the weight matrix: two binary readers, then sentiment's negative and
# positive logits relative to neutral (a three-way softmax with neutral's logit at 0).
COLUMNS: tuple[str, ...] = ("spam", "abuse", "negative", "positive")
SENTIMENTS: tuple[str, ...] = ("negative", "neutral", "positive")
# A phrase of evidence is at most this many words, and the readers name at most this many.
_PHRASE_WORDS = 4
_PHRASES = 3


@dataclass(frozen=True, slots=True)
class Reading:
    """What the readers make of one text: the probability of spam and of abuse, and the
    probabilities of negative, neutral and positive."""

    spam: float
    abuse: float
    sentiment: tuple[float, float, float]

    @property
    def sentiment_label(self) -> str:
        return SENTIMENTS[max(range(3), key=self.sentiment.__getitem__)]

    @property
    def sentiment_score(self) -> float:
        """Positive minus negative probability, in [-1, 1]."""
        return self.sentiment[2] - self.sentiment[0]


class Readers:
    """The weights, intercepts and thresholds of ``readers.npz`` / ``readers.json``.

    ``thresholds`` is the one place a probability becomes a label: spam from
    ``thresholds["spam"]``, abuse from ``thresholds["abuse"]``.
    """

    def __init__(
        self,
        weights: npt.NDArray[np.float32],
        intercept: npt.NDArray[np.float64],
        dense: npt.NDArray[np.float64],
        bits: int,
        thresholds: dict[str, float],
        card: dict[str, Any],
    ) -> None:
        if weights.shape != ((1 << bits) + 1, len(COLUMNS)):
            raise ValueError(
                f"reader weights have shape {weights.shape}, expected 2**{bits}+1 rows"
            )
        # Four float32 weights side by side gather as one 16-byte item: one lookup per n-gram.
        self._packed = np.ascontiguousarray(weights, dtype=np.float32).view(np.complex128).ravel()
        self._intercept = intercept
        self._dense = dense
        self.bits = bits
        self.thresholds = thresholds
        self.card = card

    @classmethod
    def load(cls, folder: Path = MODELS_DIR) -> Readers:
        """The readers saved in ``folder`` (the package's own by default)."""
        card = json.loads((folder / "readers.json").read_text(encoding="utf-8"))
        if tuple(card["char_sizes"]) != CHAR_SIZES or tuple(card["columns"]) != COLUMNS:
            raise ValueError(f"{folder / 'readers.json'}: made for other features than these")
        with np.load(folder / "readers.npz") as saved:
            weights = saved["weights"].astype(np.float32)
            intercept = saved["intercept"].astype(np.float64)
            dense = saved["dense"].astype(np.float64)
        if dense.shape != (len(COLUMNS), len(card.get("dense", ("vader_compound",)))):
            raise ValueError(f"{folder / 'readers.npz'}: dense weights do not match the card")
        thresholds = {k: float(v) for k, v in card["thresholds"].items()}
        return cls(weights, intercept, dense, int(card["bits"]), thresholds, card)

    def logits(
        self, texts: Sequence[str], vader: Sequence[float] | Sequence[Sequence[float]]
    ) -> npt.NDArray[np.float64]:
        """One row per text: the four columns of ``COLUMNS`` before the link function.
        ``vader`` holds each text's VADER scores (``bot.smo.vader.VaderScores``), or only its
        compound score: the file's ``dense`` names the leading ones it reads."""
        found = featurize(texts, self.bits)
        gathered = self._packed[found.bucket].view(np.float32).reshape(-1, len(COLUMNS))
        sums = np.empty((found.count, len(COLUMNS)), dtype=np.float64)
        for k in range(len(COLUMNS)):
            sums[:, k] = np.bincount(found.doc, weights=gathered[:, k], minlength=found.count)
        sums *= found.weight[:, None]
        dense = np.asarray(vader, dtype=np.float64)
        if dense.ndim == 1:
            dense = dense[:, None]
        width = self._dense.shape[1]
        if found.count and dense.shape[1] < width:
            raise ValueError(f"the readers read {width} VADER scores, given {dense.shape[1]}")
        return sums + dense[:, :width] @ self._dense.T + self._intercept

    def read(
        self, texts: Sequence[str], vader: Sequence[float] | Sequence[Sequence[float]]
    ) -> list[Reading]:
        """The readings of ``texts``, given each one's VADER scores (see ``logits``)."""
        if not texts:
            return []
        logits = self.logits(texts, vader)
        binary = 1.0 / (1.0 + np.exp(-logits[:, :2]))
        three = np.stack([logits[:, 2], np.zeros(len(texts)), logits[:, 3]], axis=1)
        three = np.exp(three - three.max(axis=1, keepdims=True))
        three /= three.sum(axis=1, keepdims=True)
        return [
            Reading(float(b[0]), float(b[1]), (float(s[0]), float(s[1]), float(s[2])))
            for b, s in zip(binary.tolist(), three.tolist(), strict=True)
        ]

    def evidence(self, text: str, label: str) -> tuple[str, ...]:
        """The words of ``text`` that weigh most towards ``label`` (a name in ``COLUMNS``),
        as up to three phrases of adjacent words, strongest first."""
        return self.evidence_many([text], [label])[0]

    def evidence_many(self, texts: Sequence[str], labels: Sequence[str]) -> list[tuple[str, ...]]:
        """``evidence`` of each text for its label, worked out for the batch at once: each
        n-gram's pull towards the label is shared equally among the words it overlaps, runs
        of adjacent words pulling that way (at most four words) become phrases."""
        if not texts:
            return []
        found = featurize(texts, self.bits, positions=True)
        if found.begin is None or found.end is None:
            return [() for _ in texts]
        column = np.array([COLUMNS.index(label) for label in labels], dtype=np.int64)
        gathered = self._packed[found.bucket].view(np.float32).reshape(-1, len(COLUMNS))
        pull = gathered[np.arange(len(found.bucket)), column[found.doc]].astype(np.float64)
        pull *= found.weight[found.doc]
        begins, ends = word_spans(found.joined)
        count = len(begins)
        if not count:
            return [() for _ in texts]
        first = np.searchsorted(ends, found.begin, side="right")
        last = np.searchsorted(begins, found.end, side="left")
        covers = last > first
        share = np.where(covers, pull / np.maximum(last - first, 1), 0.0)
        # Each n-gram adds its share to words first … last-1: a difference array, summed up.
        delta = np.bincount(first, share, minlength=count + 1)
        delta -= np.bincount(last, share, minlength=count + 1)
        score = np.cumsum(delta)[:count]
        word_doc = np.searchsorted(found.starts, begins, side="right") - 1
        pulling = score > 1e-12
        # Runs of pulling words in one text, cut every ``_PHRASE_WORDS`` words.
        index = np.arange(count)
        opens = pulling & ~np.concatenate(([False], pulling[:-1] & (word_doc[1:] == word_doc[:-1])))
        run_start = np.maximum.accumulate(np.where(opens, index, 0))
        opens |= pulling & ((index - run_start) % _PHRASE_WORDS == 0)
        run_of = np.cumsum(opens) - 1
        chosen = np.flatnonzero(pulling)
        if not len(chosen):
            return [() for _ in texts]
        runs = run_of[chosen]
        total = np.bincount(runs, score[chosen])
        run_first = np.full(len(total), count, dtype=np.int64)
        np.minimum.at(run_first, runs, chosen)
        run_last = np.zeros(len(total), dtype=np.int64)
        np.maximum.at(run_last, runs, chosen)
        run_doc = word_doc[run_first]
        order = np.lexsort((-total, run_doc))
        result: list[list[str]] = [[] for _ in texts]
        strongest: dict[int, float] = {}
        joined = found.joined
        for r in order.tolist():
            doc = int(run_doc[r])
            shown = result[doc]
            best = strongest.setdefault(doc, float(total[r]))
            if len(shown) == _PHRASES or total[r] < best / 4:
                continue
            phrase = joined[begins[run_first[r]] : ends[run_last[r]]]
            if phrase not in shown:
                shown.append(phrase)
        return [tuple(r) for r in result]
