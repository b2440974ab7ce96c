"""The stand-up's charts, read back from the figures' data and the PNGs' pixels: weekly totals,
days not complete or without data, a colour-blind-safe palette, titles and money axes in the
team's words, and cost per lead for lead campaigns."""

from __future__ import annotations

import colorsys
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import matplotlib.image
import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from bot.config.workspace import Workspace
from bot.models import AdMetricRow
from bot.summary.charts import (
    OKABE_ITO,
    cost_per_lead_figure,
    sentiment_figure,
    spend_roas_figure,
)
from bot.summary.content import periods_for
from bot.summary.queries import Inputs
from bot.summary.series import chart_series, lead_campaigns
from bot.summary.service import summary_command
from tests.summary.builders import OpenStore, ad, utc, workspace

pytestmark = pytest.mark.slow

UTC_ZONE = ZoneInfo("UTC")
DAY = date(2026, 11, 24)
AG = ("meta", "ag-meta", "AG Prospecting")
KC = ("meta", "kc-meta", "KC Leads")


def _daily(
    first: date,
    last: date,
    spend: float = 1500.0,
    conversions: float = 10,
    revenue: float = 4500.0,
    campaign: tuple[str, str, str] = AG,
    currency: str = "USD",
    leads: float | None = None,
    skip: Sequence[date] = (),
) -> list[AdMetricRow]:
    rows = []
    day = first
    while day <= last:
        if day not in skip:
            rows.append(
                ad(day.isoformat(), *campaign, spend, conversions, revenue, currency, leads=leads)
            )
        day += timedelta(days=1)
    return rows


def _series(
    rows: Sequence[AdMetricRow],
    now: datetime,
    ws: Workspace | None = None,
    day: date = DAY,
    weekly: bool = False,
) -> dict[str, Any]:
    inputs = Inputs(comments=(), leads=(), ads=tuple(rows), posts=(), alerts=(), waiting=())
    return chart_series(inputs, ws or workspace(), UTC_ZONE, periods_for(day, weekly), now)


def _lines(figure: Figure, gid: str) -> list[Line2D]:
    return [line for ax in figure.axes for line in ax.get_lines() if line.get_gid() == gid]


def _patches(figure: Figure, gid: str) -> list[Patch]:
    return [patch for ax in figure.axes for patch in ax.patches if patch.get_gid() == gid]


def _texts(figure: Figure) -> list[str]:
    return [text.get_text() for ax in figure.axes for text in ax.texts]


# --- weekly --------------------------------------------------------------------------------


async def test_the_weekly_charts_are_week_totals_not_the_daily_charts(
    tmp_path: Path, open_store: OpenStore
) -> None:
    ws = workspace(timezone="UTC")
    store = await open_store(tmp_path / "s.db")
    await store.feeds.ingest(_daily(date(2026, 9, 20), DAY, spend=100.0, revenue=300.0))
    now = utc(2026, 11, 25, 8)
    daily = await summary_command(store, ws, "team", DAY, now, tmp_path / "c")
    weekly = await summary_command(store, ws, "team", DAY, now, tmp_path / "c", weekly=True)

    day_paths = [Path(chart["path"]) for chart in daily.data["charts"]]
    week_paths = [Path(chart["path"]) for chart in weekly.data["charts"]]
    assert {p.name for p in day_paths}.isdisjoint(p.name for p in week_paths)
    assert all("weekly" in p.name for p in week_paths)
    for day_png, week_png in zip(day_paths, week_paths, strict=True):
        assert day_png.read_bytes() != week_png.read_bytes()
    assert weekly.data["charts"][0]["title"] == (
        "Spend and ROAS, Alpenglow — last 8 weeks, week by week"
    )

    day_series = daily.data["series"]["ads"]
    week_series = weekly.data["series"]["ads"]
    assert len(day_series["days"]) == 14 and len(week_series["days"]) == 8
    # Eight week totals ending on the day reported, the week of the stand-up last.
    assert week_series["labels"][-1] == "18–24 Nov"
    assert week_series["labels"][0] == "30 Sep – 6 Oct"
    assert week_series["currencies"]["USD"]["spend"] == [700.0] * 8
    assert day_series["currencies"]["USD"]["spend"] == [100.0] * 14

    figure = spend_roas_figure(week_series)
    bars = _patches(figure, "spend")
    assert [bar.get_height() for bar in bars] == [700.0] * 8
    ticks = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert ticks[-1] == "18–24 Nov" and "" not in ticks
    day_figure = spend_roas_figure(day_series)
    assert [bar.get_height() for bar in _patches(day_figure, "spend")] == [100.0] * 14


# --- days not complete, days without data --------------------------------------------------


async def test_a_last_day_cut_short_is_drawn_hollow_and_so_far_not_as_a_crash(
    tmp_path: Path, open_store: OpenStore
) -> None:
    # The drill: full days up to the 24th, then the hourly feed stops at 08:00 on the 25th; a
    # stand-up asked for the 25th a week later charts it.
    ws = workspace(timezone="UTC")
    store = await open_store(tmp_path / "s.db")
    hours = [
        ad(f"2026-11-25T{h:02d}:00:00+00:00", *AG, 20.0, 0, 0.0, "USD", granularity="hour")
        for h in range(8)
    ]
    await store.feeds.ingest(_daily(date(2026, 11, 1), DAY) + hours)
    notice = await summary_command(
        store, ws, "team", date(2026, 11, 25), utc(2026, 12, 2, 8), tmp_path / "c"
    )
    usd = notice.data["series"]["ads"]["currencies"]["USD"]
    assert usd["status"][-1] == "partial" and usd["notes"][-1] == "8 of 24 h so far"
    assert usd["status"][:-1] == ["complete"] * 13

    figure = spend_roas_figure(notice.data["series"]["ads"])
    [roas] = _lines(figure, "roas")
    drawn = np.asarray(roas.get_ydata(), dtype=float)
    assert np.isnan(drawn[-1])  # the line stops at the last full day, no drop to 0
    assert np.allclose(drawn[:-1], 3.0)
    [partial] = _lines(figure, "roas-partial")
    assert list(partial.get_xdata()) == [13] and list(partial.get_ydata()) == [0.0]
    assert partial.get_markerfacecolor() == "white"  # hollow
    assert partial.get_linestyle() == "None"  # not joined to the line
    assert "8 of 24 h so far" in _texts(figure)
    [cut] = _patches(figure, "spend-partial")
    assert cut.get_height() == 160.0 and cut.get_hatch()


def test_today_and_conversions_not_in_yet_are_not_complete() -> None:
    rows = _daily(date(2026, 11, 1), DAY - timedelta(days=1))
    # The platform's row for today, read at 15:00.
    today = _series(rows + _daily(DAY, DAY, 600.0, 2, 1800.0), utc(2026, 11, 24, 15))
    usd = today["ads"]["currencies"]["USD"]
    assert (usd["status"][-1], usd["notes"][-1]) == ("partial", "today so far")
    # A last day with the spend in and not one conversion, after a week of ten a day.
    late = _series(rows + _daily(DAY, DAY, 1500.0, 0, 0.0), utc(2026, 12, 1))
    usd = late["ads"]["currencies"]["USD"]
    assert (usd["status"][-1], usd["notes"][-1]) == ("partial", "conversions not in yet")
    [roas] = _lines(spend_roas_figure(late["ads"]), "roas")
    assert np.isnan(np.asarray(roas.get_ydata(), dtype=float)[-1])
    # Followed by a day with data, it is a real day without conversions, drawn at 0.
    after = DAY + timedelta(days=1)
    kept = _series(
        rows + _daily(DAY, DAY, 1500.0, 0, 0.0) + _daily(after, after),
        utc(2026, 12, 1),
        day=after,
    )
    usd = kept["ads"]["currencies"]["USD"]
    assert usd["status"][-2:] == ["complete", "complete"] and usd["roas"][-2] == 0.0


def _pixel(png: np.ndarray[Any, Any], figure: Figure, x: float, height: float) -> str:
    """The colour of the PNG where data x meets `height` (a fraction) of the first panel."""
    ax = figure.axes[0]
    px = ax.transData.transform((x, 0))[0]
    py = ax.transAxes.transform((0, height))[1]
    return str(to_hex(png[png.shape[0] - round(py), round(px)][:3]))


def test_days_without_data_are_gaps_with_a_grey_mark_not_zeros_or_a_line_across(
    tmp_path: Path,
) -> None:
    gap = [DAY - timedelta(days=5), DAY - timedelta(days=4)]
    series = _series(_daily(date(2026, 11, 1), DAY, skip=gap), utc(2026, 11, 25, 8))["ads"]
    usd = series["currencies"]["USD"]
    assert usd["status"][8:10] == ["missing", "missing"]
    assert usd["spend"][8:10] == [None, None] and usd["roas"][8:10] == [None, None]

    figure = spend_roas_figure(series)
    [roas] = _lines(figure, "roas")
    drawn = np.asarray(roas.get_ydata(), dtype=float)
    assert np.isnan(drawn[8:10]).all() and not np.isnan(np.delete(drawn, [8, 9])).any()
    assert len(_patches(figure, "spend")) == 12  # no bar of 0 for the days without data
    assert [round(p.get_x() + p.get_width() / 2) for p in _patches(figure, "no-data")] == [8, 9]
    assert _texts(figure).count("no data") == 2

    path = tmp_path / "gap.png"
    figure.savefig(path, format="png")
    png = matplotlib.image.imread(path)
    assert _pixel(png, figure, 8, 0.3) == "#dddddd"  # the grey band
    assert _pixel(png, figure, 9, 0.3) == "#dddddd"
    assert _pixel(png, figure, 7, 0.3) == OKABE_ITO["sky blue"].lower()  # a real day's bar
    # Before the first row there is nothing to mark: the campaign had not started.
    late_start = _series(_daily(DAY - timedelta(days=3), DAY), utc(2026, 11, 25, 8))["ads"]
    assert late_start["currencies"]["USD"]["status"][:10] == ["before"] * 10
    assert not _patches(spend_roas_figure(late_start), "no-data")


def test_a_week_with_days_missing_or_cut_short_is_not_complete() -> None:
    gap = [DAY - timedelta(days=2)]
    rows = _daily(date(2026, 9, 1), DAY, skip=gap)
    usd = _series(rows, utc(2026, 12, 1), weekly=True)["ads"]["currencies"]["USD"]
    assert usd["status"] == ["complete"] * 7 + ["partial"]
    assert usd["notes"][-1] == "6 of 7 days"
    assert usd["spend"][-1] == 6 * 1500.0


# --- colours -------------------------------------------------------------------------------


def _colours(figure: Figure) -> set[str]:
    found: set[str] = set()
    for ax in figure.axes:
        for line in ax.get_lines():
            if line.get_visible() and len(line.get_xdata()):
                found |= {
                    to_hex(c)
                    for c in (line.get_color(), line.get_markeredgecolor())
                    if c not in ("none", "None")
                }
                face = line.get_markerfacecolor()
                if face not in ("none", "None"):
                    found.add(to_hex(face))
        for patch in ax.patches:
            found.add(to_hex(patch.get_facecolor()))
            if patch.get_hatch():
                found.add(to_hex(patch.get_edgecolor()))
        found |= {to_hex(text.get_color()) for text in ax.texts}
    return found


def _hue(colour: str) -> float:
    return colorsys.rgb_to_hsv(*to_rgb(colour))[0] * 360


def _red_and_green(a: str, b: str) -> bool:
    def red(c: str) -> bool:
        return _hue(c) <= 20 or _hue(c) >= 330

    def green(c: str) -> bool:
        return 75 <= _hue(c) <= 165

    return (red(a) and green(b)) or (green(a) and red(b))


def test_colours_are_okabe_ito_or_grey_and_good_and_bad_differ_by_shape_too() -> None:
    odd = DAY - timedelta(days=8)
    rows = _daily(date(2026, 10, 1), DAY, skip=[DAY - timedelta(days=3), odd])
    rows += _daily(odd, odd, 1500.0, 1, 900.0)  # ROAS 0.6 against a target of 3
    rows += _daily(date(2026, 10, 1), DAY, 20.0, 0, 0.0, KC, "GBP", leads=5)
    series = _series(rows, utc(2026, 11, 25, 8))
    comments = {**series["sentiment"], "positive": [3] * 14, "neutral": [2] * 14}
    comments["negative"] = [1] * 14
    palette = {c.lower() for c in OKABE_ITO.values()} | {"#ffffff"}
    figures = [
        spend_roas_figure(series["ads"]),
        cost_per_lead_figure(series["leads"]),
        sentiment_figure(comments),
    ]
    for figure in figures:
        assert figure is not None
        for colour in _colours(figure):
            r, g, b = to_rgb(colour)
            assert colour in palette or r == g == b, colour

    # ROAS under target is a ▼, on or above it a ●, in the same colour.
    spend_roas = figures[0]
    good = _lines(spend_roas, "roas-on-target")[0]  # the USD panel, drawn first
    bad = _lines(spend_roas, "roas-below-target")[0]
    assert (good.get_marker(), bad.get_marker()) == ("o", "v")
    assert np.isfinite(np.asarray(bad.get_ydata(), dtype=float)).sum() == 1
    # Positive and negative comments: never red against green, and negative is hatched.
    sentiment = figures[2]
    positive = _patches(sentiment, "sentiment-positive")[0]
    negative = _patches(sentiment, "sentiment-negative")[0]
    faces = to_hex(positive.get_facecolor()), to_hex(negative.get_facecolor())
    assert not _red_and_green(*faces)
    assert negative.get_hatch() and not positive.get_hatch()


# --- titles and axes -----------------------------------------------------------------------


async def test_titles_are_the_teams_words_and_money_axes_show_currency_and_thousands(
    tmp_path: Path, open_store: OpenStore
) -> None:
    ws = workspace(timezone="UTC")
    store = await open_store(tmp_path / "s.db")
    await store.feeds.ingest(_daily(date(2026, 11, 1), DAY, spend=2500.0, revenue=9000.0))
    notice = await summary_command(store, ws, "team", DAY, utc(2026, 11, 25, 8), tmp_path / "c")
    titles = [chart["title"] for chart in notice.data["charts"]]
    assert titles == [
        "Spend and ROAS, Alpenglow — last 14 days",
        "Comments by sentiment, all brands — last 14 days",
    ]

    figure = spend_roas_figure(notice.data["series"]["ads"])
    assert figure.get_suptitle() == titles[0]
    figure.canvas.draw()
    spend_axis = figure.axes[0]
    assert spend_axis.get_ylabel() == "Spend (USD)"
    ticks = [t.get_text() for t in spend_axis.get_yticklabels()]
    assert "$1,000" in ticks and "$2,000" in ticks and "$0" in ticks
    assert spend_axis.get_title(loc="left") == "USD · Alpenglow"
    roas_axis = next(ax for ax in figure.axes if ax.get_ylabel() == "ROAS")
    assert "2×" in [t.get_text() for t in roas_axis.get_yticklabels()]
    comments = sentiment_figure(notice.data["series"]["sentiment"])
    assert comments.axes[0].yaxis.get_major_formatter()(12000, 0) == "12,000"


# --- cost per lead -------------------------------------------------------------------------


async def test_lead_campaigns_get_a_cost_per_lead_chart_against_their_target(
    tmp_path: Path, open_store: OpenStore
) -> None:
    ws = workspace(timezone="UTC")
    store = await open_store(tmp_path / "s.db")
    leads = [3 if d % 2 else 5 for d in range(1, 25)]
    rows = [
        ad(f"2026-11-{d:02d}", *KC, 20.0, 0, 0.0, "GBP", leads=n)
        for d, n in zip(range(1, 25), leads, strict=True)
    ]
    # A day with the spend and not one lead, and two days without data.
    rows[10] = ad("2026-11-11", *KC, 20.0, 0, 0.0, "GBP", leads=0)
    del rows[15:17]
    await store.feeds.ingest(rows + _daily(date(2026, 11, 1), DAY))
    notice = await summary_command(store, ws, "team", DAY, utc(2026, 11, 25, 8), tmp_path / "c")
    [cpl_chart] = [c for c in notice.data["charts"] if c["path"].endswith("-cost-per-lead.png")]
    assert cpl_chart["title"] == "Cost per lead, Kettle & Crumb — last 14 days"
    assert Path(cpl_chart["path"]).is_file()

    [campaign] = notice.data["series"]["leads"]["campaigns"]
    assert (campaign["campaign"], campaign["currency"], campaign["target_cpa"]) == (
        "KC Leads",
        "GBP",
        5.0,
    )
    figure = cost_per_lead_figure(notice.data["series"]["leads"])
    assert figure is not None and figure.get_suptitle() == cpl_chart["title"]
    [line] = _lines(figure, "cpl")
    drawn = np.asarray(line.get_ydata(), dtype=float)
    # 11..24 Nov: £20 over 3 or 5 leads; the 11th spent with no lead; 16th and 17th no data.
    expected = [20.0 / (3 if d % 2 else 5) for d in range(11, 25)]
    for i in (0, 5, 6):
        expected[i] = float("nan")
    assert np.allclose(drawn, expected, equal_nan=True)
    [target] = _lines(figure, "target-cpl")
    assert list(target.get_ydata()) == [5.0, 5.0]
    # Over the £5 target (£6.67 on odd days) is a ▲, on or under it a ●.
    [over] = _lines(figure, "cpl-over-target")
    [under] = _lines(figure, "cpl-on-target")
    assert (over.get_marker(), under.get_marker()) == ("^", "o")
    over_days = np.flatnonzero(np.isfinite(np.asarray(over.get_ydata(), dtype=float)))
    assert [11 + int(i) for i in over_days] == [13, 15, 19, 21, 23]
    [no_leads] = _lines(figure, "cpl-no-leads")
    assert list(no_leads.get_xdata()) == [0]
    assert _texts(figure).count("no data") == 2
    assert figure.axes[0].get_ylabel() == "CPL (GBP)"
    assert figure.axes[0].yaxis.get_major_formatter()(2.5, 0) == "£2.50"


def test_a_campaign_with_leads_and_no_revenue_is_a_lead_campaign_without_configuration() -> None:
    ws = workspace()
    unknown = ("google", "x-google", "Newsletter")
    rows = _daily(date(2026, 11, 1), DAY, 30.0, 0, 0.0, unknown, "EUR", leads=3)
    rows += _daily(date(2026, 11, 1), DAY, 30.0, 1, 50.0, ("google", "x-google", "Shop"), "EUR")
    assert lead_campaigns(rows, ws) == {unknown, KC}
    [campaign] = _series(rows, utc(2026, 11, 25, 8), ws)["leads"]["campaigns"]
    assert campaign["campaign"] == "Newsletter" and campaign["cpl"] == [10.0] * 14
