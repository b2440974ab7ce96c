"""Wiring: settings + workspace → store, feeds, engines, alert manager, channels, pipeline."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bot.alerting.manager import AlertManager
from bot.assembly import alert_manager, build_pipeline
from bot.channel import Channel
from bot.config.errors import ConfigError, ConfigProblem
from bot.config.workspace import Workspace
from bot.connectors.ads_pull import AdPulls, ads_secrets
from bot.connectors.inbound import CommentConnectors, inbound_secrets
from bot.connectors.publishing import Publishing, build_publishing, environment, publishing_secrets
from bot.connectors.secrets import Secrets
from bot.delivery import Deliverer
from bot.engine_setup import llm_drafter
from bot.feed_names import FeedNames
from bot.feeds.screen import Screen
from bot.health import HealthServer, Metrics, Probe, health_app
from bot.health_state import HealthLimits, HealthState
from bot.ingest.dropfolder import DropFolder
from bot.ingest.follower import FileFollower
from bot.logs import RedactingFilter
from bot.pipeline import Periodic, Pipeline
from bot.publisher import OutboxFilePublisher
from bot.responses import remind_overdue
from bot.settings import Settings
from bot.store import Store
from bot.summary.service import SummaryScheduler
from bot.workers import Worker

__all__ = [
    "CLOSE_RESERVE_SECONDS",
    "SLA_CHECK_SECONDS",
    "SUMMARY_CHECK_SECONDS",
    "ChannelFactory",
    "Clock",
    "Runtime",
    "build_runtime",
    "channel_problems",
    "check_channels",
    "longest_hold",
    "run_until_stopped",
]

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
SLA_CHECK_SECONDS = 60.0
SUMMARY_CHECK_SECONDS = 60.0
# Of the shutdown budget, what is kept for closing the channels, the engine and the store
# after the last notice is sent (at most this, and never more than a quarter of it).
CLOSE_RESERVE_SECONDS = 5.0


@dataclass(slots=True)
class Runtime:
    """Everything a running socialpulse owns; `close` releases it in reverse order."""

    settings: Settings
    workspace: Workspace
    store: Store
    channels: Mapping[str, Channel]
    alerts: AlertManager
    pipeline: Pipeline
    health: HealthState
    feed_names: FeedNames
    health_port: int = 0
    publishing: Publishing | None = None
    connectors: CommentConnectors | None = None
    ad_pulls: AdPulls | None = None

    def unique_channels(self) -> list[Channel]:
        """Each channel once, though one may serve several receivers."""
        seen: dict[int, Channel] = {}
        for channel in self.channels.values():
            seen.setdefault(id(channel), channel)
        return list(seen.values())

    async def start_channels(self) -> None:
        for channel in self.unique_channels():
            await channel.start()

    async def close(self) -> None:
        for channel in self.unique_channels():
            try:
                # Bounded: a channel that hangs on close must not hold the shutdown.
                await asyncio.wait_for(channel.close(), CLOSE_RESERVE_SECONDS)
            except TimeoutError:
                # The console waits for a print the terminal has not taken: it is dropped.
                log.warning(
                    "channel close gave up after %.0fs channel=%s",
                    CLOSE_RESERVE_SECONDS,
                    channel.name,
                )
            except Exception:
                log.exception("channel close failed channel=%s", channel.name)
        if self.publishing is not None:
            await self.publishing.close()
        await self.store.close()


def channel_problems(settings: Settings, workspace: Workspace, file: str) -> list[ConfigProblem]:
    """Receivers the settings cannot serve (a Slack channel with no Slack token, say)."""
    problems: list[ConfigProblem] = []
    for index, receiver in enumerate(workspace.receivers):
        if receiver.kind == "slack" and not settings.slack_enabled:
            problems.append(
                ConfigProblem(
                    file,
                    f"receivers[{index}]",
                    f"receiver {receiver.name!r} is a Slack channel but SLACK_BOT_TOKEN is not set",
                )
            )
        if receiver.kind == "telegram" and not settings.telegram_enabled:
            problems.append(
                ConfigProblem(
                    file,
                    f"receivers[{index}]",
                    f"receiver {receiver.name!r} is a Telegram chat but TELEGRAM_BOT_TOKEN is not "
                    "set",
                )
            )
    return problems


def check_channels(settings: Settings, workspace: Workspace) -> None:
    problems = channel_problems(settings, workspace, str(settings.workspace))
    if problems:
        raise ConfigError(problems)


ChannelFactory = Callable[[Store, Callable[[], None]], Mapping[str, Channel]]


class _Nudge:
    """Lets channels built before the pipeline wake it once it exists."""

    def __init__(self) -> None:
        self.target: Callable[[], None] | None = None

    def __call__(self) -> None:
        if self.target is not None:
            self.target()


async def build_runtime(
    settings: Settings,
    workspace: Workspace,
    channel_factory: ChannelFactory,
    clock: Clock,
    db_path: Path | None = None,
    health_limits: HealthLimits | None = None,
    env_file: Path | None = Path(".env"),
) -> Runtime:
    """Open the store, then build the channels (their listeners act on the store)."""
    store = await Store.open(db_path or settings.store_target, clock)
    worker = Worker(store, settings.worker_id, timedelta(seconds=settings.lease_seconds))
    nudge = _Nudge()
    # Connector secrets are read once: the environment wins over `.env`.
    env = environment(env_file)
    try:
        channels = channel_factory(store, nudge)
        # Drafts of a brand and platform with a publishing account go to that platform; the
        # rest to the outbox file.
        publishing = await build_publishing(
            workspace,
            store,
            OutboxFilePublisher(settings.outbox_path),
            env,
            str(settings.workspace),
            worker=worker,
        )
    except BaseException:
        await store.close()
        raise
    screen = Screen(frozenset(brand.id for brand in workspace.brands), clock)
    followers = [
        FileFollower(watched.path, watched.kind, store.feeds, screen=screen)
        for watched in workspace.feeds.watch
    ]
    drop = (
        DropFolder(workspace.feeds.drop_folder, store.feeds, screen)
        if workspace.feeds.drop_folder
        else None
    )
    feed_names = FeedNames(
        settings.workspace.parent,
        [watched.path for watched in workspace.feeds.watch],
        workspace.feeds.drop_folder,
    )
    secrets = (
        _secrets(settings)
        + publishing_secrets(workspace, env)
        + inbound_secrets(workspace.comments_in, Secrets(env))
        + ads_secrets(workspace.ads_in, Secrets(env))
    )
    health = HealthState(health_limits, RedactingFilter(secrets).redact)
    connectors = (
        CommentConnectors(workspace.comments_in, store, screen, clock, Secrets(env), nudge)
        if workspace.comments_in.enabled
        else None
    )
    ad_pulls = (
        AdPulls(workspace.ads_in, store.feeds, clock, Secrets(env))
        if workspace.ads_in.enabled
        else None
    )
    alerts = alert_manager(store, workspace)
    pipeline = build_pipeline(
        store,
        workspace,
        alerts,
        followers=followers,
        drop_folder=drop,
        briefs=settings.llm_enabled,
        deliverer=Deliverer(store.outbox, channels, health, worker=worker),
        publisher=publishing,
        clock=clock,
        periodic=[
            Periodic("sla", SLA_CHECK_SECONDS, partial(remind_overdue, store, workspace)),
            Periodic(
                "summaries",
                SUMMARY_CHECK_SECONDS,
                SummaryScheduler(store, workspace, settings.chart_dir).step,
            ),
        ],
        health=health,
        feed_names=feed_names,
        redrafter=llm_drafter(settings),
        worker=worker,
    )
    nudge.target = pipeline.nudge
    return Runtime(
        settings,
        workspace,
        store,
        channels,
        alerts,
        pipeline,
        health,
        feed_names,
        publishing=publishing,
        connectors=connectors,
        ad_pulls=ad_pulls,
    )


def _secrets(settings: Settings) -> list[str]:
    return [
        value.get_secret_value()
        for value in settings.model_dump().values()
        if isinstance(value, SecretStr)
    ]


def longest_hold(workspace: Workspace) -> timedelta:
    """How long a new alert can take to be announced: the longest group_wait in the tree."""
    return max((route.group_wait for route in workspace.routing_tree.walk()), default=timedelta(0))


async def run_until_stopped(
    runtime: Runtime, stop: asyncio.Event, started: asyncio.Event | None = None
) -> None:
    """Serve until `stop`; then take no new work, send queued notices until the shutdown
    budget (SOCIALPULSE_SHUTDOWN_SECONDS, counted from the stop) less the time kept for
    closing, and return. What is not sent by then stays queued for the next start."""
    loop = asyncio.get_running_loop()
    interval = runtime.workspace.feeds.poll_interval.total_seconds()
    budget = runtime.settings.shutdown_seconds
    reserve = min(CLOSE_RESERVE_SECONDS, budget / 4)
    metrics = Metrics()
    runtime.pipeline.observers.append(metrics.count)
    if runtime.pipeline.redrafter is not None:
        runtime.pipeline.redrafter.observers.append(metrics.llm)
    await _watch_feeds(runtime)
    connectors = runtime.connectors
    app = health_app(
        runtime.health,
        metrics,
        runtime.store,
        runtime.feed_names,
        _connector_report(connectors, runtime.ad_pulls, runtime.publishing),
        worker=runtime.pipeline.worker,
    )
    if connectors is not None:
        connectors.mount(app)
    health = HealthServer(app, runtime.settings.http_host, runtime.settings.http_port)
    await health.start()
    runtime.health_port = health.port
    probe = Probe(runtime.store, runtime.settings.outbox_path, runtime.health)
    tasks: list[asyncio.Task[None]] = []
    try:
        await runtime.start_channels()
        await runtime.pipeline.ready()
        log.info(
            "socialpulse running worker=%s feeds=%d receivers=%d poll_interval=%.1fs"
            " health_port=%d",
            runtime.pipeline.worker.id,
            len(runtime.workspace.feeds.watch),
            len(runtime.channels),
            interval,
            health.port,
        )
        if started is not None:
            started.set()
        tasks.append(asyncio.create_task(probe.run(stop), name="socialpulse-probe"))
        # The polling connectors and the ad pulls keep cursors: one worker at a time runs them.
        worker = runtime.pipeline.worker
        if connectors is not None:
            for lease, polls in connectors.loops().items():
                polling = worker.while_holding(lease, polls, stop)
                tasks.append(asyncio.create_task(polling, name=f"socialpulse-{lease}"))
        if runtime.ad_pulls is not None:
            pulls = worker.while_holding("ad-pulls", runtime.ad_pulls.run, stop)
            tasks.append(asyncio.create_task(pulls, name="socialpulse-ads"))
        work = asyncio.create_task(
            # The worker lets go of its leases below, once the pollers under them stopped.
            runtime.pipeline.run(
                stop, poll_interval=interval, drain_seconds=budget - reserve, let_go=False
            ),
            name="socialpulse-pipeline",
        )
        tasks.append(work)
        stopped = asyncio.ensure_future(stop.wait())
        await asyncio.wait({work, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if not work.done():
            asked = loop.time()
            log.info(
                "stopping: no new work; sending queued notices for at most %.0f s",
                budget - reserve,
            )
            # The pipeline ends by itself after the drain; cancelling it is the last resort.
            await asyncio.wait({work}, timeout=budget - reserve / 2)
            if not work.done():
                log.error("shutdown overran %.0f s; cutting the pipeline short", budget)
            log.info("pipeline stopped seconds=%.1f", loop.time() - asked)
        await _finish(tasks, grace=1.0 if work.done() else 0.0)
        if not work.cancelled():
            work.result()  # a pipeline that crashed: its error goes on up
    finally:
        await _finish(tasks, grace=0.0)
        await runtime.pipeline.worker.close()
        await health.close()


def _connector_report(
    comments: CommentConnectors | None, ads: AdPulls | None, publishing: Publishing | None = None
) -> Callable[[], dict[str, Any]] | None:
    """What /healthz shows of the comment connectors, the ad pulls and publishing accounts."""
    parts = [part.report for part in (comments, ads, publishing) if part is not None]
    if not parts:
        return None
    return lambda: {name: state for part in parts for name, state in part().items()}


async def _finish(tasks: list[asyncio.Task[None]], grace: float) -> None:
    """Give the tasks `grace` seconds more, then cancel what is left and wait for it."""
    pending = [task for task in tasks if not task.done()]
    if pending and grace > 0:
        await asyncio.wait(pending, timeout=grace)
    for task in pending:
        if not task.done():
            task.cancel()
    for task in pending:
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _watch_feeds(runtime: Runtime) -> None:
    """List every configured feed in the health state, with when it last delivered data."""
    names = runtime.feed_names
    for source, at in (await runtime.store.feeds.last_seen()).items():
        name = names.of(source)
        if name is not None:
            runtime.health.watch_feed(name, datetime.fromisoformat(at).timestamp())
    for name in names.names:
        runtime.health.watch_feed(name)
