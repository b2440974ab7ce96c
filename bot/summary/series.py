"""What the stand-up's charts draw: spend, ROAS, cost per lead and sentiment per day or week,
each point complete, not complete yet ("so far"), or without data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.config.workspace import Workspace
from bot.models import AdMetricRow
from bot.summary.content import (
    SENTIMENTS,
    CampaignKey,
    Cell,
    Entity,
    Periods,
    Span,
    Sums,
    ad_cells,
    campaign_days,
    group_targets,
)
from bot.summary.queries import CommentFact, Inputs

__all__ = [
    "BEFORE",
    "COMPLETE",
    "MISSING",
    "PARTIAL",
    "chart_series",
    "lead_campaigns",
]

COMPLETE = "complete"
# Not all in yet: the day is today, its hours stop where the feed has got to, or its
# conversions have not been attributed yet. Drawn hollow and dashed, never as a real point.
PARTIAL = "partial"
# No row at all after the data began: a gap with a mark, never a zero or a line drawn across.
MISSING = "missing"
# Before the first row: the campaign or feed had not started; nothing is drawn or marked.
BEFORE = "before"

HOUR = timedelta(hours=1)
# Conversions arrive late: a last day with spend but not one result, after a week that
# averaged this many a day, is a day whose results are not in yet (e^-3 ≈ 5 % by chance).
LAG_DAYS = 7
LAG_MIN_RESULTS_PER_DAY = 3.0
MAX_LEAD_CAMPAIGNS = 4


@dataclass(slots=True)
class _Point:
    """One charted day or week of a group of campaigns."""

    status: str
    note: str = ""
    campaigns: dict[CampaignKey, Sums] = field(default_factory=dict)

    @property
    def total(self) -> Sums:
        total = Sums()
        for sums in self.campaigns.values():
            total.add(sums)
        return total


def _day_list(span: Span) -> list[date]:
    return [span[0] + timedelta(days=i) for i in range((span[1] - span[0]).days + 1)]


def _buckets(p: Periods) -> list[Span]:
    step = timedelta(days=p.bucket_days - 1)
    starts = _day_list(p.chart)[:: p.bucket_days]
    return [(start, start + step) for start in starts]


def _label(bucket: Span) -> str:
    first, last = bucket
    if first == last:
        return f"{first:%d %b}"
    if first.month == last.month:
        return f"{first.day}–{last.day} {last:%b}"
    return f"{first.day} {first:%b} – {last.day} {last:%b}"


def _span_words(p: Periods) -> str:
    if p.weekly:
        return f"last {len(_buckets(p))} weeks, week by week"
    return f"last {len(_day_list(p.chart))} days"


def _scope(brand_ids: Iterable[str], workspace: Workspace) -> str:
    """The brands a chart covers, in the team's words."""
    ids = set(brand_ids)
    names = [brand.name for brand in workspace.brands if brand.id in ids]
    if not names or (len(names) == len(workspace.brands) > 1):
        return "all brands"
    if len(names) <= 2:
        return " and ".join(names)
    return f"{len(names)} brands"


def _brands(keys: Iterable[CampaignKey], workspace: Workspace) -> set[str]:
    found = set()
    for key in keys:
        config = workspace.campaign_for(*key)
        if config is not None:
            found.add(config.brand)
    return found


def lead_campaigns(rows: Sequence[AdMetricRow], workspace: Workspace) -> set[CampaignKey]:
    """Campaigns bought for leads: a leads objective, or (not configured) leads and no revenue."""
    found = {c.key for c in workspace.campaigns if c.objective == "leads"}
    leads: dict[CampaignKey, float] = defaultdict(float)
    revenue: dict[CampaignKey, float] = defaultdict(float)
    for row in rows:
        key = (row.platform, row.account, row.campaign)
        leads[key] += row.leads or 0.0
        revenue[key] += row.revenue
    for key, count in leads.items():
        if count > 0 and revenue[key] == 0 and workspace.campaign_for(*key) is None:
            found.add(key)
    return found


def _feed_ends(rows: Sequence[AdMetricRow]) -> dict[tuple[str, str], datetime]:
    """Per ad account, where its hourly feed has got to: the end of its newest hour."""
    ends: dict[tuple[str, str], datetime] = {}
    for row in rows:
        if row.granularity == "day":
            continue
        end = datetime.fromisoformat(row.bucket).astimezone(UTC) + HOUR
        account = (row.platform, row.account)
        if account not in ends or end > ends[account]:
            ends[account] = end
    return ends


def _unfinished(
    cells: dict[date, dict[Entity, Cell]], ends: dict[tuple[str, str], datetime], today: date
) -> dict[date, dict[CampaignKey, str]]:
    """Per day, the campaigns whose figures are not all in yet, with why in a few words."""
    notes: dict[date, dict[CampaignKey, str]] = defaultdict(dict)
    for day, entities in cells.items():
        start = datetime.combine(day, time(0), tzinfo=UTC)
        for entity, cell in entities.items():
            note = ""
            if day >= today:
                note = "today so far"
            elif cell.hourly:
                end = ends.get(entity[:2])
                if end is not None and end < start + timedelta(days=1):
                    hours = max(0, int((end - start) / HOUR))
                    note = f"{hours} of 24 h so far"
            if note:
                notes[day].setdefault(entity[:3], note)
    return notes


def _daily_points(
    per_day: dict[date, dict[CampaignKey, Sums]],
    keys: set[CampaignKey],
    days: list[date],
    notes: dict[date, dict[CampaignKey, str]],
    results: str,
) -> list[_Point]:
    seen = [day for day, campaigns in per_day.items() if keys & campaigns.keys()]
    began = min(seen, default=None)
    points: list[_Point] = []
    for day in days:
        mine = {k: v for k, v in per_day.get(day, {}).items() if k in keys}
        if not mine:
            points.append(_Point(BEFORE if began is None or day < began else MISSING))
            continue
        note = next((n for k, n in notes.get(day, {}).items() if k in keys), "")
        points.append(_Point(PARTIAL if note else COMPLETE, note, mine))
    # The last day with data: spend and not a single result after a week of several a day.
    last = next((i for i in range(len(points) - 1, -1, -1) if points[i].campaigns), None)
    if last is not None and points[last].status == COMPLETE:
        total = points[last].total
        before = [p.total.results for p in points[max(0, last - LAG_DAYS) : last] if p.campaigns]
        nothing = total.spend > 0 and total.results == 0 and total.revenue == 0
        usual = len(before) == LAG_DAYS and sum(before) / LAG_DAYS >= LAG_MIN_RESULTS_PER_DAY
        if nothing and usual:
            points[last].status = PARTIAL
            points[last].note = f"{results} not in yet"
    return points


def _bucketed(daily: list[_Point], size: int) -> list[_Point]:
    """Days summed into weeks: a week with a day not all in, or with days without data, is
    not complete; a week without any data is missing."""
    if size == 1:
        return daily
    weeks: list[_Point] = []
    for start in range(0, len(daily), size):
        days = daily[start : start + size]
        if all(d.status == BEFORE for d in days):
            weeks.append(_Point(BEFORE))
            continue
        if all(d.status in (BEFORE, MISSING) for d in days):
            weeks.append(_Point(MISSING))
            continue
        campaigns: dict[CampaignKey, Sums] = {}
        for d in days:
            for key, sums in d.campaigns.items():
                campaigns.setdefault(key, Sums()).add(sums)
        missing = sum(1 for d in days if d.status == MISSING)
        parts = ["so far"] if any(d.status == PARTIAL for d in days) else []
        if missing:
            parts.append(f"{size - missing} of {size} days")
        weeks.append(_Point(PARTIAL if parts else COMPLETE, ", ".join(parts), campaigns))
    return weeks


def _statuses(points: list[_Point]) -> dict[str, list[str]]:
    return {"status": [p.status for p in points], "notes": [p.note for p in points]}


def _money(points: list[_Point], name: str) -> list[float | None]:
    return [p.total.kpi(name) if p.campaigns else None for p in points]


def _spend(points: list[_Point]) -> list[float | None]:
    return [p.total.spend if p.campaigns else None for p in points]


def _currencies(
    per_day: dict[date, dict[CampaignKey, Sums]],
    currency: dict[CampaignKey, str],
    notes: dict[date, dict[CampaignKey, str]],
    workspace: Workspace,
    days: list[date],
    size: int,
    leads: set[CampaignKey],
) -> dict[str, Any]:
    """Spend, ROAS and its target per currency."""
    charted = {k for d in days for k in per_day.get(d, {})}
    found: dict[str, dict[str, Any]] = {}
    for code in sorted({currency[k] for k in charted}):
        keys = {k for k, c in currency.items() if c == code}
        points = _bucketed(_daily_points(per_day, keys, days, notes, "conversions"), size)
        # ROAS over all the currency's spend, as the stand-up's text counts it; a currency
        # spent on leads alone has no ROAS to draw (its cost per lead is charted instead).
        sold = bool(keys & charted - leads)
        found[code] = {
            "scope": _scope(_brands(keys & charted, workspace), workspace),
            "spend": _spend(points),
            "roas": _money(points, "roas") if sold else [None] * len(points),
            "target_roas": [group_targets(p.campaigns, workspace)["target_roas"] for p in points],
            **_statuses(points),
        }
    return found


def _lead_campaigns(
    per_day: dict[date, dict[CampaignKey, Sums]],
    currency: dict[CampaignKey, str],
    notes: dict[date, dict[CampaignKey, str]],
    workspace: Workspace,
    days: list[date],
    size: int,
    leads: set[CampaignKey],
) -> list[dict[str, Any]]:
    """Cost per lead of the campaigns bought for leads, those that spent most first."""
    charted = {k for d in days for k in per_day.get(d, {})} & leads
    found: list[dict[str, Any]] = []
    for key in charted:
        points = _bucketed(_daily_points(per_day, {key}, days, notes, "leads"), size)
        config = workspace.campaign_for(*key)
        brand = workspace.brand(config.brand) if config else None
        found.append(
            {
                "platform": key[0],
                "account": key[1],
                "campaign": key[2],
                "brand": brand.name if brand else "",
                "currency": currency[key],
                "target_cpa": config.target_cpa if config else None,
                "spend": _spend(points),
                "leads": [p.total.results if p.campaigns else None for p in points],
                "cpl": _money(points, "cpl"),
                **_statuses(points),
            }
        )
    found.sort(key=lambda item: (-sum(v or 0.0 for v in item["spend"]), item["campaign"]))
    return found[:MAX_LEAD_CAMPAIGNS]


def _sentiment(
    comments: Sequence[CommentFact], zone: ZoneInfo, buckets: list[Span]
) -> dict[str, Any]:
    counts: dict[str, list[int]] = {label: [0] * len(buckets) for label in SENTIMENTS}
    brands: set[str] = set()
    for c in comments:
        day = c.created_at.astimezone(zone).date()
        for i, (first, last) in enumerate(buckets):
            if first <= day <= last:
                brands.add(c.brand)
                if c.sentiment in counts:
                    counts[c.sentiment][i] += 1
                break
    return {"brands": sorted(brands), **counts}


def chart_series(
    inputs: Inputs, workspace: Workspace, zone: ZoneInfo, p: Periods, now: datetime
) -> dict[str, Any]:
    """The series of every chart of one stand-up, JSON-able (None where nothing is known)."""
    leads = lead_campaigns(inputs.ads, workspace)
    cells = ad_cells(inputs.ads, workspace, now, unfinished=True, leads_campaigns=leads)
    per_day, currency = campaign_days(cells)
    notes = _unfinished(cells, _feed_ends(inputs.ads), now.astimezone(zone).date())
    buckets = _buckets(p)
    frame = {
        "unit": "week" if p.weekly else "day",
        "span": _span_words(p),
        "days": [first.isoformat() for first, _ in buckets],
        "ends": [last.isoformat() for _, last in buckets],
        "labels": [_label(bucket) for bucket in buckets],
    }
    days = _day_list(p.chart)
    charted = {k for d in days for k in per_day.get(d, {})}
    chart_inputs = (per_day, currency, notes, workspace, days, p.bucket_days, leads)
    sentiment = _sentiment(inputs.comments, zone, buckets)
    return {
        "ads": {
            **frame,
            "scope": _scope(_brands(charted, workspace), workspace),
            "currencies": _currencies(*chart_inputs),
        },
        "leads": {
            **frame,
            "scope": _scope(_brands(charted & leads, workspace), workspace),
            "campaigns": _lead_campaigns(*chart_inputs),
        },
        "sentiment": {
            **frame,
            "scope": _scope(sentiment.pop("brands"), workspace),
            **sentiment,
        },
    }
