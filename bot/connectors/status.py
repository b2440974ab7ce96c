"""What each connector last did, for `/healthz`: last success, last error, counts and facts
(comment connectors, ad pulls, publishing accounts)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.health_state import error_name
from bot.models import ChangeCounts
from bot.redaction import redact

__all__ = ["ConnectorStatus"]


def _iso(at: float | None) -> str | None:
    return None if at is None else datetime.fromtimestamp(at, UTC).isoformat(timespec="seconds")


@dataclass(slots=True)
class _State:
    last_success: float | None = None
    last_error_at: float | None = None
    error: str | None = None
    counts: ChangeCounts = field(default_factory=ChangeCounts)
    facts: dict[str, Any] = field(default_factory=dict)


class ConnectorStatus:
    """Kept in memory; error texts are redacted (`known` secrets and token-shaped text).
    `counts`: whether the comment counts are shown (not for ad pulls and publishing, whose
    facts say what they did)."""

    def __init__(
        self,
        known: list[str] | None = None,
        wall: Callable[[], float] = time.time,
        counts: bool = True,
    ) -> None:
        self._known = list(known or [])
        self._wall = wall
        self._counts = counts
        self._states: dict[str, _State] = {}

    def succeeded(self, name: str, counts: ChangeCounts | None = None) -> None:
        state = self._states.setdefault(name, _State())
        state.last_success = self._wall()
        if counts is not None:
            state.counts.add(counts)

    def failed(self, name: str, exc: BaseException) -> None:
        state = self._states.setdefault(name, _State())
        state.last_error_at = self._wall()
        state.error = f"{error_name(exc)}: {redact(str(exc), self._known)[:300]}"

    def note(self, name: str, **facts: Any) -> None:
        """Facts of the connector to show (YouTube quota units used today, say)."""
        self._states.setdefault(name, _State()).facts.update(facts)

    def report(self) -> dict[str, dict[str, Any]]:
        return {name: self._shown(state) for name, state in sorted(self._states.items())}

    def _shown(self, state: _State) -> dict[str, Any]:
        shown: dict[str, Any] = {
            "last_success": _iso(state.last_success),
            "last_error": _iso(state.last_error_at),
            "error": state.error,
        }
        if self._counts:
            shown.update(
                stored=state.counts.stored,
                duplicate=state.counts.duplicate,
                edited=state.counts.edited,
                removed=state.counts.removed,
                stale=state.counts.stale,
                withdrawn=state.counts.withdrawn,
                quarantined=state.counts.quarantined,
            )
        return {**shown, **state.facts}
