"""`/healthz` and `/metrics` on a local port: the state of each part, and what the bot has done."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.feed_names import FeedNames
from bot.health_state import HealthState
from bot.pipeline import StepResult
from bot.smo.llm.drafter import LlmOutcome
from bot.store import Store
from bot.workers import Worker, worker_gauges

__all__ = [
    "METRICS_READ_SECONDS",
    "HealthServer",
    "Metrics",
    "Probe",
    "health_app",
]

log = logging.getLogger(__name__)

# /metrics reads its gauges from the store; a store that does not answer in this long (locked
# by another process, say) leaves them at their last values rather than hold the scrape.
METRICS_READ_SECONDS = 2.0


class Metrics:
    """Prometheus series of one running bot, in a registry of its own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.ingested = Counter(
            "socialpulse_records_ingested", "Feed records stored", ["kind"], registry=r
        )
        self.restated = Counter(
            "socialpulse_records_restated", "Ad rows updated by a restatement", registry=r
        )
        self.quarantined = Counter(
            "socialpulse_records_quarantined", "Records quarantined", registry=r
        )
        self.analysed = Counter("socialpulse_comments_analysed", "Comments analysed", registry=r)
        self.sent = Counter("socialpulse_notifications_sent", "Notices delivered", registry=r)
        self.failed = Counter("socialpulse_notifications_failed", "Notices given up on", registry=r)
        self.drafts = Gauge("socialpulse_drafts", "Drafts by status", ["status"], registry=r)
        self.alerts = Gauge("socialpulse_alerts", "Alerts by state", ["state"], registry=r)
        self.queue = Gauge("socialpulse_queue_depth", "Notices waiting to be sent", registry=r)
        self.last_seen = Gauge(
            "socialpulse_feed_last_seen_timestamp_seconds",
            "When each configured feed last delivered data (the drop folder counts as one)",
            ["feed"],
            registry=r,
        )
        self.last_step = Gauge(
            "socialpulse_last_step_timestamp_seconds",
            "When the pipeline last made progress (a batch, a feed chunk, a step)",
            registry=r,
        )
        self.llm_requests = Counter(
            "socialpulse_llm_drafts",
            "Reply drafts the language model was asked for, by outcome (ok: its reply is used)",
            ["outcome"],
            registry=r,
        )
        self.llm_fallbacks = Counter(
            "socialpulse_llm_fallbacks",
            "Template drafts kept because the language model's reply failed, by reason",
            ["reason"],
            registry=r,
        )
        self.llm_seconds = Histogram(
            "socialpulse_llm_request_seconds",
            "Time the language model took to answer (answers that came back, any status)",
            buckets=(0.25, 0.5, 1, 2, 4, 8, 15, 30, 60),
            registry=r,
        )
        self.llm_tokens = Counter(
            "socialpulse_llm_tokens", "Tokens the language model reported", ["kind"], registry=r
        )

    def llm(self, outcome: LlmOutcome) -> None:
        """One language-model draft: its outcome, latency and tokens."""
        self.llm_requests.labels(outcome=outcome.code).inc()
        if not outcome.used:
            self.llm_fallbacks.labels(reason=outcome.code).inc()
        if outcome.seconds is not None:
            self.llm_seconds.observe(outcome.seconds)
        self.llm_tokens.labels(kind="prompt").inc(outcome.prompt_tokens)
        self.llm_tokens.labels(kind="completion").inc(outcome.completion_tokens)

    def count(self, result: StepResult) -> None:
        for kind, n in result.ingested.by_kind.items():
            self.ingested.labels(kind=kind).inc(n)
        self.restated.inc(result.ingested.updated)
        self.quarantined.inc(result.ingested.quarantined)
        self.analysed.inc(result.analysed)
        self.sent.inc(result.delivery.sent)
        self.failed.inc(result.delivery.failed)

    async def refresh(self, store: Store, feeds: FeedNames, health: HealthState) -> None:
        """Read the gauges (at scrape time, so they are never stale)."""
        if health.last_progress is not None:
            self.last_step.set(health.last_progress)
        for status, n in (await store.drafts.count_by_status()).items():
            self.drafts.labels(status=status).set(n)
        for state, n in (await store.alerts.counts()).items():
            self.alerts.labels(state=state).set(n)
        self.queue.set(await store.outbox.depth())
        seen: dict[str, float] = {}
        for source, at in (await store.feeds.last_seen()).items():
            name = feeds.of(source)
            if name is not None:
                seen[name] = max(seen.get(name, 0.0), datetime.fromisoformat(at).timestamp())
        for name, stamp in seen.items():
            self.last_seen.labels(feed=name).set(stamp)


def _free_bytes(folder: Path) -> int | None:
    """Free space for this user on the disk holding `folder` (or its nearest existing parent)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _outbox_writable(path: Path) -> tuple[OSError | None, int | None]:
    """Can a reply be appended to the outbox file (or the file be made where it belongs)?"""
    try:
        if path.exists():
            with path.open("a", encoding="utf-8"):
                pass
        else:
            folder = path.parent
            while not folder.exists() and folder != folder.parent:
                folder = folder.parent
            with tempfile.TemporaryFile(dir=folder):
                pass
        return None, _free_bytes(path.parent)
    except OSError as exc:
        return exc, None


class Probe:
    """Every few seconds: does the store take a write, can the outbox file be appended to,
    and how much disk is left under each. Results go to the health state."""

    def __init__(self, store: Store, outbox: Path, health: HealthState) -> None:
        self._store = store
        self._outbox = outbox
        self._health = health

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self.once()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._health.limits.probe_every)

    async def once(self) -> None:
        self._health.store_probe_started()
        # Shielded: the write runs to its end even if the probe is cancelled at shutdown.
        error = await asyncio.shield(self._write())
        free = await asyncio.to_thread(_free_bytes, self._store.folder)
        self._health.store_probed(error, free)
        self._health.outbox_probed(*await asyncio.to_thread(_outbox_writable, self._outbox))

    async def _write(self) -> Exception | None:
        try:
            await self._store.probe_write()
        except Exception as exc:
            return exc
        return None


def health_app(
    health: HealthState,
    metrics: Metrics,
    store: Store,
    feeds: FeedNames,
    connectors: Callable[[], dict[str, Any]] | None = None,
    worker: Worker | None = None,
) -> web.Application:
    """`/healthz` answers from memory (never waits on the database); `/metrics` reads the
    store for at most METRICS_READ_SECONDS. `connectors`: what each comment connector last
    did, shown on `/healthz` (its webhook routes are added to the app by the caller)."""

    async def healthz(_request: web.Request) -> web.Response:
        checks = health.report()
        ok = health.healthy(checks)
        failing = sorted(name for name, check in checks.items() if not check.ok)
        body = {
            "status": "stopping" if health.is_stopping else "ok" if ok else "failing",
            "failing": failing,
            "checks": {name: check.as_json() for name, check in checks.items()},
        }
        if connectors is not None:
            body["connectors"] = connectors()
        if worker is not None:
            body["worker"] = worker.report()
        return web.Response(
            text=json.dumps(body), status=200 if ok else 503, content_type="application/json"
        )

    worker_series = worker_gauges(metrics.registry, worker) if worker is not None else None

    async def metrics_page(_request: web.Request) -> web.Response:
        if worker_series is not None:
            worker_series()
        try:
            await asyncio.wait_for(metrics.refresh(store, feeds, health), METRICS_READ_SECONDS)
        except TimeoutError:
            log.warning("metrics: the store did not answer; gauges keep their last values")
        return web.Response(
            body=generate_latest(metrics.registry), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_page)
    return app


class HealthServer:
    """Owns the aiohttp runner; `port` is the bound port (useful when asked for port 0)."""

    def __init__(self, app: web.Application, host: str, port: int) -> None:
        self._runner = web.AppRunner(app, access_log=None)
        self._host = host
        self._port = port
        self.port = port

    async def start(self) -> None:
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        if sockets:
            self.port = int(sockets[0].getsockname()[1])
        log.info("health endpoint listening host=%s port=%d", self._host, self.port)

    async def close(self) -> None:
        await self._runner.cleanup()
