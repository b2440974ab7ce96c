"""`socialpulse analyze comments FILE`: the engagement engine on a team's own export, no bot."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from bot.feeds.jsonl import parse_comment
from bot.models import Comment, Engagement, Rejected
from bot.smo.engine import EngagementEngine
from bot.smo.readers.verdict import OFFENSIVE

__all__ = [
    "BATCH",
    "SCHEMA_VERSION",
    "analyze_file",
    "as_json",
]

SCHEMA_VERSION = 1
BATCH = 1000


def as_json(item: Engagement) -> dict[str, Any]:
    """One comment's result in the documented, stable shape (docs/analyze.md)."""
    analysis = item.analysis
    evidence: dict[str, list[str]] = {}
    for e in analysis.evidence:
        evidence.setdefault(e.label, []).append(e.cue)
    draft = item.draft
    return {
        "schema": SCHEMA_VERSION,
        "id": item.comment.id,
        "platform": item.comment.platform,
        "brand": item.comment.brand,
        "sentiment": {
            "label": analysis.sentiment,
            "score": round(analysis.sentiment_score, 4),
            "evidence": evidence.get(analysis.sentiment, []),
        },
        "intents": [
            {"intent": intent, "evidence": evidence.get(intent, [])} for intent in analysis.intents
        ],
        "language": analysis.language,
        "priority": {"score": round(analysis.priority, 1), "reason": analysis.priority_reason},
        "flags": {
            "spam": "spam" in analysis.intents,
            "abuse": "abuse" in analysis.intents,
            "mixed": any(e.label == "mixed" for e in analysis.evidence),
            # OLID's "offensive": abuse, or offensive language that is not (see MODEL_CARD.md).
            "offensive": "abuse" in analysis.intents
            or any(e.label == OFFENSIVE for e in analysis.evidence),
        },
        "entities": {
            "hashtags": list(analysis.hashtags),
            "mentions": list(analysis.mentions),
            "urls": list(analysis.urls),
            "emojis": list(analysis.emojis),
        },
        "draft": None
        if draft is None
        else {"action": draft.action, "text": draft.text, "note": draft.note},
        "no_draft_reason": None if draft is not None else "nothing to answer or act on",
    }


def _batches(path: Path, errors: list[Rejected]) -> Iterator[list[Comment]]:
    batch: list[Comment] = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            parsed = parse_comment(line.rstrip("\n"), str(path), number)
            if isinstance(parsed, Rejected):
                errors.append(parsed)
                continue
            batch.append(parsed)
            if len(batch) >= BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def analyze_file(
    engine: EngagementEngine, path: Path, now: datetime, out: TextIO
) -> tuple[int, list[Rejected]]:
    """Write one JSON object per readable comment; return the count and the rejected lines."""
    errors: list[Rejected] = []
    count = 0
    for batch in _batches(path, errors):
        for item in engine.run(batch, now):
            out.write(json.dumps(as_json(item), ensure_ascii=False) + "\n")
            count += 1
    return count, errors
