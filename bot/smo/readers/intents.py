"""The learned intent reader: complaint, support, question and praise, and how it joins the cues.

One logistic regression per intent over the readers' hashed n-grams and VADER's compound
(``intents.npz`` / ``intents.json``, made by ``training/train_intents.py``). The cues keep
deciding what they find; the reader adds an intent they missed when its probability reaches the
intent's threshold, and its strongest phrases become the evidence a reviewer sees.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.models import Evidence
from bot.smo.intents import INTENTS, IntentResult
from bot.smo.readers.features import CHAR_SIZES
from bot.smo.readers.model import COLUMNS, Readers
from bot.smo.readers.verdict import quoted

__all__ = ["INTENT_COLUMNS", "IntentRead", "IntentReader", "combine"]

INTENT_COLUMNS: tuple[str, ...] = ("complaint", "support", "question", "praise")
# Cue intents the reader leaves alone: spam and abuse have readers of their own, and spam
# hides a comment whatever else it says.
_DECIDED_ELSEWHERE = frozenset({"spam"})


@dataclass(frozen=True, slots=True)
class IntentRead:
    """The reader's probability of each of ``INTENT_COLUMNS`` for one text, and the phrases
    behind each intent it would add to the cues' reading."""

    probabilities: tuple[float, ...]
    words: Mapping[str, tuple[str, ...]]


class IntentReader:
    """The weights and thresholds of ``intents.npz`` / ``intents.json``.

    The linear part is the readers' own (``Readers``: one gather per n-gram for the whole batch,
    and the same evidence phrases), four columns wide; its columns are this file's intents, in
    ``INTENT_COLUMNS`` order. ``thresholds`` holds, per intent, the probability from which the
    reader adds it, and ``praise_at_least``: cue praise the reader is less sure of is dropped.
    """

    def __init__(self, linear: Readers, thresholds: dict[str, float], card: dict[str, Any]) -> None:
        missing = [k for k in (*INTENT_COLUMNS, "praise_at_least") if k not in thresholds]
        if missing:
            raise ValueError(f"intent reader: no threshold for {', '.join(missing)}")
        self._linear = linear
        self.thresholds = thresholds
        self.card = card
        self._at = np.array([thresholds[k] for k in INTENT_COLUMNS])

    @classmethod
    def load(cls, folder: Path) -> IntentReader | None:
        """The intent reader saved in ``folder``, or None when it holds none."""
        weights_file, card_file = folder / "intents.npz", folder / "intents.json"
        if not weights_file.is_file():
            return None
        card = json.loads(card_file.read_text(encoding="utf-8"))
        if tuple(card["char_sizes"]) != CHAR_SIZES or tuple(card["columns"]) != INTENT_COLUMNS:
            raise ValueError(f"{card_file}: made for other features or intents than these")
        if len(INTENT_COLUMNS) != len(COLUMNS):
            raise ValueError(f"{card_file}: the readers' linear part is {len(COLUMNS)} wide")
        with np.load(weights_file) as saved:
            weights = saved["weights"].astype(np.float32)
            intercept = saved["intercept"].astype(np.float64)
            dense = saved["dense"].astype(np.float64)
        thresholds = {k: float(v) for k, v in card["thresholds"].items()}
        return cls(
            Readers(weights, intercept, dense, int(card["bits"]), {}, card), thresholds, card
        )

    def probabilities(
        self, texts: Sequence[str], compounds: Sequence[float]
    ) -> npt.NDArray[np.float64]:
        """One row per text: the probability of each of ``INTENT_COLUMNS``."""
        if not texts:
            return np.zeros((0, len(INTENT_COLUMNS)))
        return 1.0 / (1.0 + np.exp(-self._linear.logits(texts, compounds)))

    def read(
        self,
        texts: Sequence[str],
        compounds: Sequence[float],
        found: Sequence[frozenset[str]],
    ) -> list[IntentRead]:
        """What the reader says of each text, given what the cues ``found`` in it. Phrases are
        worked out for the whole batch at once, and per text only for the likeliest intent the
        cues missed (what costs most: each further one would hash the text again)."""
        probabilities = self.probabilities(texts, compounds)
        missed = probabilities >= self._at
        for k, label in enumerate(INTENT_COLUMNS):
            missed[:, k] &= np.fromiter((label not in f for f in found), bool, len(texts))
        rows = np.flatnonzero(missed.any(axis=1))
        likeliest = np.where(missed, probabilities, -1.0).argmax(axis=1)
        wanted = [(int(i), INTENT_COLUMNS[likeliest[i]]) for i in rows.tolist()]
        # The linear part names its columns as the readers do; the position is what counts.
        said = self._linear.evidence_many(
            [texts[i] for i, _ in wanted], [COLUMNS[INTENT_COLUMNS.index(k)] for _, k in wanted]
        )
        words: list[dict[str, tuple[str, ...]]] = [{} for _ in texts]
        for (i, label), phrases in zip(wanted, said, strict=True):
            words[i][label] = phrases
        return [
            IntentRead(tuple(row), w) for row, w in zip(probabilities.tolist(), words, strict=True)
        ]


def combine(
    result: IntentResult, read: IntentRead, thresholds: Mapping[str, float]
) -> IntentResult:
    """``result`` (the cues' reading) with the intents the reader adds: each of
    ``INTENT_COLUMNS`` whose probability reaches its threshold. Cue praise the reader gives less
    than ``praise_at_least`` is dropped ("thanks" closing a request); a complaint the reader
    adds to praise makes the comment mixed, and the complaint is what needs an answer."""
    found = set(result.intents)
    if not _DECIDED_ELSEWHERE.isdisjoint(found):
        return result
    probability = dict(zip(INTENT_COLUMNS, read.probabilities, strict=True))
    evidence = list(result.evidence)
    added: list[str] = []
    for label in INTENT_COLUMNS:
        if label in found or probability[label] < thresholds[label]:
            continue
        phrases = read.words.get(label, ())
        because = f": {quoted(phrases)}" if phrases else ""
        evidence.append(Evidence(label, f"reads as {label} ({probability[label]:.2f}){because}"))
        found.add(label)
        added.append(label)
    dropped: set[str] = set()
    mixed = result.mixed
    if "praise" in found and "praise" not in added:
        # "Reps are super nice, but it is still broken": mixed, and the complaint is what
        # needs an answer, however sure the reader is of the praise.
        if "complaint" in added and not result.sarcasm:
            evidence.append(Evidence("mixed", "praise with a complaint the reader found"))
            evidence.append(Evidence("not praise", "mixed with a complaint"))
            dropped.add("praise")
            mixed = True
        elif probability["praise"] < thresholds["praise_at_least"]:
            evidence.append(
                Evidence("not praise", f"reads as praise at {probability['praise']:.2f} only")
            )
            dropped.add("praise")
    if not added and not dropped:
        return result
    found -= dropped
    evidence = [e for e in evidence if e.label not in dropped]
    if found - {"other"}:
        found.discard("other")
        evidence = [e for e in evidence if e.label != "other"]
    else:
        found = {"other"}
        if not any(e.label == "other" for e in evidence):
            evidence.append(Evidence("other", "no intent read"))
    issue = result.issue
    if "complaint" in added and issue is None:
        issue = "experience"
    intents = tuple(i for i in INTENTS if i in found)
    return replace(result, intents=intents, evidence=tuple(evidence), issue=issue, mixed=mixed)
