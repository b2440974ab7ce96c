"""The order alerts are listed in: the most severe first, then the costliest."""

from __future__ import annotations

from collections.abc import Iterable

from bot.models import AlertRecord
from bot.smm.money import at_stake

__all__ = ["ranked"]

_SEVERITY_RANK = {"critical": 0, "warning": 1}


def _listed_first(record: AlertRecord) -> tuple[int, float, str]:
    """Critical first, then warnings; within a severity the costliest alert (the money its
    evidence puts at stake, bot.smm.money) is listed first in chat and in `alerts list`."""
    evidence = record.details.get("evidence") if isinstance(record.details, dict) else None
    stake = at_stake(evidence if isinstance(evidence, dict) else None)
    return (_SEVERITY_RANK.get(record.severity, 2), -stake, record.started_at)


def ranked(records: Iterable[AlertRecord]) -> list[AlertRecord]:
    """``records`` in the order chat, `alerts list` and the notices list them (a stable sort:
    alerts alike keep the order they came in)."""
    return sorted(records, key=_listed_first)
