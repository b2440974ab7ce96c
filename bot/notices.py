"""What the dispatcher hands a channel: one notice for one receiver, with its render context."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.labels import READER_LABELS, action_title, language_name, tone

__all__ = [
    "ALERT_DETAILS",
    "ALERT_SAID",
    "Notice",
    "NoticeKind",
    "alert_words",
    "review_words",
]

NoticeKind = Literal["draft", "decision", "alert", "resolved", "summary", "text"]


@dataclass(frozen=True, slots=True)
class Notice:
    """A message for one receiver; `data` is the JSON-able context its template renders."""

    kind: NoticeKind
    receiver: str
    subject: str
    dedupe_key: str
    data: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    def payload(self) -> str:
        return json.dumps(self.data, sort_keys=True, default=str)


# --- what a message says, and what it keeps for "Details" ------------------------------------

ALERT_SAID: dict[str, str] = {
    "money": "Money",
    "confidence": "How sure",
    "impact": "Impact",
    "drivers": "Drivers",
}
"""Evidence an alert message shows, in this order and under these names."""
ALERT_DETAILS: frozenset[str] = frozenset(
    {
        "metric",
        "current",
        "baseline",
        "target",
        "threshold",
        "rule",
        "window",
        "volume",
        "test",
        "days_anomalous",
        "since",
        "frequency",
        "at_stake",
    }
)
"""Evidence kept for the details (the statistics); any other evidence is shown as it is."""


def alert_words(alert: Mapping[str, Any]) -> dict[str, Any]:
    """An alert's render context with `said` (the evidence in words for the message, as
    (name, words) pairs), `details` (every figure the engine gave, for whoever asks) and a
    `title` per suggestion."""
    evidence: Mapping[str, Any] = alert.get("evidence") or {}
    # (name, words) pairs: a list keeps its order through the notice's sorted JSON.
    said = [[name, str(evidence[key])] for key, name in ALERT_SAID.items() if key in evidence]
    said += [
        [key, str(value)]
        for key, value in evidence.items()
        if key not in ALERT_SAID and key not in ALERT_DETAILS
    ]
    suggestions = [
        {**s, "title": action_title(str(s.get("action", "")))}
        for s in alert.get("suggestions") or []
    ]
    return {
        **alert,
        "said": said,
        "details": {key: str(value) for key, value in evidence.items()},
        "suggestions": suggestions,
    }


def review_words(analysis: Mapping[str, Any]) -> dict[str, Any]:
    """A draft's analysis with `tone` ("reads as negative (strong)"), `language_name`
    ("Japanese"), `cues` (the evidence quoted from the comment) and `details` (what the
    readers measured: the sentiment score, the language detector's reason)."""
    evidence = [e for e in analysis.get("evidence") or [] if isinstance(e, Mapping)]
    label = str(analysis.get("sentiment") or "neutral")
    score = float(analysis.get("sentiment_score") or 0.0)
    readers = {str(e.get("label")): str(e.get("cue")) for e in evidence if _by_reader(e)}
    details = {"sentiment": f"{label} {score:+.2f}", **readers}
    return {
        **analysis,
        "tone": tone(label, score, analysis.get("language")),
        "language_name": language_name(analysis.get("language")),
        "cues": [dict(e) for e in evidence if not _by_reader(e)],
        "details": details,
    }


def _by_reader(evidence: Mapping[str, Any]) -> bool:
    return str(evidence.get("label")) in READER_LABELS
