"""The stand-up's figures for one receiver's day, against the day before and the 7-day average."""

from __future__ import annotations

import calendar
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from bot.config.brands import Campaign
from bot.config.workspace import Workspace
from bot.models import AdMetricRow
from bot.smm.frame import CLICKS, IMPRESSIONS, N_METRICS, RESULTS, REVENUE, SPEND
from bot.smm.kpis import kpi
from bot.smm.money import at_stake
from bot.smm.pacing import PACE_DAYS, campaign_pace, tolerance
from bot.smm.settings import DEFAULT_SETTINGS
from bot.summary.queries import (
    CommentFact,
    Inputs,
    OpenAlert,
    PostFact,
    QuarantineFacts,
    WaitingDraft,
)
from bot.summary.themes import top_themes

__all__ = [
    "ANSWERABLE",
    "SENTIMENTS",
    "SEVERITIES",
    "CampaignKey",
    "Cell",
    "Entity",
    "Periods",
    "Span",
    "Sums",
    "ad_cells",
    "campaign_days",
    "compute_summary",
    "group_targets",
    "local_bounds",
    "periods_for",
    "quarantine_figures",
    "reason_kind",
]

Span = tuple[date, date]
Entity = tuple[str, str, str, str, str]
CampaignKey = tuple[str, str, str]

SEVERITIES: tuple[str, ...] = ("critical", "warning", "info")
SENTIMENTS: tuple[str, ...] = ("positive", "neutral", "negative")
# Drafts a person has to answer; hiding spam or abuse is moderation, not a response.
ANSWERABLE = frozenset({"reply", "human"})
CHART_DAYS = 14
# A weekly stand-up charts week totals: the week reported and the seven before it.
CHART_WEEKS = 8
BASELINE_DAYS = 7
TOP = 3
# Fewer results than this say more about luck than about the campaign.
MIN_RESULTS_TO_RANK = 3
# A hashtag seen on a single post is an anecdote.
MIN_POSTS_PER_HASHTAG = 2
# A mover must beat ordinary day-to-day noise (about one Poisson standard deviation).
MIN_MOVER_SCORE = 1.0
REASON_KIND_CHARS = 48
# Where in a line or file a problem was found: it tells two records apart, not two reasons.
_WHERE = re.compile(r"\s+(?:at|as|on) (?:line|column|byte) \d+")
_HEAD_END = re.compile(r": |\. ")


@dataclass(frozen=True, slots=True)
class Periods:
    """The days a summary reports on, compares with, and charts (all inclusive)."""

    current: Span
    previous: Span
    baseline: Span | None
    chart: Span
    weekly: bool

    @property
    def first(self) -> date:
        return self.chart[0]

    @property
    def recent(self) -> Span:
        """The last 14 days: where hashtags are judged and ad accounts are expected."""
        return (self.current[1] - timedelta(days=CHART_DAYS - 1), self.current[1])

    @property
    def bucket_days(self) -> int:
        """Days per charted point: a day, or a week for the weekly stand-up."""
        return 7 if self.weekly else 1


def periods_for(day: date, weekly: bool) -> Periods:
    """Daily: `day` vs the day before and the 7 days before it, charted over 14 days; weekly:
    7 days vs the 7 before, charted as 8 week totals."""
    if weekly:
        return Periods(
            current=(day - timedelta(days=6), day),
            previous=(day - timedelta(days=13), day - timedelta(days=7)),
            baseline=None,
            chart=(day - timedelta(days=7 * CHART_WEEKS - 1), day),
            weekly=True,
        )
    return Periods(
        current=(day, day),
        previous=(day - timedelta(days=1), day - timedelta(days=1)),
        baseline=(day - timedelta(days=BASELINE_DAYS), day - timedelta(days=1)),
        chart=(day - timedelta(days=CHART_DAYS - 1), day),
        weekly=False,
    )


def local_bounds(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants where the local day `first` starts and the day after `last` starts."""
    start = datetime.combine(first, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return start, end


def _days(span: Span) -> list[date]:
    return [span[0] + timedelta(days=i) for i in range((span[1] - span[0]).days + 1)]


def _within(day: date, span: Span | None) -> bool:
    return span is not None and span[0] <= day <= span[1]


def _length(span: Span) -> int:
    return (span[1] - span[0]).days + 1


def _change(value: float | None, base: float | None, points: bool) -> float | None:
    if value is None or base is None:
        return None
    if points:
        return value - base
    if base == 0:
        return None
    return value / base - 1.0


def trend(
    value: float | None, previous: float | None, baseline: float | None, points: bool = False
) -> dict[str, Any]:
    """A figure with what it is compared with; changes are relative, or differences (`points`)."""
    return {
        "value": value,
        "previous": previous,
        "baseline": baseline,
        "vs_previous": _change(value, previous, points),
        "vs_baseline": _change(value, baseline, points),
    }


def _count_trend(count: Callable[[Span], float], p: Periods) -> dict[str, Any]:
    """A count per period; its baseline is the average per day of the 7 days before."""
    baseline = count(p.baseline) / _length(p.baseline) if p.baseline else None
    return trend(count(p.current), count(p.previous), baseline)


def _ratio_trend(
    ratio: Callable[[Span], float | None], p: Periods, points: bool = False
) -> dict[str, Any]:
    """A ratio per period; its baseline is the ratio of the 7 days' sums, never a mean of days."""
    baseline = ratio(p.baseline) if p.baseline else None
    return trend(ratio(p.current), ratio(p.previous), baseline, points)


# --- engagement ----------------------------------------------------------------------------


def _answered(c: CommentFact, now: datetime) -> bool:
    return (
        c.draft_action in ANSWERABLE
        and c.draft_status == "published"
        and c.published_at is not None
        and c.published_at <= now
    )


def _sentiment_share(comments: Sequence[CommentFact], label: str) -> float | None:
    rated = [c for c in comments if c.sentiment]
    if not rated:
        return None
    return sum(1 for c in rated if c.sentiment == label) / len(rated)


def _hashtags(posts: Sequence[PostFact]) -> list[dict[str, Any]]:
    """Hashtags whose posts beat what their platform usually gets per impression."""
    by_platform: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for post in posts:
        by_platform[post.platform][0] += post.engagements
        by_platform[post.platform][1] += post.impressions
    platform_rate = {k: (e / i if i else 0.0) for k, (e, i) in by_platform.items()}
    tags: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for post in posts:
        for tag in set(post.hashtags):
            entry = tags[tag]
            entry[0] += 1
            entry[1] += post.engagements
            entry[2] += post.impressions
            # Expected engagements at the platform's own rate, so a TikTok-only tag is not
            # credited for TikTok being TikTok.
            entry[3] += post.impressions * platform_rate[post.platform]
    found: list[dict[str, Any]] = []
    for tag, (count, engagements, impressions, expected) in tags.items():
        if count < MIN_POSTS_PER_HASHTAG or expected <= 0 or impressions <= 0:
            continue
        lift = engagements / expected
        if lift > 1.0:
            found.append(
                {
                    "tag": tag,
                    "posts": int(count),
                    "rate": engagements / impressions,
                    "lift": lift,
                }
            )
    found.sort(key=lambda item: (-item["lift"], item["tag"]))
    return found[:TOP]


def _waiting(
    waiting: Sequence[WaitingDraft], workspace: Workspace, now: datetime
) -> dict[str, Any]:
    sla = {brand.id: brand.reply_sla for brand in workspace.brands}
    # The same rule as the SLA reminders: a draft's wait starts when it was made.
    past = [d for d in waiting if d.brand in sla and now - d.created_at > sla[d.brand]]
    oldest = min((d.comment_created_at for d in waiting), default=None)
    return {
        "drafts": len(waiting),
        "past_sla": len(past),
        "oldest_comment_hours": (now - oldest).total_seconds() / 3600 if oldest else None,
    }


def engagement_figures(
    inputs: Inputs, workspace: Workspace, zone: ZoneInfo, p: Periods, now: datetime
) -> dict[str, Any]:
    """Comments received and answered, speed, sentiment, themes, the queue, leads, hashtags."""
    by_day: dict[date, list[CommentFact]] = defaultdict(list)
    for c in inputs.comments:
        by_day[c.created_at.astimezone(zone).date()].append(c)
    leads_by_day = Counter(at.astimezone(zone).date() for _, at in inputs.leads)

    def comments(span: Span) -> list[CommentFact]:
        return [c for day in _days(span) for c in by_day.get(day, [])]

    def needing(span: Span) -> list[CommentFact]:
        return [c for c in comments(span) if c.draft_action in ANSWERABLE]

    def answered(span: Span) -> list[CommentFact]:
        return [c for c in needing(span) if _answered(c, now)]

    def response_rate(span: Span) -> float | None:
        need = needing(span)
        return len(answered(span)) / len(need) if need else None

    def first_response(span: Span) -> float | None:
        minutes = [
            (c.published_at - c.created_at).total_seconds() / 60
            for c in answered(span)
            if c.published_at is not None
        ]
        return statistics.median(minutes) if minutes else None

    current = comments(p.current)
    mix = Counter(c.sentiment for c in current if c.sentiment)
    rated = sum(mix.values())
    posts = [
        post
        for post in inputs.posts
        if _within(post.published_at.astimezone(zone).date(), p.recent)
    ]
    return {
        "received": _count_trend(lambda s: len(comments(s)), p),
        "needing_answer": len(needing(p.current)),
        "answered": _count_trend(lambda s: len(answered(s)), p),
        "response_rate": _ratio_trend(response_rate, p),
        "first_response_minutes": _ratio_trend(first_response, p),
        "sentiment": {
            "counts": {label: mix.get(label, 0) for label in SENTIMENTS},
            "shares": {
                label: (mix.get(label, 0) / rated if rated else None) for label in SENTIMENTS
            },
            "negative": _ratio_trend(
                lambda s: _sentiment_share(comments(s), "negative"), p, points=True
            ),
            "positive": _ratio_trend(
                lambda s: _sentiment_share(comments(s), "positive"), p, points=True
            ),
        },
        "themes": {
            "questions": [
                {"theme": theme, "count": n}
                for theme, n in top_themes(c.text for c in current if "question" in c.intents)
            ],
            "complaints": [
                {"theme": theme, "count": n}
                for theme, n in top_themes(c.text for c in current if "complaint" in c.intents)
            ],
        },
        "waiting": _waiting(inputs.waiting, workspace, now),
        "leads": _count_trend(lambda s: sum(leads_by_day.get(d, 0) for d in _days(s)), p),
        "hashtags": _hashtags(posts),
    }


# --- ads -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Sums:
    """Additive ad figures; KPIs are ratios of these sums."""

    spend: float = 0.0
    results: float = 0.0
    revenue: float = 0.0
    clicks: float = 0.0
    impressions: float = 0.0

    def add(self, other: Sums) -> None:
        self.spend += other.spend
        self.results += other.results
        self.revenue += other.revenue
        self.clicks += other.clicks
        self.impressions += other.impressions

    def kpi(self, name: str) -> float | None:
        """A KPI of these sums from the one KPI source (`bot.smm.kpis`); None when undefined."""
        vector = np.zeros(N_METRICS)
        vector[[SPEND, RESULTS, REVENUE, CLICKS, IMPRESSIONS]] = (
            self.spend,
            self.results,
            self.revenue,
            self.clicks,
            self.impressions,
        )
        value = float(kpi(name, vector))
        return None if math.isnan(value) else value

    @property
    def cpa(self) -> float | None:
        return self.kpi("cpa")

    @property
    def roas(self) -> float | None:
        return self.kpi("roas")


@dataclass(frozen=True, slots=True)
class Cell:
    """One entity's figures for one day, with its currency; `hourly` when summed from hours."""

    sums: Sums
    currency: str
    hourly: bool = False


def _results(row: AdMetricRow, campaign: Campaign | None, leads: bool) -> float:
    # A leads campaign is bought for leads; without a lead count its conversions stand in.
    if (leads or (campaign is not None and campaign.objective == "leads")) and (
        row.leads is not None
    ):
        return row.leads
    return row.conversions


def _row_sums(row: AdMetricRow, campaign: Campaign | None, leads: bool = False) -> Sums:
    return Sums(
        spend=row.spend,
        results=_results(row, campaign, leads),
        revenue=row.revenue,
        clicks=float(row.clicks),
        impressions=float(row.impressions),
    )


def _leaves(keys: Iterable[Entity]) -> set[Entity]:
    """The finest rows of a day: a campaign's row gives way to its ad sets', an ad set's to its
    ads', so nothing is counted twice."""
    keys = set(keys)
    parents: set[tuple[str, ...]] = set()
    for key in keys:
        if key[3]:
            parents.add(key[:3])
        if key[4]:
            parents.add(key[:4])
    return {
        key
        for key in keys
        if not (not key[3] and key[:3] in parents)
        and not (key[3] and not key[4] and key[:4] in parents)
    }


def ad_cells(
    rows: Sequence[AdMetricRow],
    workspace: Workspace,
    now: datetime,
    *,
    unfinished: bool = False,
    leads_campaigns: Collection[CampaignKey] = frozenset(),
) -> dict[date, dict[Entity, Cell]]:
    """Per day and entity: the daily row, else the day's complete UTC hours summed.

    `unfinished` also sums the hours of UTC days not over at `now` (the charts draw them as
    "so far"); `leads_campaigns` count leads as results, as a leads objective does.
    """
    daily: dict[date, dict[Entity, Cell]] = defaultdict(dict)
    hourly: dict[date, dict[Entity, Cell]] = defaultdict(dict)
    for row in rows:
        entity: Entity = (row.platform, row.account, row.campaign, row.adset, row.ad)
        campaign = workspace.campaign_for(row.platform, row.account, row.campaign)
        sums = _row_sums(row, campaign, entity[:3] in leads_campaigns)
        by_hour = row.granularity != "day"
        target = hourly if by_hour else daily
        cell = target[row.day].get(entity)
        if cell is None:
            target[row.day][entity] = Cell(sums, row.currency or "", by_hour)
        else:
            cell.sums.add(sums)
    result: dict[date, dict[Entity, Cell]] = {}
    for day in set(daily) | set(hourly):
        cells = dict(daily.get(day, {}))
        complete = datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC) <= now
        if complete or unfinished:
            for entity, cell in hourly.get(day, {}).items():
                cells.setdefault(entity, cell)
        keep = _leaves(cells)
        result[day] = {entity: cell for entity, cell in cells.items() if entity in keep}
    return result


def campaign_days(
    cells: dict[date, dict[Entity, Cell]],
) -> tuple[dict[date, dict[CampaignKey, Sums]], dict[CampaignKey, str]]:
    per_day: dict[date, dict[CampaignKey, Sums]] = defaultdict(dict)
    currencies: dict[CampaignKey, Counter[str]] = defaultdict(Counter)
    for day, entities in cells.items():
        for entity, cell in entities.items():
            key = entity[:3]
            per_day[day].setdefault(key, Sums()).add(cell.sums)
            currencies[key][cell.currency] += 1
    currency = {key: counts.most_common(1)[0][0] for key, counts in currencies.items()}
    return per_day, currency


def _span_sums(per_day: dict[date, dict[CampaignKey, Sums]], span: Span) -> dict[CampaignKey, Sums]:
    total: dict[CampaignKey, Sums] = {}
    for day in _days(span):
        for key, sums in per_day.get(day, {}).items():
            total.setdefault(key, Sums()).add(sums)
    return total


def _total(sums: Iterable[Sums]) -> Sums:
    total = Sums()
    for item in sums:
        total.add(item)
    return total


def group_targets(
    campaigns: dict[CampaignKey, Sums], workspace: Workspace
) -> dict[str, float | None]:
    """Actual and target CPA and ROAS over the campaigns that have each target.

    A group's target is what its campaigns' targets add up to at the spend they had: target
    ROAS weighted by spend, target CPA as spend over the results the targets promise.
    """
    roas_spend = roas_revenue = roas_promised = 0.0
    cpa_spend = cpa_results = cpa_promised = 0.0
    for key, sums in campaigns.items():
        config = workspace.campaign_for(*key)
        if config is None or sums.spend <= 0:
            continue
        if config.target_roas:
            roas_spend += sums.spend
            roas_revenue += sums.revenue
            roas_promised += sums.spend * config.target_roas
        if config.target_cpa:
            cpa_spend += sums.spend
            cpa_results += sums.results
            cpa_promised += sums.spend / config.target_cpa
    return {
        "roas": roas_revenue / roas_spend if roas_spend else None,
        "target_roas": roas_promised / roas_spend if roas_spend else None,
        "cpa": cpa_spend / cpa_results if cpa_results else None,
        "target_cpa": cpa_spend / cpa_promised if cpa_promised else None,
    }


def _on_target(targets: dict[str, float | None]) -> bool | None:
    roas, target_roas = targets["roas"], targets["target_roas"]
    if target_roas is not None:
        return roas is not None and roas >= target_roas
    cpa, target_cpa = targets["cpa"], targets["target_cpa"]
    if target_cpa is not None:
        return cpa is not None and cpa <= target_cpa
    return None


def _name(key: CampaignKey) -> dict[str, str]:
    return {"platform": key[0], "account": key[1], "campaign": key[2]}


def _currency_groups(
    per_day: dict[date, dict[CampaignKey, Sums]],
    currency: dict[CampaignKey, str],
    workspace: Workspace,
    p: Periods,
) -> list[dict[str, Any]]:
    current = _span_sums(per_day, p.current)
    previous = _span_sums(per_day, p.previous)
    baseline = _span_sums(per_day, p.baseline) if p.baseline else {}
    groups: list[dict[str, Any]] = []
    for code in sorted(set(currency.values())):

        def pick(
            sums: dict[CampaignKey, Sums], platform: str | None = None, code: str = code
        ) -> dict[CampaignKey, Sums]:
            return {
                k: v
                for k, v in sums.items()
                if currency[k] == code and (platform is None or k[0] == platform)
            }

        cur, prev, base = (_total(pick(s).values()) for s in (current, previous, baseline))
        days = _length(p.baseline) if p.baseline else 1
        has_base = p.baseline is not None
        platforms: list[dict[str, Any]] = []
        for platform in sorted({k[0] for k in pick(current)}):
            mine = pick(current, platform)
            total = _total(mine.values())
            targets = group_targets(mine, workspace)
            platforms.append(
                {
                    "platform": platform,
                    "spend": total.spend,
                    "results": total.results,
                    "revenue": total.revenue,
                    "cpa": total.cpa,
                    "roas": total.roas,
                    "targets": targets,
                    "on_target": _on_target(targets),
                }
            )
        platforms.sort(key=lambda item: -item["spend"])
        groups.append(
            {
                "currency": code,
                "spend": trend(cur.spend, prev.spend, base.spend / days if has_base else None),
                "results": trend(
                    cur.results, prev.results, base.results / days if has_base else None
                ),
                "revenue": cur.revenue,
                "cpa": trend(cur.cpa, prev.cpa, base.cpa if has_base else None),
                "roas": trend(cur.roas, prev.roas, base.roas if has_base else None),
                "targets": group_targets(pick(current), workspace),
                "platforms": platforms,
            }
        )
    groups.sort(key=lambda item: -(item["spend"]["value"] or 0.0))
    return groups


def _top_campaigns(
    current: dict[CampaignKey, Sums], currency: dict[CampaignKey, str], workspace: Workspace
) -> list[dict[str, Any]]:
    """The campaigns furthest ahead of their own target (currency-free, so comparable)."""
    ranked: list[dict[str, Any]] = []
    for key, sums in current.items():
        config = workspace.campaign_for(*key)
        if config is None or sums.results < MIN_RESULTS_TO_RANK:
            continue
        if config.target_roas and sums.roas is not None:
            index = sums.roas / config.target_roas
        elif config.target_cpa and sums.cpa is not None:
            index = config.target_cpa / sums.cpa
        else:
            continue
        ranked.append(
            {
                **_name(key),
                "currency": currency[key],
                "spend": sums.spend,
                "results": sums.results,
                "cpa": sums.cpa,
                "roas": sums.roas,
                "target_cpa": config.target_cpa,
                "target_roas": config.target_roas,
                "index": index,
            }
        )
    ranked.sort(key=lambda item: (-item["index"], item["campaign"]))
    return ranked[:TOP]


def _movers(
    per_day: dict[date, dict[CampaignKey, Sums]],
    currency: dict[CampaignKey, str],
    p: Periods,
) -> list[dict[str, Any]]:
    """Campaigns whose results moved most against their usual, measured in Poisson noise so a
    small campaign going from 1 to 3 does not outrank a large one losing a third."""
    current = _span_sums(per_day, p.current)
    if p.baseline is not None:
        base = _span_sums(per_day, p.baseline)
        scale = _length(p.current) / _length(p.baseline)
    else:
        base = _span_sums(per_day, p.previous)
        scale = 1.0
    found: list[dict[str, Any]] = []
    for key in set(current) | set(base):
        now_sums = current.get(key, Sums())
        usual = base.get(key, Sums())
        expected = usual.results * scale
        if expected == 0 and now_sums.results == 0:
            continue
        score = (now_sums.results - expected) / math.sqrt(expected + 1.0)
        if abs(score) < MIN_MOVER_SCORE:
            continue
        found.append(
            {
                **_name(key),
                "currency": currency.get(key, ""),
                "results": now_sums.results,
                "expected_results": expected,
                "change": _change(now_sums.results, expected, points=False),
                "spend": now_sums.spend,
                "expected_spend": usual.spend * scale,
                "cpa": now_sums.cpa,
                "expected_cpa": usual.cpa,
                "score": score,
            }
        )
    found.sort(key=lambda item: (-abs(item["score"]), item["campaign"]))
    return found[:TOP]


def _pacing(
    per_day: dict[date, dict[CampaignKey, Sums]],
    currency: dict[CampaignKey, str],
    workspace: Workspace,
    day: date,
) -> dict[str, Any]:
    """Each budgeted campaign's month projected to its end, by the alert engine's own pacing
    (`bot.smm.pacing.campaign_pace`), so the stand-up and the alerts never disagree."""
    month_days = calendar.monthrange(day.year, day.month)[1]
    days = [day - timedelta(days=PACE_DAYS - 1 - i) for i in range(PACE_DAYS)]
    first_seen: dict[CampaignKey, date] = {}
    for seen in sorted(per_day):
        for key in per_day[seen]:
            first_seen.setdefault(key, seen)
    over: list[dict[str, Any]] = []
    under: list[dict[str, Any]] = []
    on_track = 0
    band = tolerance(DEFAULT_SETTINGS, day.day, month_days)
    for config in workspace.campaigns:
        spend = [per_day.get(d, {}).get(config.key, Sums()).spend for d in days]
        p = campaign_pace(
            DEFAULT_SETTINGS,
            monthly_budget=config.monthly_budget,
            daily_budget=config.daily_budget,
            spend_by_day=spend,
            first_day=first_seen.get(config.key),
            last_day=day,
        )
        if p is None:
            continue
        item = {
            **_name(config.key),
            "currency": currency.get(config.key, ""),
            "spent": p.spent,
            "budget": p.budget,
            "projected": p.projected,
            "ratio": p.ratio,
        }
        if p.over:
            over.append(item)
        elif p.under:
            under.append(item)
        else:
            on_track += 1
    over.sort(key=lambda item: -item["ratio"])
    under.sort(key=lambda item: item["ratio"])
    return {
        "day_of_month": day.day,
        "days_in_month": month_days,
        "band": band,
        "over": over,
        "under": under,
        "on_track": on_track,
    }


def _alerts(alerts: Sequence[OpenAlert]) -> dict[str, Any]:
    firing = [a for a in alerts if a.state == "firing"]
    counts = Counter(a.severity for a in firing)
    return {
        "firing": {severity: counts.get(severity, 0) for severity in SEVERITIES},
        "firing_total": len(firing),
        "pending": sum(1 for a in alerts if a.state == "pending"),
        "acked": sum(1 for a in firing if a.acked_by),
    }


def _severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def _suggestions(alerts: Sequence[OpenAlert]) -> list[dict[str, Any]]:
    """The first suggestion of each firing alert: the most severe first, then those nobody has
    taken on (not acknowledged), then the most money at stake, then the oldest; the same action
    on the same campaign (two alerts with one cause) is listed once."""
    firing = sorted(
        (a for a in alerts if a.state == "firing" and a.suggestions),
        key=lambda a: (
            _severity_rank(a.severity),
            bool(a.acked_by),
            -at_stake(a.evidence),
            a.started_at,
            a.fingerprint,
        ),
    )
    picked: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    for a in firing:
        first = a.suggestions[0]
        action = first.get("action", "")
        key = (action, a.labels.get("platform", ""), a.labels.get("campaign", ""))
        if key in seen:
            continue
        seen.add(key)
        picked.append(
            {
                "action": action,
                "detail": first.get("detail", ""),
                "expected_effect": first.get("expected_effect", ""),
                "severity": a.severity,
                "alertname": a.alertname,
                "platform": key[1],
                "campaign": key[2],
                "fingerprint": a.fingerprint,
                "at_stake": at_stake(a.evidence),
            }
        )
        if len(picked) == TOP:
            break
    return picked


def ads_figures(inputs: Inputs, workspace: Workspace, p: Periods, now: datetime) -> dict[str, Any]:
    """Spend, results, CPA and ROAS per currency and platform; leaders, movers, pacing, alerts."""
    last = p.current[1]
    # The rows of the day after are there for the charts, to tell where the feed has got to.
    cells = ad_cells([row for row in inputs.ads if row.day <= last], workspace, now)
    per_day, currency = campaign_days(cells)
    # Accounts are expected on the last day when seen in the last 14 days or this month.
    since = min(p.recent[0], last.replace(day=1))
    seen = {entity[:2] for day, entities in cells.items() if day >= since for entity in entities}
    reported = {entity[:2] for entity in cells.get(last, {})}
    return {
        "currencies": _currency_groups(per_day, currency, workspace, p),
        "top_campaigns": _top_campaigns(_span_sums(per_day, p.current), currency, workspace),
        "movers": _movers(per_day, currency, p),
        "pacing": _pacing(per_day, currency, workspace, last),
        "alerts": _alerts(inputs.alerts),
        "suggestions": _suggestions(inputs.alerts),
        "missing_accounts": [
            {"platform": platform, "account": account}
            for platform, account in sorted(seen - reported)
        ],
    }


# --- quarantine ----------------------------------------------------------------------------


def reason_kind(source: str, reason: str) -> str:
    """What kind of problem a reason names, so a thousand bad values are one line: its words
    before the first `: ` or `. ` (usually the field), without the file name or position.

    `clicks: must be ≥ 0, got -5` → `clicks`; `invalid JSON at column 112: …` → `invalid JSON`.
    """
    first = reason.splitlines()[0].strip() if reason.strip() else "no reason given"
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    for prefix in (f"{source}: ", f"{name}: "):
        if first.startswith(prefix):
            first = first[len(prefix) :]
            break
    head = _WHERE.sub("", _HEAD_END.split(first, maxsplit=1)[0]).strip(" .") or first
    if len(head) > REASON_KIND_CHARS:
        head = head[: REASON_KIND_CHARS - 1].rstrip() + "…"
    return head


def quarantine_figures(facts: QuarantineFacts | None) -> dict[str, Any] | None:
    """Lines and whole files quarantined in the window, with the commonest kinds of reason."""
    if facts is None:
        return None
    kinds: Counter[str] = Counter()
    whole: set[str] = set()
    for group in facts.tally.groups:
        kind = reason_kind(group.source, group.reason)
        kinds[kind] += group.count
        if group.whole_file:
            whole.add(kind)
    # A file refused whole is a whole export missing: named before any count of bad lines.
    ranked = sorted(kinds.items(), key=lambda item: (item[0] not in whole, -item[1], item[0]))
    return {
        "records": facts.tally.records,
        "files": facts.tally.files,
        "since": facts.since.astimezone(UTC).isoformat(),
        "until": facts.until.astimezone(UTC).isoformat(),
        "to_now": facts.to_now,
        "reasons": [{"reason": kind, "count": n} for kind, n in ranked[:TOP]],
        "other_reasons": len(ranked[TOP:]),
    }


def compute_summary(
    inputs: Inputs,
    workspace: Workspace,
    zone: ZoneInfo,
    day: date,
    now: datetime,
    weekly: bool = False,
) -> dict[str, Any]:
    """Every figure of one stand-up, JSON-able: what the templates and the charts are made of."""
    p = periods_for(day, weekly)
    return {
        "kind": "weekly" if weekly else "daily",
        "zone": zone.key,
        "day": day.isoformat(),
        "period": {"start": p.current[0].isoformat(), "end": p.current[1].isoformat()},
        "previous": {"start": p.previous[0].isoformat(), "end": p.previous[1].isoformat()},
        "baseline": (
            {"start": p.baseline[0].isoformat(), "end": p.baseline[1].isoformat()}
            if p.baseline
            else None
        ),
        "engagement": engagement_figures(inputs, workspace, zone, p, now),
        "ads": ads_figures(inputs, workspace, p, now),
        "quarantine": quarantine_figures(inputs.quarantine),
    }
