"""Benchmark: evaluate over 10,000 ads × 90 days (daily) and 1,000 ads × 90 days (hourly)."""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from bot.models import AdMetricRow
from bot.smm.engine import evaluate
from bot.smm.frame import FloatArray, build_frames
from bot.smm.kpis import KPI_NAMES, kpi
from bot.smm.rules import BUILTIN_RULES
from bot.smm.targets import CampaignTarget

__all__ = [
    "BenchResult",
    "HourlyResult",
    "hourly_load",
    "main",
    "numpy_kpis",
    "run_bench",
    "run_hourly_bench",
    "synthetic_load",
]

BENCH_NOW = datetime(2026, 11, 25, 8, tzinfo=UTC)
_ADS_PER_ADSET = 5
_ADSETS_PER_CAMPAIGN = 4
_CAMPAIGNS_PER_ACCOUNT = 50


def synthetic_load(
    ads: int = 10_000, days: int = 90, now: datetime = BENCH_NOW, seed: int = 7
) -> tuple[list[AdMetricRow], list[CampaignTarget]]:
    """Daily rows for ``ads`` ads over the ``days`` complete days before ``now``, with targets.

    Steady ads with weekday seasonality and Poisson noise: a quiet load, so the timing is of
    the engine and not of building thousands of alerts.
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
    buckets = [(first + timedelta(days=d)).isoformat() for d in range(days)]

    rows: list[AdMetricRow] = []
    per_campaign = _ADS_PER_ADSET * _ADSETS_PER_CAMPAIGN
    for a in range(ads):
        campaign = a // per_campaign
        account = f"acct-{campaign // _CAMPAIGNS_PER_ACCOUNT:03d}"
        names = (f"camp-{campaign:04d}", f"set-{a // _ADS_PER_ADSET:05d}", f"ad-{a:05d}")
        imp, clk, spd = impressions[a].tolist(), clicks[a].tolist(), spend[a].tolist()
        conv, rev, rch = conversions[a].tolist(), revenue[a].tolist(), reach[a].tolist()
        for d in range(days):
            rows.append(
                AdMetricRow(
                    buckets[d],
                    "day",
                    "meta",
                    account,
                    *names,
                    impressions=imp[d],
                    clicks=clk[d],
                    spend=spd[d],
                    conversions=float(conv[d]),
                    revenue=rev[d],
                    reach=rch[d],
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
    return rows, targets


def numpy_kpis(values: FloatArray, campaign_starts: Sequence[int]) -> dict[str, FloatArray]:
    """The baseline pass: daily KPI arrays per ad and per campaign, numpy only."""
    out: dict[str, FloatArray] = {}
    by_campaign = np.add.reduceat(values, np.asarray(campaign_starts), axis=1)
    for name in KPI_NAMES:
        out[f"ad.{name}"] = kpi(name, values)
        out[f"campaign.{name}"] = kpi(name, by_campaign)
    return out


@dataclass(frozen=True, slots=True)
class BenchResult:
    """Best-of-``repeat`` timings in seconds."""

    ads: int
    days: int
    rows: int
    evaluate_s: float
    frame_s: float
    numpy_s: float
    alerts: int

    @property
    def ratio(self) -> float:
        return self.evaluate_s / self.numpy_s if self.numpy_s else float("inf")

    def __str__(self) -> str:
        return (
            f"ads={self.ads} days={self.days} rows={self.rows:,}\n"
            f"evaluate (rows → alerts): {self.evaluate_s * 1000:.0f} ms "
            f"(of which building the arrays from rows: {self.frame_s * 1000:.0f} ms)\n"
            f"numpy-only daily KPI pass: {self.numpy_s * 1000:.1f} ms\n"
            f"ratio evaluate / numpy pass: {self.ratio:.0f}x; alerts: {self.alerts}"
        )


def run_bench(ads: int = 10_000, days: int = 90, repeat: int = 3) -> BenchResult:
    """Time ``evaluate`` and the numpy-only pass on the same synthetic load."""
    rows, targets = synthetic_load(ads, days)
    rules = list(BUILTIN_RULES)
    best_eval = best_frame = best_numpy = float("inf")
    alerts = 0
    for _ in range(repeat):
        start = time.perf_counter()
        found = evaluate(rows, targets, rules, BENCH_NOW)
        best_eval = min(best_eval, time.perf_counter() - start)
        alerts = len(found)
        start = time.perf_counter()
        frames = build_frames(rows, BENCH_NOW)
        best_frame = min(best_frame, time.perf_counter() - start)
    assert frames.daily is not None
    values = frames.daily.values.copy()
    keys = frames.daily.entities
    starts = [i for i in range(len(keys)) if i == 0 or keys[i][:3] != keys[i - 1][:3]]
    for _ in range(repeat):
        start = time.perf_counter()
        numpy_kpis(values, starts)
        best_numpy = min(best_numpy, time.perf_counter() - start)
    return BenchResult(ads, days, len(rows), best_eval, best_frame, best_numpy, alerts)


_DAY_CURVE = np.array([0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 0.8, 1, 1.2, 1.3, 1.3, 1.3] * 2)


def hourly_load(
    ads: int = 1_000, days: int = 90, now: datetime = BENCH_NOW, seed: int = 11
) -> list[AdMetricRow]:
    """Hourly rows for ``ads`` programmatic lines over the ``days`` days before ``now``."""
    rng = np.random.default_rng(seed)
    hours = days * 24
    end = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    stamps = [(end - timedelta(hours=hours - h)).isoformat() for h in range(hours)]
    curve = np.resize(_DAY_CURVE / _DAY_CURVE.mean(), hours + 24)
    offset = (end - timedelta(hours=hours)).hour
    shape = curve[offset : offset + hours]
    base = rng.lognormal(3.0, 0.6, ads)
    spend = np.round(base[:, None] * shape[None, :] * rng.lognormal(0, 0.1, (ads, hours)), 2)
    impressions = rng.poisson(spend / rng.uniform(2, 9, ads)[:, None] * 1000)
    clicks = rng.binomial(impressions, rng.uniform(0.002, 0.01, ads)[:, None])
    conversions = rng.poisson(clicks * 0.02)
    rows: list[AdMetricRow] = []
    for a in range(ads):
        names = ("xandr", f"seat-{a // 100:02d}", f"io-{a // 10:04d}", f"line-{a:05d}", "")
        imp, clk, spd, conv = (
            impressions[a].tolist(),
            clicks[a].tolist(),
            spend[a].tolist(),
            conversions[a].tolist(),
        )
        for h in range(hours):
            rows.append(
                AdMetricRow(
                    stamps[h],
                    "hour",
                    *names,
                    impressions=imp[h],
                    clicks=clk[h],
                    spend=spd[h],
                    conversions=float(conv[h]),
                    revenue=0.0,
                )
            )
    return rows


@dataclass(frozen=True, slots=True)
class HourlyResult:
    """Best-of-``repeat`` timings in seconds for the hourly load."""

    ads: int
    days: int
    rows: int
    evaluate_s: float
    frame_s: float
    alerts: int

    def __str__(self) -> str:
        return (
            f"hourly: ads={self.ads} days={self.days} rows={self.rows:,}\n"
            f"evaluate (rows → alerts): {self.evaluate_s * 1000:.0f} ms "
            f"(of which building the arrays from rows: {self.frame_s * 1000:.0f} ms); "
            f"alerts: {self.alerts}"
        )


def run_hourly_bench(ads: int = 1_000, days: int = 90, repeat: int = 3) -> HourlyResult:
    """Time ``evaluate`` on hourly rows, as the hourly check runs it."""
    rows = hourly_load(ads, days)
    best_eval = best_frame = float("inf")
    alerts = 0
    for _ in range(repeat):
        start = time.perf_counter()
        alerts = len(evaluate(rows, [], list(BUILTIN_RULES), BENCH_NOW))
        best_eval = min(best_eval, time.perf_counter() - start)
        start = time.perf_counter()
        build_frames(rows, BENCH_NOW)
        best_frame = min(best_frame, time.perf_counter() - start)
    return HourlyResult(ads, days, len(rows), best_eval, best_frame, alerts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.smm.bench", description=__doc__)
    parser.add_argument("--ads", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--hourly-ads", type=int, default=1_000)
    args = parser.parse_args(argv)
    print(run_bench(args.ads, args.days, args.repeat))
    if args.hourly_ads:
        print(run_hourly_bench(args.hourly_ads, args.days, args.repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
