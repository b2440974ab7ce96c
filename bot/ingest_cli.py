"""The `ingest` command: import feed files once, say what was stored or refused, and perhaps
analyse it at once (--process)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from bot.clock import utcnow
from bot.config.workspace import Workspace
from bot.exits import Exit
from bot.feeds.detect import kind_of, kind_of_record
from bot.feeds.screen import Screen
from bot.ingest.dropfolder import import_file
from bot.ingest.follower import FileFollower
from bot.models import FeedKind
from bot.rendering import strip_controls
from bot.settings import Settings
from bot.store import IngestCounts, Leases, Store

__all__ = ["first_record", "ingest_command"]

# Enough for any one feed record (the store keeps at most 2,000 characters of a bad one).
_SNIFF_BYTES = 1 << 20
# The lease of the pipeline's ads stage: the worker holding it judges the ads.
_ADS_SCHEDULE = "schedule:ads"
_KIND_WORDS = {
    "comments": "comments",
    "posts": "organic posts",
    "profiles": "profile snapshots",
    "ad_metrics": "ad-metric rows",
}


@dataclass(frozen=True, slots=True)
class Imported:
    """One file read: what it held, how that was told, and what became of its records."""

    path: Path
    kind: FeedKind
    told_by: str
    counts: IngestCounts


def first_record(path: Path) -> str | None:
    """The file's first non-blank line, or None when it starts with none (or is not text)."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    text = head.decode("utf-8-sig", errors="replace")
    return next((line for line in text.splitlines() if line.strip()), None)


def _kind(path: Path, given: FeedKind | None) -> tuple[FeedKind | None, str]:
    if given is not None:
        return given, "--kind"
    named = kind_of(path)
    if named is not None:
        return named, "name"
    line = first_record(path)
    found = kind_of_record(line) if line is not None else None
    return found, "first record"


def _say(out: Console, line: str) -> None:
    out.print(Text(strip_controls(line)), soft_wrap=True)


def _table(done: list[Imported]) -> Table:
    table = Table(title="Import", title_justify="left", show_edge=False, header_style="bold")
    table.add_column("file", overflow="fold", ratio=1)
    table.add_column("holds", overflow="fold")
    for name in ("stored", "updated", "duplicate", "quarantined"):
        table.add_column(name, justify="right", no_wrap=True)
    for item in done:
        counts = item.counts
        table.add_row(
            Text(strip_controls(item.path.name)),
            f"{item.kind} (by {item.told_by})",
            f"{counts.stored:,}",
            f"{counts.updated:,}",
            f"{counts.duplicate:,}",
            f"{counts.quarantined:,}",
        )
    return table


def _stored(total: IngestCounts) -> str:
    parts = [
        f"{n:,} {_KIND_WORDS.get(kind, kind)}" for kind, n in sorted(total.by_kind.items()) if n
    ]
    if total.updated:
        parts.append(f"{total.updated:,} updated (restated rows, new post metrics)")
    return "stored " + (", ".join(parts) if parts else "nothing new")


async def _import(store: Store, path: Path, kind: FeedKind, screen: Screen) -> IngestCounts:
    if kind == "ad_metrics":
        return await import_file(store.feeds, path, checkpoint=False, screen=screen)
    return await FileFollower(path, kind, store.feeds, resume=False, screen=screen).poll()


async def _process(
    store: Store, settings: Settings, workspace: Workspace
) -> tuple[int, int, int | str]:
    """One analysis of every comment not yet analysed and one evaluation of the ads, as a
    step of `run` does them; returns (comments analysed, review requests, alerts moved), the
    last the id of the running worker that judges the ads instead when one holds their
    schedule. Notices are queued in the outbox for the running bot to send; nothing is sent
    here."""
    from bot.assembly import alert_manager, build_pipeline
    from bot.delivery import Deliverer
    from bot.publisher import OutboxFilePublisher

    pipeline = build_pipeline(
        store,
        workspace,
        alert_manager(store, workspace),
        # Never called: this step neither delivers nor publishes.
        deliverer=Deliverer(store.outbox, {}),
        publisher=OutboxFilePublisher(settings.outbox_path),
        clock=utcnow,
        engine_process=False,
    )
    try:
        analysed, queued = await pipeline.engage()
        # A running bot judging the ads now too could announce a change twice: it has them.
        if await pipeline.worker.holds(_ADS_SCHEDULE):
            moved: int | str = await pipeline.evaluate_ads(force=True)
        else:
            moved = await _ads_holder(store)
    finally:
        await pipeline.close()
    return analysed, queued, moved


async def _ads_holder(store: Store) -> str:
    """The worker holding the ads schedule (a running `socialpulse run`)."""
    now = utcnow()
    for lease in await Leases.of(store).all():
        if lease.name == _ADS_SCHEDULE and lease.expires_at >= now:
            return lease.holder
    return "another worker"


def _ads_said(moved: int | str) -> str:
    if isinstance(moved, int):
        return f"ads evaluated: {moved:,} alert(s) changed state."
    return (
        f"ads not evaluated here: the running bot (worker {moved}) holds the ads schedule "
        f"({_ADS_SCHEDULE}) and judges the new rows at its next step."
    )


async def ingest_command(
    store: Store,
    settings: Settings,
    workspace: Workspace,
    files: list[Path],
    kind: FeedKind | None,
    out: Console,
    err: Console,
    *,
    process: bool = False,
) -> int:
    """Import each file once; 1 if a file is missing, 5 if a file or lines were refused."""
    # Records of brands the workspace does not have, or dated ahead of now, are quarantined.
    screen = Screen(frozenset(brand.id for brand in workspace.brands))
    done: list[Imported] = []
    missing = refused = 0
    for path in files:
        if not path.is_file():
            err.print(f"{path}: no such file", markup=False, highlight=False)
            missing += 1
            continue
        found, told_by = _kind(path, kind)
        if found is None:
            err.print(
                f"{path}: cannot tell which feed this is: its name has none of comments, "
                "posts or profiles (nor ends in .csv) and its first record has none of their "
                "fields; give --kind comments|posts|profiles|ad-metrics",
                markup=False,
                highlight=False,
            )
            refused += 1
            continue
        done.append(Imported(path, found, told_by, await _import(store, path, found, screen)))
    total = IngestCounts()
    for item in done:
        total.add(item.counts)
    if done:
        out.print(_table(done))
        _say(out, _stored(total) + ".")
    if total.quarantined:
        where = ", ".join(item.path.name for item in done if item.counts.quarantined)
        err.print(
            f"{total.quarantined:,} record(s) refused and quarantined ({where}; a whole file "
            "refused counts once): see `socialpulse quarantine list`",
            markup=False,
            highlight=False,
        )
    analysable = total.by_kind.get("comments", 0) + total.by_kind.get("ad_metrics", 0)
    if process:
        analysed, queued, moved = await _process(store, settings, workspace)
        _say(
            out,
            f"analysed {analysed:,} comment(s): {queued:,} review request(s) queued; "
            f"{_ads_said(moved)} The running bot sends what is "
            "queued; see `socialpulse drafts list` and `socialpulse alerts list`.",
        )
    elif analysable or total.updated:
        _say(
            out,
            "Drafts and alerts come when the comments and ad metrics are analysed: a running "
            "`socialpulse run` picks them up, or do it now with `socialpulse ingest --process "
            "FILE…` (the records already stored are not stored twice).",
        )
    if missing:
        return Exit.FAILED
    if refused or total.quarantined:
        return Exit.REFUSED
    return Exit.OK
