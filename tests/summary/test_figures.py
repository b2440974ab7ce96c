"""A summary's numbers against the same figures computed directly with SQL from the store."""

from __future__ import annotations

import random
import statistics
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config.workspace import Workspace
from bot.models import AlertState, Engagement, Suggestion
from bot.notices import Notice
from bot.store import Store
from bot.summary.service import build_summary
from tests.summary.builders import (
    Clock,
    ad,
    add_alert,
    add_comments,
    comment,
    engagement,
    publish,
    utc,
    workspace,
)

pytestmark = pytest.mark.slow

NOW = utc(2026, 11, 25, 8, 0)  # 09:00 in Berlin on Wed 25 Nov
# Local days in Berlin (UTC+1) as UTC bounds, written out rather than computed.
DAY = ("2026-11-23T23:00:00+00:00", "2026-11-24T23:00:00+00:00")
DAY_BEFORE = ("2026-11-22T23:00:00+00:00", "2026-11-23T23:00:00+00:00")
WEEK_BEFORE = ("2026-11-16T23:00:00+00:00", "2026-11-23T23:00:00+00:00")

INTENTS: list[tuple[str, ...]] = [
    ("question",),
    ("complaint",),
    ("complaint", "support"),
    ("purchase_intent", "question"),
    ("praise",),
    ("spam",),
]
TEXTS = [
    "Where is my order? The delivery is late",
    "Do you ship to Canada? How much is shipping",
    "The zip broke after a week, poor quality",
    "Is the jacket true to size?",
    "Love it!",
    "Refund still not here",
]
ACTIONS = {"spam": "hide", "praise": "reply", "complaint": "human"}


@dataclass(frozen=True, slots=True)
class Sample:
    store: Store
    workspace: Workspace
    notice: Notice


async def _fill(store: Store, clock: Clock) -> None:
    rng = random.Random(7)
    items: list[Engagement] = []
    n = 0
    start = utc(2026, 11, 10)
    while start < NOW:
        for _ in range(rng.randint(4, 12)):
            n += 1
            at = start + timedelta(minutes=rng.randint(0, 24 * 60 - 1))
            if at >= NOW:
                continue
            intents = rng.choice(INTENTS)
            action = ACTIONS.get(intents[0], "reply") if rng.random() > 0.15 else None
            sentiment = rng.choice(["positive", "neutral", "negative"])
            items.append(engagement(comment(n, at, rng.choice(TEXTS)), sentiment, intents, action))
        start += timedelta(days=1)
    # Right at the edges of the local day.
    items.append(
        engagement(comment(9001, utc(2026, 11, 23, 23, 0)), "negative", ("complaint",), "human")
    )
    items.append(
        engagement(
            comment(9002, utc(2026, 11, 24, 22, 59)), "positive", ("purchase_intent",), "reply"
        )
    )
    items.append(
        engagement(comment(9003, utc(2026, 11, 24, 23, 0)), "neutral", ("question",), "reply")
    )
    half = len(items) // 2
    clock.now = NOW - timedelta(hours=5)
    ids = await add_comments(store, items[:half])
    clock.now = NOW - timedelta(hours=1)
    ids |= await add_comments(store, items[half:])
    clock.now = NOW
    for item in items:
        key = item.comment.key
        if key in ids and rng.random() < 0.5:
            replied = item.comment.created_at + timedelta(minutes=rng.randint(5, 36 * 60))
            if replied < NOW:
                await publish(store, clock, ids[key], replied)

    rows = []
    for day in range(1, 26):
        bucket = f"2026-11-{day:02d}"
        for name in ("Video A", "Video B"):
            spend = round(rng.uniform(40, 80), 2)
            rows.append(
                ad(
                    bucket,
                    "meta",
                    "ag-meta",
                    "AG Prospecting",
                    spend,
                    rng.randint(0, 4),
                    round(spend * rng.uniform(1, 5), 2),
                    "USD",
                    ad_name=name,
                )
            )
        spend = round(rng.uniform(20, 60), 2)
        rows.append(
            ad(
                bucket,
                "google",
                "ag-google",
                "AG Search",
                spend,
                rng.randint(0, 6),
                round(spend * rng.uniform(3, 9), 2),
                "USD",
                ad_name="",
            )
        )
        spend = round(rng.uniform(20, 40), 2)
        rows.append(
            ad(
                bucket,
                "meta",
                "kc-meta",
                "KC Leads",
                spend,
                rng.randint(0, 2),
                0.0,
                "GBP",
                leads=float(rng.randint(2, 12)),
            )
        )
    await store.feeds.ingest(rows)

    def tip(action: str, effect: str) -> Suggestion:
        return Suggestion(action, f"do {action}", effect)

    await add_alert(store, "TrackingOutage", "critical", "KC Leads", [tip("check_tracking", "x")])
    await add_alert(
        store, "CPASpike", "warning", "AG Prospecting", [tip("pause_ad", "saves 80/day")]
    )
    await add_alert(store, "BudgetOverspend", "warning", "AG Search", [tip("lower_budget", "y")])
    await add_alert(store, "ScaleWinner", "info", "AG Search", state=AlertState.PENDING)
    [overspend] = [a for a in await store.alerts.select() if a.alertname == "BudgetOverspend"]
    await store.alerts.ack(overspend.fingerprint, "ana")


@pytest.fixture
async def sample(tmp_path: Path) -> AsyncIterator[Sample]:
    clock = Clock(NOW)
    store = await Store.open(tmp_path / "s.db", clock)
    ws = workspace()
    try:
        await _fill(store, clock)
        notice = await build_summary(store, ws, "team", None, NOW, tmp_path / "charts")
        yield Sample(store, ws, notice)
    finally:
        await store.close()


async def _one(store: Store, sql: str, *params: Any) -> Any:
    return await store.db.scalar(sql, params)


async def test_comments_received_answered_and_leads(sample: Sample) -> None:
    e = sample.notice.data["engagement"]
    store = sample.store
    count = "SELECT COUNT(*) FROM comments WHERE created_at >= ? AND created_at < ?"
    assert e["received"]["value"] == await _one(store, count, *DAY)
    assert e["received"]["previous"] == await _one(store, count, *DAY_BEFORE)
    assert e["received"]["baseline"] == pytest.approx(await _one(store, count, *WEEK_BEFORE) / 7)

    needing = (
        "SELECT COUNT(*) FROM comments c JOIN drafts d ON d.comment_key = c.key"
        " WHERE c.created_at >= ? AND c.created_at < ? AND d.action IN ('reply', 'human')"
    )
    answered = needing + " AND d.status = 'published'"
    need, done = await _one(store, needing, *DAY), await _one(store, answered, *DAY)
    assert done > 0
    assert e["needing_answer"] == need
    assert e["answered"]["value"] == done
    assert e["response_rate"]["value"] == pytest.approx(done / need)
    week_need = await _one(store, needing, *WEEK_BEFORE)
    week_done = await _one(store, answered, *WEEK_BEFORE)
    assert e["response_rate"]["baseline"] == pytest.approx(week_done / week_need)

    rows = await store.db.fetchall(
        "SELECT (julianday(d.published_at) - julianday(c.created_at)) * 1440 FROM comments c"
        " JOIN drafts d ON d.comment_key = c.key WHERE c.created_at >= ? AND c.created_at < ?"
        " AND d.action IN ('reply', 'human') AND d.status = 'published'",
        DAY,
    )
    expected = statistics.median(r[0] for r in rows)
    assert e["first_response_minutes"]["value"] == pytest.approx(expected, abs=0.01)

    leads = "SELECT COUNT(*) FROM leads WHERE created_at >= ? AND created_at < ?"
    assert e["leads"]["value"] == await _one(store, leads, *DAY)
    assert e["leads"]["value"] > 0


async def test_sentiment_mix_and_the_review_queue(sample: Sample) -> None:
    e = sample.notice.data["engagement"]
    store = sample.store
    rows = await store.db.fetchall(
        "SELECT a.sentiment, COUNT(*) FROM comments c JOIN comment_analyses a"
        " ON a.comment_key = c.key WHERE c.created_at >= ? AND c.created_at < ?"
        " GROUP BY a.sentiment",
        DAY,
    )
    counts = {r[0]: r[1] for r in rows}
    assert e["sentiment"]["counts"] == {
        k: counts.get(k, 0) for k in ("positive", "neutral", "negative")
    }
    total = sum(counts.values())
    assert e["sentiment"]["shares"]["negative"] == pytest.approx(counts["negative"] / total)
    prev = dict(
        (r[0], r[1])
        for r in await store.db.fetchall(
            "SELECT a.sentiment, COUNT(*) FROM comments c JOIN comment_analyses a"
            " ON a.comment_key = c.key WHERE c.created_at >= ? AND c.created_at < ?"
            " GROUP BY a.sentiment",
            DAY_BEFORE,
        )
    )
    change = counts["negative"] / total - prev["negative"] / sum(prev.values())
    assert e["sentiment"]["negative"]["vs_previous"] == pytest.approx(change)

    waiting = e["waiting"]
    assert waiting["drafts"] == await _one(
        store, "SELECT COUNT(*) FROM drafts WHERE status = 'pending_review'"
    )
    # SLA 4h for alpenglow; the first half of the drafts was made 5 hours before NOW.
    past = await _one(
        store,
        "SELECT COUNT(*) FROM drafts WHERE status = 'pending_review' AND created_at < ?",
        (NOW - timedelta(hours=4)).isoformat(),
    )
    assert waiting["past_sla"] == past > 0


async def test_ads_per_currency_and_platform(sample: Sample) -> None:
    ads = sample.notice.data["ads"]
    store = sample.store
    usd, gbp = ads["currencies"][0], ads["currencies"][1]
    assert (usd["currency"], gbp["currency"]) == ("USD", "GBP")

    row = await store.db.fetchone(
        "SELECT SUM(spend), SUM(conversions), SUM(revenue) FROM ad_metrics"
        " WHERE bucket = '2026-11-24' AND currency = 'USD'"
    )
    assert row is not None
    spend, conversions, revenue = row
    assert usd["spend"]["value"] == pytest.approx(spend)
    assert usd["results"]["value"] == pytest.approx(conversions)
    assert usd["roas"]["value"] == pytest.approx(revenue / spend)
    assert usd["cpa"]["value"] == pytest.approx(spend / conversions)
    week = await _one(
        store,
        "SELECT SUM(spend) FROM ad_metrics WHERE bucket BETWEEN '2026-11-17' AND '2026-11-23'"
        " AND currency = 'USD'",
    )
    assert usd["spend"]["baseline"] == pytest.approx(week / 7)
    target = await _one(
        store,
        "SELECT SUM(spend * CASE campaign WHEN 'AG Prospecting' THEN 3.0 ELSE 6.0 END)"
        " / SUM(spend) FROM ad_metrics WHERE bucket = '2026-11-24' AND currency = 'USD'",
    )
    assert usd["targets"]["target_roas"] == pytest.approx(target)

    meta = next(p for p in usd["platforms"] if p["platform"] == "meta")
    meta_row = await store.db.fetchone(
        "SELECT SUM(spend), SUM(revenue) FROM ad_metrics WHERE bucket = '2026-11-24'"
        " AND platform = 'meta' AND currency = 'USD'"
    )
    assert meta_row is not None
    assert meta["spend"] == pytest.approx(meta_row[0])
    assert meta["targets"]["roas"] == pytest.approx(meta_row[1] / meta_row[0])
    assert meta["on_target"] is (meta_row[1] / meta_row[0] >= 3.0)

    # A leads campaign counts its leads as results.
    gbp_row = await store.db.fetchone(
        "SELECT SUM(spend), SUM(leads) FROM ad_metrics WHERE bucket = '2026-11-24'"
        " AND currency = 'GBP'"
    )
    assert gbp_row is not None
    assert gbp["results"]["value"] == pytest.approx(gbp_row[1])
    assert gbp["targets"]["cpa"] == pytest.approx(gbp_row[0] / gbp_row[1])
    assert gbp["targets"]["target_cpa"] == pytest.approx(5.0)


async def test_pacing_alerts_and_suggestions(sample: Sample) -> None:
    ads = sample.notice.data["ads"]
    store = sample.store
    pacing = ads["pacing"]
    assert (pacing["day_of_month"], pacing["days_in_month"]) == (24, 30)
    everything = {i["campaign"]: i for i in pacing["over"] + pacing["under"]}
    assert len(everything) + pacing["on_track"] == 3
    mtd = await _one(
        store,
        "SELECT SUM(spend) FROM ad_metrics WHERE campaign = 'AG Search'"
        " AND bucket BETWEEN '2026-11-01' AND '2026-11-24'",
    )
    # AG Search has only a daily budget: 50/day over a 30-day month. Its projection is the
    # alert engine's (spent so far plus the recent run rate), tests/summary/test_pacing_source.
    search = everything.get("AG Search")
    assert search is not None and search["spent"] == pytest.approx(mtd)
    assert search["budget"] == pytest.approx(1500)
    assert search["ratio"] == pytest.approx(search["projected"] / 1500)
    assert search["projected"] >= mtd

    rows = await store.db.fetchall(
        "SELECT severity, COUNT(*) FROM alerts WHERE state = 'firing' GROUP BY severity"
    )
    assert ads["alerts"]["firing"] == {"critical": 0, "warning": 0, "info": 0} | {
        r[0]: r[1] for r in rows
    }
    assert ads["alerts"]["pending"] == 1
    assert ads["alerts"]["acked"] == 1
    # Critical first, then the warning nobody has acknowledged, then the acknowledged one.
    assert [s["action"] for s in ads["suggestions"]] == [
        "check_tracking",
        "pause_ad",
        "lower_budget",
    ]
    assert ads["suggestions"][1]["expected_effect"] == "saves 80/day"


async def test_the_summary_reads_as_a_short_stand_up(sample: Sample) -> None:
    data = sample.notice.data
    assert sample.notice.kind == "summary" and sample.notice.receiver == "team"
    assert data["day"] == "2026-11-24" and data["zone"] == "Europe/Berlin"
    show = data["show"]
    assert show["title"] == "Stand-up · Tue 24 Nov"
    assert show["engagement"]["comments"].startswith(f"{data['engagement']['received']['value']} (")
    assert "vs Mon" in show["engagement"]["comments"]
    assert [c["head"] for c in show["ads"]["currencies"]] == ["USD", "GBP"]
    assert len(show["today"]) == 3
    # The stand-up names a suggestion as the alert messages do.
    assert show["today"][0]["head"].startswith("Check the tracking · ")
