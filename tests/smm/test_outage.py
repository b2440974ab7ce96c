"""Tracking outage: results collapse while clicks and spend carry on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.alerting.inhibition import inhibited
from bot.models import AdMetricRow, Alert
from bot.smm.engine import INHIBITS, evaluate
from bot.smm.rules import BUILTIN_RULES
from bot.smm.settings import EngineSettings

from .helpers import NOW, Shape, daily, hourly, names, target

OUTAGE = EngineSettings(detectors=frozenset({"outage"}))
BIG = Shape(impressions=60_000)


def run(rows: Sequence[AdMetricRow]) -> list[Alert]:
    return evaluate(rows, [], [], NOW, settings=OUTAGE)


def test_zero_results_with_steady_traffic_is_an_outage() -> None:
    alerts = run(daily(effect=lambda age: {"cvr": 0.0} if age <= 2 else {}))
    assert names(alerts) == ["TrackingOutage"]
    a = alerts[0]
    assert a.severity == "critical"
    assert a.suggestions[0].action == "check_tracking"
    assert "spent since then" in a.suggestions[0].expected_effect


def test_a_paused_campaign_is_not_an_outage() -> None:
    assert run(daily(effect=lambda age: {"impressions": 0.02} if age <= 2 else {})) == []


def test_a_bad_day_for_conversions_is_not_an_outage() -> None:
    assert run(daily(effect=lambda age: {"cvr": 0.5} if age <= 1 else {})) == []


def test_low_volume_is_not_judged() -> None:
    rows = daily(shape=Shape(impressions=3000), effect=lambda a: {"cvr": 0.0} if a <= 1 else {})
    assert run(rows) == []


def test_the_hourly_feed_says_since_when() -> None:
    rows = daily(days=40, shape=BIG) + hourly(
        shape=BIG, effect=lambda hours_ago: {"cvr": 0.0} if hours_ago <= 8 else {}
    )
    alerts = run(rows)
    assert names(alerts) == ["TrackingOutage"]
    assert alerts[0].evidence["since"] == "2026-11-25 00:00Z"
    assert run(daily(days=40, shape=BIG) + hourly(shape=BIG)) == []


def _weekend_outage(now: datetime) -> list[Alert]:
    """A B2B campaign (weekend traffic 40 % of a weekday) whose tracking broke on Thursday."""
    onset = date(2026, 11, 26)
    left = (now.date() - onset).days  # days from onset to now; age ≤ left is broken

    def effect(age: int) -> dict[str, float]:
        return {"cvr": 0.0} if age <= left else {}

    rows = daily(days=60, now=now, shape=Shape(impressions=60_000, weekend=0.4), effect=effect)
    return evaluate(rows, [], [], now, settings=OUTAGE)


@pytest.mark.parametrize("day", [27, 28, 29, 30, 31])
def test_an_outage_stays_firing_through_a_quiet_weekend(day: int) -> None:
    # Friday to Monday mornings: Saturday's and Sunday's clicks are far below a weekday's, but
    # ordinary for a weekend, and results are still zero.
    now = datetime(2026, 11, 1, 8, tzinfo=UTC).replace(day=day) if day <= 30 else NEXT_TUESDAY
    alerts = _weekend_outage(now)
    assert names(alerts) == ["TrackingOutage"]
    assert alerts[0].evidence["since"] == "2026-11-26"


NEXT_TUESDAY = datetime(2026, 12, 1, 8, tzinfo=UTC)


def test_an_outage_judges_every_day_since_it_began() -> None:
    alerts = _weekend_outage(NEXT_TUESDAY)
    window = alerts[0].evidence["window"]
    assert window.startswith("2026-11-26..2026-11-30")


@pytest.mark.parametrize("day", [27, 28, 29, 30, 31])
def test_the_cost_alerts_an_outage_mutes_stay_muted_through_the_weekend(day: int) -> None:
    now = datetime(2026, 11, 1, 8, tzinfo=UTC).replace(day=day) if day <= 30 else NEXT_TUESDAY
    onset = date(2026, 11, 26)
    left = (now.date() - onset).days
    rows = daily(
        days=60,
        now=now,
        shape=Shape(impressions=60_000, weekend=0.4),
        effect=lambda age: {"cvr": 0.0} if age <= left else {},
    )
    alerts = evaluate(rows, [target(target_cpa=15.0)], list(BUILTIN_RULES), now)
    muted = inhibited(alerts, INHIBITS)
    costs = [a for a in alerts if a.labels["alertname"] in INHIBITS["TrackingOutage"].targets]
    assert "TrackingOutage" in names(alerts)
    assert all(a.fingerprint in muted for a in costs)


def test_an_ad_set_that_loses_its_tracking_is_an_outage_of_that_ad_set() -> None:
    """A third of the campaign's results stop: under the 20 % bar for the campaign."""
    lost = daily(adset="Retargeting", effect=lambda age: {"cvr": 0.0} if age <= 2 else {})
    rest = daily(adset="Broad", seed=1, shape=Shape(impressions=40_000))
    alerts = run(lost + rest)
    assert names(alerts) == ["TrackingOutage"]
    assert alerts[0].labels["adset"] == "Retargeting"
    both = daily(adset="Broad", seed=1, effect=lambda age: {"cvr": 0.0} if age <= 2 else {})
    campaign_wide = run(lost + both)
    assert names(campaign_wide) == ["TrackingOutage"]
    assert "adset" not in campaign_wide[0].labels


def test_one_thin_day_is_not_an_outage_until_a_second_day_confirms_it() -> None:
    """Nine results a day: a day with one is a 1-in-700 day, which some campaign among dozens
    judged every morning has every month; two days with none are an outage, and a day with
    none where 33 were due is one at once (Poisson tail, not its normal approximation)."""
    thin = Shape(impressions=9_000)
    one = daily(shape=thin, noise=False, effect=lambda age: {"cvr": 0.1} if age == 1 else {})
    assert run(one) == []
    two = daily(shape=thin, noise=False, effect=lambda age: {"cvr": 0.0} if age <= 2 else {})
    assert names(run(two)) == ["TrackingOutage"]
    busy = Shape(impressions=33_000)
    dry = daily(shape=busy, noise=False, effect=lambda age: {"cvr": 0.0} if age == 1 else {})
    assert names(run(dry)) == ["TrackingOutage"]


def test_a_thin_ad_set_is_told_once_its_empty_days_are_evidence_enough() -> None:
    """About 1.6 results a day: four days with none are a 1-in-500 run, which a thin line
    judged every morning meets by chance every year or two, and with dozens of them some
    ad set every month; five (8 results due, none seen: 1 in 3,000) are an outage."""
    thin = Shape(impressions=1500)
    four = daily(shape=thin, noise=False, effect=lambda age: {"cvr": 0.0} if age <= 4 else {})
    assert run(four) == []
    five = daily(shape=thin, noise=False, effect=lambda age: {"cvr": 0.0} if age <= 5 else {})
    assert names(run(five)) == ["TrackingOutage"]


def test_an_outage_through_a_dip_in_delivery_is_still_an_outage() -> None:
    """Results gone while clicks run at half their usual: results per click collapsed, which
    a dip in delivery does not explain; a pause (a few % of the clicks) is not judged."""
    dip = daily(effect=lambda age: {"cvr": 0.0, "impressions": 0.5} if age <= 2 else {})
    assert names(run(dip)) == ["TrackingOutage"]
    paused = daily(effect=lambda age: {"cvr": 0.0, "impressions": 0.1} if age <= 2 else {})
    assert run(paused) == []


def _hours_without_results(
    seed: int, hours: int, kept: int = 0, size: float = 20_000
) -> list[AdMetricRow]:
    """About ``size`` / 1000 results a day on hourly rows; the last ``hours`` hours keep
    ``kept`` results (in their busiest hour) and lose the rest while clicks carry on."""
    shape = Shape(impressions=size)
    rows = daily(days=40, seed=seed, shape=shape) + hourly(seed=seed, shape=shape)
    cut = (NOW - timedelta(hours=hours)).isoformat()
    last = [r for r in rows if r.granularity == "hour" and r.bucket >= cut]
    busiest = max(last, key=lambda r: r.clicks).bucket if last else ""
    return [
        replace(r, conversions=float(kept if r.bucket == busiest else 0), revenue=0.0)
        if r.granularity == "hour" and r.bucket >= cut
        else r
        for r in rows
    ]


@pytest.mark.parametrize("seed", range(4))
def test_hours_without_a_result_are_judged_since_the_last_one(seed: int) -> None:
    """Ten hours without a result where ~10 were due (about 1 in 20,000): an outage on the
    hourly feed, judged over every hour since the last result. The fixed windows (6, 12,
    24 hours) missed it: the 12-hour one reaches back into the hours before it broke."""
    alerts = run(_hours_without_results(seed, 10, size=22_000))
    assert names(alerts) == ["TrackingOutage"]
    # From the last hour with a result: the hour before the break may have had none too.
    assert int(alerts[0].evidence["window"].split("(")[1].rstrip("h)")) >= 10
    assert run(_hours_without_results(seed, 0, size=22_000)) == []


@pytest.mark.parametrize("seed", range(4))
def test_one_result_in_twelve_hours_where_nine_were_due_is_not_yet_an_outage(seed: int) -> None:
    """One result in twelve hours where ~9 were due is a 1-in-800 window: judged 24 times a
    day on every campaign, that comes by chance every month; the hourly check waits for the
    surer evidence a single fresh day needs (and the morning's daily check sees the day)."""
    assert run(_hours_without_results(seed, 12, kept=1, size=15_000)) == []
