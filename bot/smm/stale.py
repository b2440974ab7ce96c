"""Stale or missing feeds: their own DataMissing alert rather than a misleading KPI alert."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.models import Alert, Granularity, Suggestion
from bot.smm.context import Context, bucket_start, make_alert
from bot.smm.text import fmt_money

__all__ = ["detect_stale"]


def _age(delta: timedelta) -> str:
    hours = delta / timedelta(hours=1)
    return f"{hours:.0f}h" if hours < 48 else f"{hours / 24:.1f}d"


def _bucket_text(granularity: Granularity, start: datetime) -> str:
    return f"{start:%Y-%m-%d}" if granularity == "day" else f"{start:%Y-%m-%d %H:00}Z"


def detect_stale(ctx: Context) -> list[Alert]:
    """DataMissing per account whose newest complete bucket is overdue, or that never reported."""
    alerts: list[Alert] = []
    reported: set[tuple[str, str]] = set()
    granularities: tuple[Granularity, ...] = ("day",)
    if ctx.settings.stale_after_hourly is not None:
        granularities = ("day", "hour")
    for granularity in granularities:
        frame = ctx.frame(granularity)
        if frame is None:
            continue
        accounts = frame.groups("account")
        step = timedelta(days=1) if granularity == "day" else timedelta(hours=1)
        limit = ctx.stale_after(granularity)
        for g, key in enumerate(accounts.keys):
            last = int(accounts.last[g])
            if last < 0:
                continue
            reported.add((key[0], key[1]))
            arrived_by = bucket_start(granularity, frame.origin + last) + step
            late = ctx.now - arrived_by
            if late <= limit:
                continue
            feed = "daily" if granularity == "day" else "hourly"
            spend = float(accounts.values[2, g, max(last - 6, 0) : last + 1].sum())
            days = min(last + 1, 7) if granularity == "day" else None
            alerts.append(
                make_alert(
                    "DataMissing",
                    {"platform": key[0], "account": key[1]},
                    (
                        f"No {feed} ad data for {key[0]}/{key[1]} after "
                        f"{_bucket_text(granularity, arrived_by - step)}: the newest bucket "
                        f"ended {_age(late)} ago"
                    ),
                    severity="warning",
                    evidence={
                        "metric": "freshness",
                        "current": f"last complete bucket ended {arrived_by:%Y-%m-%dT%H:%M}Z",
                        "baseline": f"expected within {_age(limit)}",
                        "window": f"{feed} feed",
                        "volume": (
                            f"{fmt_money(spend)} spent in the last {days} reported days"
                            if days
                            else "hourly rows"
                        ),
                        "confidence": "no rows at all since then",
                    },
                    suggestions=(
                        Suggestion(
                            action="check_feed",
                            detail=(
                                f"Check the {feed} export or connector for {key[1]}: the "
                                f"newest row is {_age(late)} old"
                            ),
                            expected_effect=(
                                "KPI, pacing and outage checks on this account are paused "
                                "until data arrives (they would judge zeros)"
                            ),
                        ),
                    ),
                    extra={"feed": feed},
                )
            )
    for platform, account in sorted({t[:2] for t in ctx.targets} - reported):
        alerts.append(
            make_alert(
                "DataMissing",
                {"platform": platform, "account": account},
                f"No ad data at all for {platform}/{account}, which has campaign targets",
                severity="warning",
                evidence={
                    "metric": "freshness",
                    "current": "no rows",
                    "baseline": "rows for every complete day",
                    "window": f"the last {ctx.settings.history_days} days",
                    "volume": "0 rows",
                    "confidence": "no rows at all",
                },
                suggestions=(
                    Suggestion(
                        action="check_feed",
                        detail=f"Connect or export the ad data of {account} on {platform}",
                        expected_effect="its campaigns' targets and budgets cannot be checked",
                    ),
                ),
                extra={"feed": "any"},
            )
        )
    return alerts
