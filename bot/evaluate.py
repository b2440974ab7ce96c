"""`socialpulse evaluate comments FILE LABELS`: the engine measured on a team's own labels."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from bot.analyze_cli import analyze_file
from bot.clock import utcnow
from bot.config.workspace import Workspace
from bot.engine_setup import engagement_engine
from bot.rendering import strip_controls

__all__ = [
    "SENTIMENTS",
    "Evaluation",
    "LabelScore",
    "add_evaluate_parser",
    "evaluate",
    "evaluate_command",
    "read_labels",
    "score_label",
]

SENTIMENTS: tuple[str, ...] = ("negative", "neutral", "positive")
BINARY: tuple[str, ...] = ("spam", "abuse")
WORST_SHOWN = 10
_SHOWN_CHARS = 80


@dataclass(frozen=True, slots=True)
class LabelScore:
    """Precision, recall and F1 of one label over the items labelled for it."""

    label: str
    support: int  # items that truly have the label
    predicted: int  # items the engine gave the label
    true_positives: int
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class Mistake:
    id: str
    label: str
    expected: str
    got: str
    evidence: list[str]
    text: str


@dataclass(slots=True)
class Evaluation:
    items: int = 0
    missing: list[str] = field(default_factory=list)  # labelled ids not in the comments file
    labels: list[LabelScore] = field(default_factory=list)
    sentiment_accuracy: float | None = None
    sentiment_items: int = 0
    # confusion[expected][got]; ``got`` may also be "unknown" or "mixed".
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    worst: list[Mistake] = field(default_factory=list)


def score_label(label: str, pairs: Iterable[tuple[bool, bool]]) -> LabelScore:
    """``pairs`` of (truly has the label, engine gave it)."""
    tp = fp = fn = 0
    for expected, got in pairs:
        tp += expected and got
        fp += got and not expected
        fn += expected and not got
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return LabelScore(label, tp + fn, tp + fp, tp, precision, recall, f1)


def read_labels(path: Path) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The labels by comment id, and a message for each line that could not be used."""
    labels: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: not JSON ({exc.msg})")
                continue
            problem = _label_problem(item)
            if problem:
                problems.append(f"{where}: {problem}")
                continue
            labels[str(item["id"])] = item
    return labels, problems


def _label_problem(item: object) -> str | None:
    if not isinstance(item, dict):
        return "expected an object with an id and labels"
    if not isinstance(item.get("id"), str | int) or isinstance(item.get("id"), bool):
        return "missing id"
    if "sentiment" in item and item["sentiment"] not in SENTIMENTS:
        return f"sentiment must be one of {', '.join(SENTIMENTS)}, not {item['sentiment']!r}"
    for key in BINARY:
        if key in item and not isinstance(item[key], bool):
            return f"{key} must be true or false, not {item[key]!r}"
    intents = item.get("intents")
    if intents is not None and not (
        isinstance(intents, list) and all(isinstance(i, str) for i in intents)
    ):
        return "intents must be a list of intent names"
    if not ({"sentiment", "intents"} | set(BINARY)) & item.keys():
        return "no label (sentiment, spam, abuse or intents)"
    return None


def evaluate(
    labels: Mapping[str, Mapping[str, Any]],
    results: Mapping[str, Mapping[str, Any]],
    texts: Mapping[str, str],
) -> Evaluation:
    """Compare ``results`` (analyze's JSON objects by id) with ``labels`` (by id)."""
    found = Evaluation()
    pairs = [(labels[i], results[i], i) for i in labels if i in results]
    found.items = len(pairs)
    found.missing = [i for i in labels if i not in results]
    mistakes: list[tuple[int, float, Mistake]] = []

    def mistake(
        rank: int, i: str, label: str, expected: str, got: str, evidence: list[str]
    ) -> None:
        text = strip_controls(texts.get(i, ""))[:_SHOWN_CHARS]
        priority = float(results[i]["priority"]["score"])
        mistakes.append((rank, priority, Mistake(i, label, expected, got, evidence, text)))

    for key in BINARY:
        rows = [(bool(lab[key]), bool(res["flags"][key]), i) for lab, res, i in pairs if key in lab]
        if not rows:
            continue
        found.labels.append(score_label(key, ((e, g) for e, g, _ in rows)))
        for expected, got, i in rows:
            if expected != got:
                why = [
                    e for x in results[i]["intents"] if x["intent"] == key for e in x["evidence"]
                ]
                # A missed abuse or spam hurts more than a false alarm a reviewer undoes.
                mistake(2 if expected else 1, i, key, str(expected).lower(), str(got).lower(), why)

    named = sorted({n for lab, _, _ in pairs for n in lab.get("intents") or ()})
    with_intents = [(lab, res, i) for lab, res, i in pairs if "intents" in lab]
    for name in named:
        rows = [
            (name in lab["intents"], any(x["intent"] == name for x in res["intents"]), i)
            for lab, res, i in with_intents
        ]
        found.labels.append(score_label(name, ((e, g) for e, g, _ in rows)))
        for expected, got, i in rows:
            if expected and not got:
                given = ", ".join(x["intent"] for x in results[i]["intents"])
                mistake(1, i, name, "yes", given or "none", [])

    rated = [(lab["sentiment"], res["sentiment"], i) for lab, res, i in pairs if "sentiment" in lab]
    if rated:
        found.sentiment_items = len(rated)
        found.confusion = {s: {} for s in SENTIMENTS}
        right = 0
        for expected, got, i in rated:
            label = str(got["label"])
            row = found.confusion[expected]
            row[label] = row.get(label, 0) + 1
            right += label == expected
            if label != expected:
                # Read the other way round (negative as positive) is the worst a reader can do.
                rank = 3 if {label, expected} == {"negative", "positive"} else 1
                mistake(rank, i, "sentiment", expected, label, list(got.get("evidence", [])))
        found.sentiment_accuracy = right / len(rated)
        for s in SENTIMENTS:
            found.labels.append(
                score_label(f"sentiment {s}", ((e == s, str(g["label"]) == s) for e, g, _ in rated))
            )
    mistakes.sort(key=lambda m: (-m[0], -m[1], m[2].id))
    found.worst = [m for _, _, m in mistakes[:WORST_SHOWN]]
    return found


def add_evaluate_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "evaluate",
        help="measure the engagement engine against your own labelled comments",
        description="Run the engine on a comments JSONL file and compare it with a labels file "
        "(one JSON object per line: id, and any of sentiment, spam, abuse, intents; see "
        "docs/analyze.md): precision, recall and F1 per label, the sentiment confusion matrix "
        "and the worst mistakes.",
    )
    parser.add_argument("what", choices=["comments"], help="what the file holds")
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument("labels", type=Path, metavar="LABELS")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")


def evaluate_command(
    workspace: Workspace, args: argparse.Namespace, out: Console, err: Console
) -> int:
    for path in (args.file, args.labels):
        if not path.is_file():
            err.print(f"{path}: no such file", markup=False)
            return 1
    labels, problems = read_labels(args.labels)
    buffer = io.StringIO()
    _, rejected = analyze_file(engagement_engine(workspace), args.file, utcnow(), buffer)
    results = {str(o["id"]): o for o in map(json.loads, buffer.getvalue().splitlines())}
    texts = _texts(args.file, results.keys())
    found = evaluate(labels, results, texts)
    if args.json:
        sys.stdout.write(json.dumps(asdict(found), ensure_ascii=False) + "\n")
    else:
        _print(found, out)
    for bad in rejected:
        err.print(f"{bad.source}:{bad.position}: {bad.reason}", markup=False)
    for problem in problems:
        err.print(problem, markup=False)
    if found.missing:
        shown = ", ".join(found.missing[:5]) + (" …" if len(found.missing) > 5 else "")
        err.print(
            f"{args.labels}: {len(found.missing)} labelled ids not in {args.file}: {shown}",
            markup=False,
        )
    return 1 if rejected or problems else 0


def _texts(path: Path, wanted: Iterable[str]) -> dict[str, str]:
    keep = set(wanted)
    texts: dict[str, str] = {}
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(item, dict) and str(item.get("id")) in keep:
                texts[str(item["id"])] = str(item.get("text", ""))
    return texts


def _print(found: Evaluation, out: Console) -> None:
    out.print(f"{found.items:,} labelled comments read", markup=False)
    scores = Table(title="Per label", title_justify="left", show_edge=False, header_style="bold")
    for column in ("label", "support", "predicted", "precision", "recall", "F1"):
        scores.add_column(column, justify="left" if column == "label" else "right")
    for s in found.labels:
        scores.add_row(
            Text(s.label),
            str(s.support),
            str(s.predicted),
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.f1:.3f}",
        )
    out.print(scores)
    if found.sentiment_accuracy is not None:
        out.print(
            f"sentiment accuracy {found.sentiment_accuracy:.3f} ({found.sentiment_items} items)",
            markup=False,
        )
        got = [
            *SENTIMENTS,
            *sorted({g for r in found.confusion.values() for g in r} - set(SENTIMENTS)),
        ]
        matrix = Table(
            title="Sentiment: labelled (rows) × read (columns)",
            title_justify="left",
            show_edge=False,
            header_style="bold",
        )
        matrix.add_column("")
        for g in got:
            matrix.add_column(Text(g), justify="right")
        for expected, row in found.confusion.items():
            matrix.add_row(expected, *(str(row.get(g, 0)) for g in got))
        out.print(matrix)
    if found.worst:
        worst = Table(
            title="Worst mistakes", title_justify="left", show_edge=False, header_style="bold"
        )
        for column in ("id", "label", "expected", "got", "evidence", "text"):
            worst.add_column(column, overflow="ellipsis")
        for m in found.worst:
            # Comment text and ids are the team's data: shown as plain text, never as markup.
            cells = (m.id, m.label, m.expected, m.got, "; ".join(m.evidence), m.text)
            worst.add_row(*(Text(c) for c in cells))
        out.print(worst)
