"""The stand-up's charts as PNG files: spend and ROAS, and sentiment, over the last 14 days."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["DPI", "HEIGHT_PX", "WIDTH_PX", "render_charts", "sentiment_chart", "spend_roas_chart"]

# 16:9 at 1200 px wide: sharp on a laptop, still legible in a phone's chat preview.
WIDTH_PX = 1200
HEIGHT_PX = 675
DPI = 150
MAX_CURRENCIES = 3

_SPEND = "#4c78a8"
_ROAS = "#f58518"
_TARGET = "#54a24b"
_SENTIMENT = {"positive": "#54a24b", "neutral": "#bab0ac", "negative": "#e45756"}


def _figure(rows: int = 1) -> tuple[Figure, list[Axes]]:
    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = [figure.add_subplot(rows, 1, index + 1) for index in range(rows)]
    for ax in axes:
        ax.tick_params(labelsize=9)
        ax.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _labels(days: Sequence[str]) -> list[str]:
    # Every other day keeps 14 labels from running into each other at chat size.
    return [
        f"{date.fromisoformat(d):%d %b}" if (len(days) - 1 - i) % 2 == 0 else ""
        for i, d in enumerate(days)
    ]


def _save(figure: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png", dpi=DPI, metadata={"Software": None})
    return path


def spend_roas_chart(series: dict[str, Any], path: Path) -> Path:
    """Spend per day as bars and ROAS as a line (dashed: the target), one panel per currency."""
    days: list[str] = series["days"]
    currencies = sorted(series["currencies"].items(), key=lambda item: -sum(item[1]["spend"]))[
        :MAX_CURRENCIES
    ]
    figure, axes = _figure(max(len(currencies), 1))
    x = list(range(len(days)))
    if not currencies:
        axes[0].text(0.5, 0.5, "no ad data in these 14 days", ha="center", va="center")
        axes[0].set_axis_off()
        return _save(figure, path)
    legend: tuple[list[Any], list[str]] = ([], [])
    for ax, (code, values) in zip(axes, currencies, strict=False):
        ax.bar(x, values["spend"], color=_SPEND, width=0.7, label="spend")
        ax.set_ylabel(f"spend {code}".strip(), fontsize=9)
        ax.set_xticks(x, _labels(days) if ax is axes[-1] else [""] * len(days))
        ax.margins(x=0.01)
        right = ax.twinx()
        right.spines["top"].set_visible(False)
        roas = [float("nan") if v is None else v for v in values["roas"]]
        target = [float("nan") if v is None else v for v in values["target_roas"]]
        right.plot(x, roas, color=_ROAS, marker="o", markersize=3, linewidth=2, label="ROAS")
        right.plot(x, target, color=_TARGET, linestyle="--", linewidth=1.5, label="target ROAS")
        right.set_ylim(bottom=0)
        right.set_ylabel("ROAS", fontsize=9)
        right.tick_params(labelsize=9)
        ax.set_title(f"{code} · spend and ROAS, last {len(days)} days", loc="left", fontsize=11)
        if ax is axes[0]:
            for side in (ax, right):
                handles, labels = side.get_legend_handles_labels()
                legend[0].extend(handles)
                legend[1].extend(labels)
    figure.legend(*legend, loc="outside lower center", ncols=3, frameon=False, fontsize=9)
    return _save(figure, path)


def sentiment_chart(series: dict[str, Any], path: Path) -> Path:
    """Comments per day stacked by sentiment."""
    days: list[str] = series["days"]
    figure, (ax,) = _figure(1)
    x = list(range(len(days)))
    bottom = [0.0] * len(days)
    for label, colour in _SENTIMENT.items():
        values = [float(v) for v in series[label]]
        ax.bar(x, values, bottom=bottom, color=colour, width=0.7, label=label)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_xticks(x, _labels(days))
    ax.set_ylabel("comments", fontsize=9)
    ax.margins(x=0.01)
    ax.set_title(f"Comments by sentiment, last {len(days)} days", loc="left", fontsize=11)
    figure.legend(loc="outside lower center", ncols=3, frameon=False, fontsize=9)
    if not any(bottom):
        ax.text(
            0.5, 0.5, "no comments in these days", ha="center", va="center", transform=ax.transAxes
        )
    return _save(figure, path)


def render_charts(figures: dict[str, Any], folder: Path, stem: str) -> list[Path]:
    """Both charts of one summary, named `<stem>-spend-roas.png` and `<stem>-sentiment.png`."""
    return [
        spend_roas_chart(figures["ads"]["series"], folder / f"{stem}-spend-roas.png"),
        sentiment_chart(
            figures["engagement"]["sentiment_series"], folder / f"{stem}-sentiment.png"
        ),
    ]
