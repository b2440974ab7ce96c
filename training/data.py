"""The labelled development sets of a data folder (see the model card for their sources)."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ABUSE", "SENTIMENT", "SPAM", "LabelledSet", "fold_of", "load"]

SPAM = ("spam/youtube_dev", "spam/sms")
ABUSE = ("abuse/tweeteval_offensive_val", "abuse/davidson")
SENTIMENT = (
    "sentiment/vader_tweets",
    "sentiment/vader_amazon_reviews",
    "sentiment/tweeteval_val",
    "sentiment/sentiment140_test",
)


@dataclass(frozen=True)
class LabelledSet:
    name: str
    comments: Path
    ids: list[str]
    texts: list[str]
    labels: list[object]


def load(data: Path, name: str, key: str) -> LabelledSet:
    """The comments of ``name`` in ``data`` with the ``key`` label of each."""
    comments = data / f"{name}.comments.jsonl"
    texts: dict[str, str] = {}
    with comments.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                item = json.loads(line)
                texts[str(item["id"])] = str(item["text"])
    ids: list[str] = []
    labels: list[object] = []
    with (data / f"{name}.labels.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                item = json.loads(line)
                if str(item["id"]) in texts:
                    ids.append(str(item["id"]))
                    labels.append(item[key])
    return LabelledSet(name, comments, ids, [texts[i] for i in ids], labels)


def fold_of(item_id: str, folds: int) -> int:
    """A fixed fold for each item, from its id: the same split on every run and machine."""
    return zlib.crc32(item_id.encode("utf-8")) % folds
