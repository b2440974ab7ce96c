"""The stand-up's charts as PNG files: spend and ROAS, cost per lead, and comments by sentiment."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, StrMethodFormatter

from bot.summary.present import currency_prefix
from bot.summary.series import COMPLETE, MISSING, PARTIAL

__all__ = [
    "DPI",
    "HEIGHT_PX",
    "OKABE_ITO",
    "WIDTH_PX",
    "Chart",
    "cost_per_lead_chart",
    "cost_per_lead_figure",
    "render_charts",
    "sentiment_chart",
    "sentiment_figure",
    "spend_roas_chart",
    "spend_roas_figure",
]

# 16:9 at 1200 px wide: sharp on a laptop, still legible in a phone's chat preview.
WIDTH_PX = 1200
HEIGHT_PX = 675
DPI = 150
MAX_CURRENCIES = 3
NAME_CHARS = 40

# Okabe & Ito's palette, told apart with every common colour-vision deficiency. Good and bad
# are never red against green, and always differ in marker or hatching as well as colour.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
_SPEND = OKABE_ITO["sky blue"]
_ROAS = OKABE_ITO["vermillion"]
_TARGET = OKABE_ITO["black"]
_LEADS = OKABE_ITO["blue"]
# Greys carry no hue, so they read the same to everyone: gaps, notes, the neutral share.
_GAP = "#DDDDDD"
_GAP_MARK = "#666666"
_NEUTRAL = "#BBBBBB"
_SENTIMENT: dict[str, tuple[str, str, str]] = {
    "positive": (OKABE_ITO["blue"], "", "positive"),
    "neutral": (_NEUTRAL, "", "neutral"),
    "negative": (OKABE_ITO["vermillion"], "///", "negative (hatched)"),
}
_NAN = float("nan")


@dataclass(frozen=True, slots=True)
class Chart:
    """A rendered chart and its title in the team's words (the caption under it in chat)."""

    path: Path
    title: str


def _title(what: str, series: dict[str, Any]) -> str:
    return f"{what}, {series['scope']} — {series['span']}"


def _figure(title: str, rows: int = 1, columns: int = 1) -> tuple[Figure, list[Axes]]:
    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(title, x=0.01, ha="left", fontsize=12)
    axes = [figure.add_subplot(rows, columns, index + 1) for index in range(rows * columns)]
    for ax in axes:
        ax.tick_params(labelsize=9)
        ax.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _xticks(ax: Axes, series: dict[str, Any], shown: bool, columns: int = 1) -> None:
    labels: list[str] = series["labels"]
    count = len(labels)
    # Every other day (or every fourth in a half-width panel) keeps the labels from running
    # into each other at chat size; the last point is always labelled.
    every = (2 if series["unit"] == "day" else 1) * columns
    labels = [label if (count - 1 - i) % every == 0 else "" for i, label in enumerate(labels)]
    ax.set_xticks(range(count), labels if shown else [""] * count)
    ax.tick_params(axis="x", labelsize=9 if series["unit"] == "day" else 8)
    ax.set_xlim(-0.6, count - 0.4)


def _money_axis(ax: Axes, currency: str) -> None:
    prefix = currency_prefix(currency)

    def amount(value: float, _position: float) -> str:
        digits = 0 if float(value).is_integer() else 2
        return f"{'−' if value < 0 else ''}{prefix}{abs(value):,.{digits}f}"

    ax.yaxis.set_major_formatter(FuncFormatter(amount))


def _value(values: Sequence[float | None], i: int) -> float:
    value = values[i]
    return _NAN if value is None else float(value)


def _save(figure: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png", dpi=DPI, metadata={"Software": None})
    return path


def _legend(figure: Figure, axes: Sequence[Axes]) -> None:
    """One legend under the panels, each entry once, in the order first drawn."""
    handles: dict[str, Artist] = {}
    for ax in axes:
        for side in (ax, *ax.get_shared_x_axes().get_siblings(ax)):
            for handle, label in zip(*side.get_legend_handles_labels(), strict=True):
                handles.setdefault(label, handle)
    if handles:
        figure.legend(
            list(handles.values()),
            list(handles),
            loc="outside lower center",
            ncols=min(len(handles), 4),
            frameon=False,
            fontsize=8,
        )


def _mark_missing(ax: Axes, status: Sequence[str]) -> None:
    """A day or week without data: a grey band, an x on the axis and the words "no data"."""
    for i, state in enumerate(status):
        if state != MISSING:
            continue
        ax.axvspan(
            i - 0.5, i + 0.5, color=_GAP, linewidth=0, zorder=0, gid="no-data", label="no data"
        )
        ax.plot([i], [0], marker="x", color=_GAP_MARK, linestyle="none", clip_on=False, zorder=3)
        ax.text(
            i,
            0.97,
            "no data",
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="top",
            fontsize=7,
            color=_GAP_MARK,
        )


def _draw_partial(
    ax: Axes,
    values: Sequence[float | None],
    status: Sequence[str],
    notes: Sequence[str],
    colour: str,
    gid: str,
) -> None:
    """Points not all in yet: hollow, not joined to the line, with what is missing above."""
    xs = [i for i, state in enumerate(status) if state == PARTIAL and values[i] is not None]
    if not xs:
        return
    ax.plot(
        xs,
        [_value(values, i) for i in xs],
        color=colour,
        linestyle="none",
        marker="o",
        markersize=7,
        markerfacecolor="white",
        markeredgecolor=colour,
        markeredgewidth=1.5,
        zorder=4,
        gid=gid,
        label="not complete yet (○)",
    )
    for i in xs:
        ax.annotate(
            notes[i] or "so far",
            (i, _value(values, i)),
            xytext=(0, 8),
            textcoords="offset points",
            ha="right" if i == len(status) - 1 else "center",
            fontsize=7,
            color=_TARGET,
        )


def _split(
    values: Sequence[float | None],
    status: Sequence[str],
    targets: Sequence[float | None],
    worse: Callable[[float, float], bool],
) -> tuple[list[float], list[float], list[float]]:
    """Complete points as a line, and as its markers on or off target (NaN elsewhere)."""
    line, good, bad = [], [], []
    for i, state in enumerate(status):
        value = _value(values, i) if state == COMPLETE else _NAN
        target = targets[i]
        off = not math.isnan(value) and target is not None and worse(value, target)
        line.append(value)
        good.append(_NAN if off else value)
        bad.append(value if off else _NAN)
    return line, good, bad


# --- spend and ROAS ------------------------------------------------------------------------


def spend_roas_title(series: dict[str, Any]) -> str:
    return _title("Spend and ROAS", series)


def _spend_bars(ax: Axes, spend: Sequence[float | None], status: Sequence[str]) -> None:
    for state, style in (
        (COMPLETE, {"color": _SPEND, "label": "spend", "gid": "spend"}),
        (
            PARTIAL,
            {
                "color": "white",
                "edgecolor": _SPEND,
                "hatch": "////",
                "linewidth": 1.0,
                "label": "spend so far (hatched)",
                "gid": "spend-partial",
            },
        ),
    ):
        xs = [i for i, s in enumerate(status) if s == state and spend[i] is not None]
        if xs:
            ax.bar(xs, [_value(spend, i) for i in xs], width=0.7, zorder=2, **style)


def _roas_panel(ax: Axes, code: str, values: dict[str, Any], series: dict[str, Any]) -> None:
    status: list[str] = values["status"]
    ax.set_title(f"{code} · {values['scope']}", loc="left", fontsize=10)
    _spend_bars(ax, values["spend"], status)
    _mark_missing(ax, status)
    ax.set_ylabel(f"Spend ({code})", fontsize=9)
    _money_axis(ax, code)
    right = ax.twinx()
    right.spines["top"].set_visible(False)
    x = list(range(len(status)))
    roas, targets = values["roas"], values["target_roas"]
    line, good, bad = _split(roas, status, targets, lambda value, target: value < target)
    aimed = any(t is not None for t in targets)
    right.plot(x, line, color=_ROAS, linewidth=2, zorder=3, gid="roas", label="ROAS")
    right.plot(
        x,
        good,
        color=_ROAS,
        linestyle="none",
        marker="o",
        markersize=4,
        zorder=3,
        gid="roas-on-target",
        label="ROAS on or above target (●)" if aimed else "_roas",
    )
    right.plot(
        x,
        bad,
        color=_ROAS,
        linestyle="none",
        marker="v",
        markersize=7,
        zorder=3,
        gid="roas-below-target",
        label="ROAS below target (▼)",
    )
    target_line = [_value(targets, i) if status[i] == COMPLETE else _NAN for i in x]
    if aimed:
        right.plot(
            x,
            target_line,
            color=_TARGET,
            linestyle="--",
            linewidth=1.2,
            gid="target-roas",
            label="target ROAS (dashed)",
        )
    _draw_partial(right, roas, status, values["notes"], _ROAS, "roas-partial")
    if not any(v is not None for v in roas):
        # Nothing to draw a ROAS for (spend on leads alone): say where the partial days are.
        _draw_partial(ax, values["spend"], status, values["notes"], _SPEND, "spend-so-far")
    right.set_ylim(bottom=0)
    right.set_ylabel("ROAS", fontsize=9)
    right.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:g}×"))
    right.tick_params(labelsize=9)
    right.spines["top"].set_visible(False)


def spend_roas_figure(series: dict[str, Any]) -> Figure:
    """Spend as bars and ROAS as a line against its target (dashed), one panel per currency;
    points not complete are hollow and labelled, days without data are marked grey."""
    currencies = sorted(
        series["currencies"].items(),
        key=lambda item: -sum(v or 0.0 for v in item[1]["spend"]),
    )[:MAX_CURRENCIES]
    figure, axes = _figure(spend_roas_title(series), max(len(currencies), 1))
    if not currencies:
        axes[0].text(0.5, 0.5, f"no ad data in the {series['span']}", ha="center", va="center")
        axes[0].set_axis_off()
        return figure
    for ax, (code, values) in zip(axes, currencies, strict=False):
        _roas_panel(ax, code, values, series)
        _xticks(ax, series, ax is axes[-1])
    _legend(figure, axes)
    return figure


def spend_roas_chart(series: dict[str, Any], path: Path) -> Path:
    return _save(spend_roas_figure(series), path)


# --- cost per lead -------------------------------------------------------------------------


def cost_per_lead_title(series: dict[str, Any]) -> str:
    return _title("Cost per lead", series)


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"


def _lead_panel(ax: Axes, item: dict[str, Any]) -> None:
    code: str = item["currency"]
    status: list[str] = item["status"]
    cpl: list[float | None] = item["cpl"]
    target: float | None = item["target_cpa"]
    x = list(range(len(status)))
    brand = f" · {item['brand']}" if item["brand"] else ""
    ax.set_title(f"{_short(item['campaign'])}{brand}", loc="left", fontsize=9)
    line, good, bad = _split(cpl, status, [target] * len(status), lambda value, aim: value > aim)
    ax.plot(x, line, color=_LEADS, linewidth=2, zorder=3, gid="cpl", label="cost per lead")
    ax.plot(
        x,
        good,
        color=_LEADS,
        linestyle="none",
        marker="o",
        markersize=4,
        zorder=3,
        gid="cpl-on-target",
        label="on or under target (●)" if target is not None else "_cpl",
    )
    ax.plot(
        x,
        bad,
        color=_LEADS,
        linestyle="none",
        marker="^",
        markersize=7,
        zorder=3,
        gid="cpl-over-target",
        label="over target (▲)",
    )
    if target is not None:
        ax.axhline(
            target,
            color=_TARGET,
            linestyle="--",
            linewidth=1.2,
            gid="target-cpl",
            label="target CPL (dashed)",
        )
    _draw_partial(ax, cpl, status, item["notes"], _LEADS, "cpl-partial")
    _mark_missing(ax, status)
    # Spent without a single lead: the cost per lead has no top, so a mark at the panel's top.
    empty = [
        i
        for i, s in enumerate(status)
        if s == COMPLETE and cpl[i] is None and (item["spend"][i] or 0) > 0
    ]
    if empty:
        ax.plot(
            empty,
            [0.97] * len(empty),
            color=_LEADS,
            linestyle="none",
            marker="s",
            markerfacecolor="white",
            transform=ax.get_xaxis_transform(),
            clip_on=False,
            gid="cpl-no-leads",
            label="spent, no leads (□)",
        )
    ax.set_ylim(bottom=0)
    ax.set_ylabel(f"CPL ({code})", fontsize=9)
    _money_axis(ax, code)


def cost_per_lead_figure(series: dict[str, Any]) -> Figure | None:
    """Cost per lead of each campaign bought for leads against its target (dashed), a panel
    each in its own currency; None without such a campaign."""
    campaigns: list[dict[str, Any]] = series["campaigns"]
    if not campaigns:
        return None
    columns = 2 if len(campaigns) > 2 else 1
    rows = math.ceil(len(campaigns) / columns)
    figure, axes = _figure(cost_per_lead_title(series), rows, columns)
    for index, ax in enumerate(axes):
        if index >= len(campaigns):
            ax.set_axis_off()
            continue
        _lead_panel(ax, campaigns[index])
        _xticks(ax, series, index >= len(campaigns) - columns, columns)
    _legend(figure, axes)
    return figure


def cost_per_lead_chart(series: dict[str, Any], path: Path) -> Path | None:
    figure = cost_per_lead_figure(series)
    return None if figure is None else _save(figure, path)


# --- sentiment -----------------------------------------------------------------------------


def sentiment_title(series: dict[str, Any]) -> str:
    return _title("Comments by sentiment", series)


def sentiment_figure(series: dict[str, Any]) -> Figure:
    """Comments per day or week stacked by sentiment; negative is hatched as well as coloured."""
    figure, (ax,) = _figure(sentiment_title(series), 1)
    count = len(series["labels"])
    x = list(range(count))
    bottom = [0.0] * count
    for label, (colour, hatch, name) in _SENTIMENT.items():
        values = [float(v) for v in series[label]]
        ax.bar(
            x,
            values,
            bottom=bottom,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            linewidth=0.5,
            width=0.7,
            label=name,
            gid=f"sentiment-{label}",
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    _xticks(ax, series, True)
    ax.set_ylabel("Comments", fontsize=9)
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    _legend(figure, [ax])
    if not any(bottom):
        ax.text(
            0.5, 0.5, "no comments in these days", ha="center", va="center", transform=ax.transAxes
        )
    return figure


def sentiment_chart(series: dict[str, Any], path: Path) -> Path:
    return _save(sentiment_figure(series), path)


def render_charts(series: dict[str, Any], folder: Path, stem: str) -> list[Chart]:
    """The charts of one summary, named `<stem>-spend-roas.png`, `<stem>-cost-per-lead.png`
    (when a campaign is bought for leads) and `<stem>-sentiment.png`."""
    charts = [
        Chart(
            spend_roas_chart(series["ads"], folder / f"{stem}-spend-roas.png"),
            spend_roas_title(series["ads"]),
        )
    ]
    leads = cost_per_lead_chart(series["leads"], folder / f"{stem}-cost-per-lead.png")
    if leads is not None:
        charts.append(Chart(leads, cost_per_lead_title(series["leads"])))
    charts.append(
        Chart(
            sentiment_chart(series["sentiment"], folder / f"{stem}-sentiment.png"),
            sentiment_title(series["sentiment"]),
        )
    )
    return charts
