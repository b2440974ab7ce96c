"""SpendSpike and SpendDrop: spend against the ad set's own seasonal history, no budget needed."""

from __future__ import annotations

from bot.models import Alert, Suggestion
from bot.smm.context import Context, LevelView
from bot.smm.delivery import delivery_shift, suggest_delivery
from bot.smm.shift import Finding, Shift, Suggest, detect_shifts
from bot.smm.text import fmt_money

__all__ = ["detect_spend", "spend_shifts"]


def spend_shifts(ctx: Context) -> tuple[Shift, Shift]:
    s = ctx.settings
    return (
        Shift("SpendSpike", "spend", True, s.spend_rise, s.spend_rise_overwhelming),
        Shift(
            "SpendDrop",
            "spend",
            False,
            s.spend_fall,
            s.spend_fall_overwhelming,
            overwhelming_daily=s.spend_fall_overwhelming_daily,
        ),
    )


def _suggest(finding: Finding, view: LevelView) -> tuple[Suggestion, ...]:
    name = view.keys[finding.group][3] or view.keys[finding.group][2]
    unit = "day" if finding.granularity == "day" else "hour"
    usual = fmt_money(finding.expected)
    if finding.shift.rising:
        return (
            Suggestion(
                action="check_budget",
                detail=(
                    f"Check the change history of '{name}' for a budget, bid or schedule "
                    f"change; its usual spend is about {usual} a {unit}"
                ),
                expected_effect=(
                    f"back to about {usual} a {unit} if the change was not meant, "
                    f"{fmt_money(finding.spend - finding.spend_expected)} so far above usual"
                ),
            ),
        )
    return (
        Suggestion(
            action="check_delivery",
            detail=(
                f"Check '{name}' for disapprovals, billing, a paused ad or a learning reset "
                f"before raising its budget; it usually spends about {usual} a {unit}"
            ),
            expected_effect=f"delivery back to about {usual} a {unit}",
        ),
    )


def detect_spend(ctx: Context, *, spend: bool = True, delivery: bool = True) -> list[Alert]:
    """SpendSpike, SpendDrop and DeliveryCollapse on hourly and daily rows.

    A spend drop and a delivery collapse often come together (a budget cut, a
    disapproval): both are said, and the grouping puts them in one message."""
    shifts: list[tuple[Shift, Suggest]] = []
    if spend:
        shifts += [(shift, _suggest) for shift in spend_shifts(ctx)]
    if delivery:
        shifts.append((delivery_shift(ctx), suggest_delivery))
    return detect_shifts(ctx, shifts)
