"""On-demand summaries, the receiver's own day far from UTC, weekly summaries, and the pieces."""

from __future__ import annotations

import html
import struct
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bot.models import AdMetricRow, Granularity, Suggestion
from bot.rendering import Renderer, strip_controls
from bot.summary.charts import HEIGHT_PX, WIDTH_PX, sentiment_chart, spend_roas_chart
from bot.summary.content import ad_cells
from bot.summary.present import duration, money, percent_change
from bot.summary.service import SummaryRequestError, SummaryScheduler, parse_day, summary_command
from bot.summary.themes import themes_of, top_themes
from tests.summary.builders import (
    Clock,
    OpenStore,
    ad,
    add_alert,
    add_comments,
    comment,
    engagement,
    utc,
    workspace,
)

SHANGHAI = [
    {"name": "team", "kind": "console"},
    {"name": "apac", "kind": "console", "timezone": "Asia/Shanghai"},
]


@pytest.mark.slow
async def test_a_utc_plus_8_team_at_0800_gets_its_own_yesterday(
    tmp_path: Path, open_store: OpenStore
) -> None:
    ws = workspace(
        receivers=SHANGHAI,
        schedules=[{"receiver": "apac", "at": "08:00", "days": ["wed"]}],
        timezone="America/Los_Angeles",
    )
    store = await open_store(tmp_path / "s.db")
    at = {
        "c1": utc(2026, 11, 23, 15, 30),  # Mon 23:30 in Shanghai: the day before
        "c2": utc(2026, 11, 23, 16, 30),  # Tue 00:30: yesterday, though Monday in UTC
        "c3": utc(2026, 11, 24, 15, 30),  # Tue 23:30: yesterday
        "c4": utc(2026, 11, 24, 16, 30),  # Wed 00:30: today, though Tuesday in UTC
        "c5": utc(2026, 11, 24, 20, 0),  # Wed 04:00: today
    }
    await add_comments(
        store,
        [
            engagement(comment(int(key[1:]), moment), "neutral", ("question",), "reply")
            for key, moment in at.items()
        ],
    )
    scheduler = SummaryScheduler(store, ws, tmp_path / "charts")
    assert await scheduler.step(utc(2026, 11, 24, 23, 0)) == 0  # 07:00 in Shanghai
    assert await scheduler.step(utc(2026, 11, 25, 0, 0)) == 1  # 08:00 in Shanghai
    [notice] = [n for n in await store.outbox.due() if n.kind == "summary"]
    received = notice.data["engagement"]["received"]
    assert notice.receiver == "apac" and notice.data["zone"] == "Asia/Shanghai"
    assert notice.data["day"] == "2026-11-24"
    assert (received["value"], received["previous"]) == (2, 1)
    # The same moment for a Los Angeles team is Tuesday afternoon: its yesterday is Monday.
    west = await summary_command(
        store, ws, "team", None, utc(2026, 11, 25, 0, 0), tmp_path / "charts"
    )
    assert west.data["day"] == "2026-11-23"
    assert west.data["engagement"]["received"]["value"] == 2  # c1 and c2: Monday there


@pytest.mark.slow
async def test_on_demand_defaults_and_refusals(tmp_path: Path, open_store: OpenStore) -> None:
    ws = workspace(
        receivers=SHANGHAI, schedules=[{"receiver": "apac", "at": "08:00"}], timezone="UTC"
    )
    store = await open_store(tmp_path / "s.db")
    now = utc(2026, 11, 25, 8, 0)
    first = await summary_command(store, ws, None, None, now, tmp_path / "c")
    again = await summary_command(store, ws, None, None, now + timedelta(minutes=1), tmp_path)
    assert first.receiver == "apac"  # the first scheduled receiver
    assert first.dedupe_key != again.dedupe_key  # asking twice gets two answers
    chosen = await summary_command(store, ws, "team", date(2026, 11, 20), now, tmp_path / "c")
    assert chosen.data["day"] == "2026-11-20" and chosen.subject == "daily:2026-11-20"
    with pytest.raises(SummaryRequestError, match="no receiver named 'nobody'"):
        await summary_command(store, ws, "nobody", None, now, tmp_path)
    with pytest.raises(SummaryRequestError, match="not over yet in Asia/Shanghai"):
        await summary_command(store, ws, "apac", date(2026, 11, 25), now, tmp_path)
    assert parse_day("yesterday", ws, "apac", now) == date(2026, 11, 24)
    assert parse_day(" 2026-11-02 ", ws, "apac", now) == date(2026, 11, 2)
    assert parse_day(None, ws, "apac", now) is None
    with pytest.raises(SummaryRequestError, match="YYYY-MM-DD"):
        parse_day("last tuesday", ws, "apac", now)
    assert await store.outbox.depth() == 0  # on demand is answered, not queued


@pytest.mark.slow
async def test_a_weekly_summary_compares_week_over_week(
    tmp_path: Path, open_store: OpenStore
) -> None:
    ws = workspace(
        schedules=[{"receiver": "team", "at": "09:00", "kind": "weekly"}], timezone="UTC"
    )
    store = await open_store(tmp_path / "s.db")
    rows = [
        ad(
            f"2026-11-{d:02d}",
            "meta",
            "ag-meta",
            "AG Prospecting",
            10.0 * (2 if d > 16 else 1),
            1,
            30.0,
            "USD",
        )
        for d in range(10, 24)
    ]
    await store.feeds.ingest(rows)
    scheduler = SummaryScheduler(store, ws, tmp_path / "charts")
    await scheduler.step(utc(2026, 11, 23, 8, 0))
    assert await scheduler.step(utc(2026, 11, 23, 9, 0)) == 1  # Monday 09:00
    assert await scheduler.step(utc(2026, 11, 24, 9, 0)) == 0  # weekly: Mondays only
    [notice] = await store.outbox.due()
    spend = notice.data["ads"]["currencies"][0]["spend"]
    assert notice.data["kind"] == "weekly" and notice.subject == "weekly:2026-11-22"
    assert notice.data["period"] == {"start": "2026-11-16", "end": "2026-11-22"}
    assert (spend["value"], spend["previous"], spend["baseline"]) == (130.0, 60.0, None)
    assert notice.data["show"]["title"] == "Weekly stand-up · Mon 16 Nov – Sun 22 Nov"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


@pytest.mark.slow
async def test_charts_are_pngs_of_the_expected_size(tmp_path: Path, open_store: OpenStore) -> None:
    ws = workspace(timezone="UTC")
    store = await open_store(tmp_path / "s.db")
    await store.feeds.ingest(
        [
            ad(f"2026-11-{d:02d}", "meta", "ag-meta", "AG Prospecting", 50.0, 2, 150.0, "USD")
            for d in range(1, 25)
        ]
        + [
            ad(f"2026-11-{d:02d}", "meta", "kc-meta", "KC Leads", 20.0, 1, 0.0, "GBP")
            for d in range(1, 25)
        ]
    )
    notice = await summary_command(store, ws, "team", None, utc(2026, 11, 25, 8), tmp_path / "c")
    paths = [Path(chart["path"]) for chart in notice.data["charts"]]
    assert [p.name for p in paths] == [
        "team-daily-2026-11-24-spend-roas.png",
        "team-daily-2026-11-24-cost-per-lead.png",
        "team-daily-2026-11-24-sentiment.png",
    ]
    assert [_png_size(p) for p in paths] == [(WIDTH_PX, HEIGHT_PX)] * 3
    series = notice.data["series"]["ads"]
    assert series["currencies"]["USD"]["spend"] == [50.0] * 14
    assert series["currencies"]["USD"]["roas"] == [3.0] * 14
    # Nothing at all still gives a readable chart of the same size.
    empty = {**series, "currencies": {}}
    assert _png_size(spend_roas_chart(empty, tmp_path / "e1.png")) == (WIDTH_PX, HEIGHT_PX)
    quiet = {
        **notice.data["series"]["sentiment"],
        "positive": [0] * 14,
        "neutral": [0] * 14,
        "negative": [0] * 14,
    }
    assert _png_size(sentiment_chart(quiet, tmp_path / "e2.png")) == (WIDTH_PX, HEIGHT_PX)


def _slack(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.mark.slow
async def test_each_channel_renders_the_queued_summary_escaped(
    tmp_path: Path, open_store: OpenStore
) -> None:
    ws = workspace(schedules=[{"receiver": "team", "at": "08:30"}])
    clock = Clock(utc(2026, 11, 25, 7, 0))
    store = await open_store(tmp_path / "s.db", clock)
    hostile = "<b>pause</b> & <!channel> now"
    await add_alert(
        store,
        "CPASpike",
        "warning",
        "AG <Prospecting>",
        [Suggestion("pause_ad", hostile, "saves 80/day")],
    )
    await add_comments(
        store,
        [engagement(comment(1, utc(2026, 11, 24, 9)), "negative", ("complaint",), "human")],
    )
    scheduler = SummaryScheduler(store, ws, tmp_path / "charts")
    await scheduler.step(clock.now)
    assert await scheduler.step(utc(2026, 11, 25, 7, 30)) == 1
    # Read back from the outbox, as a channel gets it.
    [notice] = [n for n in await store.outbox.due() if n.kind == "summary"]
    renderer = Renderer()
    console = renderer.render("console/summary.j2", notice.data, strip_controls)
    slack = renderer.render("slack/summary.j2", notice.data, _slack)
    telegram = renderer.render("telegram/summary.j2", notice.data, html.escape)
    for text in (console, slack, telegram):
        assert 10 <= len(text.splitlines()) <= 30
        assert len(text) < 4096  # one Telegram message
    assert console.startswith("Stand-up · Tue 24 Nov · Europe/Berlin")
    assert (
        "1. Pause the ad · AG <Prospecting>: <b>pause</b> & <!channel> now → saves 80/day"
        in console
    )
    assert "CHARTS" in console
    assert (
        f"Spend and ROAS, all brands — last 14 days: {notice.data['charts'][0]['path']}" in console
    )
    assert slack.startswith("*Stand-up · Tue 24 Nov*")
    assert "&lt;!channel&gt;" in slack and "<!channel>" not in slack
    assert telegram.startswith("<b>Stand-up · Tue 24 Nov</b>")
    assert "&lt;b&gt;pause&lt;/b&gt; &amp; &lt;!channel&gt;" in telegram


# --- the pure pieces -----------------------------------------------------------------------


def _row(
    day: str, adset: str, ad_name: str, spend: float, granularity: Granularity = "day"
) -> AdMetricRow:
    return AdMetricRow(
        bucket=day if granularity == "day" else f"{day}T10:00:00+00:00",
        granularity=granularity,
        platform="meta",
        account="ag-meta",
        campaign="AG Prospecting",
        adset=adset,
        ad=ad_name,
        impressions=100,
        clicks=10,
        spend=spend,
        conversions=1.0,
        revenue=3.0,
        currency="USD",
    )


def test_ad_rows_are_counted_once_at_their_finest_level() -> None:
    ws = workspace()
    now = datetime.fromisoformat("2026-11-25T08:00:00+00:00")
    cells = ad_cells(
        [
            _row("2026-11-23", "", "", 100.0),  # campaign row, replaced by its ad sets'
            _row("2026-11-23", "a", "", 30.0),  # ad set row, replaced by its ads'
            _row("2026-11-23", "a", "x", 10.0),
            _row("2026-11-23", "a", "y", 15.0),
            _row("2026-11-23", "b", "", 40.0),
            _row("2026-11-22", "", "", 70.0),  # only a campaign row that day: it counts
            # Hours fill a day with no daily row, only once the UTC day is over.
            _row("2026-11-24", "a", "x", 2.0, "hour"),
            _row("2026-11-24", "a", "x", 3.0, "hour"),
            _row("2026-11-25", "a", "x", 9.0, "hour"),
            _row("2026-11-23", "a", "x", 99.0, "hour"),  # a daily row exists: ignored
        ],
        ws,
        now,
    )
    spend = {
        day.isoformat(): sum(c.sums.spend for c in ents.values()) for day, ents in cells.items()
    }
    assert spend == {"2026-11-22": 70.0, "2026-11-23": 65.0, "2026-11-24": 5.0, "2026-11-25": 0.0}


def test_themes_and_phrases() -> None:
    assert themes_of("Where is my parcel? Tracking hasn't moved") == ("delivery",)
    assert themes_of("Where is the cardamom bun made?") == ()
    assert themes_of("Mein Paket ist nicht angekommen, Bestellung 123") == ("delivery", "orders")
    assert top_themes(["refund please", "my refund", "parcel late"]) == [
        ("refunds & returns", 2),
        ("delivery", 1),
    ]
    assert [percent_change(c) for c in (0.064, -0.27, 12.0, None)] == ["+6%", "−27%", "×13", None]
    assert [money(4210.4, "USD"), money(45.8, "EUR"), money(3.0, "CHF"), money(None, "")] == [
        "$4,210",
        "€45.80",
        "CHF 3.00",
        "—",
    ]
    assert [duration(m) for m in (45, 130, 60 * 27, None)] == [
        "45 min",
        "2 h 10 min",
        "1 d 3 h",
        "—",
    ]
