"""What each CLI command does, once its arguments are parsed and its config loaded."""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import signal
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from time import perf_counter

import yaml
from rich.console import Console
from rich.table import Table
from rich.text import Text

from bot.alerting.ranking import ranked
from bot.analyze_cli import analyze_file
from bot.app import build_runtime, channel_problems, check_channels, longest_hold, run_until_stopped
from bot.backtest import Incident, load_incidents
from bot.clock import utcnow
from bot.config.errors import ConfigError, ConfigProblem
from bot.config.loading import load_workspace, workspace_warnings
from bot.config.workspace import Workspace
from bot.connectors.secrets import Secrets
from bot.draft_review import DraftNotFound, InvalidTransition
from bot.engine_setup import ad_rules, campaign_targets, engagement_engine
from bot.exits import Exit
from bot.feeds.admetrics import HeaderError
from bot.feeds.exports import account_from_filename, decode_export, read_export
from bot.listings import (
    ALERTS_LISTED,
    alert_json,
    draft_json,
    print_alert,
    print_alerts,
    print_draft,
    print_drafts,
    write_json,
)
from bot.models import AdMetricRow, AlertNotFound, AlertState, DraftStatus
from bot.rendering import TEMPLATES_DIR, Renderer, strip_controls
from bot.replay import as_json as episode_json
from bot.replay import moments, replay, score, too_short
from bot.replay import render as render_replay
from bot.settings import Settings, load_settings
from bot.snooze import snoozed_until
from bot.store import (
    IngestCounts,
    Store,
    StoreError,
    check_expected_database,
    copy_store,
    discard_database,
    restore_database,
)
from bot.summary.service import SummaryRequestError, default_receiver, parse_day, summary_command
from handlers.actions import Actions, Actor, Refused
from handlers.channels import build_channels
from handlers.console import ConsoleChannel

__all__ = [
    "DEMO_CHART_FILES",
    "DEMO_LATER",
    "SAMPLES_NOW",
    "ManualClock",
    "alerts",
    "analyze",
    "backtest",
    "backup",
    "check_config",
    "clear_demo",
    "demo",
    "demo_database",
    "drafts",
    "expect_database",
    "install_stop_signals",
    "restore",
    "run",
    "store_copy",
    "summary",
]

SAMPLES_NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
DEMO_LATER = timedelta(hours=2)
# What the demo writes in its folder; it deletes these, and only these, before a new run.
DEMO_DB, DEMO_OUTBOX, DEMO_CHARTS = "demo.db", "demo-outbox.jsonl", "demo-charts"
# The names `bot.summary.charts.render_charts` gives (not imported: it loads matplotlib).
DEMO_CHART_FILES = ("*-spend-roas.png", "*-cost-per-lead.png", "*-sentiment.png")


def _table(title: str, *columns: str) -> Table:
    result = Table(title=title, title_justify="left", show_edge=False, header_style="bold")
    for column in columns:
        result.add_column(column, overflow="ellipsis", no_wrap=True)
    return result


def check_config(args: argparse.Namespace, out: Console, err: Console) -> int:
    problems: list[ConfigProblem] = []
    settings: Settings | None = None
    try:
        settings = load_settings(args.env_file)
        if args.workspace:
            settings = settings.model_copy(update={"workspace": args.workspace})
    except ConfigError as exc:
        problems.extend(exc.problems)
    workspace_path = args.workspace or (settings.workspace if settings else None)
    workspace: Workspace | None = None
    if workspace_path is not None:
        try:
            workspace = load_workspace(workspace_path)
        except ConfigError as exc:
            problems.extend(exc.problems)
    if settings is not None and workspace is not None:
        problems.extend(channel_problems(settings, workspace, str(workspace_path)))
    warnings: list[ConfigProblem] = []
    if workspace is not None and workspace_path is not None:
        warnings = workspace_warnings(workspace_path, workspace, TEMPLATES_DIR / "replies")
    if problems:
        _print_problems(err, "configuration problem(s)", problems)
        _print_problems(err, "warning(s)", warnings)
        return Exit.CONFIG
    assert settings is not None and workspace is not None
    out.print(f"settings: ok ({args.env_file} + environment)", markup=False)
    for name, value in settings.redacted().items():
        out.print(f"  {name} = {value}", markup=False, highlight=False)
    out.print(
        f"workspace: ok ({workspace_path}): {len(workspace.brands)} brands, "
        f"{len(workspace.campaigns)} campaigns, {len(workspace.receivers)} receivers, "
        f"{len(workspace.people)} people, {len(workspace.feeds.watch)} feeds",
        markup=False,
    )
    _print_problems(err, "warning(s)", warnings)
    if getattr(args, "online", False) and not _check_online(workspace, args.env_file, out, err):
        return Exit.CONFIG
    return Exit.CONFIG if warnings and args.strict else Exit.OK


def _check_online(workspace: Workspace, env_file: Path, out: Console, err: Console) -> bool:
    """One call per configured connector (bot/connectors/online_check.py); True if all ok."""
    from bot.connectors.online_check import check_online, known_secrets

    secrets = Secrets(None, env_file)
    verdicts = asyncio.run(check_online(workspace, secrets, known_secrets(workspace, secrets)))
    if not verdicts:
        out.print("connectors: none configured", markup=False)
    for verdict in verdicts:
        (out if verdict.ok else err).print(f"  {verdict.line()}", markup=False, highlight=False)
    failed = sum(not verdict.ok for verdict in verdicts)
    if verdicts:
        (err if failed else out).print(
            f"connectors: {len(verdicts) - failed} of {len(verdicts)} ok", markup=False
        )
    return failed == 0


def _print_problems(err: Console, heading: str, found: list[ConfigProblem]) -> None:
    if found:
        err.print(f"{len(found)} {heading}:", markup=False)
        for problem in found:
            err.print(f"  - {problem}", markup=False, highlight=False)


def expect_database(settings: Settings) -> None:
    """Refuse a missing or empty database where the data folder shows one was kept (its
    marker, a leftover WAL, or the outbox of published replies); SOCIALPULSE_DB_INIT or
    --init-db starts afresh. (A PostgreSQL server keeps its own.)"""
    if settings.db_url is not None:
        return
    check_expected_database(
        settings.db_path,
        utcnow(),
        init=settings.db_init,
        history=[settings.outbox_path],
    )


def install_stop_signals(stop: asyncio.Event) -> None:
    """SIGINT and SIGTERM end the run cleanly, after the work in hand is saved."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)


async def run(
    settings: Settings,
    workspace: Workspace,
    out: Console,
    err: Console,
    env_file: Path | None = Path(".env"),
) -> int:
    check_channels(settings, workspace)
    expect_database(settings)
    runtime = await build_runtime(
        settings,
        workspace,
        lambda store, nudge: build_channels(settings, workspace, store, out, nudge=nudge),
        utcnow,
        env_file=env_file,
    )
    # A damaged file would fail every step while the bot looks alive: refuse it at start.
    try:
        await runtime.store.require_sound()
    except BaseException:
        await runtime.close()
        raise
    stop = asyncio.Event()
    install_stop_signals(stop)
    try:
        await run_until_stopped(runtime, stop)
    finally:
        await runtime.close()
    err.print("socialpulse stopped cleanly", markup=False)
    return Exit.OK


class ManualClock:
    """The demo's clock: the samples' morning, moved forward only when the demo says so."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


async def demo(
    settings: Settings, workspace: Workspace, out: Console, show: int, folder: Path
) -> int:
    started = perf_counter()
    clear_demo(folder)
    settings = settings.model_copy(
        update={
            "db_path": demo_database(folder),
            "db_url": None,  # the demo runs on its own SQLite file, whatever the store is
            "outbox_path": folder / DEMO_OUTBOX,
            "chart_dir": folder / DEMO_CHARTS,
        }
    )
    clock = ManualClock(SAMPLES_NOW)
    runtime = await build_runtime(
        settings,
        workspace,
        lambda store, nudge: build_channels(
            settings, workspace, store, out, quiet_drafts=True, nudge=nudge
        ),
        clock,
    )
    channels = runtime.channels
    try:
        out.rule(f"socialpulse demo · the sample feeds as of {clock.now:%a %d %b %Y %H:%M} UTC")
        first = await runtime.pipeline.drain()
        # Alerts wait out their `for`, then the route's group_wait, before anyone is told.
        clock.now = clock.now + DEMO_LATER
        out.rule(f"later that morning · {clock.now:%H:%M} UTC")
        await runtime.pipeline.drain()
        clock.now = clock.now + longest_hold(workspace)
        await runtime.pipeline.drain()
        top = await runtime.store.drafts.select(limit=show)
        out.rule(f"the {len(top)} most urgent of the drafts waiting for review")
        for record in top:
            notice = await runtime.store.outbox.find("draft", str(record.id))
            console = channels.get(notice.receiver) if notice else None
            if notice is not None and isinstance(console, ConsoleChannel):
                console.show(notice)
        reviewer = next((p for p in workspace.people if p.console and p.role != "viewer"), None)
        if reviewer is not None and top:
            out.rule(f"{reviewer.name} approves the top draft from the console")
            actor = Actor("console", reviewer.console or "", reviewer.name)
            await Actions(runtime.store, workspace).approve(top[0].id, actor)
            await runtime.pipeline.drain()
        receiver = default_receiver(workspace)
        standup = await summary_command(
            runtime.store, workspace, receiver, None, clock.now, settings.chart_dir
        )
        out.rule(f"the morning stand-up for {receiver}")
        shown = channels.get(receiver)
        if isinstance(shown, ConsoleChannel):
            shown.show(standup)
        await _print_demo_summary(runtime.store, first.ingested, out, settings)
    finally:
        await runtime.close()
    out.print(
        f"demo finished in {perf_counter() - started:.1f} s · database: "
        f"{settings.db_path} · published replies: {settings.outbox_path}",
        markup=False,
    )
    return 0


def demo_database(folder: Path) -> Path:
    return folder / DEMO_DB


def clear_demo(folder: Path) -> None:
    """Delete what an earlier demo wrote in `folder`, and nothing else that is there."""
    folder.mkdir(parents=True, exist_ok=True)
    discard_database(demo_database(folder))
    (folder / DEMO_OUTBOX).unlink(missing_ok=True)
    charts = folder / DEMO_CHARTS
    if charts.is_dir():
        for pattern in DEMO_CHART_FILES:
            for chart in charts.glob(pattern):
                chart.unlink()
        if not any(charts.iterdir()):
            charts.rmdir()


async def _print_demo_summary(
    store: Store, ingested: IngestCounts, out: Console, settings: Settings
) -> None:
    counts = await store.table_counts()
    drafts = await store.drafts.count_by_status()
    alerts = await store.alerts.counts()
    sent = await store.outbox.counts()
    summary = _table("What socialpulse did with the samples", "what", "count")
    summary.add_row("records stored", f"{ingested.stored:,}")
    for kind, n in sorted(ingested.by_kind.items()):
        summary.add_row(f"  {kind}", f"{n:,}")
    summary.add_row("restated rows updated", f"{ingested.updated:,}")
    summary.add_row("duplicates ignored", f"{ingested.duplicate:,}")
    summary.add_row("quarantined", f"{counts['quarantine']:,}")
    summary.add_row("comments analysed", f"{counts['comment_analyses']:,}")
    for status, n in sorted(drafts.items()):
        summary.add_row(f"drafts {status}", f"{n:,}")
    for state, n in sorted(alerts.items()):
        summary.add_row(f"alerts {state}", f"{n:,}")
    for status, n in sorted(sent.items()):
        summary.add_row(f"notices {status}", f"{n:,}")
    out.print(summary)
    out.print(
        f"Every draft: socialpulse --db {settings.db_path} drafts list · alerts: "
        f"socialpulse --db {settings.db_path} alerts list",
        markup=False,
    )


async def summary(
    store: Store,
    workspace: Workspace,
    settings: Settings,
    args: argparse.Namespace,
    out: Console,
    err: Console,
) -> int:
    now = utcnow()
    try:
        receiver = args.receiver or default_receiver(workspace)
        day = parse_day(args.date, workspace, receiver, now) if args.date else None
        notice = await summary_command(
            store, workspace, receiver, day, now, settings.chart_dir, weekly=args.weekly
        )
    except SummaryRequestError as exc:
        err.print(f"summary: {exc}", markup=False)
        return Exit.USAGE
    if getattr(args, "json", False):
        write_json([{"receiver": notice.receiver, **notice.data}])
    else:
        ConsoleChannel(Renderer(), out).show(notice)
    return Exit.OK


async def backup(store: Store, target: Path, out: Console, err: Console) -> int:
    if target.exists():
        err.print(f"{target}: already exists; choose a new file name", markup=False)
        return Exit.FAILED
    await store.backup(target)
    size = target.stat().st_size
    out.print(f"backup written to {target} ({size / 1e6:.1f} MB)", markup=False)
    return Exit.OK


def store_copy(args: argparse.Namespace, out: Console, err: Console) -> int:
    """`store copy SQLITE_FILE POSTGRES_URL`: every table, checked by count and checksum."""
    try:
        copied = asyncio.run(copy_store(args.source, args.target))
    except StoreError as exc:
        err.print(f"socialpulse: {exc}", markup=False, highlight=False)
        return Exit.DATABASE
    table = _table(f"Copied {args.source} into PostgreSQL", "table", "rows", "md5 (both sides)")
    for done in copied:
        table.add_row(done.table, f"{done.rows:,}", done.checksum)
    out.print(table)
    return Exit.OK


def restore(backup: Path, db: Path, out: Console) -> int:
    done = restore_database(backup, db, utcnow())
    rows = ", ".join(f"{n:,} {table}" for table, n in done.inspection.rows.items())
    out.print(
        f"restored {backup} to {db} (schema version {done.inspection.version}; {rows}); "
        "it passed SQLite's integrity check",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    if done.kept:
        out.print(
            "the database it replaced is kept as " + ", ".join(str(p) for p in done.kept),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    out.print("start the bot again (socialpulse run)", markup=False)
    return Exit.OK


def backtest(args: argparse.Namespace, workspace: Workspace, out: Console, err: Console) -> int:
    rows: list[AdMetricRow] = []
    for path in args.files:
        if not path.is_file():
            err.print(f"{path}: no such file", markup=False)
            return Exit.FAILED
        try:
            result = read_export(
                decode_export(path.read_bytes()),
                str(path),
                default_account=account_from_filename(path.name) or "default",
            )
        except (HeaderError, UnicodeDecodeError) as exc:
            err.print(str(exc), markup=False)
            return Exit.FAILED
        for bad in result.rejected:
            err.print(f"{bad.source}:{bad.position}: {bad.reason}", markup=False)
        rows.extend(result.rows)
    try:
        at = time.fromisoformat(args.at)
    except ValueError:
        err.print(f"--at {args.at!r}: expected a time of day like 08:00", markup=False)
        return Exit.USAGE
    targets = campaign_targets(workspace)
    rules = ad_rules(workspace)
    when = moments(sorted(rows, key=lambda r: r.bucket), at, None, None)
    if not when:
        err.print(f"backtest: {too_short(rows)}", markup=False, highlight=False)
        return Exit.FAILED
    episodes = replay(rows, targets, rules, when)
    scored = None
    incidents: dict[str, Incident] = {}
    if args.manifest:
        manifest = yaml.safe_load(args.manifest.read_text(encoding="utf-8")) or {}
        incidents = {i.id: i for i in load_incidents(manifest)}
        scored = score(episodes, list(incidents.values()), rows, when)
    if args.json:
        report: dict[str, object] = {"alerts": [episode_json(e) for e in episodes]}
        if scored is not None:
            report["recall"] = {"caught": scored.recall[0], "planted": scored.recall[1]}
            report["incidents"] = {
                k: {
                    "first_fired": v.isoformat() if v else None,
                    "days_after_onset": scored.delay_days[k],
                }
                for k, v in scored.caught.items()
            }
            report["must_not_fire_violations"] = scored.violations
            report["false_alerts_per_campaign_month"] = round(scored.false_per_campaign_month, 3)
        write_json([report])
    else:
        out.print(
            f"{len(when)} evaluations from {when[0]:%Y-%m-%d} to {when[-1]:%Y-%m-%d}, "
            f"{len(episodes)} alerts",
            markup=False,
        )
        for line in render_replay(episodes, scored, incidents):
            out.print(line, markup=False, highlight=False, soft_wrap=True)
    if scored is not None:
        caught, planted = scored.recall
        return Exit.OK if caught == planted and not any(scored.violations.values()) else Exit.FAILED
    return Exit.OK


def analyze(workspace: Workspace, path: Path, as_json: bool, out: Console, err: Console) -> int:
    if not path.is_file():
        err.print(f"{path}: no such file", markup=False)
        return Exit.FAILED
    engine = engagement_engine(workspace)
    now = utcnow()
    if as_json:
        count, errors = analyze_file(engine, path, now, sys.stdout)
    else:
        buffer = io.StringIO()
        count, errors = analyze_file(engine, path, now, buffer)
        listing = Table(
            title=f"{path.name}: {count:,} comments",
            title_justify="left",
            show_edge=False,
            header_style="bold",
        )
        # A comment id is as long as its platform makes it: folded onto more lines, never cut.
        for column in ("id", "sentiment", "intents", "priority", "draft"):
            listing.add_column(column, overflow="fold", ratio=2 if column == "draft" else None)
        for line in buffer.getvalue().splitlines():
            item = json.loads(line)
            draft = item["draft"] or {}
            listing.add_row(
                Text(strip_controls(item["id"])),
                item["sentiment"]["label"],
                ", ".join(i["intent"] for i in item["intents"]),
                f"{item['priority']['score']:.0f}",
                Text(strip_controls(f"{draft.get('action', '-')}: {draft.get('text', '')}")),
            )
        out.print(listing)
    for bad in errors:
        err.print(f"{bad.source}:{bad.position}: {bad.reason}", markup=False)
    return Exit.FAILED if errors else Exit.OK


async def drafts(
    store: Store,
    workspace: Workspace,
    args: argparse.Namespace,
    by: str,
    out: Console,
    err: Console,
) -> int:
    if args.action == "list":
        records = await store.drafts.select((DraftStatus(args.status),), args.brand, args.limit)
        if args.json:
            write_json(draft_json(d) for d in records)
        else:
            print_drafts(records, f"Drafts {args.status} ({len(records)} shown)", out)
        return Exit.OK
    if args.action == "show":
        try:
            record = await store.drafts.get(args.id)
        except DraftNotFound as exc:
            err.print(f"draft {args.id}: {exc}", markup=False)
            return Exit.FAILED
        if args.json:
            write_json([draft_json(record)])
        else:
            print_draft(record, workspace.zone, out)
        return Exit.OK
    actions = Actions(store, workspace)
    actor = Actor("console", by, by)
    try:
        if args.action == "approve":
            record = await actions.approve(args.id, actor)
        elif args.action == "edit":
            record = await actions.edit(args.id, actor, args.text)
        else:
            record = await actions.reject(args.id, actor, args.reason)
    except (Refused, DraftNotFound, InvalidTransition, ValueError) as exc:
        err.print(f"draft {args.id}: {exc}", markup=False)
        return Exit.FAILED
    out.print(
        f"draft {record.id} is now {record.status.value} (by {record.decided_by})", markup=False
    )
    return Exit.OK


async def alerts(
    store: Store,
    workspace: Workspace,
    args: argparse.Namespace,
    by: str,
    out: Console,
    err: Console,
) -> int:
    if args.action in ("list", "show"):
        return await _show_alerts(store, workspace, args, out, err)
    actions = Actions(store, workspace)
    actor = Actor("console", by, by)
    try:
        if args.action == "ack":
            record = await actions.ack(args.id, actor)
            out.print(
                f"alert {record.fingerprint[:8]} acknowledged by {record.acked_by}", markup=False
            )
        else:
            silence = await actions.snooze(args.id, args.duration, actor)
            out.print(
                f"alert {args.id} snoozed {snoozed_until(silence.ends_at)} (silence {silence.id})",
                markup=False,
            )
    except (Refused, AlertNotFound, ValueError) as exc:
        err.print(f"alert {args.id}: {exc}", markup=False)
        return Exit.FAILED
    return Exit.OK


async def _show_alerts(
    store: Store, workspace: Workspace, args: argparse.Namespace, out: Console, err: Console
) -> int:
    silences = await store.alerts.active_silences(utcnow())
    if args.action == "list":
        states = tuple(AlertState) if args.all else (AlertState.FIRING,)
        # Every firing alert by default: the page is cut in SQL by severity and age, not by
        # money at stake, so a cut could hide the costliest live alert. History is long: --all
        # lists a page unless told otherwise.
        limit = args.limit if args.limit is not None else (ALERTS_LISTED if args.all else None)
        records = ranked(await store.alerts.select(states, limit))
        # Only a full page can have left alerts out: count them then, and say so. Alerts that
        # resolve between the two reads must not make the count negative.
        full = limit is not None and len(records) >= limit
        total = await store.alerts.count(states) if full else len(records)
        more = max(total - len(records), 0)
        if args.json:
            write_json(alert_json(a, silences) for a in records)
        else:
            what = "every state" if args.all else "firing"
            shown = f"{len(records)} of {total:,}" if more else f"{len(records)}"
            print_alerts(records, f"Alerts, {what} ({shown})", out)
        if more:
            # On stderr beside --json, so the JSON Lines on stdout stay whole.
            (err if args.json else out).print(
                f"{more:,} more not listed: socialpulse alerts list --limit N lists up to 10000",
                markup=False,
            )
        return Exit.OK
    try:
        record = await store.alerts.get(args.id)
    except AlertNotFound as exc:
        err.print(f"alert {args.id}: {exc}", markup=False)
        return Exit.FAILED
    if args.json:
        write_json([alert_json(record, silences)])
    else:
        print_alert(record, silences, workspace.zone, out)
    return Exit.OK
