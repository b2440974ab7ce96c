"""Winners: ad sets clearly and steadily beating target, with room to scale."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest

from bot.models import AdMetricRow, Alert
from bot.smm.engine import evaluate
from bot.smm.settings import EngineSettings

from .helpers import NOW, Shape, daily, names, target

WINNERS = EngineSettings(detectors=frozenset({"winners"}))


def campaign(
    win_cvr: float = 0.09, *, volume: float = 20_000, frequency: float = 1.3
) -> list[AdMetricRow]:
    win = Shape(impressions=volume, cvr=win_cvr, frequency=frequency)
    return [
        *daily(adset="Hikers", ad="river", shape=win, seed=1),
        *daily(adset="Broad", ad="boots", shape=Shape(impressions=volume, cvr=0.04), seed=2),
    ]


def run(rows: Sequence[AdMetricRow]) -> list[Alert]:
    return evaluate(rows, [target(target_cpa=16.0)], [], NOW, settings=WINNERS)


def test_a_clear_winner_is_flagged_with_how_much_to_scale_and_from_where() -> None:
    alerts = run(campaign())
    assert names(alerts) == ["ScaleWinner"]
    a = alerts[0]
    assert a.labels["adset"] == "Hikers" and "ad" not in a.labels
    assert a.severity == "info"
    actions = [s.action for s in a.suggestions]
    assert actions == ["raise_budget", "shift_budget"]
    assert "results/day" in a.suggestions[0].expected_effect
    assert "'Broad'" in a.suggestions[1].detail


def test_beating_target_by_a_little_is_not_a_winner() -> None:
    assert run(campaign(win_cvr=0.06)) == []


def test_low_volume_is_not_a_winner() -> None:
    # About a dozen results in 14 days: under winner_min_results, whatever the CPA. (At
    # 2,000 impressions a day, ~40 results, the same CPA is a winner on the mornings its z
    # reaches 3, and is then held while it stays clearly ahead of target.)
    assert run(campaign(volume=600)) == []


def test_a_saturated_audience_has_no_room_to_scale() -> None:
    assert run(campaign(frequency=2.6)) == []


def test_a_winner_slipping_just_under_the_margin_stays_one_episode() -> None:
    # CPA ≈ 0.57 × target for weeks, then ≈ 0.78 × for the last five days: the last week
    # now misses the 30 % margin by a hair, but it still beats target by far more than half
    # of it — the same winner, not one that ends today and is found again next week.
    slipping = daily(
        adset="Hikers",
        ad="river",
        shape=Shape(impressions=20_000, cvr=0.09, frequency=1.3),
        seed=1,
        effect=lambda age: {"cvr": 0.73} if age <= 5 else {},
    )
    assert names(run(slipping)) == ["ScaleWinner"]
    # Never a winner at the full margin: beating target by 22 % alone is not one.
    steady = daily(
        adset="Hikers", ad="river", shape=Shape(impressions=20_000, cvr=0.066, frequency=1.3)
    )
    assert run(steady) == []


@pytest.mark.slow
def test_a_thin_winner_near_the_significance_bar_is_one_episode() -> None:
    """About five results a day at 0.65 × target: z against target hovers around 3, so the
    full bar is met on some mornings and missed on others. Once found it stays found while
    it still beats target by half the margin, at the lower bar."""
    rows = daily(
        days=70,
        adset="Hikers",
        ad="river",
        shape=Shape(impressions=8_000, cvr=0.03, frequency=1.3),
        seed=4,
    )
    seen: list[bool] = []
    for back in range(24, -1, -1):
        now = NOW - timedelta(days=back)
        past = [r for r in rows if r.bucket < now.date().isoformat()]
        alerts = evaluate(past, [target(target_cpa=41.0)], [], now, settings=WINNERS)
        seen.append("ScaleWinner" in names(alerts))
    first = seen.index(True)
    assert all(seen[first:]), seen


def test_a_winner_whose_last_week_still_beats_target_stays_one() -> None:
    # CPA ≈ 0.56 × target for weeks, then ≈ 0.93 × for the last seven days: the fortnight
    # still beats target by far more than half the margin and the week still beats it, so
    # it is the same winner; a week at or above target ends it.
    def fading(factor: float) -> list[AdMetricRow]:
        return daily(
            adset="Hikers",
            ad="river",
            shape=Shape(impressions=20_000, cvr=0.09, frequency=1.3),
            seed=1,
            effect=lambda age: {"cvr": factor} if age <= 7 else {},
        )

    assert names(run(fading(0.7))) == ["ScaleWinner"]
    assert run(fading(0.5)) == []
