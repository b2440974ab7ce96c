"""Wiring: settings + workspace → store, feeds, engines, alert manager, channels, pipeline."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from bot.alerting.manager import AlertManager
from bot.channel import Channel
from bot.config_errors import ConfigError, ConfigProblem
from bot.delivery import Deliverer
from bot.engines import ad_alert_source, engagement_engine
from bot.feeds.screen import Screen
from bot.health import HealthServer, Metrics, health_app
from bot.ingest.dropfolder import DropFolder
from bot.ingest.follower import FileFollower
from bot.pipeline import Periodic, Pipeline
from bot.publisher import OutboxFilePublisher
from bot.responses import remind_overdue
from bot.settings import Settings
from bot.smm.engine import INHIBITS
from bot.store import Store
from bot.summary import SummaryScheduler
from bot.workspace import Workspace

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
SLA_CHECK_SECONDS = 60.0
SUMMARY_CHECK_SECONDS = 60.0


@dataclass(slots=True)
class Runtime:
    """Everything a running socialpulse owns; `close` releases it in reverse order."""

    settings: Settings
    workspace: Workspace
    store: Store
    channels: Mapping[str, Channel]
    alerts: AlertManager
    pipeline: Pipeline
    health_port: int = 0

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
                await channel.close()
            except Exception:
                log.exception("channel close failed channel=%s", channel.name)
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
) -> Runtime:
    """Open the store, then build the channels (their listeners act on the store)."""
    store = await Store.open(db_path or settings.db_path, clock)
    nudge = _Nudge()
    try:
        channels = channel_factory(store, nudge)
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
    source = ad_alert_source(store, workspace, str(settings.workspace))
    alerts = AlertManager(store, workspace.routing_tree, source, INHIBITS, workspace.muted)
    pipeline = Pipeline(
        store=store,
        followers=followers,
        drop_folder=drop,
        engagement=engagement_engine(workspace),
        deliverer=Deliverer(store.outbox, channels),
        publisher=OutboxFilePublisher(settings.outbox_path),
        clock=clock,
        ad_stage=alerts,
        periodic=[
            Periodic("sla", SLA_CHECK_SECONDS, partial(remind_overdue, store, workspace)),
            Periodic(
                "summaries",
                SUMMARY_CHECK_SECONDS,
                SummaryScheduler(store, workspace, settings.chart_dir).step,
            ),
        ],
    )
    nudge.target = pipeline.nudge
    return Runtime(settings, workspace, store, channels, alerts, pipeline)


def longest_hold(workspace: Workspace) -> timedelta:
    """How long a new alert can take to be announced: the longest group_wait in the tree."""
    return max((route.group_wait for route in workspace.routing_tree.walk()), default=timedelta(0))


async def run_until_stopped(
    runtime: Runtime, stop: asyncio.Event, started: asyncio.Event | None = None
) -> None:
    """Serve until `stop`; then stop taking work, drain queued notices (bounded), return."""
    interval = runtime.workspace.feeds.poll_interval.total_seconds()
    metrics = Metrics()
    runtime.pipeline.observers.append(metrics.count)
    health = HealthServer(
        health_app(
            runtime.store,
            runtime.channels,
            metrics,
            lambda: runtime.pipeline.last_step_at,
            interval,
        ),
        runtime.settings.http_host,
        runtime.settings.http_port,
    )
    await health.start()
    runtime.health_port = health.port
    try:
        await runtime.start_channels()
        await runtime.pipeline.ready()
        log.info(
            "socialpulse running feeds=%d receivers=%d poll_interval=%.1fs health_port=%d",
            len(runtime.workspace.feeds.watch),
            len(runtime.channels),
            interval,
            health.port,
        )
        if started is not None:
            started.set()
        await runtime.pipeline.run(stop, poll_interval=interval)
        log.info(
            "stopping: draining queued notices for at most %.0f s",
            runtime.settings.shutdown_seconds,
        )
        # Whatever is still queued after the bound stays in the store for the next start.
        try:
            await asyncio.wait_for(
                runtime.pipeline.deliver_pending(), timeout=runtime.settings.shutdown_seconds
            )
        except TimeoutError:
            log.warning("shutdown drain cut short; the rest stays queued for the next start")
    finally:
        await health.close()
