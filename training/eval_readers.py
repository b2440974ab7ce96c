"""Figures of the readers on a data folder, measured through the engine as `analyze` runs it.

Usage: python -m training.eval_readers [DATA] [--sets NAME ...]

Held out: for each of five folds the readers are refitted without that fold and the engine
(``bot.analyze_cli.analyze_file``, the code behind `socialpulse analyze comments --json`) reads the
fold's items, so every item is read by readers that did not fit it. Training fit: the shipped
readers read every item. Scoring follows ../shared/eval/score_analyze.py (F1 of the positive
class from ``flags``; three-way sentiment accuracy, where ``unknown`` is a miss), and that scorer
is also run on the shipped readers' output when it is found beside the data folder.
``--sets`` reads only the named sets (the readers are still refitted on all of them).
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.analyze_cli import analyze_file
from bot.rendering import TEMPLATES_DIR
from bot.smo.engine import EngagementEngine
from bot.smo.readers.model import MODELS_DIR
from bot.smo.readers.verdict import swearing
from training import train_readers
from training.data import ABUSE, SENTIMENT, SPAM, fold_of

NOW = datetime(2026, 12, 1, tzinfo=UTC)
# Real customer tweets to brands: never fitted (CC BY-NC-SA), only counted.
SUPPORT = "support/twcs_dev.comments.jsonl"
SETS = (
    [(n, "spam") for n in SPAM]
    + [(n, "abuse") for n in ABUSE]
    + [(n, "sentiment") for n in SENTIMENT]
)


def analysed(readers: Path, comments: Path) -> dict[str, dict[str, Any]]:
    engine = EngagementEngine((), TEMPLATES_DIR / "replies", readers_dir=readers)
    out = io.StringIO()
    analyze_file(engine, comments, NOW, out)
    return {o["id"]: o for o in map(json.loads, out.getvalue().splitlines())}


def score(
    kind: str, labels: list[dict[str, Any]], output: dict[str, dict[str, Any]], flag: str = ""
) -> str:
    """The figure of ``kind`` (F1 of the ``flag`` flag, ``kind`` by default; accuracy for
    sentiment) over the labelled items of ``output``."""
    pairs = [(item, output[item["id"]]) for item in labels if item["id"] in output]
    if kind == "sentiment":
        right = sum(item["sentiment"] == o["sentiment"]["label"] for item, o in pairs)
        return f"accuracy {right / max(1, len(pairs)):.3f}"
    flag = flag or kind
    tp = sum(bool(item[kind]) and o["flags"][flag] for item, o in pairs)
    fp = sum(not item[kind] and o["flags"][flag] for item, o in pairs)
    fn = sum(bool(item[kind]) and not o["flags"][flag] for item, o in pairs)
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return f"P {precision:.3f} R {recall:.3f} F1 {2 * tp / max(1, 2 * tp + fp + fn):.3f}"


def customer_marks(comments: Path) -> str:
    """How many real customer tweets the shipped readers flag as abuse and mark offensive (and
    of those marked, how many without swearing or an insult): plain complaints marked there
    mislead a reviewer, so the count is measured, never written by hand."""
    lines = comments.read_text(encoding="utf-8").splitlines()
    texts = {str(o["id"]): str(o["text"]) for o in map(json.loads, filter(str.strip, lines))}
    output = analysed(MODELS_DIR, comments)
    offensive = [i for i, o in output.items() if o["flags"]["offensive"]]
    plain = sum(not swearing(texts[i]) for i in offensive)
    abuse = sum(o["flags"]["abuse"] for o in output.values())
    return (
        f"{len(output)} read, abuse {abuse}, offensive {len(offensive)} "
        f"({plain} of them without swearing or an insult)"
    )


def chosen(names: list[str] | None) -> list[tuple[str, str]]:
    """The sets to read, with their kind: those named, in the usual order, or all of them."""
    return [(name, kind) for name, kind in SETS if names is None or name in names]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", type=Path, default=Path("../shared/data"))
    parser.add_argument(
        "--sets",
        nargs="+",
        choices=[name for name, _ in SETS],
        help="read only these sets (all by default)",
    )
    args = parser.parse_args(argv)
    data: Path = args.data
    sets = chosen(args.sets)
    labels = {
        name: [json.loads(x) for x in (data / f"{name}.labels.jsonl").open() if x.strip()]
        for name, _ in sets
    }
    shipped = {name: analysed(MODELS_DIR, data / f"{name}.comments.jsonl") for name, _ in sets}
    parts = train_readers.build_parts(data)
    thresholds = json.loads((MODELS_DIR / "readers.json").read_text())["thresholds"]
    held: dict[str, dict[str, dict[str, Any]]] = {name: {} for name, _ in sets}
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(train_readers.FOLDS):
            folder = Path(tmp) / f"fold{fold}"
            train_readers.train(parts, fold, thresholds, folder)
            for name, _ in sets:
                subset = Path(tmp) / "items.jsonl"
                with (data / f"{name}.comments.jsonl").open(encoding="utf-8") as source:
                    subset.write_text(
                        "".join(
                            line
                            for line in source
                            if line.strip()
                            and fold_of(str(json.loads(line)["id"]), train_readers.FOLDS) == fold
                        ),
                        encoding="utf-8",
                    )
                held[name].update(analysed(folder, subset))
            print(f"fold {fold + 1}/{train_readers.FOLDS} read", file=sys.stderr, flush=True)
    print(f"{'set':38} {'held out (5-fold)':28} training fit")
    for name, kind in sets:
        note = "" if name in train_readers.FITTED else "  (not fitted: held out and fit alike)"
        # An abuse set's label is OLID's "offensive" (Davidson's hate or offensive): read
        # both as the abuse flag (the verdict a person acts on) and as ``flags.offensive``
        # (abuse or offensive language, which ../shared/eval/score_analyze.py counts too).
        for flag in (kind, "offensive") if kind == "abuse" else (kind,):
            shown = name if flag == kind else f"{name} [{flag}]"
            print(
                f"{shown:38} {score(kind, labels[name], held[name], flag):28} "
                f"{score(kind, labels[name], shipped[name], flag)}{note}"
            )
    support = data / SUPPORT
    if support.is_file():
        print(
            f"\n{SUPPORT} (customer tweets, no labels), shipped readers: {customer_marks(support)}"
        )
    scorer = data.parent / "eval" / "score_analyze.py"
    if scorer.is_file():
        print(f"\n{scorer} on the shipped readers' output:")
        with tempfile.TemporaryDirectory() as tmp:
            for name, kind in sets:
                out = Path(tmp) / "out.jsonl"
                out.write_text("".join(json.dumps(o) + "\n" for o in shipped[name].values()))
                line = subprocess.run(
                    [
                        sys.executable,
                        str(scorer),
                        kind,
                        str(out),
                        str(data / f"{name}.labels.jsonl"),
                    ],
                    capture_output=True,
                    text=True,
                    check=False,
                ).stdout.strip()
                print(f"  {name:38} {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
