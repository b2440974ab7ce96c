"""The held-out figures count a pacing alert as false only when its month did not miss."""

from __future__ import annotations

from datetime import UTC, datetime

from benchmarks.ads_heldout import _pace_borne_out, _winner_borne_out
from bot.models import AdMetricRow
from bot.replay import Episode
from bot.smm.settings import DEFAULT_SETTINGS
from bot.smm.targets import CampaignTarget

KEY = ("meta", "acct", "C01")
BUDGET = {KEY: CampaignTarget(*KEY, monthly_budget=3000.0)}


def pacing(name: str, fired: datetime) -> Episode:
    labels = {"alertname": name, "platform": KEY[0], "account": KEY[1], "campaign": KEY[2]}
    return Episode("fp", labels, "", "warning", fired, fired_at=fired)


def test_a_pacing_alert_is_borne_out_when_its_month_missed_budget_that_way() -> None:
    fired = datetime(2026, 9, 12, 8, tzinfo=UTC)  # judges September from its 11th
    september = (*KEY, "2026-09")
    under = pacing("BudgetUnderdelivery", fired)
    assert _pace_borne_out(under, {september: [2400.0, 30.0]}, BUDGET, DEFAULT_SETTINGS)
    assert not _pace_borne_out(under, {september: [2850.0, 30.0]}, BUDGET, DEFAULT_SETTINGS)
    over = pacing("BudgetOverspend", fired)
    assert _pace_borne_out(over, {september: [3500.0, 30.0]}, BUDGET, DEFAULT_SETTINGS)
    assert not _pace_borne_out(over, {september: [2400.0, 30.0]}, BUDGET, DEFAULT_SETTINGS)
    # A month the data holds only part of is judged on the budget for its days.
    assert _pace_borne_out(under, {september: [1600.0, 20.0]}, BUDGET, DEFAULT_SETTINGS)
    # Any other alert is never excused.
    spike = pacing("CPASpike", fired)
    assert not _pace_borne_out(spike, {september: [2400.0, 30.0]}, BUDGET, DEFAULT_SETTINGS)


def test_a_winner_is_borne_out_when_its_ad_set_kept_beating_target_afterwards() -> None:
    def day(d: int, conversions: float) -> AdMetricRow:
        return AdMetricRow(
            bucket=f"2026-10-{d:02d}",
            granularity="day",
            platform=KEY[0],
            account=KEY[1],
            campaign=KEY[2],
            adset="Hikers",
            ad="",
            impressions=5000,
            clicks=100,
            spend=100.0,
            conversions=conversions,
            revenue=0.0,
        )

    target = {KEY: CampaignTarget(*KEY, target_cpa=20.0)}
    winner = pacing("ScaleWinner", datetime(2026, 10, 10, 8, tzinfo=UTC))
    winner.labels["adset"] = "Hikers"
    still = [day(d, 8.0) for d in range(1, 25)]  # CPA 12.5: 0.63 × target
    faded = [day(d, 8.0 if d < 10 else 5.5) for d in range(1, 25)]  # then 18.2: 0.91 ×
    assert _winner_borne_out(winner, still, target, DEFAULT_SETTINGS)
    assert not _winner_borne_out(winner, faded, target, DEFAULT_SETTINGS)
    # Under a week after it fired says nothing yet.
    assert not _winner_borne_out(winner, still[:14], target, DEFAULT_SETTINGS)
