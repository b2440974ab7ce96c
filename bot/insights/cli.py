"""The `insights` and `hashtags` commands: a brand's organic report and tags for a planned post."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from bot.config.workspace import Workspace
from bot.exits import Exit
from bot.insights.report import InsightReport, hashtag_suggestions_for, insights_for
from bot.insights.suggest import HashtagSuggestions
from bot.listings import write_json
from bot.rendering import strip_controls
from bot.store import Store

__all__ = [
    "hashtags_command",
    "insights_command",
    "print_report",
    "print_suggestions",
    "report_json",
]

_TOP_TAGS = 8
_NOTE = (
    "Engagement rate = (likes + comments + shares + saves) / impressions (reach when a "
    "platform gives no impressions). ×1.00 = the brand's median on the same platform."
)


def _plain(value: str) -> Text:
    """Feed text (tags, handles, bios) shown as written: never read as console markup."""
    return Text(strip_controls(value))


def _x(value: float | None) -> str:
    return "–" if value is None else f"×{value:.2f}"


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for column in columns:
        table.add_column(column)
    return table


def print_report(report: InsightReport, out: Console) -> None:
    """The report as tables, best first, with what to fix."""
    out.rule(
        _plain(
            f"{report.brand_name} ({report.brand}) · organic insights · "
            f"{report.since:%d %b} – {report.now:%d %b %Y} · {report.zone}"
        )
    )
    norms = " · ".join(f"{n.platform} {n.median_rate:.1%}" for n in report.norms)
    overall = f"{report.median_rate:.1%}" if report.median_rate is not None else "–"
    out.print(
        f"{report.posts} posts old enough to judge · median engagement rate {overall}"
        + (f" ({norms})" if norms else ""),
        markup=False,
    )
    out.print(_NOTE, style="dim", markup=False)
    _print_hashtags(report, out)
    _print_timing(report, out)
    _print_formats(report, out)
    _print_profiles(report, out)
    _print_boost(report, out)


def _print_hashtags(report: InsightReport, out: Console) -> None:
    perf = report.hashtags
    if perf.ranked:
        table = _table(
            f"Hashtags (ranked by engagements per post; ≥ {perf.min_posts} posts each)",
            "hashtag",
            "posts",
            "engagements/post",
            "engagement rate",
            "reach",
            "posts above norm",
        )
        shown = list(perf.ranked[:_TOP_TAGS])
        # The weakest ones too: knowing which tags to drop is half the value.
        shown += [s for s in perf.ranked[_TOP_TAGS:] if s.engagement_lift < 0.85][-3:]
        for stat in shown:
            table.add_row(
                _plain(f"#{stat.tag}"),
                str(stat.posts),
                _x(stat.engagement_lift),
                _x(stat.lift),
                _x(stat.reach_lift),
                f"{stat.above_norm}/{stat.posts}",
            )
        out.print(table)
        if len(shown) < len(perf.ranked):
            out.print(f"({len(perf.ranked) - len(shown)} more near par)", style="dim")
    else:
        out.print(f"Hashtags: none used on {perf.min_posts} or more posts yet.", markup=False)
    if perf.too_few:
        few = ", ".join(f"#{tag} ({n})" for tag, n in perf.too_few[:10])
        out.print(_plain(f"Too few posts to judge: {few}"), style="dim")
    if report.trending:
        rising = ", ".join(
            f"#{t.tag} {t.recent} this week vs {t.earlier} in the 3 weeks before"
            + (" (new)" if t.new else "")
            for t in report.trending[:5]
        )
        out.print(_plain(f"Rising hashtags: {rising}"))
    else:
        out.print("Rising hashtags: none this week.", markup=False)


def _print_timing(report: InsightReport, out: Console) -> None:
    timing = report.timing
    out.print(f"\nBest posting times ({timing.zone}, slots with ≥ {timing.min_posts} posts)")
    if timing.best:
        best = " · ".join(
            f"{slot.label} {_x(slot.engagement_lift)} ({slot.posts} posts)" for slot in timing.best
        )
        out.print(f"  weekday × hour: {best}", markup=False)
    else:
        out.print("  weekday × hour: no slot has enough posts yet", markup=False)
    if timing.left_out:
        out.print(
            f"  {timing.left_out} of {timing.posts} posts sit in slots with too few posts",
            style="dim",
            markup=False,
        )
    for platform, per in report.platform_timing:
        hours = " · ".join(
            f"{slot.label} {_x(slot.engagement_lift)} ({slot.posts})" for slot in per.hours[:3]
        )
        out.print(f"  {platform}: {hours or 'not enough posts per hour yet'}", markup=False)


def _print_formats(report: InsightReport, out: Console) -> None:
    formats = report.formats
    if formats.ranked:
        table = _table(
            "Content formats (against the norm of their platform)",
            "format",
            "posts",
            "engagements/post",
            "engagement rate",
            "reach",
            "median rate",
            "platforms",
        )
        for stat in formats.ranked:
            table.add_row(
                _plain(stat.format),
                str(stat.posts),
                _x(stat.engagement_lift),
                _x(stat.lift),
                _x(stat.reach_lift),
                f"{stat.median_rate:.1%}",
                ", ".join(stat.platforms),
            )
        out.print(table)
    cadence = report.cadence
    rhythms = " · ".join(
        f"{b.label}: {_x(b.engagement_per_post)} per post ({b.weeks} weeks)"
        for b in cadence.buckets
    )
    out.print(
        f"Cadence: {cadence.posts_per_week:.1f} posts a week over {cadence.weeks} weeks"
        + (f" · per platform {rhythms}" if rhythms else ""),
        markup=False,
    )
    out.print(f"  {cadence.verdict}", markup=False)


def _at(handle: str) -> str:
    return handle if handle.startswith("@") else f"@{handle}"


def _print_profiles(report: InsightReport, out: Console) -> None:
    profiles = report.profiles
    if not profiles.audits:
        out.print("\nProfiles: no snapshots yet.", markup=False)
        return
    # A fix most profiles need is said once under the table instead of on every row.
    needing: dict[str, list[str]] = {}
    for audit in profiles.audits:
        for fix in audit.fixes:
            needing.setdefault(fix, []).append(audit.platform)
    shared = {
        fix: platforms
        for fix, platforms in needing.items()
        if len(platforms) >= 3 and 2 * len(platforms) >= len(profiles.audits)
    }
    table = _table(
        f"Profile audit (average {profiles.average_score or 0:.0f}/100, weakest first)",
        "platform",
        "handle",
        "score",
        "to fix",
    )
    for audit in profiles.audits:
        fixes = [f for f in audit.fixes if f not in shared] + list(audit.notes)
        table.add_row(
            audit.platform,
            _plain(_at(audit.handle)),
            f"{audit.score}/100",
            _plain("\n".join(fixes) if fixes else "–"),
        )
    out.print(table)
    for fix, platforms in shared.items():
        out.print(_plain(f"{', '.join(sorted(platforms))}: {fix}"))
    if profiles.missing:
        out.print(f"No snapshot yet for: {', '.join(profiles.missing)}", style="dim", markup=False)


def _print_boost(report: InsightReport, out: Console) -> None:
    if not report.boost:
        out.print("Boost candidates: none stands out in the last three weeks.", markup=False)
        return
    out.print("Boost candidates (offered to the ad side):", markup=False)
    for candidate in report.boost:
        out.print(
            _plain(
                f"  • {candidate.post_key} · {candidate.impressions:,} impressions · "
                f"{candidate.engagements:,} engagements · {candidate.clicks:,} clicks"
            )
        )
        out.print(_plain(f"    {candidate.reason}"))
        if candidate.url:
            out.print(_plain(f"    {candidate.url}"), style="dim")


def report_json(report: InsightReport) -> dict[str, Any]:
    """The report as `insights --json` prints it: its fields as named in InsightReport."""
    data: dict[str, Any] = asdict(report)
    return data


async def insights_command(
    store: Store,
    workspace: Workspace,
    brand: str | None,
    now: datetime,
    out: Console,
    *,
    err: Console | None = None,
    as_json: bool = False,
) -> int:
    """Print the organic insights of one brand, or of every brand (--json: one object per
    brand and line); 2 for an unknown brand."""
    if brand is not None and workspace.brand(brand) is None:
        known = ", ".join(b.id for b in workspace.brands)
        (err or out).print(f"unknown brand {brand!r}; the workspace has {known}", markup=False)
        return Exit.USAGE
    for brand_id in [brand] if brand is not None else [b.id for b in workspace.brands]:
        report = await insights_for(store, workspace, brand_id, now)
        if as_json:
            write_json([report_json(report)])
        else:
            print_report(report, out)
    return Exit.OK


def print_suggestions(suggestions: HashtagSuggestions, out: Console) -> None:
    if suggestions.suggested:
        table = _table(
            "Hashtags for this post (relevance × measured lift)",
            "hashtag",
            "relevance",
            "engagements/post",
            "used on",
            "score",
            "",
        )
        for s in suggestions.suggested:
            table.add_row(
                _plain(f"#{s.tag}"),
                f"{s.relevance:.2f}",
                _x(s.lift) if s.lift is not None else "not enough posts",
                f"{s.posts} posts",
                f"{s.score:.2f}",
                "rising" if s.rising else "",
            )
        out.print(table)
    else:
        out.print("No hashtag the brand has used fits this text.", markup=False)
    if suggestions.avoid:
        avoid = ", ".join(f"#{s.tag} ({_x(s.lift)})" for s in suggestions.avoid[:5])
        out.print(_plain(f"Relevant but underperforming, better left out: {avoid}"))
    if suggestions.rising:
        rising = ", ".join(f"#{t.tag} ({t.recent} this week)" for t in suggestions.rising)
        out.print(_plain(f"Rising lately, worth a look: {rising}"))


async def hashtags_command(
    store: Store, workspace: Workspace, brand: str, text: str, now: datetime, out: Console
) -> int:
    """Print hashtag suggestions for a planned post; 2 for an unknown brand or empty text."""
    if workspace.brand(brand) is None:
        known = ", ".join(b.id for b in workspace.brands)
        out.print(f"unknown brand {brand!r}; the workspace has {known}", markup=False)
        return 2
    if not text.strip():
        out.print("give the text of the planned post", markup=False)
        return 2
    print_suggestions(await hashtag_suggestions_for(store, workspace, brand, text, now), out)
    return 0
