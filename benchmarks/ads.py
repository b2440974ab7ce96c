"""Benchmark: the ad alerts as the bot runs them, store to alerts, beside numpy-only maths.

Each load is written to a SQLite store first (not timed). Then, best of ``--repeat``:

- first evaluation: the scheduled evaluation's read (``bot.engine_setup.read_ad_metrics``: the
  store's columnar read, straight into arrays) and ``evaluate_columns`` on what it read, in
  a store just opened: the first repeat reads every row (no columns saved in the store yet)
  and saves them, shown apart as "read of every row"; a later repeat, a process started
  after it, loads the saved columns and reads again the buckets written since. Its columns
  are checked against a read of every row;
- next evaluation: the next bucket's rows arrive (a new day or hour, and the two before it
  restated by late conversions) through the store's ingest (not timed), and the evaluation
  a bucket later reads again only those buckets, keeping the rest from the first read. Its
  columns and alerts are checked against a read of every row at that moment;
- numpy-only pass: the detectors' maths over the same arrays with numpy alone (``numpy_pass``):
  no per-group Python, no alerts, evidence or suggestions;
- ``--rows``: the same rows read as row objects and evaluated from them, as the bot did before
  its columnar read (``FeedStore.ad_rows`` → ``evaluate``).

Loads: 10,000 ads × 90 days of daily rows (``daily_load``) and 1,000 programmatic lines ×
90 days of hourly rows (``hourly_load``), quiet by design, so the time is the engine's and
not that of writing thousands of alerts.

    python -m benchmarks.ads [--ads 10000] [--days 90] [--hourly-ads 1000] [--repeat 3] [--rows]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sqlite3
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import numpy as np

from bot.engine_setup import ad_metrics_since, read_ad_metrics
from bot.models import AdMetricRow, Granularity
from bot.smm.anomaly import count_drop, seasonal_baseline
from bot.smm.columns import AdColumns, AdMetrics, EntityKey
from bot.smm.engine import evaluate, evaluate_columns
from bot.smm.frame import HOURLY_HISTORY_DAYS, FloatArray, IntArray, day_index, hour_index
from bot.smm.kpis import ratio
from bot.smm.rules import BUILTIN_RULES, significance
from bot.smm.seasonal import fit_log_baseline, nanmedian, recent_run
from bot.smm.settings import DEFAULT_SETTINGS, EngineSettings
from bot.smm.targets import CampaignTarget
from bot.store import Store

__all__ = [
    "BENCH_NOW",
    "Figures",
    "Load",
    "Span",
    "arrival",
    "daily_load",
    "fill",
    "hourly_load",
    "main",
    "measure",
    "numpy_pass",
]

BENCH_NOW = datetime(2026, 11, 25, 8, tzinfo=UTC)
_ADS_PER_ADSET = 5
_ADSETS_PER_CAMPAIGN = 4
_CAMPAIGNS_PER_ACCOUNT = 50


@dataclass(frozen=True, slots=True)
class Load:
    """A load as the store would hold it: entity-major columns, bucket texts, targets."""

    columns: AdColumns
    texts: tuple[str, ...]
    targets: tuple[CampaignTarget, ...]

    @property
    def buckets(self) -> int:
        return len(self.texts)


def _columns(
    granularity: Granularity,
    keys: Sequence[EntityKey],
    first_bucket: int,
    numbers: dict[str, np.typing.NDArray[Any]],
) -> AdColumns:
    """``[entity, bucket]`` arrays as entity-major columns, one row per entity and bucket."""
    entities, buckets = numbers["spend"].shape
    flat = {name: values.astype(np.float64).ravel() for name, values in numbers.items()}
    return AdColumns(
        granularity,
        tuple(keys),
        np.repeat(np.arange(entities, dtype=np.int64), buckets),
        np.tile(first_bucket + np.arange(buckets, dtype=np.int64), entities),
        flat["impressions"],
        flat["clicks"],
        flat["spend"],
        flat["conversions"],
        flat["revenue"],
        np.full(entities * buckets, np.nan),
        flat.get("reach", np.full(entities * buckets, np.nan)),
    )


def daily_load(ads: int = 10_000, days: int = 90, now: datetime = BENCH_NOW, seed: int = 7) -> Load:
    """Daily rows for ``ads`` ads over the ``days`` complete days before ``now``, with targets.

    Steady ads with weekday seasonality and Poisson noise, 5 ads an ad set, 4 ad sets a
    campaign, 50 campaigns an account; each campaign has a target CPA and a monthly budget.
    """
    rng = np.random.default_rng(seed)
    first = now.astimezone(UTC).date() - timedelta(days=days)
    weekday = np.array([(first + timedelta(days=d)).weekday() for d in range(days)])
    season = np.where(weekday >= 5, 0.85, 1.0)
    base_impr = rng.lognormal(7.3, 0.6, ads)
    ctr = rng.uniform(0.008, 0.025, ads)
    cpc = rng.uniform(0.4, 1.6, ads)
    cvr = rng.uniform(0.02, 0.06, ads)
    aov = rng.uniform(30, 90, ads)
    freq = rng.uniform(1.1, 1.8, ads)
    impressions = rng.poisson(base_impr[:, None] * season[None, :])
    clicks = rng.binomial(impressions, ctr[:, None])
    spend = np.round(clicks * cpc[:, None] * rng.uniform(0.9, 1.1, (ads, days)), 2)
    conversions = rng.binomial(clicks, cvr[:, None])
    revenue = np.round(conversions * aov[:, None] * rng.uniform(0.8, 1.2, (ads, days)), 2)
    reach = np.maximum((impressions / freq[:, None]).astype(np.int64), np.minimum(impressions, 1))
    per_campaign = _ADS_PER_ADSET * _ADSETS_PER_CAMPAIGN
    keys: list[EntityKey] = []
    for a in range(ads):
        campaign = a // per_campaign
        account = f"acct-{campaign // _CAMPAIGNS_PER_ACCOUNT:03d}"
        keys.append(
            (
                "meta",
                account,
                f"camp-{campaign:04d}",
                f"set-{a // _ADS_PER_ADSET:05d}",
                f"ad-{a:05d}",
            )
        )
    targets = []
    for c in range((ads + per_campaign - 1) // per_campaign):
        members = slice(c * per_campaign, min((c + 1) * per_campaign, ads))
        month_spend = float(spend[members].sum() / days * 30)
        cpa = float(spend[members].sum() / max(conversions[members].sum(), 1))
        targets.append(
            CampaignTarget(
                "meta",
                f"acct-{c // _CAMPAIGNS_PER_ACCOUNT:03d}",
                f"camp-{c:04d}",
                brand="bench",
                target_cpa=round(cpa, 2),
                monthly_budget=round(month_spend, 2),
            )
        )
    numbers = {
        "impressions": impressions,
        "clicks": clicks,
        "spend": spend,
        "conversions": conversions,
        "revenue": revenue,
        "reach": reach,
    }
    texts = tuple((first + timedelta(days=d)).isoformat() for d in range(days))
    return Load(_columns("day", keys, day_index(first), numbers), texts, tuple(targets))


_DAY_CURVE = np.array([0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 0.8, 1, 1.2, 1.3, 1.3, 1.3] * 2)


def hourly_load(
    ads: int = 1_000, days: int = 90, now: datetime = BENCH_NOW, seed: int = 11
) -> Load:
    """Hourly rows for ``ads`` programmatic lines over the ``days`` days before ``now``."""
    rng = np.random.default_rng(seed)
    hours = days * 24
    end = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    start = end - timedelta(hours=hours)
    curve = np.resize(_DAY_CURVE / _DAY_CURVE.mean(), hours + 24)
    shape = curve[start.hour : start.hour + hours]
    base = rng.lognormal(3.0, 0.6, ads)
    spend = np.round(base[:, None] * shape[None, :] * rng.lognormal(0, 0.1, (ads, hours)), 2)
    impressions = rng.poisson(spend / rng.uniform(2, 9, ads)[:, None] * 1000)
    clicks = rng.binomial(impressions, rng.uniform(0.002, 0.01, ads)[:, None])
    conversions = rng.poisson(clicks * 0.02)
    keys: list[EntityKey] = [
        ("xandr", f"seat-{a // 100:02d}", f"io-{a // 10:04d}", f"line-{a:05d}", "")
        for a in range(ads)
    ]
    numbers = {
        "impressions": impressions,
        "clicks": clicks,
        "spend": spend,
        "conversions": conversions,
        "revenue": np.zeros_like(spend),
    }
    texts = tuple((start + timedelta(hours=h)).isoformat() for h in range(hours))
    return Load(_columns("hour", keys, hour_index(start), numbers), texts, ())


# `seq` as the store's own upsert sets it (bot/store/feeds.py): the write counter to be.
_INSERT = (
    "INSERT INTO ad_metrics (bucket, granularity, platform, account, campaign, adset, ad,"
    " breakdown, impressions, clicks, spend, conversions, revenue, leads, reach, currency,"
    " first_seen_at, updated_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, NULL, ?,"
    " NULL, ?, ?, (SELECT n + 1 FROM store_writes))"
)


def fill(db: Path, load: Load) -> int:
    """Write ``load`` into a new store at ``db``, a bucket at a time as feeds deliver it.

    A fixture, not the product's ingest: one bulk insert into the store's own schema (the
    product's per-row upsert would take minutes for a million rows), in one transaction that
    bumps the write counter as the store's writers do. Returns the rows.
    """
    asyncio.run(_create(db))
    c = load.columns
    entities = len(c.keys)
    shape = (entities, load.buckets)
    grid = {
        name: getattr(c, name).reshape(shape).T.tolist()
        for name in ("impressions", "clicks", "spend", "conversions", "revenue")
    }
    reach = c.reach.reshape(shape).T
    reach_cells = [[None if math.isnan(v) else v for v in day] for day in reach.tolist()]
    stamp = BENCH_NOW.isoformat()

    def rows() -> object:
        for b, text in enumerate(load.texts):
            imp, clk, spd = grid["impressions"][b], grid["clicks"][b], grid["spend"][b]
            conv, rev, rch = grid["conversions"][b], grid["revenue"][b], reach_cells[b]
            for e, key in enumerate(c.keys):
                r = rch[e]
                yield (
                    text,
                    c.granularity,
                    *key,
                    int(imp[e]),
                    int(clk[e]),
                    spd[e],
                    conv[e],
                    rev[e],
                    None if r is None else int(r),
                    stamp,
                    stamp,
                )

    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        with conn:
            conn.executemany(_INSERT, rows())  # type: ignore[arg-type]
            conn.execute("UPDATE store_writes SET n = n + 1")
    finally:
        conn.close()
    return len(c.entity)


def arrival(load: Load, weeks_back: int = 1) -> tuple[list[AdMetricRow], datetime]:
    """The rows the next bucket brings, and the moment to evaluate them at.

    The new bucket and the two before it (restated, as late conversions restate them) take
    the load's values of ``weeks_back`` weeks (daily) or days (hourly) before, so they are
    as quiet as the rest, and each repeat of the bench writes rows that differ from the
    stored ones.
    """
    c = load.columns
    hourly = c.granularity == "hour"
    back = (24 if hourly else 7) * weeks_back
    entities = len(c.keys)
    shape = (entities, load.buckets)
    step = timedelta(hours=1) if hourly else timedelta(days=1)
    last = load.texts[-1]
    if hourly:
        new_text = (datetime.fromisoformat(last) + step).isoformat()
    else:
        new_text = (datetime.fromisoformat(last).date() + step).isoformat()
    rows: list[AdMetricRow] = []
    for source, text in (
        (load.buckets - back, new_text),
        (load.buckets - 1 - back, last),
        (load.buckets - 2 - back, load.texts[-2]),
    ):
        numbers = {
            name: getattr(c, name).reshape(shape)[:, source].tolist()
            for name in ("impressions", "clicks", "spend", "conversions", "revenue", "reach")
        }
        for e, key in enumerate(c.keys):
            reach = numbers["reach"][e]
            rows.append(
                AdMetricRow(
                    bucket=text,
                    granularity=c.granularity,
                    platform=key[0],
                    account=key[1],
                    campaign=key[2],
                    adset=key[3],
                    ad=key[4],
                    impressions=int(numbers["impressions"][e]),
                    clicks=int(numbers["clicks"][e]),
                    spend=numbers["spend"][e],
                    conversions=numbers["conversions"][e],
                    revenue=numbers["revenue"][e],
                    reach=None if math.isnan(reach) else int(reach),
                )
            )
    return rows, BENCH_NOW + step


async def _create(db: Path) -> None:
    store = await Store.open(db, init=True)
    await store.close()


# ---------------------------------------------------------------------------------------
# The numpy-only pass: the detectors' maths over the same arrays, every group at once.

_M = {"impressions": 0, "clicks": 1, "spend": 2, "results": 3, "revenue": 4, "reach": 5}
_RI = 6  # impressions of the rows that report reach


def _scatter(columns: AdColumns, origin: int, length: int) -> FloatArray:
    """``values[metric, entity, bucket]`` of the columns' buckets in ``[origin, origin+length)``."""
    values = np.zeros((7, len(columns.keys), length))
    bucket = columns.bucket - origin
    ok = (bucket >= 0) & (bucket < length)
    cells = columns.entity[ok] * length + bucket[ok]
    flat = values.reshape(7, -1)
    reach = columns.reach[ok]
    known = ~np.isnan(reach)
    flat[0, cells] = columns.impressions[ok]
    flat[1, cells] = columns.clicks[ok]
    flat[2, cells] = columns.spend[ok]
    flat[3, cells] = columns.conversions[ok]
    flat[4, cells] = columns.revenue[ok]
    flat[5, cells] = np.where(known, reach, 0.0)
    flat[_RI, cells] = np.where(known, columns.impressions[ok], 0.0)
    return values


def _starts(keys: Sequence[EntityKey], depth: int) -> IntArray:
    prefixes = [k[:depth] for k in keys]
    return np.asarray(
        [i for i in range(len(prefixes)) if i == 0 or prefixes[i] != prefixes[i - 1]],
        dtype=np.int64,
    )


def _cum(values: FloatArray) -> FloatArray:
    out = np.zeros((*values.shape[:2], values.shape[2] + 1))
    np.cumsum(values, axis=2, out=out[:, :, 1:])
    return out


def _window(cum: FloatArray, length: int, offset: int = 0) -> FloatArray:
    """Sums ``[metric, group]`` over ``length`` buckets ending ``offset`` before the end."""
    hi = cum.shape[2] - 1 - offset
    out: FloatArray = cum[:, :, hi] - cum[:, :, max(hi - length, 0)]
    return out


def _sums_for_rules(w: FloatArray) -> FloatArray:
    """Window sums in the engine's metric order (significance reads them by its indexes)."""
    out = np.zeros((8, *w.shape[1:]))
    out[0], out[1], out[2], out[3] = w[0], w[1], w[2], w[3]
    out[4], out[5], out[6], out[7] = w[4], w[3], w[5], w[_RI]
    return out


def _rules(cum: FloatArray, late_cum: FloatArray, targets: dict[str, FloatArray]) -> FloatArray:
    """The built-in pack on campaigns: 3-day CPA and ROAS against target, Poisson z."""
    w = _window(cum, 3)
    late = _window(late_cum, 3)
    sums = _sums_for_rules(w)
    cpa = ratio(w[2], np.minimum(w[3], late[3]))
    roas = ratio(np.maximum(w[4], late[4]), w[2])
    z_cpa = significance("cpa", ">", sums, 1.3 * targets["cpa"])
    z_roas = significance("roas", "<", sums, 0.7 * targets["roas"])
    with np.errstate(invalid="ignore"):
        hit = (cpa > 1.3 * targets["cpa"]) & (z_cpa >= 1.645) & (w[1] >= 100)
        hit |= (roas < 0.7 * targets["roas"]) & (z_roas >= 1.645) & (w[3] >= 10)
    out: FloatArray = hit.astype(np.float64)
    return out


def _anomaly(values: FloatArray, late: FloatArray, origin: int, s: EngineSettings) -> FloatArray:
    """CPA, ROAS and CTR per campaign: onset, robust weekday-seasonal baseline, window tests."""
    block = max(s.new_normal_days, s.max_test_days)
    history = s.baseline_days
    span = history + 56 + 2 * block
    series, late_series = values[:, :, -span:], late[:, :, -span:]
    length = values.shape[2]
    weekday = np.broadcast_to(
        ((origin + length - span + np.arange(span)) % 7).astype(np.float64), series.shape[1:]
    )
    found = np.zeros(series.shape[1])
    for count_i, exposure_i in ((3, 2), (4, 2), (1, 0)):
        count, exposure = series[count_i], series[exposure_i]
        late_count = late_series[count_i]
        cum_c = np.concatenate([np.zeros((len(count), 1)), np.cumsum(late_count, 1)], 1)
        cum_e = np.concatenate([np.zeros((len(count), 1)), np.cumsum(exposure, 1)], 1)
        onset = np.full(len(count), span - 2 * block)
        candidate = span - 2 * block
        while candidate - history >= 0 and span - candidate <= 56 + 2 * block:
            rate = np.nan_to_num(
                ratio(
                    cum_c[:, candidate] - cum_c[:, candidate - history],
                    cum_e[:, candidate] - cum_e[:, candidate - history],
                )
            )
            expected = (cum_e[:, span] - cum_e[:, candidate]) * rate
            run = (expected > 0) & (cum_c[:, span] - cum_c[:, candidate] <= 0.67 * expected)
            for first in range(candidate, span, block):
                hi = min(first + block, span)
                run &= (cum_c[:, hi] - cum_c[:, first]) * 1.2 <= (
                    cum_e[:, hi] - cum_e[:, first]
                ) * rate
            onset = np.where(run, candidate, onset)
            candidate -= block
        days = (onset - history)[:, None] + np.arange(history)[None, :]
        past = np.take_along_axis
        base = seasonal_baseline(
            past(count, days, 1), past(exposure, days, 1), past(weekday, days, 1)
        )
        best = np.full(len(count), -np.inf)
        for w in range(1, block + 1):
            part = slice(span - w, span)
            t = count_drop(base, late_count[:, part], exposure[:, part], weekday[:, part])
            best = np.maximum(best, np.where(base.ok & (t.z >= s.z_threshold), t.z, -np.inf))
        for start, stop in ((span - 1 - block, span - 1), (span - 2 * block, span - block)):
            part = slice(start, stop)
            count_drop(base, count[:, part], exposure[:, part], weekday[:, part])
        found += np.isfinite(best)
    return found


def _pacing(spend: FloatArray, origin: int, budget: FloatArray) -> FloatArray:
    """Month to date, the run rate and the weekday shape of spend, projected to month end."""
    length = spend.shape[1]
    last = datetime.fromordinal(origin + length - 1)
    month_days = (last.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    out = np.zeros(spend.shape[0])
    for back in range(2):
        series = spend[:, length - 31 - back : length - back]
        elapsed = last.day - back
        month = series[:, 31 - elapsed :].sum(axis=1)
        rate = series[:, -3:].sum(axis=1) / 3
        shape_days = series[:, -28:]
        weekday = (origin + length - back - 28 + np.arange(28)) % 7
        onehot = weekday[:, None] == np.arange(7)[None, :]
        mean = shape_days.mean(axis=1)
        totals = shape_days @ onehot
        shape = (totals + 7 * mean[:, None]) / (4 * mean[:, None] + 7 * mean[:, None] + 1e-12)
        ahead = month_days.day - elapsed
        upcoming = (origin + length - back + np.arange(ahead)) % 7
        projected = month + rate * shape[:, upcoming].sum(axis=1)
        band = max(0.25 * np.sqrt(ahead / month_days.day), 0.1)
        out += np.abs(projected / budget - 1) > band
    return out


def _fatigue(cum: FloatArray, s: EngineSettings) -> FloatArray:
    """Per ad: the recent CTR against its best week, frequency and a two-proportion z."""
    recent = _window(cum, s.fatigue_recent_days)
    best = _window(cum, s.fatigue_reference_days, s.fatigue_recent_days)
    best_ctr = np.full(cum.shape[1], -1.0)
    top = s.fatigue_recent_days + s.fatigue_lookback_days - s.fatigue_reference_days
    for offset in range(s.fatigue_recent_days, top + 1):
        sums = _window(cum, s.fatigue_reference_days, offset)
        ctr = np.nan_to_num(ratio(sums[1], sums[0]), nan=-1.0)
        better = (ctr > best_ctr) & (sums[0] >= s.fatigue_min_impressions)
        best = np.where(better[None, :], sums, best)
        best_ctr = np.where(better, ctr, best_ctr)
    pooled = ratio(best[1] + recent[1], best[0] + recent[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        var = pooled * (1 - pooled) * (1 / best[0] + 1 / recent[0])
        z = np.nan_to_num((ratio(best[1], best[0]) - ratio(recent[1], recent[0])) / np.sqrt(var))
        freq = ratio(recent[_RI], recent[5])
        hit = (ratio(recent[1], recent[0]) <= 0.7 * best_ctr) & (freq >= 2.5) & (z >= 2.5)
    out: FloatArray = hit.astype(np.float64)
    return out


def _shift(values: FloatArray, origin: int, hourly: bool, s: EngineSettings) -> FloatArray:
    """Spend, impressions, CPC and CPM per ad set against its own seasonal level: the log
    fits, each recent bucket's z, the runs, and the pooled windows a run may start on."""
    history = s.shift_history_hours if hourly else s.shift_history_days
    guard = s.shift_guard_hours if hourly else s.shift_guard_days
    period, floor = (24, 0.15) if hourly else (7, 0.08)
    span = history + guard
    length = values.shape[2]
    series = values[:, :, -span:]
    phase = np.broadcast_to(
        ((origin + length - span + np.arange(span)) % period).astype(np.int64), series.shape[1:]
    )
    spend, impressions, clicks = series[2], series[0], series[1]
    found = np.zeros(series.shape[1])
    with np.errstate(divide="ignore", invalid="ignore"):
        for measure in ("spend", "impressions", "cpc", "cpm"):
            if measure in ("spend", "impressions"):
                raw = spend if measure == "spend" else impressions
                typical = nanmedian(np.where(raw[:, :history] > 0, raw[:, :history], np.nan))
                pad = np.where(np.isfinite(typical), 0.05 * typical, 1.0)
                logged = np.log(raw + pad[:, None])
            else:
                per = clicks if measure == "cpc" else impressions / 1000
                raw = np.where((spend > 0) & (per > 0), spend / np.where(per > 0, per, 1), np.nan)
                pad = np.zeros(len(raw))
                logged = np.log(raw)
            base = fit_log_baseline(
                logged[:, :history],
                phase[:, :history],
                period,
                min_points=max(history // 2, 3),
                sigma_floor=floor,
            )
            expected = np.exp(base.expected(phase[:, history:])) - pad[:, None]
            actual = raw[:, history:]
            z = (
                np.abs(np.log((actual + pad[:, None]) / (expected + pad[:, None])))
                / base.sigma[:, None]
            )
            run = recent_run(np.nan_to_num(z) >= s.shift_z_stay)
            hit = np.zeros(len(raw), dtype=np.bool_)
            for last in range(guard):
                for k in range(1, last + 2):
                    if not (last - k + 1 >= guard - run).any():
                        continue
                    part = slice(last - k + 1, last + 1)
                    top = np.nansum(actual[:, part], 1) + k * pad
                    bottom = np.nansum(expected[:, part], 1) + k * pad
                    pooled = np.abs(np.log(top / bottom)) / (base.sigma / np.sqrt(k))
                    hit |= pooled >= s.shift_z
            found += hit & base.ok
    return found


def _winners(cum: FloatArray, target_cpa: FloatArray, s: EngineSettings) -> FloatArray:
    """Ad sets beating target over 14 and 7 days, significantly, on every morning held."""
    holding = np.ones(cum.shape[1], dtype=np.bool_)
    for offset in range(s.winner_hold_days + 1):
        for margin in (1.0, 0.5):
            span = _window(cum, s.winner_days, offset)
            recent = _window(cum, s.winner_recent_days, offset)
            share = 1 - s.winner_margin * margin
            with np.errstate(invalid="ignore", divide="ignore"):
                z = significance("cpa", "<", _sums_for_rules(span), target_cpa)
                ok = (
                    (ratio(span[2], span[3]) <= share * target_cpa)
                    & (ratio(recent[2], recent[3]) <= share * target_cpa)
                    & (z >= s.winner_z)
                    & (span[3] >= s.winner_min_results)
                )
            if margin == 0.5:
                holding &= ok
    return holding.astype(np.float64)


def _outage(values: FloatArray, origin: int, s: EngineSettings) -> FloatArray:
    """Results against clicks on a robust weekday-seasonal baseline: the last day's collapse."""
    history = s.baseline_days
    span = history + 1
    series = values[:, :, -span:]
    length = values.shape[2]
    weekday = np.broadcast_to(
        ((origin + length - span + np.arange(span)) % 7).astype(np.float64), series.shape[1:]
    )
    base = seasonal_baseline(series[3, :, :-1], series[1, :, :-1], weekday[:, :-1])
    t = count_drop(base, series[3, :, -1:], series[1, :, -1:], weekday[:, -1:])
    hit = base.ok & (t.observed <= 0.2 * t.expected) & (t.z >= s.z_threshold)
    return hit.astype(np.float64)


def numpy_pass(
    metrics: AdMetrics,
    now: datetime,
    targets: Sequence[CampaignTarget],
    settings: EngineSettings = DEFAULT_SETTINGS,
) -> dict[str, FloatArray]:
    """The detectors' maths over ``metrics`` with numpy alone, every group at once.

    Scatter into ``[metric, entity, bucket]`` (hours folded into days); sums to ad set,
    campaign and account with running sums; the built-in rules' windows and Poisson z;
    CPA, ROAS and CTR onsets, weekday-seasonal baselines and window tests; pacing;
    fatigue; the spend, impressions, CPC and CPM level fits and pooled windows (daily and
    hourly); winners over every held morning; the outage test. The loads give no entity
    both daily and hourly rows, so hours are folded by reshaping, not merged.
    """
    s = settings
    today = day_index(now.astimezone(UTC).date())
    this_hour = hour_index(now)
    out: dict[str, FloatArray] = {}
    days = min(s.history_days, 100)
    blocks: list[tuple[tuple[EntityKey, ...], FloatArray]] = []
    if len(metrics.daily):
        blocks.append((metrics.daily.keys, _scatter(metrics.daily, today - days, days)))
    if len(metrics.hourly):
        hours = 24 * min(s.history_days, HOURLY_HISTORY_DAYS)
        hourly = _scatter(metrics.hourly, this_hour - hours, hours)
        adsets = _starts(metrics.hourly.keys, 4)
        by_adset = np.add.reduceat(hourly, adsets, axis=1)
        out["shift.hourly"] = _shift(by_adset, this_hour - hours, True, s)
        complete = (this_hour - hours) % 24
        whole = hourly[:, :, (24 - complete) % 24 :]
        whole = whole[:, :, : whole.shape[2] // 24 * 24]
        folded = whole.reshape(whole.shape[0], whole.shape[1], -1, 24).sum(axis=3)
        padded = np.zeros((*folded.shape[:2], days))
        padded[:, :, -folded.shape[2] :] = folded
        blocks.append((metrics.hourly.keys, padded))
    if not blocks:
        return out
    keys = tuple(k for block, _ in blocks for k in block)
    values = np.concatenate([v for _, v in blocks], axis=1)
    origin = today - days
    lag = np.ones(days)
    lag[-3:] += np.asarray(s.conversion_lag[::-1])
    late = values.copy()
    late[3:5] *= lag
    levels = {depth: _starts(keys, depth) for depth in (2, 3, 4)}
    sums = {depth: np.add.reduceat(values, levels[depth], axis=1) for depth in levels}
    late_sums = {depth: np.add.reduceat(late, levels[depth], axis=1) for depth in levels}
    cum = {depth: _cum(sums[depth]) for depth in levels}
    campaigns = [keys[i][:3] for i in levels[3].tolist()]
    by_key = {t.key: t for t in targets}

    def target(name: str) -> FloatArray:
        values = [getattr(by_key[k], name) if k in by_key else None for k in campaigns]
        return np.array([np.nan if v is None else float(v) for v in values])

    cpa, roas, budget = target("target_cpa"), target("target_roas"), target("monthly_budget")
    out["rules"] = _rules(cum[3], _cum(late_sums[3]), {"cpa": cpa, "roas": roas})
    out["anomaly"] = _anomaly(sums[3], late_sums[3], origin, s)
    out["outage"] = _outage(sums[3], origin, s)
    out["pacing"] = _pacing(sums[3][2], origin, budget)
    out["fatigue.ad"] = _fatigue(_cum(values), s)
    out["fatigue.adset"] = _fatigue(cum[4], s)
    out["shift.daily"] = _shift(sums[4], origin, False, s)
    per_adset = np.repeat(cpa, np.diff(np.r_[levels[3], len(keys)]))
    adset_cpa = per_adset[levels[4]] if len(per_adset) else per_adset
    out["winners.adset"] = _winners(cum[4], adset_cpa, s)
    out["winners.campaign"] = _winners(cum[3], cpa, s)
    return out


# ---------------------------------------------------------------------------------------
# Timing


@dataclass(frozen=True, slots=True)
class Span:
    """Seconds of one stage: on the wall clock and of the process's CPU (every thread).

    On a shared machine the wall clock also counts the time other programs held the CPU;
    the CPU time does not.
    """

    wall: float
    cpu: float

    def __add__(self, other: Span) -> Span:
        return Span(self.wall + other.wall, self.cpu + other.cpu)

    def __str__(self) -> str:
        return f"{self.wall * 1000:,.0f} ms (CPU {self.cpu * 1000:,.0f} ms)"


class _Stopwatch:
    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> Span:
        wall, cpu = time.perf_counter(), time.process_time()
        span = Span(wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return span


@dataclass(frozen=True, slots=True)
class Figures:
    """The fastest of ``repeat`` runs of each stage for one load, all measured in one run."""

    name: str
    rows: int
    read_rows: int
    read: Span
    evaluate: Span
    numpy: Span
    alerts: int
    rows_path: Span | None = None
    rows_path_alerts: int | None = None
    next_read: Span | None = None
    next_evaluate: Span | None = None
    next_read_rows: int = 0
    next_alerts: int = 0
    # Whether the next evaluation's columns and alerts are those of reading every row.
    next_as_whole_read: bool | None = None
    # The first repeat's read: every row, as no columns were saved in the store yet.
    whole_read: Span | None = None
    # Whether every first evaluation's columns are those of reading every row.
    first_as_whole_read: bool | None = None

    @property
    def total(self) -> Span:
        return self.read + self.evaluate

    @property
    def next_total(self) -> Span | None:
        if self.next_read is None or self.next_evaluate is None:
            return None
        return self.next_read + self.next_evaluate

    @property
    def ratio(self) -> float:
        """Production path (read + evaluate) over the numpy-only pass, in CPU time."""
        return self.total.cpu / self.numpy.cpu if self.numpy.cpu else float("inf")

    @property
    def engine_ratio(self) -> float:
        """The evaluation alone over the numpy-only pass, in CPU time."""
        return self.evaluate.cpu / self.numpy.cpu if self.numpy.cpu else float("inf")

    def __str__(self) -> str:
        lines = [
            f"{self.name}: {self.rows:,} rows in the store, {self.read_rows:,} read",
            f"  production path (store → arrays → alerts): {self.total}; alerts: {self.alerts}",
            f"    read (store → arrays): {self.read}",
            *self._whole_lines(),
            f"    evaluate (arrays → alerts): {self.evaluate}",
            f"  numpy-only pass (same detector maths, same arrays): {self.numpy}",
            *self._next_lines(),
            f"  ratio to the numpy-only pass (CPU): production path {self.ratio:.1f}x, "
            f"evaluate alone {self.engine_ratio:.1f}x",
        ]
        if self.rows_path is not None:
            lines.append(
                f"  same rows read as row objects (ad_rows → evaluate): {self.rows_path}; "
                f"alerts: {self.rows_path_alerts}"
            )
        return "\n".join(lines)

    def _whole_lines(self) -> list[str]:
        same = {True: "identical", False: "DIFFERENT", None: "not checked"}
        lines = [f"      columns against reading every row: {same[self.first_as_whole_read]}"]
        if self.whole_read is not None:
            lines.insert(
                0, f"      read of every row (first repeat, none saved): {self.whole_read}"
            )
        return lines

    def _next_lines(self) -> list[str]:
        if self.next_read is None or self.next_evaluate is None:
            return []
        same = {True: "identical", False: "DIFFERENT", None: "not checked"}
        return [
            f"  next evaluation, a bucket later (reads again only the {self.next_read_rows:,}"
            f" rows of the buckets written since): {self.next_total}; alerts:"
            f" {self.next_alerts}",
            f"    read (held columns + buckets written since): {self.next_read}",
            f"    evaluate: {self.next_evaluate}",
            f"    columns and alerts against reading every row: {same[self.next_as_whole_read]}",
        ]


def _same_columns(a: AdColumns, b: AdColumns) -> bool:
    names = ("entity", "bucket", "impressions", "clicks", "spend", "conversions", "revenue")
    return (
        a.keys == b.keys
        and all(np.array_equal(getattr(a, n), getattr(b, n)) for n in names)
        and np.array_equal(a.leads, b.leads, equal_nan=True)
        and np.array_equal(a.reach, b.reach, equal_nan=True)
    )


def _fastest(spans: list[Span]) -> Span:
    return min(spans, key=lambda s: s.wall)


async def _measure(
    db: Path,
    name: str,
    rows: int,
    load: Load,
    repeat: int,
    with_rows: bool,
) -> Figures:
    targets = load.targets
    rules = list(BUILTIN_RULES)
    settings = DEFAULT_SETTINGS
    reads: list[Span] = []
    evaluations: list[Span] = []
    numpy_times: list[Span] = []
    row_times: list[Span] = []
    next_reads: list[Span] = []
    next_evaluations: list[Span] = []
    alerts = read_rows = next_alerts = next_read_rows = 0
    row_alerts: int | None = None
    same: bool | None = None
    first_same = True
    for attempt in range(max(repeat, 1)):
        store = await Store.open(db)
        try:
            clock = _Stopwatch()
            metrics = await read_ad_metrics(store, BENCH_NOW, settings)
            reads.append(clock.lap())
            alerts = len(evaluate_columns(metrics, targets, rules, BENCH_NOW, settings=settings))
            evaluations.append(clock.lap())
            numpy_pass(metrics, BENCH_NOW, targets, settings)
            numpy_times.append(clock.lap())
            read_rows = len(metrics.daily) + len(metrics.hourly)
            whole = await _read_every_row(store, BENCH_NOW, settings)
            first_same &= _same_columns(metrics.daily, whole.daily) and _same_columns(
                metrics.hourly, whole.hourly
            )
            clock = _Stopwatch()
            if with_rows:
                day_since, hour_since = ad_metrics_since(BENCH_NOW, settings)
                objects = await store.feeds.ad_rows(day_since, "day")
                objects += await store.feeds.ad_rows(hour_since, "hour")
                row_alerts = len(evaluate(objects, targets, rules, BENCH_NOW, settings=settings))
                row_times.append(clock.lap())
            arrived, later = arrival(load, attempt + 1)
            await store.feeds.ingest(arrived)
            clock = _Stopwatch()
            held = await read_ad_metrics(store, later, settings)
            next_reads.append(clock.lap())
            found = evaluate_columns(held, targets, rules, later, settings=settings)
            next_evaluations.append(clock.lap())
            next_alerts = len(found)
            next_read_rows = sum(store.feeds.ad_rows_read.values())
            if attempt == 0:
                whole = await _read_every_row(store, later, settings)
                same = (
                    _same_columns(held.daily, whole.daily)
                    and _same_columns(held.hourly, whole.hourly)
                    and found == evaluate_columns(whole, targets, rules, later, settings=settings)
                )
        finally:
            await store.close()
    return Figures(
        name,
        rows,
        read_rows,
        _fastest(reads),
        _fastest(evaluations),
        _fastest(numpy_times),
        alerts,
        _fastest(row_times) if row_times else None,
        row_alerts,
        _fastest(next_reads),
        _fastest(next_evaluations),
        next_read_rows,
        next_alerts,
        same,
        reads[0],
        first_same,
    )


async def _read_every_row(store: Store, now: datetime, settings: EngineSettings) -> AdMetrics:
    """The totals the evaluation at ``now`` reads, read row by row from every row stored
    (``FeedStore.ad_columns``), nothing held or saved used."""
    day_since, hour_since = ad_metrics_since(now, settings)
    return AdMetrics(
        await store.feeds.ad_columns("day", day_since),
        await store.feeds.ad_columns("hour", hour_since),
    )


def measure(load: Load, name: str, *, repeat: int = 3, with_rows: bool = False) -> Figures:
    """Write ``load`` to a store in a temporary folder and time it there."""
    with TemporaryDirectory(prefix="socialpulse-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        print(f"{name}: writing {len(load.columns.entity):,} rows to the store…", file=sys.stderr)
        rows = fill(db, load)
        return asyncio.run(_measure(db, name, rows, load, repeat, with_rows))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ads", description=__doc__)
    parser.add_argument("--ads", type=int, default=10_000, help="ads with daily rows")
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--hourly-ads", type=int, default=1_000, help="lines with hourly rows")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--rows", action="store_true", help="also time the row-object path on the same rows"
    )
    args = parser.parse_args(argv)
    if args.ads:
        daily = daily_load(args.ads, args.days)
        name = f"daily: {args.ads:,} ads × {args.days} days"
        print(measure(daily, name, repeat=args.repeat, with_rows=args.rows), flush=True)
    if args.hourly_ads:
        hourly = hourly_load(args.hourly_ads, args.days)
        name = f"hourly: {args.hourly_ads:,} lines × {args.days} days"
        print(measure(hourly, name, repeat=args.repeat, with_rows=args.rows), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
