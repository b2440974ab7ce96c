"""Intent figures on real customer-service tweets (twcs_dev) against our own id → label file.

The tweets are third-party data (CC BY-NC-SA, evaluation only) kept outside the repo; only our
labels live here. The figures come through ``analyze_file``, the path behind
``socialpulse analyze comments FILE --json``. Run ``python -m tests.smo.twcs_figures [DATA]
[--intents FOLDER] [--splits train,dev,holdout]``: ``--intents`` names a folder holding an intent
reader (``make train`` writes one to build/intents), read beside the cues.
"""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.analyze_cli import analyze_file
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine

REPO = Path(__file__).resolve().parents[2]
LABELS = Path(__file__).resolve().parent / "twcs_dev_intents.jsonl"
# 500 more tweets (chosen by CRC-32 of their ids), labelled later, split ``train``.
TRAIN_LABELS = Path(__file__).resolve().parent / "twcs_train_intents.jsonl"
SPLITS = ("train", "dev", "holdout")
# ``../shared/data`` next to a clone (one level further up from a worktree in a folder).
DATA = next(
    (
        p
        for p in (REPO.parent / "shared" / "data", REPO.parents[1] / "shared" / "data")
        if p.is_dir()
    ),
    REPO.parent / "shared" / "data",
)
COMMENTS = Path("support") / "twcs_dev.comments.jsonl"
SCORED = ("complaint", "support", "question", "praise")
# A fixed "now" keeps priorities (and so the output) the same from run to run.
NOW = datetime(2017, 12, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Label:
    id: str
    split: str
    intents: frozenset[str]
    mixed: bool


@dataclass(frozen=True, slots=True)
class Read:
    intents: frozenset[str]
    mixed: bool


def load_labels(*paths: Path) -> list[Label]:
    """The labels of ``paths`` (both label files by default)."""
    rows = []
    for path in paths or (LABELS, TRAIN_LABELS):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                o = json.loads(line)
                rows.append(Label(o["id"], o["split"], frozenset(o["intents"]), bool(o["mixed"])))
    return rows


def read_all(data: Path = DATA, intents: Path | None = None) -> dict[str, Read]:
    """Every twcs_dev tweet as the engine reads it, by id (with the intent reader in
    ``intents``, if given; the package ships none)."""
    engine = EngagementEngine([], default_templates_dir(), intents_dir=intents)
    out = io.StringIO()
    analyze_file(engine, data / COMMENTS, NOW, out)
    reads = {}
    for line in out.getvalue().splitlines():
        o: dict[str, Any] = json.loads(line)
        intents = frozenset(i["intent"] for i in o["intents"])
        reads[o["id"]] = Read(intents, bool(o["flags"].get("mixed")))
    return reads


def figures(labels: Sequence[Label], reads: Mapping[str, Read]) -> dict[str, float]:
    """Recall and precision per scored intent, the share read as ``other``, mixed recall."""
    found: dict[str, float] = {"n": float(len(labels))}
    for intent in SCORED:
        gold = [intent in lab.intents for lab in labels]
        said = [intent in reads[lab.id].intents for lab in labels]
        hits = sum(g and s for g, s in zip(gold, said, strict=True))
        found[f"{intent} recall"] = hits / max(1, sum(gold))
        found[f"{intent} precision"] = hits / max(1, sum(said))
    found["other share"] = sum(reads[lab.id].intents == {"other"} for lab in labels) / max(
        1, len(labels)
    )
    mixed = [lab for lab in labels if lab.mixed]
    found["mixed recall"] = sum(reads[lab.id].mixed for lab in mixed) / max(1, len(mixed))
    return found


def report(data: Path = DATA, intents: Path | None = None, splits: Sequence[str] = SPLITS) -> str:
    labels = load_labels()
    reads = read_all(data, intents)
    lines = [f"all {len(reads)} tweets: other {_other(reads.values()):.1%}"]
    for split in splits:
        chosen = [lab for lab in labels if lab.split == split]
        if chosen:
            shown = ", ".join(f"{k} {v:.2f}" for k, v in figures(chosen, reads).items())
            lines.append(f"{split}: {shown}")
    return "\n".join(lines)


def _other(reads: Any) -> float:
    items = list(reads)
    return sum(r.intents == {"other"} for r in items) / max(1, len(items))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", type=Path, default=DATA)
    parser.add_argument("--intents", type=Path, default=None)
    parser.add_argument("--splits", default=",".join(SPLITS))
    args = parser.parse_args()
    print(report(args.data, args.intents, args.splits.split(",")))
