"""What the dispatcher hands a channel: one notice for one receiver, with its render context."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

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
