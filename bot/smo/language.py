"""Language of a comment with py3langid, restricted to the languages marketing teams meet.

Why py3langid: it is maintained (0.4.0, 2026), ships its naive-Bayes model inside the wheel
(works offline, 4.5 MB), needs only numpy, and classifies ~65,000 short comments a second on
one core of this machine; lingua-language-detector was as accurate on our sample but ran at
~23,000/s with a 96 MB wheel, and langdetect is an order of magnitude slower and random
unless seeded. Short comments give any detector too little to go on, so below
``MIN_LETTERS`` letters, or under ``MIN_CONFIDENCE``, the language is unknown (None).
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

from bot.smo.memo import by_text

__all__ = ["CANDIDATES", "MIN_CONFIDENCE", "MIN_LETTERS", "LanguageDetector", "LanguageGuess"]

# Restricting the candidates stops short Latin-script text landing on rare languages.
CANDIDATES: tuple[str, ...] = (
    "en", "de", "es", "fr", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs", "ro",
    "hu", "tr", "el", "ru", "uk", "ar", "he", "hi", "id", "ms", "vi", "th", "ja", "ko", "zh",
)  # fmt: skip
MIN_LETTERS = 10
MIN_CONFIDENCE = 0.85
# Fewer texts than this are guessed one by one: walking texts together costs a few numpy
# calls per byte position, which only many texts share out.
_TOGETHER_FROM = 64
# How many of a batch's longest texts are walked one by one (see ``_visits``).
_WALKED_ALONE = 16


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """An ISO 639-1 code (None when unknown), the detector's probability and why."""

    code: str | None
    confidence: float
    reason: str


@functools.lru_cache(maxsize=4)
def _restricted_identifier(candidates: tuple[str, ...]) -> LanguageIdentifier:
    """The py3langid identifier over ``candidates``, loaded once per process (about 0.7 s) and
    shared by every detector: classifying reads it and never changes it."""
    full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    full.set_languages(list(candidates))
    # A fresh identifier over the restricted model only: `set_languages` keeps the whole
    # 142-language matrix (27 MB) alive for a later reset that never comes.
    return LanguageIdentifier(
        full.nb_ptc,
        full.nb_pc,
        full.nb_classes,
        full.tk_nextmove,
        full.tk_output,
        norm_probs=True,
        tk_row=full.tk_row,
    )


class LanguageDetector:
    """One py3langid identifier, loaded once (about 0.7 s) and reused for every comment, and
    guesses remembered by text."""

    def __init__(self, candidates: tuple[str, ...] = CANDIDATES) -> None:
        self._identifier = _restricted_identifier(candidates)
        identifier = self._identifier
        # The identifier's byte automaton as arrays, to walk many texts a byte at a time.
        self._next = np.frombuffer(identifier.tk_nextmove, dtype=np.uint32)
        self._rows = np.asarray(identifier.tk_row, dtype=np.int64) << 8
        self._output = np.asarray(identifier.tk_output, dtype=np.int64)
        self._remembered = by_text(self._guess)
        self._batch: dict[str, LanguageGuess] = {}

    def detect(self, text: str) -> LanguageGuess:
        """Guess the language of ``text`` (URLs, mentions and emojis already removed)."""
        guess = self._batch.get(text)
        return guess if guess is not None else self._remembered(text)

    def prepare(self, texts: Sequence[str]) -> None:
        """Guess the languages of ``texts`` together, for ``detect`` to answer from until the
        next call: the same guesses as one by one, the identifier's work done for all texts
        at once (its per-byte walk in Python is most of the time a guess takes)."""
        self._batch = {}
        wanted = [t for t in dict.fromkeys(texts) if sum(map(str.isalpha, t)) >= MIN_LETTERS]
        if len(wanted) < _TOGETHER_FROM:
            return  # a few texts: the walk for all at once costs more than one by one
        for text, (code, confidence) in zip(wanted, self._classify_many(wanted), strict=True):
            self._batch[text] = _guess_from(code, confidence)

    def _classify_many(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """``classify`` of the identifier (``norm_probs``) for each text, the same figures."""
        identifier = self._identifier
        encoded = [identifier._encode(text) for text in texts]
        scores = np.zeros((len(texts), len(identifier.nb_classes)), dtype=np.float32)
        # ``_sparse_score`` of each text: the log counts and the model's rows for all texts
        # at once, then one product per text (summed as the identifier sums them).
        visits = self._visits(encoded)
        features = np.fromiter(chain.from_iterable(visits), dtype=np.intp)
        counts = np.fromiter(
            chain.from_iterable(v.values() for v in visits), dtype=np.float32, count=len(features)
        )
        weights = np.log1p(counts)
        rows = identifier.nb_ptc[features]
        end = 0
        for row, found in enumerate(visits):
            if found:
                start, end = end, end + len(found)
                scores[row] = weights[start:end] @ rows[start:end] + identifier.nb_pc
        # As ``_decide`` does for one text, row by row.
        scale = np.array([1.0 / math.sqrt(len(e) or 1) for e in encoded], dtype=np.float32)
        scores *= scale[:, None]
        np.exp(scores - scores.max(axis=1, keepdims=True), out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        for i, j in identifier._alias_pairs:
            scores[:, i] += scores[:, j]
            scores[:, j] = 0.0
        best = scores.argmax(axis=1)
        classes = identifier.nb_classes
        return [(classes[int(i)], float(scores[row, i])) for row, i in enumerate(best.tolist())]

    def _visits(self, encoded: Sequence[bytes]) -> list[Counter[int]]:
        """``visit_counts`` of each encoded text: the automaton walked over all texts at once,
        one byte position at a time (the longest first, so those still going are a prefix).
        The ``_WALKED_ALONE`` longest texts are walked one by one (unless as short as the
        next): each step past the others' ends would cost a few numpy calls for a few texts."""
        identifier = self._identifier
        found: list[Counter[int]] = [Counter()] * len(encoded)
        by_length = sorted(range(len(encoded)), key=lambda i: -len(encoded[i]))
        cap = len(encoded[by_length[_WALKED_ALONE]]) if len(encoded) > _WALKED_ALONE else -1
        order = [i for i in by_length if len(encoded[i]) <= cap]
        for i in by_length[: len(by_length) - len(order)]:
            visits = visit_counts(
                identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, encoded[i]
            )
            found[i] = visits or Counter()
        if not order:
            return found
        lengths = np.array([len(encoded[i]) for i in order], dtype=np.int64)
        flat = np.frombuffer(b"".join(encoded[i] for i in order), dtype=np.uint8)
        starts = np.zeros(len(order), dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        features = np.empty(len(flat), dtype=np.int64)
        state = np.zeros(len(order), dtype=np.int64)
        # How many texts are longer than each position: the prefix still walking there.
        positions = np.arange(int(lengths[0]))
        going = len(order) - np.searchsorted(lengths[::-1], positions, "right")
        for position, count in enumerate(going.tolist()):
            at = starts[:count] + position
            walked = self._next[self._rows[state[:count]] + flat[at]]
            state[:count] = walked
            features[at] = self._output[walked]
        # Each text's features in the order they were met, cut from one list of them all.
        kept = features >= 0
        counted = np.zeros(len(kept) + 1, dtype=np.int64)
        np.cumsum(kept, out=counted[1:])
        ends = counted[starts + lengths].tolist()
        met = features[kept].tolist()
        begin = 0
        for i, end in zip(order, ends, strict=True):
            found[i] = Counter(met[begin:end])
            begin = end
        return found

    def _guess(self, text: str) -> LanguageGuess:
        letters = sum(map(str.isalpha, text))
        if letters < MIN_LETTERS:
            return LanguageGuess(None, 0.0, f"too short to tell ({letters} letters)")
        code, probability = self._identifier.classify(text)
        return _guess_from(code, float(probability))


def _guess_from(code: str, confidence: float) -> LanguageGuess:
    if confidence < MIN_CONFIDENCE:
        return LanguageGuess(None, confidence, f"unsure ({code} at {confidence:.2f})")
    return LanguageGuess(str(code), confidence, f"py3langid {confidence:.2f}")
