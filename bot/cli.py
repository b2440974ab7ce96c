"""The `socialpulse` command line: run, demo, ingest, drafts, alerts, backup, restore…"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any, cast

from pydantic import SecretStr
from rich.console import Console

from bot import __version__
from bot.bundled import sample_workspace
from bot.clock import utcnow
from bot.config.errors import ConfigError
from bot.config.loading import load_workspace
from bot.config.workspace import Workspace
from bot.evaluate import add_evaluate_parser, evaluate_command
from bot.exits import Exit
from bot.insights.cli import hashtags_command, insights_command
from bot.learn_cli import add_learn_parser, learn_command
from bot.listings import ALERTS_LISTED
from bot.models import MAX_COUNT, FeedKind
from bot.quarantine_cli import add_quarantine_parser, quarantine_command
from bot.redaction import url_secrets
from bot.settings import Settings, load_settings
from bot.snooze import BadSnooze, parse_snooze
from bot.store import BackupRejected, Store, StoreError, translated

__all__ = [
    "INGEST_KINDS",
    "JSON_HELP",
    "main",
]

log = logging.getLogger(__name__)


def _draft_id(text: str) -> int:
    """A draft id as the store can hold it."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid draft id: {text!r}") from None
    if not 1 <= value <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"no draft can have the id {text}")
    return value


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number: {text!r}") from None
    if not 1 <= value <= 10_000:
        raise argparse.ArgumentTypeError("give a number from 1 to 10000")
    return value


def _snooze_for(text: str) -> str:
    """How long to snooze, by the rule every chat follows: more than 0, at most 365 days, or
    until-resolved."""
    try:
        return parse_snooze(text).text
    except BadSnooze as problem:
        raise argparse.ArgumentTypeError(str(problem)) from None


def _add_global_options(parser: argparse.ArgumentParser, *, subcommand: bool) -> None:
    """The options every command takes, before or after its name. Under a subcommand they
    default to nothing, so one given before the subcommand is not reset by it."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if subcommand else value

    group = parser.add_argument_group("global options (before or after the command)")
    group.add_argument(
        "--env-file",
        type=Path,
        default=default(Path(".env")),
        help="settings file read after the environment (default: .env)",
    )
    group.add_argument(
        "--workspace",
        type=Path,
        default=default(None),
        help="workspace YAML (default: SOCIALPULSE_WORKSPACE)",
    )
    group.add_argument(
        "--db", type=Path, default=default(None), help="SQLite file (default: SOCIALPULSE_DB_PATH)"
    )
    group.add_argument(
        "--init-db",
        action="store_true",
        default=default(False),
        help="start on a new, empty database even though one was kept there before "
        "(default: SOCIALPULSE_DB_INIT; a new install needs nothing)",
    )
    group.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=default(False),
        help="print nothing but errors and --json output; the exit status tells the rest",
    )
    group.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=default(0),
        help="log what the command does on stderr (-vv: debug detail)",
    )


class _CommandParser(argparse.ArgumentParser):
    """A (sub)command's parser: it takes the global options too, so `socialpulse drafts list
    --db X` is `socialpulse --db X drafts list`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _add_global_options(self, subcommand=True)


JSON_HELP = "JSON on stdout, one object per line (docs/cli.md)"
# `ingest --kind` in the words of the docs; the store's name for ad metrics has an underscore.
INGEST_KINDS: dict[str, FeedKind] = {
    "comments": "comments",
    "posts": "posts",
    "profiles": "profiles",
    "ad-metrics": "ad_metrics",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="socialpulse",
        description="Comment replies for review, ad alerts and stand-ups for marketing teams.",
        epilog="Exit status: 0 done, 1 failed, 2 wrong arguments, 3 configuration, "
        "4 database, 5 input partly refused (ingest).",
    )
    parser.add_argument("--version", action="version", version=f"socialpulse {__version__}")
    _add_global_options(parser, subcommand=False)
    # Typed as plain parsers: what builds a command's parser needs no more than that.
    commands = cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(
            dest="command", required=True, metavar="COMMAND", parser_class=_CommandParser
        ),
    )

    commands.add_parser(
        "run",
        help="watch the feeds and serve the configured channels until stopped",
        description="Follow every feed, run the engines and deliver to the "
        "configured channels until SIGINT or SIGTERM, then shut down cleanly.",
    )

    demo = commands.add_parser(
        "demo",
        help="replay the sample feeds into a fresh database",
        description="Replay the samples into a fresh database and show "
        "what the team would see; exits 0.",
    )
    demo.add_argument(
        "--show",
        type=int,
        default=5,
        metavar="N",
        help="review requests to print in full (default 5)",
    )
    demo.add_argument(
        "--dir",
        type=Path,
        default=Path("data/demo"),
        help="folder for the demo's database, outbox and charts (its files from an earlier "
        "run are replaced; nothing else in the folder is touched)",
    )

    ingest = commands.add_parser(
        "ingest",
        help="import feed files or ad exports once",
        description="Import one or more files once: comments / posts / "
        "profiles JSONL, canonical ad CSV, Meta or Google Ads exports. What a JSONL file holds "
        "is read from its name, else from its first record's fields, else --kind. The records "
        "are stored; drafts and alerts come from `socialpulse run` (a running bot picks them "
        "up) or from --process. Exits 5 when a file or some lines were refused "
        "(see `socialpulse quarantine list`).",
    )
    ingest.add_argument("files", nargs="+", type=Path, metavar="FILE")
    ingest.add_argument(
        "--kind",
        choices=list(INGEST_KINDS),
        help="what every FILE holds, whatever its name",
    )
    ingest.add_argument(
        "--process",
        action="store_true",
        help="then analyse the stored comments and evaluate the ads once, as a step of "
        "`socialpulse run` would; review requests and alert notices are queued for the "
        "channels and sent by the running bot",
    )

    drafts = commands.add_parser("drafts", help="list, show and decide reply drafts")
    draft_cmds = drafts.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = draft_cmds.add_parser("list", help="drafts waiting for review (or --status)")
    listing.add_argument(
        "--status",
        default="pending_review",
        choices=["new", "pending_review", "approved", "edited", "rejected", "published"],
    )
    listing.add_argument("--brand")
    listing.add_argument("--limit", type=_limit, default=20)
    listing.add_argument("--json", action="store_true", help=JSON_HELP)
    shown = draft_cmds.add_parser(
        "show", help="one draft in full: the comment, its reading, the reply, its history"
    )
    shown.add_argument("id", type=_draft_id, help="draft id, as `drafts list` shows it")
    shown.add_argument("--json", action="store_true", help=JSON_HELP)
    for name, what in (
        ("approve", "approve a draft as written"),
        ("edit", "replace a draft's text and approve it"),
        ("reject", "reject a draft"),
    ):
        cmd = draft_cmds.add_parser(name, help=what)
        cmd.add_argument("id", type=_draft_id, help="draft id")
        if name == "edit":
            cmd.add_argument("text", help="the reply to publish instead")
        if name == "reject":
            cmd.add_argument("--reason", default="", help="why (kept in the audit log)")
        cmd.add_argument(
            "--by",
            help="your console name from the workspace's people "
            "(default: $SOCIALPULSE_USER or your login)",
        )

    alerts = commands.add_parser("alerts", help="list, show, acknowledge and snooze alerts")
    alert_cmds = alerts.add_subparsers(dest="action", required=True, metavar="ACTION")
    alist = alert_cmds.add_parser("list", help="firing alerts (or --all)")
    alist.add_argument("--all", action="store_true", help="pending and resolved too")
    alist.add_argument(
        "--limit",
        type=_limit,
        help="list at most this many: the live ones, the most severe and the newest are "
        f"kept, and the rest counted (default: every firing alert; {ALERTS_LISTED} with --all)",
    )
    alist.add_argument("--json", action="store_true", help=JSON_HELP)
    ashow = alert_cmds.add_parser(
        "show", help="one alert in full: labels, values, evidence, suggestions, history"
    )
    ashow.add_argument("id", help="alert id (a fingerprint prefix as shown)")
    ashow.add_argument("--json", action="store_true", help=JSON_HELP)
    ack = alert_cmds.add_parser("ack", help="acknowledge an alert")
    ack.add_argument("id", help="alert id (a fingerprint prefix as shown)")
    ack.add_argument("--by")
    snooze = alert_cmds.add_parser("snooze", help="silence an alert for a while")
    snooze.add_argument("id", help="alert id (a fingerprint prefix as shown)")
    snooze.add_argument(
        "duration",
        type=_snooze_for,
        help="how long: a number with its unit (90m, 24h, 7d, 2w, 1h30m) or until-resolved",
    )
    snooze.add_argument("--by")
    add_quarantine_parser(commands, _limit)

    insights = commands.add_parser(
        "insights",
        help="what works organically: hashtags, posting times, formats, profiles, posts to boost",
        description="Report from the organic posts and profile snapshots in the store.",
    )
    insights.add_argument("--brand", help="one brand id (default: every brand)")
    insights.add_argument("--json", action="store_true", help=JSON_HELP + " (one per brand)")
    hashtags = commands.add_parser(
        "hashtags",
        help="hashtag suggestions for a planned post",
        description="Rank the brand's hashtags for a planned post by relevance and measured "
        "lift, and list rising ones.",
    )
    hashtags.add_argument("brand", help="brand id")
    hashtags.add_argument("text", help="the planned post's text")

    summary = commands.add_parser(
        "summary",
        help="the stand-up summary for a day (default: yesterday in the receiver's time zone)",
        description="Build and print a stand-up summary with its charts (PNG files written to "
        "SOCIALPULSE_CHART_DIR) without sending it anywhere.",
    )
    summary.add_argument("--date", metavar="D", help="YYYY-MM-DD or 'yesterday'")
    summary.add_argument("--receiver", metavar="R", help="whose time zone and stand-up")
    summary.add_argument("--weekly", action="store_true", help="the week-over-week variant")
    summary.add_argument("--json", action="store_true", help=JSON_HELP)

    backup = commands.add_parser(
        "backup",
        help="copy the live database to a file (safe while the bot runs)",
        description="Copy the database with SQLite's online backup API; the bot may keep "
        "running. Put it back with `socialpulse restore PATH`.",
    )
    backup.add_argument("path", type=Path, metavar="PATH")
    _add_restore(commands)
    store = commands.add_parser("store", help="move the store from SQLite to PostgreSQL")
    store_cmds = store.add_subparsers(dest="action", required=True, metavar="ACTION")
    copy = store_cmds.add_parser(
        "copy",
        help="copy a SQLite store into an empty PostgreSQL database",
        description="Copy every table (in one transaction, checked by row counts and "
        "checksums) into an empty PostgreSQL database; then set SOCIALPULSE_DB_URL.",
    )
    copy.add_argument("source", type=Path, metavar="SQLITE_FILE")
    copy.add_argument("target", metavar="POSTGRES_URL", help="postgresql://user@host/db")

    backtest = commands.add_parser(
        "backtest",
        help="replay ad metrics as if they arrived live and list every alert",
        description="Replay metrics files (canonical CSV, Meta or Google exports; daily and "
        "hourly) one morning at a time, strictly causally, and print every alert with when it "
        "fired and resolved. With --manifest, score recall and false alerts.",
    )
    backtest.add_argument("files", nargs="+", type=Path, metavar="METRICS")
    backtest.add_argument(
        "--config",
        type=Path,
        help="workspace YAML with the campaign targets "
        "and rules (default: the configured workspace)",
    )
    backtest.add_argument(
        "--manifest", type=Path, help="planted incidents to score against (samples/manifest.yaml)"
    )
    backtest.add_argument("--at", default="08:00", help="time of day (UTC) of each evaluation")
    backtest.add_argument("--json", action="store_true", help="JSON on stdout")

    analyze = commands.add_parser(
        "analyze",
        help="run the engagement engine on a comments file and print the results",
        description="Analyse a comments JSONL file (see docs/feeds.md) without running the bot; "
        "--json prints one JSON object per comment (schema: docs/analyze.md).",
    )
    analyze.add_argument("what", choices=["comments"], help="what the file holds")
    analyze.add_argument("file", type=Path, metavar="FILE")
    analyze.add_argument("--json", action="store_true", help="JSON Lines on stdout")
    add_evaluate_parser(commands)
    add_learn_parser(commands)

    check = commands.add_parser(
        "check-config",
        help="validate the settings and the workspace file",
        description="Validate the environment/.env settings and the workspace "
        "YAML; print every problem with its file and key.",
    )
    check.add_argument("--strict", action="store_true", help="exit 3 on warnings too")
    check.add_argument(
        "--online",
        action="store_true",
        help="also call each configured connector's platform once to check its token "
        "(docs/connectors.md); exit 3 when one is not ok",
    )
    return parser


def _add_restore(commands: Any) -> None:
    restore = commands.add_parser(
        "restore",
        help="put a backup in place of the database (with the bot stopped)",
        description="Check the backup (SQLite integrity check, socialpulse schema), keep the "
        "current database and its WAL aside as <db>.before-restore-<time>, copy the backup in "
        "atomically and check it again. Refused while the bot or another command has the "
        "database open.",
    )
    restore.add_argument(
        "backup", type=Path, metavar="BACKUP", help="a file made by `socialpulse backup`"
    )


# Commands that only read a file and print: they may run on the sample workspace.
_READS_ONLY = frozenset({"analyze", "evaluate"})


def _load(args: argparse.Namespace) -> tuple[Settings, Workspace]:
    settings = load_settings(args.env_file)
    overrides: dict[str, object] = {}
    if args.command == "demo" and "workspace" not in settings.model_fields_set:
        # The samples shipped with socialpulse, so the demo runs from any folder.
        overrides["workspace"] = sample_workspace()
    elif (
        args.command in _READS_ONLY
        and "workspace" not in settings.model_fields_set
        and not settings.workspace.exists()
    ):
        # Reading a file needs brands only for their voice and FAQ: without a workspace of
        # their own, a team can still try the engine on its comments, and is told so.
        overrides["workspace"] = sample_workspace()
        logging.getLogger(__name__).warning(
            "no workspace at %s: reading with the sample workspace's brands "
            "(--workspace FILE for yours)",
            settings.workspace,
        )
    if getattr(args, "config", None):
        overrides["workspace"] = args.config
    if args.workspace:
        overrides["workspace"] = args.workspace
    if args.db:
        overrides["db_path"] = args.db
        overrides["db_url"] = None  # the file named on the command line, not the URL
    if args.init_db:
        overrides["db_init"] = True
    if overrides:
        settings = settings.model_copy(update=overrides)
    return settings, load_workspace(settings.workspace)


def _secret_values(settings: Settings) -> list[str]:
    values = [
        value.get_secret_value()
        for value in settings.model_dump().values()
        if isinstance(value, SecretStr)
    ]
    if settings.db_url is not None:
        # The URL's password alone too: a message may quote it without the rest of the URL.
        values += url_secrets(settings.db_url.get_secret_value())
    return values


def _actor_name(args: argparse.Namespace) -> str:
    given = getattr(args, "by", None)
    return str(given or os.environ.get("SOCIALPULSE_USER") or getpass.getuser())


async def _with_store(settings: Settings, action: Callable[[Store], Awaitable[int]]) -> int:
    from bot.commands import expect_database

    expect_database(settings)
    store = await Store.open(settings.store_target)
    try:
        return await action(store)
    finally:
        await store.close()


def _log_level(args: argparse.Namespace, settings: Settings) -> str:
    if args.quiet:
        return "ERROR"
    if args.verbose:
        return "DEBUG" if args.verbose > 1 else "INFO"
    # One-shot commands print their own results; their log lines would only repeat them.
    return settings.log_level if args.command in ("run", "demo") else "WARNING"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.quiet and args.verbose:
        parser.error("--quiet and --verbose ask for opposite things; give one of them")
    # --quiet silences what a command prints on stdout; errors still go to stderr.
    console = Console(highlight=False, quiet=args.quiet)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if args.command == "check-config":
        from bot.commands import check_config

        return check_config(args, console, err)
    if args.command == "restore":
        return _restore(args, console, err)
    if args.command == "store":
        from bot.commands import store_copy

        return store_copy(args, console, err)
    if args.command == "learn":
        # Reads a file and prints proposals: no settings, workspace or database needed.
        return learn_command(args, err)
    try:
        settings, workspace = _load(args)
    except ConfigError as exc:
        err.print(f"[bold red]socialpulse cannot start:[/] {exc}", markup=True, highlight=False)
        return Exit.CONFIG
    from bot.connectors.publishing import environment, publishing_secrets
    from bot.logs import setup_logging

    secrets = _secret_values(settings) + publishing_secrets(workspace, environment())
    setup_logging(_log_level(args, settings), settings.log_format, secrets)
    from bot import commands
    from bot.ingest_cli import ingest_command

    if args.command == "backtest":
        return commands.backtest(args, workspace, console, err)
    if args.command == "analyze":
        return commands.analyze(workspace, args.file, args.json, console, err)
    if args.command == "evaluate":
        return evaluate_command(workspace, args, console, err)
    handlers: dict[str, Callable[[], Coroutine[Any, Any, int]]] = {
        "run": lambda: commands.run(settings, workspace, console, err, args.env_file),
        "demo": lambda: commands.demo(settings, workspace, console, args.show, args.dir),
        "insights": lambda: _with_store(
            settings,
            lambda store: insights_command(
                store, workspace, args.brand, utcnow(), console, err=err, as_json=args.json
            ),
        ),
        "hashtags": lambda: _with_store(
            settings,
            lambda store: hashtags_command(
                store, workspace, args.brand, args.text, utcnow(), console
            ),
        ),
        "summary": lambda: _with_store(
            settings, lambda store: commands.summary(store, workspace, settings, args, console, err)
        ),
        "backup": lambda: _with_store(
            settings, lambda store: commands.backup(store, args.path, console, err)
        ),
        "ingest": lambda: _with_store(
            settings,
            lambda store: ingest_command(
                store,
                settings,
                workspace,
                args.files,
                INGEST_KINDS[args.kind] if args.kind else None,
                console,
                err,
                process=args.process,
            ),
        ),
        "drafts": lambda: _with_store(
            settings,
            lambda store: commands.drafts(store, workspace, args, _actor_name(args), console, err),
        ),
        "alerts": lambda: _with_store(
            settings,
            lambda store: commands.alerts(store, workspace, args, _actor_name(args), console, err),
        ),
        "quarantine": lambda: _with_store(
            settings,
            lambda store: quarantine_command(store, workspace, args, utcnow(), console, err),
        ),
    }
    try:
        with translated(_database_of(args, settings)):
            return asyncio.run(handlers[args.command]())
    except ConfigError as exc:
        err.print(f"socialpulse cannot start: {exc}", markup=False)
        return Exit.CONFIG
    except StoreError as exc:
        err.print(f"socialpulse: {exc}", markup=False, highlight=False)
        return Exit.DATABASE
    except KeyboardInterrupt:
        return 130


def _database_of(args: argparse.Namespace, settings: Settings) -> Path:
    """The file a command works on, for naming it in an error."""
    if args.command == "demo":
        from bot.commands import demo_database

        return demo_database(args.dir)
    return settings.db_path


def _restore(args: argparse.Namespace, out: Console, err: Console) -> int:
    """`restore` needs the settings (where the database is), not a valid workspace."""
    try:
        settings = load_settings(args.env_file)
    except ConfigError as exc:
        err.print(f"socialpulse cannot start: {exc}", markup=False)
        return Exit.CONFIG
    from bot.commands import restore

    if settings.db_url is not None and not args.db:
        err.print(
            "socialpulse: the store is PostgreSQL (SOCIALPULSE_DB_URL): put a dump back with "
            "`pg_restore`; `socialpulse restore` puts back backups of the SQLite file",
            markup=False,
        )
        return Exit.DATABASE
    path = args.db or settings.db_path
    try:
        with translated(path):
            return restore(args.backup, path, out)
    except StoreError as exc:
        err.print(f"socialpulse: {exc}", markup=False, highlight=False)
        return Exit.FAILED if isinstance(exc, BackupRejected) else Exit.DATABASE


if __name__ == "__main__":
    sys.exit(main())
