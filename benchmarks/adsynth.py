"""Held-out ad metrics: 40 ad sets × 90 days on many platforms, daily and hourly, 18 incidents.

A generator of its own (not the samples' one), with other shapes: budget-capped and
uncapped spend, weekday and hour-of-day seasonality, slow drift, harmless one-day blips,
and incidents as steps and ramps in spend, delivery, CPC, CPM, CPA, ROAS and tracking, on
daily and on hourly feeds. The alert engine is never tuned on it: change a seed to get a
fresh set.

    python -m benchmarks.adsynth OUT_DIR [--seed N]
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import yaml

__all__ = ["AdSet", "Planted", "Synth", "generate", "main", "write"]

NOW = datetime(2026, 11, 25, 8, tzinfo=UTC)
DAYS = 90
HOURLY_DAYS = 21
PLATFORMS = (
    "meta",
    "google",
    "pinterest",
    "snapchat",
    "reddit",
    "amazon",
    "microsoft",
    "tiktok",
)
EXCHANGES = ("xandr", "the-trade-desk")
# Share of a day's delivery per UTC hour: quiet nights, an evening peak.
_NIGHT_TO_NOON = [0.3, 0.2, 0.15, 0.12, 0.12, 0.15, 0.3, 0.6, 0.9, 1.1, 1.2, 1.25]
_NOON_TO_NIGHT = [1.3, 1.3, 1.25, 1.2, 1.25, 1.4, 1.6, 1.8, 1.9, 1.7, 1.2, 0.7]
_HOURS = np.array([*_NIGHT_TO_NOON, *_NOON_TO_NIGHT])
_HOURS = _HOURS / _HOURS.sum()


@dataclass(slots=True)
class AdSet:
    platform: str
    account: str
    campaign: str
    adset: str
    hourly: bool
    spend: float
    cpm: float
    ctr: float
    cvr: float
    aov: float
    weekend: float
    noise: float


@dataclass(frozen=True, slots=True)
class Planted:
    id: str
    kind: str
    adset: int
    start: datetime
    end: datetime
    expected_alert: str
    hourly: bool
    factor: float


@dataclass(slots=True)
class Synth:
    adsets: list[AdSet]
    incidents: list[Planted]
    daily: list[dict[str, Any]] = field(default_factory=list)
    hourly: list[dict[str, Any]] = field(default_factory=list)


_DAILY_KINDS = (
    ("spend_step", "SpendSpike"),
    ("spend_step", "SpendSpike"),
    ("spend_ramp", "SpendSpike"),
    ("spend_drop", "SpendDrop"),
    ("spend_drop", "SpendDrop"),
    ("delivery_collapse", "DeliveryCollapse"),
    ("delivery_collapse", "DeliveryCollapse"),
    ("cpc_spike", "CPCSpike"),
    ("cpc_spike", "CPCSpike"),
    ("cpm_spike", "CPMSpike"),
    ("cpm_spike", "CPMSpike"),
    ("cpa_spike", "CPASpike"),
    ("roas_drop", "ROASDrop"),
    ("tracking_outage", "TrackingOutage"),
)
_HOURLY_KINDS = (
    ("cpc_spike", "CPCSpike"),
    ("cpm_spike", "CPMSpike"),
    ("spend_step", "SpendSpike"),
    ("delivery_collapse", "DeliveryCollapse"),
)


def _adsets(rng: np.random.Generator) -> list[AdSet]:
    out: list[AdSet] = []
    campaign = 0
    while len(out) < 40:
        hourly = len(out) >= 32
        platform = EXCHANGES[campaign % 2] if hourly else PLATFORMS[campaign % len(PLATFORMS)]
        sets = 1 if hourly else int(rng.integers(1, 3))
        for k in range(sets):
            if len(out) >= 40:
                break
            capped = rng.random() < 0.6
            out.append(
                AdSet(
                    platform=platform,
                    account=f"{platform}-acct",
                    campaign=f"C{campaign:02d} {'Exchange' if hourly else 'Prospecting'}",
                    adset=f"Set {campaign:02d}-{k}",
                    hourly=hourly,
                    spend=float(np.clip(rng.lognormal(np.log(180), 0.7), 25, 2500)),
                    cpm=float(rng.uniform(3, 25)),
                    ctr=float(rng.uniform(0.005, 0.025)),
                    cvr=float(rng.uniform(0.02, 0.06)),
                    aov=float(rng.uniform(25, 150)),
                    weekend=float(rng.uniform(0.7, 1.15)),
                    noise=0.06 if capped else float(rng.uniform(0.1, 0.22)),
                )
            )
        campaign += 1
    return out


def _incidents(rng: np.random.Generator, adsets: Sequence[AdSet]) -> list[Planted]:
    first_day = NOW.date() - timedelta(days=DAYS)
    daily_sets = [i for i, a in enumerate(adsets) if not a.hourly]
    hourly_sets = [i for i, a in enumerate(adsets) if a.hourly]
    # One incident per campaign, so a quiet ad set is quiet on a quiet campaign too... not
    # always: two-ad-set campaigns keep a quiet sibling, which must stay quiet.
    chosen_daily: list[int] = []
    used: set[str] = set()
    for i in rng.permutation(daily_sets).tolist():
        if adsets[i].campaign not in used and len(chosen_daily) < len(_DAILY_KINDS):
            chosen_daily.append(i)
            used.add(adsets[i].campaign)
    out: list[Planted] = []
    for n, ((kind, alert), i) in enumerate(zip(_DAILY_KINDS, chosen_daily, strict=True)):
        onset = first_day + timedelta(days=int(rng.integers(45, 84)))
        length = int(rng.integers(3, 8)) if kind != "spend_ramp" else 8
        end = min(onset + timedelta(days=length - 1), NOW.date() - timedelta(days=1))
        factor = {
            "spend_step": rng.uniform(2.0, 3.0),
            "spend_ramp": 2.6,
            "spend_drop": rng.uniform(0.15, 0.35),
            "delivery_collapse": rng.uniform(0.03, 0.12),
            "cpc_spike": rng.uniform(1.8, 2.6),
            "cpm_spike": rng.uniform(1.8, 2.6),
            "cpa_spike": rng.uniform(0.3, 0.45),
            "roas_drop": rng.uniform(0.35, 0.5),
            "tracking_outage": 0.0,
        }[kind]
        out.append(
            Planted(
                f"d{n:02d}-{kind}",
                kind,
                i,
                datetime.combine(onset, datetime.min.time(), UTC),
                datetime.combine(end, datetime.min.time(), UTC) + timedelta(days=1),
                alert,
                False,
                float(factor),
            )
        )
    picks = rng.permutation(hourly_sets)[: len(_HOURLY_KINDS)].tolist()
    for n, ((kind, alert), i) in enumerate(zip(_HOURLY_KINDS, picks, strict=True)):
        hours_back = int(rng.integers(30, 13 * 24))
        onset = NOW.replace(minute=0) - timedelta(hours=hours_back)
        length = int(rng.integers(4, 10))
        factor = {
            "cpc_spike": rng.uniform(2.0, 3.0),
            "cpm_spike": rng.uniform(2.0, 3.0),
            "spend_step": rng.uniform(2.5, 4.0),
            "delivery_collapse": rng.uniform(0.03, 0.12),
        }[kind]
        out.append(
            Planted(
                f"h{n:02d}-{kind}",
                kind,
                i,
                onset,
                onset + timedelta(hours=length),
                alert,
                True,
                float(factor),
            )
        )
    return out


def _effect(kind: str, factor: float, progress: float) -> dict[str, float]:
    """Multipliers of spend, CPM, CTR, CVR, order value and tracked share for a bucket."""
    m = {"spend": 1.0, "cpm": 1.0, "ctr": 1.0, "cvr": 1.0, "aov": 1.0, "tracked": 1.0}
    if kind == "spend_step":
        m["spend"] = factor
    elif kind == "spend_ramp":
        m["spend"] = 1 + (factor - 1) * min(progress, 1.0)
    elif kind == "spend_drop" or kind == "delivery_collapse":
        m["spend"] = factor
    elif kind == "cpc_spike":
        m["ctr"] = 1 / factor
    elif kind == "cpm_spike":
        m["cpm"] = factor
    elif kind == "cpa_spike":
        m["cvr"] = factor
    elif kind == "roas_drop":
        m["aov"] = factor
    elif kind == "tracking_outage":
        m["tracked"] = 0.0
    return m


def _row(
    rng: np.random.Generator, a: AdSet, bucket: str, spend: float, m: dict[str, float]
) -> dict[str, Any]:
    spend = max(spend, 0.0)
    cpm = a.cpm * m["cpm"] * float(rng.lognormal(0, 0.06))
    impressions = int(rng.poisson(spend / cpm * 1000)) if spend > 0 else 0
    clicks = int(
        rng.binomial(impressions, min(a.ctr * m["ctr"] * float(rng.lognormal(0, 0.08)), 1))
    )
    conversions = int(rng.poisson(clicks * a.cvr * m["cvr"] * m["tracked"]))
    revenue = sum(float(rng.lognormal(np.log(a.aov * m["aov"]), 0.3)) for _ in range(conversions))
    return {
        "platform": a.platform,
        "account": a.account,
        "campaign": a.campaign,
        "adset": a.adset,
        "bucket": bucket,
        "impressions": impressions,
        "clicks": clicks,
        "spend": round(float(spend), 2),
        "conversions": conversions,
        "revenue": round(revenue, 2),
        "reach": max(int(impressions / 1.4), min(impressions, 1)),
    }


def generate(seed: int = 1) -> Synth:
    """The ad sets, their incidents and their rows, from ``seed``."""
    rng = np.random.default_rng(seed)
    adsets = _adsets(rng)
    incidents = _incidents(rng, adsets)
    synth = Synth(adsets, incidents)
    first_day = NOW.date() - timedelta(days=DAYS)
    hourly_from = NOW.date() - timedelta(days=HOURLY_DAYS)
    by_set: dict[int, list[Planted]] = {}
    for inc in incidents:
        by_set.setdefault(inc.adset, []).append(inc)
    for i, a in enumerate(adsets):
        drift = np.cumsum(rng.normal(0, 0.01, DAYS))
        drift += np.linspace(0, float(rng.uniform(-0.3, 0.3)), DAYS)
        for d in range(DAYS):
            day = first_day + timedelta(days=d)
            level = a.spend * np.exp(drift[d]) * (a.weekend if day.weekday() >= 5 else 1.0)
            if rng.random() < 1 / 60:  # a harmless blip: a promotion, a reporting hiccup
                level *= float(rng.choice([rng.uniform(1.2, 1.45), rng.uniform(0.7, 0.85)]))
            if a.hourly and day >= hourly_from:
                for h in range(24):
                    moment = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=h)
                    m = _bucket_effect(by_set.get(i, []), moment, timedelta(hours=1))
                    spend = level * _HOURS[h] * m["spend"] * float(rng.lognormal(0, 0.12))
                    synth.hourly.append(_row(rng, a, moment.isoformat(), spend, m))
                continue
            moment = datetime.combine(day, datetime.min.time(), UTC)
            m = _bucket_effect(by_set.get(i, []), moment, timedelta(days=1))
            spend = level * m["spend"] * float(rng.lognormal(0, a.noise))
            synth.daily.append(_row(rng, a, day.isoformat(), spend, m))
    return synth


def _bucket_effect(
    incidents: Sequence[Planted], moment: datetime, step: timedelta
) -> dict[str, float]:
    m = _effect("none", 1.0, 0.0)
    for inc in incidents:
        if inc.start <= moment < inc.end:
            progress = ((moment - inc.start) / step + 1) / 6
            m = _effect(inc.kind, inc.factor, progress)
    return m


_COLUMNS = (
    "platform",
    "account",
    "campaign",
    "adset",
    "impressions",
    "clicks",
    "spend",
    "conversions",
    "revenue",
    "reach",
)


def _csv(path: Path, time_column: str, rows: Sequence[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow((time_column, *_COLUMNS))
        for r in rows:
            out.writerow((r["bucket"], *(r[c] for c in _COLUMNS)))


def _targets(synth: Synth) -> list[dict[str, Any]]:
    """Targets a buyer would set at the start of the last month: CPA and ROAS at what the
    campaign made over the 30 days before it, the budget at that pace plus 10 %."""
    since = (NOW.date() - timedelta(days=60)).isoformat()
    until = (NOW.date() - timedelta(days=30)).isoformat()
    sums: dict[tuple[str, str, str], list[float]] = {}
    for r in synth.daily + synth.hourly:
        if since <= r["bucket"][:10] < until:
            total = sums.setdefault((r["platform"], r["account"], r["campaign"]), [0.0, 0.0, 0.0])
            total[0] += float(r["spend"])
            total[1] += float(r["conversions"])
            total[2] += float(r["revenue"])
    out = []
    for (platform, account, campaign), (spend, results, revenue) in sums.items():
        daily = spend / 30
        out.append(
            {
                "platform": platform,
                "account": account,
                "campaign": campaign,
                "brand": "heldout",
                "target_cpa": round(spend / max(results, 1), 2),
                "target_roas": round(revenue / spend, 2) if spend else None,
                "daily_budget": round(daily * 1.1, 2),
                "monthly_budget": round(daily * 1.1 * 30, 2),
            }
        )
    return out


def write(synth: Synth, folder: Path) -> None:
    """A samples-shaped folder: ads/daily.csv, ads/hourly.csv, manifest.yaml, workspace.yaml."""
    (folder / "ads").mkdir(parents=True, exist_ok=True)
    _csv(folder / "ads" / "daily.csv", "date", synth.daily)
    _csv(folder / "ads" / "hourly.csv", "hour", synth.hourly)
    incidents = []
    for inc in synth.incidents:
        a = synth.adsets[inc.adset]
        incidents.append(
            {
                "id": inc.id,
                "kind": inc.kind,
                "platform": a.platform,
                "account": a.account,
                "campaign": a.campaign,
                "adset": a.adset,
                "start": inc.start.date().isoformat(),
                "end": (inc.end - timedelta(seconds=1)).date().isoformat(),
                "start_at": inc.start.isoformat(),
                "end_at": inc.end.isoformat(),
                "hourly": inc.hourly,
                "factor": round(inc.factor, 3),
                "expected_alert": inc.expected_alert,
            }
        )
    manifest = {
        "generator": "python -m benchmarks.adsynth",
        "now": NOW.isoformat(),
        "adsets": [
            {"platform": a.platform, "account": a.account, "campaign": a.campaign, "adset": a.adset}
            for a in synth.adsets
        ],
        "incidents": incidents,
    }
    (folder / "manifest.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), "utf-8")
    # A workspace the bot would load: the one brand its campaigns name, and their targets.
    workspace = {"brands": [{"id": "heldout", "name": "Held-out"}], "campaigns": _targets(synth)}
    (folder / "workspace.yaml").write_text(yaml.safe_dump(workspace, sort_keys=False), "utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.adsynth", description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    write(generate(args.seed), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
