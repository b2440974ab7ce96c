"""The stand-up's pacing is the alert engine's: one projection, one band, one verdict."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.engine_setup import campaign_targets
from bot.models import AdMetricRow
from bot.smm.engine import evaluate
from bot.smm.settings import EngineSettings
from bot.summary.content import compute_summary
from bot.summary.queries import Inputs
from tests.summary.builders import ad, utc, workspace

NOW = utc(2026, 11, 25, 8, 0)
LAST = date(2026, 11, 24)
PACING = EngineSettings(detectors=frozenset({"pacing"}))


def _rows() -> list[AdMetricRow]:
    """October and November: AG Search (50/day budget) ramps up to 90/day in the last four
    days; AG Prospecting (3,000/month) spends 130/day all along."""
    rows = []
    day = date(2026, 10, 1)
    while day <= LAST:
        search = 90.0 if day > LAST - timedelta(days=4) else 30.0
        rows.append(ad(day.isoformat(), "google", "ag-google", "AG Search", search, 1, 100, "EUR"))
        rows.append(ad(day.isoformat(), "meta", "ag-meta", "AG Prospecting", 130.0, 3, 400, "EUR"))
        day += timedelta(days=1)
    return rows


def _standup(rows: list[AdMetricRow]) -> dict[str, dict[str, object]]:
    inputs = Inputs(comments=(), leads=(), ads=tuple(rows), posts=(), alerts=(), waiting=())
    pacing = compute_summary(inputs, workspace(), ZoneInfo("UTC"), LAST, NOW)["ads"]["pacing"]
    verdicts: dict[str, dict[str, object]] = {}
    for word in ("over", "under"):
        for item in pacing[word]:
            verdicts[item["campaign"]] = {"verdict": word, "projected": item["projected"]}
    return verdicts


def test_the_stand_up_and_the_alerts_agree_on_pacing() -> None:
    rows = _rows()
    ws = workspace()
    alerts = evaluate(rows, campaign_targets(ws), [], NOW, settings=PACING)
    engine = {
        a.labels["campaign"]: {
            "verdict": "over" if a.labels["alertname"] == "BudgetOverspend" else "under",
            "projected": a.value,
        }
        for a in alerts
    }
    standup = _standup(rows)
    assert set(standup) == set(engine)
    for campaign, said in standup.items():
        assert said["verdict"] == engine[campaign]["verdict"]
        assert said["projected"] == pytest.approx(engine[campaign]["projected"])
    # 130/day against 100/day is over; the ramped-up search campaign projects on budget from
    # its recent run rate (a month-to-date average would call it 80 %, under).
    assert standup["AG Prospecting"]["verdict"] == "over"
    assert "AG Search" not in standup
