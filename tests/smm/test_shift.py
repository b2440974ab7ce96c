"""Spend, delivery and price alerts against the ad set's own seasonal history, no targets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from bot.models import AdMetricRow, Alert
from bot.smm.engine import evaluate
from bot.smm.settings import EngineSettings
from tests.smm.helpers import NOW

Change = Callable[[int], dict[str, float]]
_HOURS = np.array([0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 0.8, 1, 1.2, 1.3, 1.3, 1.3] * 2)
_HOURS = _HOURS / _HOURS.sum()


def _row(
    rng: np.random.Generator,
    bucket: str,
    granularity: str,
    spend: float,
    cpm: float,
    ctr: float,
    platform: str,
    adset: str,
) -> AdMetricRow:
    impressions = int(rng.poisson(spend / cpm * 1000))
    clicks = int(rng.binomial(impressions, ctr))
    return AdMetricRow(
        bucket=bucket,
        granularity=granularity,  # type: ignore[arg-type]
        platform=platform,
        account="acct",
        campaign="Always on",
        adset=adset,
        ad="",
        impressions=impressions,
        clicks=clicks,
        spend=round(spend, 2),
        conversions=float(rng.poisson(clicks * 0.03)),
        revenue=0.0,
    )


def budget_capped(
    *,
    days: int = 60,
    spend: float = 300.0,
    cpm: float = 8.0,
    ctr: float = 0.012,
    noise: float = 0.08,
    change: Change | None = None,
    seed: int = 3,
    platform: str = "pinterest",
    adset: str = "Broad",
    now: datetime = NOW,
) -> list[AdMetricRow]:
    """Daily rows of an ad set spending about ``spend`` a day (less at weekends);
    ``change(age)`` multiplies spend, cpm or ctr ``age`` days before today."""
    rng = np.random.default_rng(seed)
    rows = []
    for age in range(days, 0, -1):
        day = now.date() - timedelta(days=age)
        m = {"spend": 1.0, "cpm": 1.0, "ctr": 1.0, **(change(age) if change else {})}
        level = spend * (0.8 if day.weekday() >= 5 else 1.0) * m["spend"]
        level *= float(rng.lognormal(0, noise))
        rows.append(
            _row(
                rng, day.isoformat(), "day", level, cpm * m["cpm"], ctr * m["ctr"], platform, adset
            )
        )
    return rows


def exchange_hours(
    *, days: int = 10, spend: float = 2400.0, change: Change | None = None, seed: int = 5
) -> list[AdMetricRow]:
    """Hourly rows of a programmatic line spending about ``spend`` a day with a day curve;
    ``change(age)`` takes hours ago (1 = the last complete hour)."""
    rng = np.random.default_rng(seed)
    rows = []
    end = NOW.replace(minute=0)
    for age in range(days * 24, 0, -1):
        moment = end - timedelta(hours=age)
        m = {"spend": 1.0, "cpm": 1.0, "ctr": 1.0, **(change(age) if change else {})}
        level = spend * _HOURS[moment.hour] * m["spend"] * float(rng.lognormal(0, 0.1))
        rows.append(
            _row(
                rng,
                moment.isoformat(),
                "hour",
                level,
                4.0 * m["cpm"],
                0.004 * m["ctr"],
                "xandr",
                "Line 1",
            )
        )
    return rows


def shifts(alerts: list[Alert]) -> dict[str, Alert]:
    wanted = {"SpendSpike", "SpendDrop", "DeliveryCollapse", "CPCSpike", "CPMSpike"}
    return {a.labels["alertname"]: a for a in alerts if a.labels["alertname"] in wanted}


def judge(rows: list[AdMetricRow], now: datetime = NOW, **settings: object) -> dict[str, Alert]:
    return shifts(evaluate(rows, [], [], now, settings=EngineSettings(**settings)))  # type: ignore[arg-type]


def test_an_overwhelming_spend_spike_fires_the_morning_after_without_a_budget() -> None:
    found = judge(budget_capped(change=lambda age: {"spend": 3.0} if age == 1 else {}))
    alert = found["SpendSpike"]
    assert alert.labels["platform"] == "pinterest"
    assert alert.labels["adset"] == "Broad"
    assert "1 day in a row" in alert.summary
    assert "more spent than usual" in alert.evidence["money"]
    assert alert.keep_firing_for == timedelta(hours=26)


def test_a_moderate_step_waits_for_its_second_day() -> None:
    one_day = budget_capped(change=lambda age: {"spend": 1.8} if age == 1 else {})
    two_days = budget_capped(change=lambda age: {"spend": 1.8} if age <= 2 else {})
    assert "SpendSpike" not in judge(one_day)
    assert "SpendSpike" in judge(two_days)
    # Configurable: a workspace that wants single days judged at the strong bar.
    assert "SpendSpike" in judge(one_day, shift_confirm=1)


def test_a_confirmed_spike_stays_while_it_still_strays_halfway() -> None:
    """Hysteresis: a fresh +45 % would not fire, but after a doubling it keeps the alert."""
    fresh = budget_capped(change=lambda age: {"spend": 1.45} if age == 1 else {})
    easing = budget_capped(
        change=lambda age: {"spend": 1.45} if age == 1 else {"spend": 2.2} if age <= 3 else {}
    )
    assert "SpendSpike" not in judge(fresh)
    assert "3 days in a row" in judge(easing)["SpendSpike"].summary


def test_spend_drop_and_delivery_collapse() -> None:
    cut = judge(budget_capped(change=lambda age: {"spend": 0.35} if age <= 2 else {}))
    assert set(cut) == {"SpendDrop"}
    gone = judge(budget_capped(change=lambda age: {"spend": 0.05} if age <= 2 else {}))
    assert {"SpendDrop", "DeliveryCollapse"} <= set(gone)
    assert gone["DeliveryCollapse"].severity == "critical"


@pytest.mark.slow
def test_a_day_at_a_third_of_usual_spend_fires_the_morning_after() -> None:
    """A whole day's spend at under half its usual level, far outside the ad set's own
    day-to-day spread, is a delivery problem worth a look the next morning; an hour at the
    same level is only told once its run is confirmed."""
    cut = judge(budget_capped(change=lambda age: {"spend": 0.35} if age == 1 else {}))
    assert "1 day in a row" in cut["SpendDrop"].summary
    # A day at 70 % of usual, a blip inside the spread of an uncapped ad set, stays quiet.
    blip = budget_capped(noise=0.2, change=lambda age: {"spend": 0.7} if age == 1 else {})
    assert "SpendDrop" not in judge(blip)
    hour = exchange_hours(change=lambda age: {"spend": 0.4} if age == 1 else {})
    assert "SpendDrop" not in judge(hour)


def test_an_ad_set_that_stopped_sending_rows_is_not_a_running_collapse() -> None:
    rows = budget_capped()
    stopped = [r for r in rows if r.bucket < (NOW.date() - timedelta(days=4)).isoformat()]
    other = budget_capped(adset="Other", seed=9)
    assert "DeliveryCollapse" not in judge(stopped + other)


def test_cpc_and_cpm_spikes_and_a_cpm_spike_explains_its_cpc() -> None:
    shortfall = budget_capped(change=lambda age: {"ctr": 0.45} if age <= 2 else {})
    assert set(judge(shortfall)) == {"CPCSpike"}
    # Read by the price detector alone; with the CTR drop it is one click shortfall
    # (tests/smm/test_clicks.py), whose money is the spend without its usual clicks.
    cpc = judge(shortfall, detectors=frozenset({"prices"}))
    assert "paid above the usual price" in cpc["CPCSpike"].evidence["money"]
    cpm = judge(budget_capped(change=lambda age: {"cpm": 2.2} if age <= 2 else {}))
    assert set(cpm) == {"CPMSpike"}


def test_too_little_spend_to_speak() -> None:
    tiny = budget_capped(spend=4.0, cpm=2.0, change=lambda age: {"spend": 0.1} if age <= 3 else {})
    assert judge(tiny) == {}
    assert "SpendDrop" in judge(tiny, shift_min_spend_daily=1.0)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.slow
def test_a_noisy_quiet_ad_set_with_harmless_blips_stays_quiet_for_a_month(seed: int) -> None:
    rng = np.random.default_rng(seed)
    blips = {int(d): float(rng.choice([1.4, 0.75])) for d in rng.integers(1, 60, 3)}
    rows = budget_capped(
        days=90, noise=0.15, seed=seed, change=lambda age: {"spend": blips.get(age, 1.0)}
    )
    for step in range(30):
        moment = NOW - timedelta(days=step)
        assert judge([r for r in rows if r.bucket < moment.date().isoformat()], moment) == {}


@pytest.mark.slow
def test_hourly_cpc_spike_fires_within_two_hours_and_says_so() -> None:
    """An exchange's hourly rows are judged each hour against the same hours of past days."""
    rows = exchange_hours(change=lambda age: {"ctr": 0.4} if age <= 2 else {})
    alert = judge(rows)["CPCSpike"]
    assert alert.labels["platform"] == "xandr"
    assert alert.evidence["granularity"] == "hourly rows"
    assert "2 hours in a row" in alert.summary
    assert alert.keep_firing_for == timedelta(hours=2)
    one_hour = exchange_hours(change=lambda age: {"ctr": 0.6} if age == 1 else {})
    assert "CPCSpike" not in judge(one_hour)


@pytest.mark.slow
@pytest.mark.parametrize(("spend", "seed"), [(2400.0, 11), (150.0, 12), (150.0, 13)])
def test_quiet_hours_stay_quiet_through_a_day_of_hourly_checks(spend: float, seed: int) -> None:
    """A thick line and thin ones (a few clicks an hour, whose hours are read pooled)."""
    rows = exchange_hours(spend=spend, seed=seed)
    for step in range(24):
        moment = NOW - timedelta(hours=step)
        seen = [r for r in rows if datetime.fromisoformat(r.bucket) < moment.replace(minute=0)]
        assert judge(seen, moment.astimezone(UTC)) == {}


@pytest.mark.slow
def test_a_cpc_spike_on_a_thin_ad_set_is_read_from_the_clicks_it_should_have_bought() -> None:
    """About 40 clicks a day: a doubled CPC leaves under 20 a day, which must not hide it."""
    thin = {"spend": 40.0, "cpm": 8.0, "ctr": 0.008}
    spiked = budget_capped(**thin, change=lambda age: {"ctr": 0.45} if age <= 2 else {})  # type: ignore[arg-type]
    alert = judge(spiked)["CPCSpike"]
    assert "2 days in a row" in alert.summary
    for seed in range(4):
        assert "CPCSpike" not in judge(budget_capped(**thin, seed=seed))  # type: ignore[arg-type]


@pytest.mark.slow
def test_a_cpc_is_not_judged_on_a_line_under_the_minimum_clicks() -> None:
    """The ~40 clicks a day line above, and the ~6 clicks an hour line below, are over the
    default minimum; raised past what they usually get, their CPC spikes say nothing."""
    thin = {"spend": 40.0, "cpm": 8.0, "ctr": 0.008}
    spiked = budget_capped(**thin, change=lambda age: {"ctr": 0.45} if age <= 2 else {})  # type: ignore[arg-type]
    assert "CPCSpike" in judge(spiked, min_clicks_daily=30.0)
    assert "CPCSpike" not in judge(spiked, min_clicks_daily=50.0)
    midnight = NOW - timedelta(hours=8)
    rows = exchange_hours(spend=150.0, change=lambda age: {"ctr": 0.4} if 9 <= age <= 12 else {})
    seen = [r for r in rows if datetime.fromisoformat(r.bucket) < midnight]
    assert judge(seen, midnight, min_clicks_hourly=5.0)["CPCSpike"].evidence["granularity"] == (
        "hourly rows"
    )
    assert "CPCSpike" not in judge(seen, midnight, min_clicks_hourly=8.0)


@pytest.mark.slow
def test_a_night_cpm_spike_on_a_thin_exchange_line_fires_within_two_hours() -> None:
    """Night hours buy ~290 impressions; at twice the CPM ~130, which must not hide it."""
    night = NOW.replace(hour=4)
    rows = exchange_hours(
        spend=100.0, change=lambda age: {"cpm": 2.2} if 4 < age <= 6 else {}, seed=7
    )
    seen = [r for r in rows if datetime.fromisoformat(r.bucket) < night]
    alert = judge(seen, night)["CPMSpike"]
    assert "2 hours in a row" in alert.summary
    for seed in range(4):
        quiet = exchange_hours(spend=100.0, seed=seed)
        seen = [r for r in quiet if datetime.fromisoformat(r.bucket) < night]
        assert "CPMSpike" not in judge(seen, night)


def _priced(rows: list[AdMetricRow], cpc: dict[int, float], now: datetime) -> list[AdMetricRow]:
    """``rows`` before ``now`` with the clicks of the hours ``cpc`` names (hours back from
    ``now``) bought at that CPC; the line's usual CPC is 1.00."""
    end = now.replace(minute=0)
    out = []
    for r in rows:
        moment = datetime.fromisoformat(r.bucket)
        if moment >= end:
            continue
        back = int((end - moment) / timedelta(hours=1))
        if back in cpc:
            r = replace(r, clicks=round(r.spend / cpc[back]))
        out.append(r)
    return out


@pytest.mark.slow
def test_an_hour_of_a_cpc_spike_that_looks_usual_by_chance_does_not_end_it() -> None:
    """A thin line buys ~12 clicks an evening hour; in a 5-hour spike at 3x the CPC one hour
    bought near the usual price (Poisson noise does that to a few clicks). The spike is
    judged over all 5 hours; the last 2 alone are too few clicks to tell it by."""
    midnight = NOW - timedelta(hours=8)
    quiet = exchange_hours(spend=150.0, seed=3)
    spike = {1: 3.0, 2: 3.0, 3: 1.2, 4: 3.0, 5: 3.0}
    alert = judge(_priced(quiet, spike, midnight), midnight)["CPCSpike"]
    assert alert.evidence["granularity"] == "hourly rows"
    assert "CPCSpike" not in judge(_priced(quiet, {1: 3.0, 2: 3.0}, midnight), midnight)
    for seed in range(4):
        still = exchange_hours(spend=150.0, seed=seed)
        assert "CPCSpike" not in judge(_priced(still, {}, midnight), midnight)


@pytest.mark.slow
def test_a_cpc_spike_on_a_thin_line_is_judged_on_the_hours_since_it_began() -> None:
    """A line that buys ~5-12 clicks an hour: at 2.5x the CPC no single hour need show the
    spike (8 clicks due, 4 bought happens by chance), but the hours since the onset pooled
    do. The spike runs from 20:00 and is judged at midnight, four hours into it."""
    midnight = NOW - timedelta(hours=8)
    for seed in range(3):
        rows = exchange_hours(
            spend=150.0, seed=seed, change=lambda age: {"ctr": 0.4} if 9 <= age <= 12 else {}
        )
        seen = [r for r in rows if datetime.fromisoformat(r.bucket) < midnight]
        alert = judge(seen, midnight)["CPCSpike"]
        assert alert.evidence["granularity"] == "hourly rows"
        quiet = exchange_hours(spend=150.0, seed=seed)
        seen = [r for r in quiet if datetime.fromisoformat(r.bucket) < midnight]
        assert "CPCSpike" not in judge(seen, midnight)


def test_a_price_alert_says_the_price_paid_over_its_run_not_n_a() -> None:
    """Three evening hours at 3x the CPC, the last of them with spend and no click at all:
    the alert says the run's CPC (spend over the clicks it bought), never 'n/a'."""
    midnight = NOW - timedelta(hours=8)
    rows = _priced(exchange_hours(spend=600.0, seed=3), {2: 3.0, 3: 3.0}, midnight)
    rows = [
        replace(r, clicks=0) if r.bucket == (midnight - timedelta(hours=1)).isoformat() else r
        for r in rows
    ]
    alert = judge(rows, midnight)["CPCSpike"]
    assert "n/a" not in alert.summary
    assert "n/a" not in alert.evidence["current"]
    assert alert.value is not None and alert.value >= 1.5 * float(alert.baseline or 0)
