"""The shipped readers: one linear model over hashed n-grams for spam, abuse and sentiment."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.smo.readers.features import CHAR_SIZES, featurize

__all__ = ["COLUMNS", "MODELS_DIR", "SENTIMENTS", "Readers", "Reading"]

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
# The columns of the weight matrix: two binary readers, then sentiment's negative and
# positive logits relative to neutral (a three-way softmax with neutral's logit at 0).
COLUMNS: tuple[str, ...] = ("spam", "abuse", "negative", "positive")
SENTIMENTS: tuple[str, ...] = ("negative", "neutral", "positive")
_WORD = re.compile(r"\w+")
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
        self._columns = [np.ascontiguousarray(weights[:, k]) for k in range(len(COLUMNS))]
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
        thresholds = {k: float(v) for k, v in card["thresholds"].items()}
        return cls(weights, intercept, dense, int(card["bits"]), thresholds, card)

    def logits(self, texts: Sequence[str], compounds: Sequence[float]) -> npt.NDArray[np.float64]:
        """One row per text: the four columns of ``COLUMNS`` before the link function."""
        found = featurize(texts, self.bits)
        gathered = self._packed[found.bucket].view(np.float32).reshape(-1, len(COLUMNS))
        sums = np.empty((found.count, len(COLUMNS)), dtype=np.float64)
        for k in range(len(COLUMNS)):
            sums[:, k] = np.bincount(found.doc, weights=gathered[:, k], minlength=found.count)
        sums *= found.weight[:, None]
        dense = np.asarray(compounds, dtype=np.float64).reshape(-1, 1)
        return sums + dense @ self._dense.T + self._intercept

    def read(self, texts: Sequence[str], compounds: Sequence[float]) -> list[Reading]:
        """The readings of ``texts``, given each one's VADER compound score."""
        if not texts:
            return []
        logits = self.logits(texts, compounds)
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
        column = self._columns[COLUMNS.index(label)]
        found = featurize([text], self.bits, positions=True)
        if found.begin is None or found.end is None:
            return ()
        pull = column[found.bucket].astype(np.float64) * found.weight[0]
        words = [m.span() for m in _WORD.finditer(found.joined)]
        if not words:
            return ()
        score = [0.0] * len(words)
        begins = np.array([a for a, _ in words])
        ends = np.array([b for _, b in words])
        for a, b, p in zip(found.begin.tolist(), found.end.tolist(), pull.tolist(), strict=True):
            if p == 0.0:
                continue
            # An n-gram's weight goes to the words it overlaps, shared equally.
            first = int(np.searchsorted(ends, a, side="right"))
            last = int(np.searchsorted(begins, b, side="left"))
            if last > first:
                share = p / (last - first)
                for i in range(first, last):
                    score[i] += share
        phrases: list[tuple[float, int, int]] = []
        i = 0
        while i < len(words):
            if score[i] <= 0:
                i += 1
                continue
            j = i
            while j + 1 < len(words) and score[j + 1] > 0 and j + 1 - i < _PHRASE_WORDS:
                j += 1
            phrases.append((sum(score[i : j + 1]), i, j))
            i = j + 1
        phrases.sort(reverse=True)
        if not phrases:
            return ()
        strongest = phrases[0][0]
        shown: list[str] = []
        for total, i, j in phrases:
            phrase = found.joined[words[i][0] : words[j][1]]
            if total < strongest / 4 or len(shown) == _PHRASES:
                break
            if phrase not in shown:
                shown.append(phrase)
        return tuple(shown)
