"""The Meta webhook crash drill, smaller than the benchmark's: deliveries with 10 % repeats to
`socialpulse run`, killed with SIGKILL in the middle and started again; nothing lost or doubled
(`python -m benchmarks.webhook_drill` runs the full 10,000)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.webhook_drill import drill, plan

pytestmark = pytest.mark.slow


def test_the_plan_repeats_a_tenth_of_the_deliveries() -> None:
    order = plan(1000, 0.10)
    assert len(order) == 1000
    assert len(set(order)) == 900
    # A repeat always comes after the delivery it repeats.
    seen: set[int] = set()
    for n in order:
        assert n in seen or n == len(seen)
        seen.add(n)


async def test_sigkill_between_deliveries_loses_and_doubles_nothing(tmp_path: Path) -> None:
    result = await drill(tmp_path, 1500, 0.10)
    assert result.unique == 1350
    assert result.stored == 1350
    assert (result.lost, result.doubled, result.reviews_doubled) == (0, 0, 0)
    assert result.reviews == 1350
    assert result.resent > 0, "no delivery was refused by the killed bot; nothing was tested"
