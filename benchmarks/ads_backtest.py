"""Backtest the ad engine on a samples folder: planted incidents caught, false alerts counted.

Runs ``bot.backtest.run_backtest`` on a folder with ``ads/`` and a ``manifest.yaml`` of
planted incidents, and prints the report (or ``--json``); exits 1 when an incident is missed
or a must-not-fire alert fired.

    python -m benchmarks.ads_backtest samples/ [--now ISO] [--replay-days 24] [--json]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.backtest import Backtest, run_backtest
from bot.models import Alert
from bot.smm.frame import LEVELS

__all__ = ["as_json", "main", "render"]


def _where(alert: Alert) -> str:
    return "/".join(alert.labels[k] for k in LEVELS if alert.labels.get(k))


def render(bt: Backtest) -> str:
    """The report as text."""
    lines = [f"ad-engine backtest at {bt.now.isoformat()}"]
    lines.append("rows: " + ", ".join(f"{k} {v:,}" for k, v in bt.rows.items()))
    caught, total = bt.recall
    lines.append(f"\nplanted incidents: {caught}/{total} caught")
    for r in bt.results:
        inc = r.incident
        where = "/".join(inc.labels.get(k, "") for k in LEVELS if inc.labels.get(k))
        if inc.expected_alert:
            mark = "caught" if r.ok else "MISSED"
            days = r.days_to_detect
            first = (
                f"first at {r.first_fired:%Y-%m-%d %H:%M}Z, on day {days} of its data"
                if r.first_fired and days is not None
                else "never in the replay"
            )
            lines.append(
                f"  [{mark}] {inc.expected_alert:<20} {where} (from {inc.start}); "
                f"firing at now: {'yes' if r.at_now else 'no'}; {first}"
            )
        if inc.must_not_fire:
            verdict = "did not fire" if not r.violated_at else "FIRED " + ", ".join(r.violated_at)
            lines.append(
                f"  [{'ok' if not r.violated_at else 'BAD'}] must not fire "
                f"{inc.must_not_fire:<9} {where}: {verdict}"
            )
    lines.append(f"\nalerts at now: {len(bt.alerts)} ({len(bt.muted)} muted by inhibition)")
    for a in bt.alerts:
        muted = " (muted)" if a.fingerprint in bt.muted else ""
        lines.append(f"  {a.labels['alertname']:<20} {a.severity:<8} {_where(a)}{muted}")
        lines.append(f"      {a.summary}")
        for s in a.suggestions:
            lines.append(f"      → {s.detail} — {s.expected_effect}")
    lines.append(
        f"\nfalse positives at now: {len(bt.false_positives)}; other alerts on an incident's "
        f"campaign: {len(bt.related)}"
    )
    for a in bt.false_positives:
        lines.append(f"  {a.labels['alertname']:<20} {_where(a)}")
    distinct = len(bt.replay_false)
    rate = distinct / bt.campaign_months if bt.campaign_months else 0.0
    lines.append(
        f"replay false alerts (distinct, after inhibition): {distinct} over "
        f"{bt.campaign_months:.1f} campaign-months = {rate:.2f} per campaign-month"
    )
    for name, dates in bt.replay_false.items():
        lines.append(f"  {name} on {', '.join(dates)}")
    return "\n".join(lines)


def as_json(bt: Backtest) -> dict[str, Any]:
    caught, total = bt.recall
    return {
        "now": bt.now.isoformat(),
        "rows": bt.rows,
        "recall": {"caught": caught, "expected": total},
        "incidents": [
            {
                "id": r.incident.id,
                "expected_alert": r.incident.expected_alert,
                "must_not_fire": r.incident.must_not_fire,
                "ok": r.ok,
                "firing_at_now": r.at_now,
                "first_fired": r.first_fired.isoformat() if r.first_fired else None,
                "days_to_detect": r.days_to_detect,
                "violated_at": r.violated_at,
            }
            for r in bt.results
        ],
        "alerts": [
            {
                "labels": a.labels,
                "summary": a.summary,
                "muted": a.fingerprint in bt.muted,
                "evidence": a.evidence,
                "suggestions": [s.detail + " — " + s.expected_effect for s in a.suggestions],
            }
            for a in bt.alerts
        ],
        "false_positives": [a.labels for a in bt.false_positives],
        "related": [a.labels for a in bt.related],
        "replay_false_alerts": bt.replay_false,
        "campaign_months": bt.campaign_months,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ads_backtest", description=__doc__)
    parser.add_argument("folder", type=Path, help="a samples folder with ads/, manifest.yaml")
    parser.add_argument("--now", type=datetime.fromisoformat, default=None)
    parser.add_argument("--replay-days", type=int, default=24)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    bt = run_backtest(args.folder, now=args.now, replay_days=args.replay_days)
    print(json.dumps(as_json(bt), indent=2) if args.json else render(bt))
    caught, total = bt.recall
    clean = all(r.ok for r in bt.results)
    return 0 if caught == total and clean else 1


if __name__ == "__main__":
    raise SystemExit(main())
