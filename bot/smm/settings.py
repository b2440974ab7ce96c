"""Tunable thresholds of the ad-alert engine, with the reasons for their defaults."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.smm.frame import Level

__all__ = ["DEFAULT_SETTINGS", "DETECTORS", "EngineSettings"]

DETECTORS: frozenset[str] = frozenset(
    {
        "rules",
        "anomaly",
        "pacing",
        "fatigue",
        "outage",
        "stale",
        "winners",
        "spend",
        "delivery",
        "prices",
    }
)


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """Everything the detectors may be tuned by; the defaults are meant to be quiet.

    ``conversion_lag`` is how much late conversions may still add to the last complete
    days (yesterday first): a KPI alert that depends on conversions must still hold after
    that many more arrive, so only a large effect is judged on fresh days.
    """

    detectors: frozenset[str] = DETECTORS
    history_days: int = 100
    # Typical attribution delay: a day gains some 10-20 % of its conversions after its first
    # report. An allowance much above that hid a doubled CPA on its first day.
    conversion_lag: tuple[float, ...] = (0.15, 0.05, 0.01)

    # A rule with a ``confidence`` is judged only where its window should hold at least this
    # many results (clicks, orders) at the rule's threshold: below it a 95 % test on a few
    # results still passes by chance on some campaign most weeks (held-out dev seeds: 4 of
    # 5 CPAAboveTarget alerts on quiet campaigns expected under 10 results over 3 days).
    rule_min_expected: float = 10.0

    # Anomalies: a robust weekday-seasonal baseline over the weeks before the tested days.
    baseline_days: int = 28
    new_normal_days: int = 3
    keep_alive_over_target: float = 1.3
    # The freshest day alone fires only on overwhelming evidence (``anomaly_z``); a step that
    # is not overwhelming on its first day fires the morning after its second, when a 2-day
    # window passes ``z_threshold`` (one of several windows tried per group). At 1.8 a
    # single day was a coin toss on campaigns with ~10 results a day: 29 false CPA spikes
    # on 40 held-out ad sets over 76 days, 8 at 3.5 (benchmarks/ads_heldout.py, dev seed).
    anomaly_z: float = 3.5
    # ... and on an overwhelming effect: the day's count at most (1 - effect) to this power
    # of what was expected (1.5: a 30 % CTR fall must show as 41 % on its one day, a 50 %
    # CPA rise as 84 %, late conversions allowed for). 1 judges one day by the effect size.
    anomaly_one_day_effect: float = 1.5
    z_threshold: float = 2.5
    # A change that needs up to ``max_test_days`` to show (a -40 % ROAS on a dozen orders a
    # day) is tested over those longer windows too; with the 2-3 day windows that makes up
    # to six nested tries, so they must clear a higher bar to keep the morning's false-alarm
    # rate where the short windows alone leave it (simulated quiet groups: max z over 2..7
    # days passes 2.75 about as often as over 2..3 days passes 2.5).
    anomaly_z_long: float = 2.75
    cpa_rise: float = 0.5
    # CPASpike accumulates evidence day by day (Page's CUSUM on results against spend, with
    # the baseline's overdispersion), tuned to a CPA ``1 + cusum_rise`` times the usual (a
    # doubling: the "severe" impact): the morning a run of days holds ``cusum_h`` nats it
    # fires, when the run's pooled CPA is up by ``cpa_rise`` too (smaller rises build more
    # slowly; under about +40 % they wash out). A run of one day needs ``cusum_one_day``
    # nats and the one-day effect. The bars keep simulated quiet groups (5 to 40 results a
    # day, ±10 % day-to-day swings) at or under the fixed windows' false alarms per morning.
    cusum_rise: float = 1.0
    cusum_h: float = 5.0
    cusum_one_day: float = 7.0
    # A run whose days before the newest hold under this share of its evidence is the
    # newest day's (an ordinary low day padding it): it meets the one-day bar
    # (``cusum_one_day``, the one-day effect, that day due ``min_expected_results``).
    cusum_built_before: float = 0.25
    # A second, faster CUSUM tuned to a CPA ``1 + cusum_fast_rise`` times the usual fires at
    # ``cusum_fast_h`` nats on a run (one day included) whose CPA is up by the one-day
    # effect, when the run was due ``min_expected_results``. At 4.5 nats a CPA ×2.5 on 30
    # results a day is told the morning after its first day, but on dev seeds (adsynth 1-20,
    # daily rows) 4 nats nearly trebled false CPA spikes on quiet ad sets (20 → 56) for a
    # median delay of 2.5 days instead of 3: the default keeps the slow one-day bar.
    cusum_fast_rise: float = 1.5
    cusum_fast_h: float = 7.0
    roas_fall: float = 0.35
    # Order value is tested against the orders themselves: a day's revenue in units of the
    # usual order value varies with the spread of order values (a CV of 0.3 gives 0.09 of
    # Poisson's variance), and this is the least that noise is taken to be.
    order_value_phi_floor: float = 0.1
    # Order value is read from at least this many orders (an order's value varies far less
    # than a day's count of orders does, so fewer are needed than results for a CPA).
    min_expected_orders: float = 5.0
    ctr_fall: float = 0.3
    min_expected_results: float = 10.0
    min_expected_clicks: float = 100.0
    max_test_days: int = 7
    # Ad sets are judged too (those of campaigns with several): a problem on one of two ad
    # sets can leave the campaign's CPA under the effect size.
    anomaly_levels: tuple[Level, ...] = ("campaign", "adset")

    # Spend, delivery and prices against the ad set's own seasonal history, no target needed
    # (spend.py, delivery.py, prices.py): weekday-seasonal over 28 days ending a week back,
    # hour-of-day-seasonal over 7 days ending a day back. A run of buckets starts on
    # ``shift_confirm`` strong buckets in a row (|z| ≥ ``shift_z`` and the effect below) or one
    # overwhelming bucket (|z| ≥ ``shift_z_overwhelming`` and the larger effect), and lasts
    # while each bucket still strays halfway (|z| ≥ ``shift_z_stay``): hysteresis, so a quiet
    # ad set near a threshold does not fire and clear every other day.
    # Once firing, an alert stays firing this long after the engine last reported it (the
    # lifecycle's keep_firing_for): past the next morning's judgement on daily rows.
    keep_firing_daily: timedelta = timedelta(hours=26)
    keep_firing_hourly: timedelta = timedelta(hours=2)
    shift_history_days: int = 28
    shift_guard_days: int = 7
    shift_history_hours: int = 7 * 24
    shift_guard_hours: int = 24
    shift_min_history: float = 0.5
    # Below this typical spend per day (per hour on hourly rows) nothing is said at all.
    shift_min_spend_daily: float = 10.0
    shift_min_spend_hourly: float = 1.0
    shift_z: float = 3.0
    shift_z_overwhelming: float = 5.0
    shift_z_stay: float = 1.5
    shift_confirm: int = 2
    # Log-scale spread floors: budget-capped spend is steadier day to day than hour to hour.
    shift_sigma_floor_daily: float = 0.08
    shift_sigma_floor_hourly: float = 0.15
    spend_rise: float = 1.6
    spend_rise_overwhelming: float = 2.0
    spend_fall: float = 0.5
    spend_fall_overwhelming: float = 0.3
    # A whole day at half its usual spend or less, at the overwhelming z, is told the morning
    # after: a capped ad set that spent half its budget has lost half a day's delivery
    # (a disapproval, a billing hold), and waiting for the second day costs another. An hour
    # keeps the stricter ratio above: an exchange line's hours swing with its pacing.
    spend_fall_overwhelming_daily: float = 0.5
    delivery_fall: float = 0.3
    delivery_fall_overwhelming: float = 0.15
    price_rise: float = 1.5
    price_rise_overwhelming: float = 2.0
    # A price is read where the spend should have bought this many clicks (impressions) at
    # the usual price, in one bucket or pooled over a window (daily, hourly): never from what
    # it did buy, which is what a price spike cuts.
    price_min_clicks: tuple[float, float] = (20.0, 5.0)
    price_min_impressions: tuple[float, float] = (1000.0, 200.0)
    # A CPC or CTR is read from clicks: an ad set (a campaign) that usually gets fewer clicks
    # than this a day (an hour, on hourly rows) is not judged on them at all, as the minimum
    # spend keeps a cheap line quiet. On a thin line a few clicks more or less swing its CPC
    # and CTR by half, and the history that would say what is usual is as thin. A day's CPC
    # is read from 20 clicks (``price_min_clicks``): a line that does not usually get that
    # many a day is told by its spend and delivery alone. An hour: 2 on average (48 a day)
    # keeps a programmatic line of ~6 clicks an hour judged hourly. The CTR also needs
    # ``min_expected_clicks`` in its test window.
    min_clicks_daily: float = 20.0
    min_clicks_hourly: float = 2.0
    # The usual price needs this many readable history buckets (daily, hourly); a thin line
    # reads only its busy hours, a day's worth of them over the week is enough.
    price_min_buckets: tuple[int, int] = (14, 24)
    # An ad set with no row for this many buckets has stopped (paused or ended), it is not
    # an ongoing collapse: it is told while it is fresh, then left alone.
    shift_stopped_after: tuple[int, int] = (3, 6)

    # Pacing: the tolerance band narrows from the first to the last day of a month, with the
    # square root of the month still to come (the projection's error grows like it).
    pacing_band_start: float = 0.25
    pacing_band_end: float = 0.01
    pacing_band_shape: float = 0.5
    # The run rate is read from at least this many days of the month (of the campaign's run,
    # for one launched in it): one day's spend is one day's noise (a slow Sunday, a blip),
    # and projected over the month it looked like a 30 % miss.
    pacing_min_days: int = 3
    pacing_run_rate_days: int = 3
    # A buyer acts on a projected miss that is material and sustained: at least this share of
    # the budget, and outside the band on each of the last ``pacing_sustain_days`` complete
    # days of the month, each judged from ``pacing_min_days`` (a month heading for 94 % of
    # budget on its last day is on track).
    pacing_min_miss: float = 0.10
    pacing_sustain_days: int = 2
    # Early in a month the run rate is a day or two of spend: the band is never narrower
    # than this many standard errors of the projection those days carry (an ordinary slow
    # first day of a campaign whose spend swings 20 % projected 70 % of budget).
    pacing_noise_z: float = 2.0
    # Once sustained, a miss stays one alert while every day since misses by half the band,
    # up to this many days after it last met the full condition.
    pacing_hold_days: int = 7

    # Creative fatigue: CTR down by this much while frequency is at least this high.
    fatigue_ctr_drop: float = 0.3
    fatigue_frequency: float = 2.5
    fatigue_recent_days: int = 3
    fatigue_reference_days: int = 7
    fatigue_lookback_days: int = 21
    fatigue_min_impressions: float = 1000.0

    # Tracking outage: results collapse while clicks and spend hold.
    outage_results_ratio: float = 0.2
    outage_traffic_ratio: float = 0.6
    outage_min_expected: float = 8.0
    # On daily rows the days since the onset are tested together with the Poisson tail, and
    # speak once they were due at least this many results: the tail alone asks ~5.3 for none
    # seen at z 2.5, but a thin line (1.5 results a day) judged every morning has four empty
    # days by chance about once in 400 mornings, a chance outage on some thin ad set every
    # month; 8 due (none seen: 1 in 3,000) tells it after 5-6 empty days instead. Traffic at
    # 40 % of usual still carries results per click: a dip in delivery during an outage does
    # not hide it (a pause leaves no clicks to judge).
    outage_min_expected_daily: float = 8.0
    outage_traffic_ratio_daily: float = 0.4
    outage_hours: int = 6

    # Stale data: how long after a bucket ends its row must have arrived. Hourly feeds are
    # often partial exports, so by default only the daily view (hours folded in) is judged.
    stale_after_daily: timedelta = timedelta(hours=36)
    stale_after_hourly: timedelta | None = None

    # Winners: clearly and consistently beating target, with headroom.
    winner_days: int = 14
    winner_recent_days: int = 7
    winner_margin: float = 0.3
    winner_z: float = 3.0
    winner_min_results: float = 20.0
    winner_max_frequency: float = 2.0
    # A winner stays one while it beats target by half the margin, at ``winner_z_stay``, every
    # morning since it last met the full bar, within this many days. Holding it at the full
    # z made a thin winner (~4 results a day, z around 3) fire five times in two months.
    winner_hold_days: int = 14
    winner_z_stay: float = 1.5
    scale_step: float = 0.2
    scale_penalty: float = 0.15


DEFAULT_SETTINGS = EngineSettings()
