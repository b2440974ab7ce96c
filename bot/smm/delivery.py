"""DeliveryCollapse: impressions far below the ad set's own seasonal history."""

from __future__ import annotations

from bot.models import Suggestion
from bot.smm.context import Context, LevelView
from bot.smm.shift import Finding, Shift
from bot.smm.text import fmt_count

__all__ = ["delivery_shift", "suggest_delivery"]


def delivery_shift(ctx: Context) -> Shift:
    s = ctx.settings
    return Shift(
        "DeliveryCollapse",
        "impressions",
        False,
        s.delivery_fall,
        s.delivery_fall_overwhelming,
        severity="critical",
    )


def suggest_delivery(finding: Finding, view: LevelView) -> tuple[Suggestion, ...]:
    name = view.keys[finding.group][3] or view.keys[finding.group][2]
    unit = "day" if finding.granularity == "day" else "hour"
    return (
        Suggestion(
            action="check_delivery",
            detail=(
                f"Check '{name}' for disapproved ads, a billing hold, an exhausted budget, an "
                f"audience or bid cap too tight, or a learning reset"
            ),
            expected_effect=(
                f"impressions back to about {fmt_count(round(finding.expected))} a {unit}"
            ),
        ),
    )
