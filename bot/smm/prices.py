"""CPCSpike and CPMSpike: prices far above the ad set's own seasonal history."""

from __future__ import annotations

from bot.models import Alert, Suggestion
from bot.smm.context import Context, LevelView
from bot.smm.shift import Finding, Shift, detect_shifts
from bot.smm.text import fmt_money

__all__ = ["detect_prices", "price_shifts"]


def price_shifts(ctx: Context) -> tuple[Shift, Shift]:
    s = ctx.settings
    return (
        Shift("CPMSpike", "cpm", True, s.price_rise, s.price_rise_overwhelming),
        Shift("CPCSpike", "cpc", True, s.price_rise, s.price_rise_overwhelming),
    )


def _suggest(finding: Finding, view: LevelView) -> tuple[Suggestion, ...]:
    name = view.keys[finding.group][3] or view.keys[finding.group][2]
    price = finding.shift.measure.upper()
    usual = fmt_money(finding.expected)
    return (
        Suggestion(
            action="cap_bid",
            detail=(
                f"Set a bid cap near the usual {price} of {usual} on '{name}', or check for a "
                f"bid strategy change and new competition in its auctions"
            ),
            expected_effect=f"{price} back towards {usual}, possibly with less delivery",
        ),
    )


def detect_prices(ctx: Context) -> list[Alert]:
    """CPMSpike and CPCSpike; a CPM spike explains the CPC spike that comes with it."""
    shifts = [(shift, _suggest) for shift in price_shifts(ctx)]
    return detect_shifts(ctx, shifts, explained_by={"CPCSpike": "CPMSpike"})
