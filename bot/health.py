"""`/healthz` and `/metrics` on a local port: is the bot alive, and what has it done."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.channel import Channel
from bot.pipeline import StepResult
from bot.store import Store

log = logging.getLogger(__name__)

# A follower that has not polled for this many poll intervals is considered stuck.
STUCK_AFTER_POLLS = 5


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
            "When each feed last delivered data",
            ["feed"],
            registry=r,
        )
        self.last_step = Gauge(
            "socialpulse_last_step_timestamp_seconds",
            "When the pipeline last completed a step",
            registry=r,
        )

    def count(self, result: StepResult) -> None:
        for kind, n in result.ingested.by_kind.items():
            self.ingested.labels(kind=kind).inc(n)
        self.restated.inc(result.ingested.updated)
        self.quarantined.inc(result.ingested.quarantined)
        self.analysed.inc(result.analysed)
        self.sent.inc(result.delivery.sent)
        self.failed.inc(result.delivery.failed)
        self.last_step.set(time.time())

    async def refresh(self, store: Store) -> None:
        """Read the gauges from the store (at scrape time, so they are never stale)."""
        for status, n in (await store.drafts.count_by_status()).items():
            self.drafts.labels(status=status).set(n)
        for state, n in (await store.alerts.counts()).items():
            self.alerts.labels(state=state).set(n)
        self.queue.set(await store.outbox.depth())
        for feed, at in (await store.feeds.last_seen()).items():
            self.last_seen.labels(feed=feed).set(datetime.fromisoformat(at).timestamp())


@dataclass(frozen=True, slots=True)
class Check:
    ok: bool
    detail: str


async def checks(
    store: Store,
    channels: Mapping[str, Channel],
    last_step: Callable[[], float | None],
    poll_interval: float,
) -> dict[str, Check]:
    """The health checks: feeds being polled, store writable, channels connected."""
    result: dict[str, Check] = {}
    stepped = last_step()
    if stepped is None:
        result["feeds"] = Check(False, "the pipeline has not completed a step yet")
    else:
        ago = time.monotonic() - stepped
        limit = max(poll_interval * STUCK_AFTER_POLLS, 30.0)
        result["feeds"] = Check(ago <= limit, f"last polled {ago:.1f} s ago (limit {limit:.0f} s)")
    try:
        async with store.db.transaction(attempts=1):
            pass
        result["store"] = Check(True, "writable")
    except Exception as exc:
        result["store"] = Check(False, f"not writable: {exc}")
    for name, channel in channels.items():
        connected = getattr(channel, "connected", True)
        result[f"channel:{name}"] = Check(bool(connected), "connected" if connected else "down")
    return result


def health_app(
    store: Store,
    channels: Mapping[str, Channel],
    metrics: Metrics,
    last_step: Callable[[], float | None],
    poll_interval: float,
) -> web.Application:
    async def healthz(_request: web.Request) -> web.Response:
        found = await checks(store, channels, last_step, poll_interval)
        ok = all(c.ok for c in found.values())
        body = {
            "status": "ok" if ok else "failing",
            "checks": {k: {"ok": c.ok, "detail": c.detail} for k, c in found.items()},
        }
        return web.Response(
            text=json.dumps(body), status=200 if ok else 503, content_type="application/json"
        )

    async def metrics_page(_request: web.Request) -> web.Response:
        await metrics.refresh(store)
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
