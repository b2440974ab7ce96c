"""What each part of a running bot last did, kept in memory so `/healthz` answers at once."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

__all__ = ["Check", "HealthLimits", "HealthState", "Track", "error_name"]

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class HealthLimits:
    """When a part counts as down (seconds unless named otherwise)."""

    # The run loop must show progress (a batch, a feed chunk, an idle poll) this often.
    liveness: float = 60.0
    # A channel whose sends have failed, with no success since, for this long is down.
    channel_failing: float = 120.0
    # A stage (ingest, engage, publish…) or a feed failing this long is down.
    stage_failing: float = 60.0
    # A write probe of the store still waiting after this long: the database is not answering.
    store_waiting: float = 3.0
    # Less free space than this where the database or the outbox lives counts as a full disk.
    min_free_bytes: int = 64 * _MB
    # How often the store and the outbox file are probed.
    probe_every: float = 5.0


@dataclass(frozen=True, slots=True)
class Check:
    """One part's state as `/healthz` reports it."""

    ok: bool
    detail: str
    facts: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "detail": self.detail, **self.facts}


def error_name(exc: BaseException) -> str:
    """The error's class, and the class of what caused it (`SlackCallError from
    ClientConnectorError`): what happened, never a value that could hold a secret."""
    cause = exc.__cause__
    if cause is None:
        return type(exc).__name__
    return f"{type(exc).__name__} from {type(cause).__name__}"


def _iso(at: float | None) -> str | None:
    if at is None:
        return None
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds")


@dataclass(slots=True)
class Track:
    """Successes and failures of one part: when it last worked, and what has failed since."""

    last_ok: float | None = None
    last_error_at: float | None = None
    error: str = ""
    reason: str = ""
    # Monotonic time of the first failure since the last success (None while it works).
    failing_since: float | None = None

    def succeeded(self, wall: float) -> None:
        self.last_ok = wall
        self.failing_since = None

    def failed(
        self, wall: float, monotonic: float, error: str, reason: str, down: bool = True
    ) -> None:
        """Note a failure; `down` False for one that says nothing of the part (a notice the
        platform refused as written): it is shown, but starts no failing streak."""
        self.last_error_at = wall
        self.error = error
        self.reason = reason
        if down and self.failing_since is None:
            self.failing_since = monotonic

    def failing_for(self, monotonic: float) -> float | None:
        return None if self.failing_since is None else monotonic - self.failing_since

    def facts(self) -> dict[str, Any]:
        return {
            "last_success": _iso(self.last_ok),
            "last_error": _iso(self.last_error_at),
            "error": self.error or None,
        }

    def check(self, monotonic: float, limit: float, idle: str) -> Check:
        """Down once failing for longer than `limit`; `idle` describes a part never used."""
        failing = self.failing_for(monotonic)
        if failing is None:
            detail = "working" if self.last_ok is not None else idle
            if self.last_error_at is not None:
                detail += f" (last error: {self.error})"
            return Check(True, detail, self.facts())
        return Check(
            failing <= limit,
            f"failing for {failing:.0f} s (down after {limit:.0f} s): {self.error}: {self.reason}",
            self.facts(),
        )


@dataclass(slots=True)
class _Probe:
    """The last write probe of the store or of the outbox file."""

    started: float | None = None
    error: str = ""
    reason: str = ""
    free_bytes: int | None = None
    checked_at: float | None = None


@dataclass(slots=True)
class _Feed:
    read: Track = field(default_factory=Track)
    last_data: float | None = None


class HealthState:
    """Updated by the parts as they work, read by `/healthz` without touching the database.

    Error reasons go through `redact` (a secret never reaches the page) and are cut short.
    """

    def __init__(
        self,
        limits: HealthLimits | None = None,
        redact: Callable[[str], str] = lambda text: text,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.limits = limits or HealthLimits()
        self._redact = redact
        self._monotonic = monotonic
        self._wall = wall
        self._created = monotonic()
        self._progress: float | None = None
        self._progress_wall: float | None = None
        self._stopping = False
        self._stages: dict[str, Track] = {}
        self._feeds: dict[str, _Feed] = {}
        self._channels: dict[str, tuple[str, Track]] = {}
        self._store = _Probe()
        self._outbox = _Probe()

    # --- what the parts report -------------------------------------------------------------

    def beat(self) -> None:
        """The run loop made progress (a batch written, a feed chunk read, an idle poll)."""
        self._progress = self._monotonic()
        self._progress_wall = self._wall()

    @property
    def last_progress(self) -> float | None:
        """Wall-clock time of the last progress, for /metrics."""
        return self._progress_wall

    def stopping(self) -> None:
        self._stopping = True

    def stage_ok(self, stage: str) -> None:
        self._stages.setdefault(stage, Track()).succeeded(self._wall())

    def stage_failed(self, stage: str, exc: BaseException) -> None:
        self._failed(self._stages.setdefault(stage, Track()), exc)

    def watch_feed(self, name: str, last_data: float | None = None) -> None:
        """List a configured feed (with when it last delivered, if known from the store)."""
        feed = self._feeds.setdefault(name, _Feed())
        if last_data is not None and (feed.last_data is None or last_data > feed.last_data):
            feed.last_data = last_data

    def feed_read(self, name: str, got_data: bool) -> None:
        feed = self._feeds.setdefault(name, _Feed())
        now = self._wall()
        feed.read.succeeded(now)
        if got_data:
            feed.last_data = now

    def feed_failed(self, name: str, exc: BaseException) -> None:
        self._failed(self._feeds.setdefault(name, _Feed()).read, exc)

    def watch_channel(self, receiver: str, channel: str) -> None:
        self._channels.setdefault(receiver, (channel, Track()))

    def channel_ok(self, receiver: str, channel: str) -> None:
        self._channels.setdefault(receiver, (channel, Track()))[1].succeeded(self._wall())

    def channel_failed(
        self, receiver: str, channel: str, exc: BaseException, down: bool = True
    ) -> None:
        """A send failed; `down` when the receiver cannot be reached (waiting may help), not
        when one notice was refused."""
        self._failed(self._channels.setdefault(receiver, (channel, Track()))[1], exc, down)

    def store_probe_started(self) -> None:
        self._store.started = self._monotonic()

    def store_probed(self, error: BaseException | None, free_bytes: int | None) -> None:
        self._probed(self._store, error, free_bytes)

    def outbox_probed(self, error: BaseException | None, free_bytes: int | None) -> None:
        self._probed(self._outbox, error, free_bytes)

    def _failed(self, track: Track, exc: BaseException, down: bool = True) -> None:
        track.failed(self._wall(), self._monotonic(), error_name(exc), self._reason(exc), down)

    def _reason(self, exc: BaseException) -> str:
        return self._redact(str(exc))[:300]

    def _probed(self, probe: _Probe, error: BaseException | None, free: int | None) -> None:
        probe.started = None
        probe.checked_at = self._wall()
        probe.free_bytes = free
        probe.error = "" if error is None else error_name(error)
        probe.reason = "" if error is None else self._reason(error)

    # --- what /healthz shows ---------------------------------------------------------------

    def report(self) -> dict[str, Check]:
        now = self._monotonic()
        limits = self.limits
        checks: dict[str, Check] = {"loop": self._loop(now)}
        checks["store"] = self._probe_check(self._store, now, "database")
        checks["outbox"] = self._probe_check(self._outbox, now, "outbox file")
        for name, stage in sorted(self._stages.items()):
            checks[f"stage:{name}"] = stage.check(now, limits.stage_failing, "not run yet")
        for name, feed in sorted(self._feeds.items()):
            found = feed.read.check(now, limits.stage_failing, "not read yet")
            facts = {"last_read": _iso(feed.read.last_ok), "last_data": _iso(feed.last_data)}
            facts.update(error=feed.read.error or None, last_error=_iso(feed.read.last_error_at))
            checks[f"feed:{name}"] = Check(found.ok, found.detail, facts)
        for receiver, (channel, track) in sorted(self._channels.items()):
            found = track.check(now, limits.channel_failing, "nothing sent yet")
            checks[f"channel:{receiver}"] = Check(
                found.ok, found.detail, {"channel": channel, **found.facts}
            )
        return checks

    def healthy(self, checks: dict[str, Check]) -> bool:
        return all(check.ok for check in checks.values())

    @property
    def is_stopping(self) -> bool:
        return self._stopping

    def _loop(self, now: float) -> Check:
        limit = self.limits.liveness
        if self._progress is None:
            waited = now - self._created
            return Check(waited <= limit, f"starting for {waited:.0f} s", {"last_progress": None})
        ago = now - self._progress
        detail = f"last progress {ago:.1f} s ago (down after {limit:.0f} s)"
        if self._stopping:
            detail = "stopping; " + detail
        return Check(ago <= limit, detail, {"last_progress": _iso(self._progress_wall)})

    def _probe_check(self, probe: _Probe, now: float, what: str) -> Check:
        facts: dict[str, Any] = {
            "checked": _iso(probe.checked_at),
            "free_mb": None if probe.free_bytes is None else probe.free_bytes // _MB,
        }
        if probe.started is not None and now - probe.started > self.limits.store_waiting:
            return Check(
                False,
                f"not answering: a write has waited {now - probe.started:.0f} s "
                "(locked by another process?)",
                facts,
            )
        if probe.error:
            return Check(False, f"not writable: {probe.error}: {probe.reason}", facts)
        if probe.free_bytes is not None and probe.free_bytes < self.limits.min_free_bytes:
            return Check(
                False,
                f"disk full: {probe.free_bytes // _MB} MB free where the {what} lives "
                f"(needs {self.limits.min_free_bytes // _MB} MB)",
                facts,
            )
        if probe.checked_at is None:
            return Check(True, "not checked yet", facts)
        return Check(True, "writable", facts)
