"""KPIs are ratios of sums, at every level, never means of daily ratios."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bot.models import AdMetricRow
from bot.smm.frame import METRICS
from bot.smm.kpis import KpiSet, kpi, kpi_table, ratio

from .helpers import NOW


def row(day: str, ad: str, **numbers: float) -> AdMetricRow:
    values: dict[str, float] = {
        "impressions": 0,
        "clicks": 0,
        "spend": 0.0,
        "conversions": 0.0,
        "revenue": 0.0,
    }
    values.update(numbers)
    reach = numbers.get("reach")
    leads = numbers.get("leads")
    return AdMetricRow(
        bucket=day,
        granularity="day",
        platform="meta",
        account="acct",
        campaign="Shoes",
        adset="set",
        ad=ad,
        impressions=int(values["impressions"]),
        clicks=int(values["clicks"]),
        spend=values["spend"],
        conversions=values["conversions"],
        revenue=values["revenue"],
        reach=None if reach is None else int(reach),
        leads=leads,
    )


def sums(**values: float) -> np.typing.NDArray[np.float64]:
    out = np.zeros(len(METRICS))
    for name, value in values.items():
        out[METRICS.index(name)] = value
    return out


def test_ratio_is_nan_where_the_denominator_is_zero() -> None:
    out = ratio(np.array([1.0, 2.0]), np.array([0.0, 4.0]))
    assert math.isnan(out[0])
    assert out[1] == 0.5


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ctr", 20 / 1000),
        ("cpc", 50 / 20),
        ("cpm", 1000 * 50 / 1000),
        ("cvr", 4 / 20),
        ("cpa", 50 / 4),
        ("cpl", 50 / 4),
        ("roas", 200 / 50),
        ("frequency", 800 / 400),
    ],
)
def test_each_kpi_is_the_ratio_of_its_sums(name: str, expected: float) -> None:
    s = sums(
        impressions=1000,
        clicks=20,
        spend=50,
        conversions=4,
        results=4,
        revenue=200,
        reach=400,
        reach_impressions=800,
    )
    assert kpi(name, s) == pytest.approx(expected)


def test_kpi_of_a_volume_is_the_sum_and_unknown_names_raise() -> None:
    s = sums(spend=12.5, results=3)
    assert kpi("spend", s) == 12.5
    assert kpi("conversions", s) == 3
    with pytest.raises(KeyError):
        kpi("likes", s)


def test_campaign_ctr_over_a_window_is_clicks_over_impressions_not_a_mean_of_days() -> None:
    rows = [
        row("2026-11-23", "a", impressions=100, clicks=10, spend=10.0, conversions=1),
        row("2026-11-24", "a", impressions=900, clicks=9, spend=10.0, conversions=1),
        row("2026-11-24", "b", impressions=1000, clicks=1, spend=30.0, conversions=0),
    ]
    table = kpi_table(rows, "campaign", NOW, days=7)
    campaign = table[("meta", "acct", "Shoes", "", "")]
    assert campaign.ctr == pytest.approx(20 / 2000)  # the mean of daily CTRs would be 5.5 %
    assert campaign.cpa == pytest.approx(50 / 2)
    assert campaign.cpc == pytest.approx(50 / 20)
    ads = kpi_table(rows, "ad", NOW, days=7)
    assert ads[("meta", "acct", "Shoes", "set", "b")].cpa is None
    assert ads[("meta", "acct", "Shoes", "set", "a")].ctr == pytest.approx(19 / 1000)


def test_window_keeps_only_the_last_complete_days() -> None:
    rows = [
        row("2026-11-10", "a", impressions=1000, clicks=100),
        row("2026-11-24", "a", impressions=1000, clicks=10),
        row("2026-11-25", "a", impressions=1000, clicks=500),  # today: partial, left out
    ]
    table = kpi_table(rows, "ad", NOW, days=7)
    assert table[("meta", "acct", "Shoes", "set", "a")].ctr == pytest.approx(0.01)


def test_frequency_uses_only_impressions_that_came_with_reach() -> None:
    rows = [
        row("2026-11-23", "a", impressions=1000, reach=400),
        row("2026-11-24", "a", impressions=3000),  # no reach reported
    ]
    kpis = kpi_table(rows, "ad", NOW)[("meta", "acct", "Shoes", "set", "a")]
    assert kpis.frequency == pytest.approx(2.5)
    assert kpis.impressions == 4000


def test_a_leads_campaign_is_judged_on_leads() -> None:
    rows = [
        row("2026-11-24", "a", clicks=100, impressions=1000, spend=80.0, conversions=1, leads=8)
    ]
    leads = kpi_table(rows, "campaign", NOW, leads_campaigns={("meta", "acct", "Shoes")})
    purchases = kpi_table(rows, "campaign", NOW)
    key = ("meta", "acct", "Shoes", "", "")
    assert leads[key].cpa == pytest.approx(10.0)
    assert purchases[key].cpa == pytest.approx(80.0)


def test_kpi_set_from_sums_reads_the_metric_order() -> None:
    k = KpiSet.from_sums(sums(impressions=200, clicks=4, spend=8, results=2))
    assert k.ctr == pytest.approx(0.02)
    assert (k.cpc, k.cpa, k.roas) == (2.0, 4.0, 0.0)
    assert KpiSet.from_sums(sums()).ctr is None


def test_kpi_table_refuses_an_unknown_level() -> None:
    with pytest.raises(ValueError, match="unknown level"):
        kpi_table([], "brand", NOW)  # type: ignore[arg-type]
