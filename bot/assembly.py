"""The bot's parts built in one place: the alert manager and pipeline of `run` and `ingest`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from bot.alerting.manager import AlertManager
from bot.config.workspace import Workspace
from bot.delivery import Deliverer
from bot.engine_setup import ad_alert_source, engagement_engine
from bot.feed_names import FeedNames
from bot.health_state import HealthState
from bot.ingest.dropfolder import DropFolder
from bot.ingest.follower import FileFollower
from bot.pipeline import Periodic, Pipeline
from bot.publisher import Publisher
from bot.smm.engine import INHIBITS
from bot.smo.llm.drafter import LlmDrafter
from bot.store import Store
from bot.workers import Worker

__all__ = ["alert_manager", "build_pipeline"]


def alert_manager(store: Store, workspace: Workspace) -> AlertManager:
    """The ad engine's alerts through the workspace's routing tree, inhibitions and mutes."""
    source = ad_alert_source(store, workspace)
    return AlertManager(store, workspace.routing_tree, source, INHIBITS, workspace.muted)


def build_pipeline(
    store: Store,
    workspace: Workspace,
    alerts: AlertManager,
    *,
    deliverer: Deliverer,
    publisher: Publisher,
    clock: Callable[[], datetime],
    followers: Sequence[FileFollower] = (),
    drop_folder: DropFolder | None = None,
    briefs: bool = False,
    periodic: Sequence[Periodic] = (),
    engine_process: bool = True,
    health: HealthState | None = None,
    feed_names: FeedNames | None = None,
    redrafter: LlmDrafter | None = None,
    worker: Worker | None = None,
) -> Pipeline:
    """The stages over one store: the workspace's engagement engine (``briefs``: with what a
    language model needs to redraft) and ``alerts`` as the ads stage."""
    return Pipeline(
        store=store,
        followers=followers,
        drop_folder=drop_folder,
        engagement=engagement_engine(workspace, briefs=briefs),
        deliverer=deliverer,
        publisher=publisher,
        clock=clock,
        ad_stage=alerts,
        periodic=periodic,
        engine_process=engine_process,
        health=health,
        feed_names=feed_names,
        redrafter=redrafter,
        worker=worker,
    )
