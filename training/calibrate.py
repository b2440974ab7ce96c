"""Accuracy on labelled comments: sentiment thresholds grid, intent P/R, FAQ threshold, language.

Run ``python -m training.calibrate [LABELLED.jsonl]`` (default: tests/smo/labelled.jsonl).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config.loading import load_workspace
from bot.models import Comment, Engagement
from bot.smo.brand import BrandProfile
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import MAX_ANALYSED_CHARS, EngagementEngine
from bot.smo.entities import extract_entities
from bot.smo.faq import FAQ_THRESHOLD, FaqIndex
from bot.smo.intents import INTENTS
from bot.smo.sentiment import NEGATIVE_BELOW, POSITIVE_FROM, SentimentScorer, decide

__all__ = [
    "EVALUATION_FAQ",
    "FaqOutcome",
    "IntentScores",
    "Labelled",
    "evaluation_brand",
    "faq_outcome",
    "intent_scores",
    "load_labelled",
    "main",
    "sentiment_accuracy",
]

DEFAULT_LABELLED = Path(__file__).resolve().parents[1] / "tests" / "smo" / "labelled.jsonl"
NOW = datetime(2026, 10, 5, 12, 0, tzinfo=UTC)

# An outdoor-gear brand's FAQ that the labelled questions with a "faq" key refer to.
EVALUATION_FAQ: tuple[tuple[str, str, str], ...] = (
    ("ship_intl", "Do you ship internationally?", "Yes, we ship to over 40 countries."),
    (
        "delivery_time",
        "How long does delivery take?",
        "2–5 business days in the EU, 5–10 elsewhere; free over €60.",
    ),
    ("returns", "What is your return policy?", "Unworn items can be returned within 30 days."),
    ("waterproof", "Is the Summit shell waterproof?", "Yes: a 20,000 mm membrane, taped seams."),
    ("sizing", "Which size should I choose?", "True to size; size up if you layer."),
    ("warranty", "Do your products have a warranty?", "Two years against defects."),
    ("vegan", "Are your products vegan?", "Yes, no animal ingredients anywhere."),
    ("store", "Do you have a physical store?", "Our flagship is in Hamburg, Mon–Sat 10–19."),
)


def evaluation_brand() -> BrandProfile:
    return BrandProfile(
        id="trailhead",
        name="Trailhead",
        voice="friendly",
        sign_off="— the Trailhead team",
        faq=tuple((q, a) for _, q, a in EVALUATION_FAQ),
        languages=("en", "de", "es"),
        review_receiver="community",
        handles={"instagram": "trailhead"},
    )


@dataclass(frozen=True, slots=True)
class Labelled:
    """One hand-labelled comment."""

    text: str
    intents: frozenset[str]
    sentiment: str
    lang: str
    split: str
    faq: str | None = None
    has_faq: bool = False


def load_labelled(path: Path = DEFAULT_LABELLED) -> list[Labelled]:
    rows: list[Labelled] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            raw = json.loads(line)
            rows.append(
                Labelled(
                    text=raw["text"],
                    intents=frozenset(raw["intents"]),
                    sentiment=raw["sentiment"],
                    lang=raw.get("lang", "en"),
                    split=raw.get("split", "dev"),
                    faq=raw.get("faq"),
                    has_faq="faq" in raw,
                )
            )
    return rows


def as_comments(texts: Iterable[str], brand: str = "trailhead") -> list[Comment]:
    """Each text as a fresh comment by its own author, an hour old."""
    return [
        Comment(
            id=f"l{i}",
            platform="instagram",
            brand=brand,
            post_id="p1",
            author=f"reader{i}",
            text=text,
            created_at=NOW - timedelta(hours=1),
        )
        for i, text in enumerate(texts)
    ]


@dataclass(slots=True)
class IntentScores:
    """Per-intent true positives, false positives and false negatives."""

    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(INTENTS, 0))
    fp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(INTENTS, 0))
    fn: dict[str, int] = field(default_factory=lambda: dict.fromkeys(INTENTS, 0))

    def add(self, truth: frozenset[str], predicted: frozenset[str]) -> None:
        for intent in INTENTS:
            if intent in truth and intent in predicted:
                self.tp[intent] += 1
            elif intent in predicted:
                self.fp[intent] += 1
            elif intent in truth:
                self.fn[intent] += 1

    def precision(self, intent: str) -> float:
        found = self.tp[intent] + self.fp[intent]
        return self.tp[intent] / found if found else 1.0

    def recall(self, intent: str) -> float:
        wanted = self.tp[intent] + self.fn[intent]
        return self.tp[intent] / wanted if wanted else 1.0

    def support(self, intent: str) -> int:
        return self.tp[intent] + self.fn[intent]

    def micro_f1(self) -> float:
        tp, fp, fn = (sum(d.values()) for d in (self.tp, self.fp, self.fn))
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    def table(self) -> str:
        lines = [f"{'intent':<16}{'P':>7}{'R':>7}{'n':>6}"]
        for intent in INTENTS:
            lines.append(
                f"{intent:<16}{self.precision(intent):>7.2f}{self.recall(intent):>7.2f}"
                f"{self.support(intent):>6}"
            )
        lines.append(f"micro-F1 {self.micro_f1():.3f}")
        return "\n".join(lines)


def intent_scores(
    truths: Sequence[frozenset[str]], engagements: Sequence[Engagement]
) -> IntentScores:
    scores = IntentScores()
    for truth, item in zip(truths, engagements, strict=True):
        scores.add(truth, frozenset(item.analysis.intents))
    return scores


def sentiment_accuracy(
    rows: Sequence[Labelled],
    engagements: Sequence[Engagement],
    raw_scores: Sequence[float],
    positive_from: float = POSITIVE_FROM,
    negative_below: float = NEGATIVE_BELOW,
) -> float:
    """Share of rows whose label under these thresholds matches the hand label."""
    hits = 0
    for row, item, score in zip(rows, engagements, raw_scores, strict=True):
        analysis = item.analysis
        sarcasm = any(e.label == "sarcasm" for e in analysis.evidence)
        label = decide(
            score,
            sarcasm=sarcasm,
            language=analysis.language,
            intents=analysis.intents,
            positive_from=positive_from,
            negative_below=negative_below,
        ).label
        hits += label == row.sentiment
    return hits / len(rows) if rows else 0.0


def raw_sentiment(texts: Sequence[str]) -> list[float]:
    scorer = SentimentScorer()
    out = []
    for text in texts:
        text = text[:MAX_ANALYSED_CHARS]
        out.append(scorer.compound(text, extract_entities(text).emojis))
    return out


@dataclass(frozen=True, slots=True)
class FaqOutcome:
    """What a threshold does to the FAQ-labelled questions."""

    asked: int
    answered: int
    right: int
    to_person: int
    accuracy: float

    @property
    def precision(self) -> float:
        return self.right / self.answered if self.answered else 1.0


def faq_outcome(rows: Sequence[Labelled], threshold: float = FAQ_THRESHOLD) -> FaqOutcome:
    """Questions answered (right or wrong) and sent to a person; accuracy counts a person
    as right when no entry fits."""
    asked = [r for r in rows if r.has_faq]
    index = FaqIndex([(q, a) for _, q, a in EVALUATION_FAQ])
    keys = [k for k, _, _ in EVALUATION_FAQ]
    answered = right = hits = 0
    for row, match in zip(asked, index.match([r.text for r in asked]), strict=True):
        predicted = keys[match.index] if match is not None and match.score >= threshold else None
        hits += predicted == row.faq
        if predicted is not None:
            answered += 1
            right += predicted == row.faq
    accuracy = hits / len(asked) if asked else 0.0
    return FaqOutcome(len(asked), answered, right, len(asked) - answered, accuracy)


def run_engine(rows: Sequence[Labelled]) -> list[Engagement]:
    engine = EngagementEngine([evaluation_brand()], default_templates_dir())
    return engine.run(as_comments(r.text for r in rows), NOW)


def _report(rows: list[Labelled], out: list[str]) -> None:
    engagements = run_engine(rows)
    raw = raw_sentiment([r.text for r in rows])
    out.append(f"{len(rows)} labelled comments")
    for split in ("dev", "holdout", "all"):
        chosen = [i for i, r in enumerate(rows) if split == "all" or r.split == split]
        if not chosen:
            continue
        scores = intent_scores([rows[i].intents for i in chosen], [engagements[i] for i in chosen])
        accuracy = sentiment_accuracy(
            [rows[i] for i in chosen], [engagements[i] for i in chosen], [raw[i] for i in chosen]
        )
        out.append(f"\n== intents, {split} ({len(chosen)}) ==\n{scores.table()}")
        out.append(f"sentiment accuracy ({split}): {accuracy:.3f}")

    for split in ("dev", "holdout"):
        chosen = [i for i, r in enumerate(rows) if r.split == split]
        if not chosen:
            continue
        part = [rows[i] for i in chosen]
        items = [engagements[i] for i in chosen]
        scores_ = [raw[i] for i in chosen]
        out.append(
            f"\n== sentiment thresholds, {split} (positive ≥ p down, negative ≤ -n across) =="
        )
        grid = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
        out.append("p\\n   " + "".join(f"{n:>7.2f}" for n in grid))
        best = (0.0, 0.0, 0.0)
        for p in grid:
            cells = []
            for n in grid:
                accuracy = sentiment_accuracy(part, items, scores_, p, -n)
                best = max(best, (accuracy, p, n))
                cells.append(f"{accuracy:>7.3f}")
            out.append(f"{p:<7.2f}" + "".join(cells))
        out.append(
            f"chosen (≥{POSITIVE_FROM}, ≤{NEGATIVE_BELOW}): "
            f"{sentiment_accuracy(part, items, scores_):.3f}; grid best {best[0]:.3f} "
            f"at p={best[1]}, n={best[2]}; VADER's own ±0.05: "
            f"{sentiment_accuracy(part, items, scores_, 0.05, -0.05):.3f}"
        )

    out.append("\n== FAQ threshold (answered = drafted from the FAQ; else a person answers) ==")
    for threshold in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
        o = faq_outcome(rows, threshold)
        mark = "  <- chosen" if abs(threshold - FAQ_THRESHOLD) < 1e-9 else ""
        out.append(
            f"{threshold:.2f}: answered {o.answered}/{o.asked}, right {o.right} "
            f"({o.precision:.2f}), to a person {o.to_person}, accuracy {o.accuracy:.3f}{mark}"
        )

    detected = [
        (r, e.analysis.language)
        for r, e in zip(rows, engagements, strict=True)
        if e.analysis.language is not None
    ]
    right = sum(1 for r, code in detected if code == r.lang)
    out.append(
        f"\n== language ==\ndetected for {len(detected)} of {len(rows)}; "
        f"right {right}/{len(detected)}"
    )


# The sample generator's name for an intent, where it differs from ours.
SAMPLE_INTENT_NAMES: dict[str, str] = {"support_request": "support"}


@dataclass(frozen=True, slots=True)
class SampleRun:
    """The engine's results on the generated samples next to their labels."""

    truths: list[frozenset[str]]
    sentiments: list[str]
    engagements: list[Engagement]


def sample_brands(workspace: Path) -> list[BrandProfile]:
    """Brand profiles from a workspace file, read and checked as the bot reads it (only the
    fields drafting needs)."""
    return [
        BrandProfile(
            id=b.id,
            name=b.name,
            voice=b.voice,
            sign_off=b.sign_off,
            faq=tuple((e.question, e.answer) for e in b.faq),
            languages=tuple(b.languages),
            review_receiver=b.review_receiver,
            handles=dict(b.handles),
        )
        for b in load_workspace(workspace).brands
    ]


def run_samples(directory: Path) -> SampleRun:
    """Run the engine over ``comments.jsonl`` with the brands of ``workspace.yaml``."""
    labels: dict[tuple[str, str], dict[str, object]] = {}
    with (directory / "comments.labels.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                raw = json.loads(line)
                labels[(raw["platform"], raw["id"])] = raw
    comments: list[Comment] = []
    with (directory / "comments.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            raw = json.loads(line)
            comments.append(
                Comment(
                    id=raw["id"],
                    platform=raw["platform"],
                    brand=raw["brand"],
                    post_id=raw["post_id"],
                    author=raw["author"],
                    text=raw["text"],
                    created_at=datetime.fromisoformat(raw["created_at"]),
                    parent_id=raw.get("parent_id"),
                    author_followers=raw.get("author_followers") or 0,
                    url=raw.get("url"),
                    lang=raw.get("lang"),
                )
            )
    now = max(c.created_at for c in comments) + timedelta(hours=1)
    engine = EngagementEngine(sample_brands(directory / "workspace.yaml"), default_templates_dir())
    engagements = engine.run(comments, now)
    truths: list[frozenset[str]] = []
    sentiments: list[str] = []
    for comment in comments:
        label = labels[(comment.platform, comment.id)]
        names = label["intents"]
        assert isinstance(names, list)
        truths.append(frozenset(SAMPLE_INTENT_NAMES.get(str(n), str(n)) for n in names))
        sentiments.append(str(label["sentiment"]))
    return SampleRun(truths, sentiments, engagements)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.calibrate", description=__doc__)
    parser.add_argument("labelled", nargs="?", type=Path, default=DEFAULT_LABELLED)
    parser.add_argument(
        "--samples", type=Path, help="also score a sample folder (comments + labels + workspace)"
    )
    args = parser.parse_args(argv)
    out: list[str] = []
    _report(load_labelled(args.labelled), out)
    if args.samples is not None:
        run = run_samples(args.samples)
        scores = intent_scores(run.truths, run.engagements)
        right = sum(
            e.analysis.sentiment == s for e, s in zip(run.engagements, run.sentiments, strict=True)
        )
        out.append(f"\n== samples {args.samples} ({len(run.truths)}) ==\n{scores.table()}")
        out.append(f"sentiment accuracy: {right / len(run.truths):.3f}")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
