"""One rule for the numbers in Meta's and Google's answers: a metric left out is 0, one that
is there but is not a number quarantines the row naming the field, on both platforms."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.config.ads_in import AdAccount
from bot.connectors.google_ads import google_row
from bot.connectors.meta_insights import insight_row
from bot.feeds.admetrics import RowProblem

META = AdAccount(brand="alpenglow", id="act_1", token_env="T")
GOOGLE = AdAccount(brand="alpenglow", platform="google", id="1", token_env="T")


def meta(**metrics: Any) -> dict[str, Any]:
    item = {"date_start": "2026-11-20", "campaign_name": "C", "adset_name": "S", "ad_name": "A"}
    return {**item, **metrics}


def google(**metrics: Any) -> dict[str, Any]:
    return {
        "campaign": {"name": "C"},
        "adGroup": {"name": "S"},
        "adGroupAd": {"ad": {"name": "A"}},
        "segments": {"date": "2026-11-20"},
        "metrics": metrics,
    }


def test_a_metric_left_out_is_zero_on_both_platforms() -> None:
    from_meta = insight_row(meta(impressions="10"), META)
    from_google = google_row(google(impressions="10"), GOOGLE)
    for row in (from_meta, from_google):
        assert (row.impressions, row.clicks, row.spend, row.conversions) == (10, 0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("meta_field", "google_field", "value", "said"),
    [
        ("impressions", "impressions", "many", "impressions: not a whole number: 'many'"),
        ("impressions", "impressions", True, "impressions: not a whole number: 'True'"),
        ("spend", "conversions", True, ": not a number: 'True'"),
        ("spend", "conversions", "NaN", ": not a finite number"),
        ("spend", "conversions", "lots", ": not a number: 'lots'"),
        ("spend", "conversions", [1], ": not a number: '[1]'"),
    ],
)
def test_a_metric_that_is_not_a_number_is_refused_on_both_platforms(
    meta_field: str, google_field: str, value: Any, said: str
) -> None:
    pattern = re.escape(said)
    with pytest.raises(RowProblem, match=pattern):
        insight_row(meta(**{"impressions": "10", meta_field: value}), META)
    with pytest.raises(RowProblem, match=pattern):
        google_row(google(**{"impressions": "10", google_field: value}), GOOGLE)
