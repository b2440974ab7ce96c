"""One evaluation's shared view of the data: frames, per-account as-of points, targets, labels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import numpy as np

from bot.models import AdMetricRow, Alert, Granularity, Suggestion
from bot.smm.frame import (
    LEVELS,
    RESULTS,
    REVENUE,
    BoolArray,
    EntityKey,
    FloatArray,
    Frame,
    Frames,
    Groups,
    IntArray,
    Level,
)
from bot.smm.settings import EngineSettings
from bot.smm.targets import BoostCandidate, CampaignTarget

__all__ = ["Context", "LevelView", "bucket_start", "labels_for", "make_alert"]

AccountKey = tuple[str, str]
CampaignKey = tuple[str, str, str]


def bucket_start(granularity: Granularity, bucket: int) -> datetime:
    """The UTC start of a bucket number of a daily or hourly frame."""
    if granularity == "day":
        day = date.fromordinal(bucket)
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    return datetime.fromtimestamp(bucket * 3600, tz=UTC)


def labels_for(key: EntityKey, level: Level, brand: str = "") -> dict[str, str]:
    """The identifying labels of an object at ``level``; brand when it is known."""
    labels: dict[str, str] = {}
    for name, value in zip(LEVELS[: LEVELS.index(level) + 1], key, strict=False):
        labels[name] = value
    if brand:
        labels["brand"] = brand
    return labels


@dataclass(frozen=True, slots=True)
class LevelView:
    """One level of one frame, each group read up to its own account's last complete bucket.

    ``end[g]`` is the exclusive index of the group's as-of bucket; ``active[g]`` is false when
    the group's account is stale (that is a DataMissing alert, not a KPI one).
    """

    level: Level
    granularity: Granularity
    origin: int
    groups: Groups
    end: IntArray
    active: BoolArray
    targets: tuple[CampaignTarget | None, ...]
    lag: FloatArray
    _late_cum: list[FloatArray] = field(default_factory=list, compare=False, repr=False)
    _targets: dict[str, FloatArray] = field(default_factory=dict, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.groups)

    @property
    def keys(self) -> tuple[EntityKey, ...]:
        return self.groups.keys

    def window(self, length: int, offset: int = 0) -> FloatArray:
        """Sums ``[metric, group]`` over the ``length`` buckets ending ``offset`` before as-of."""
        return self.groups.window(self.end, length, offset)

    def window_late(self, length: int, offset: int = 0) -> FloatArray:
        """Like ``window``, with results and revenue raised by what may still arrive late."""
        if not self._late_cum:
            late = self.groups.values[[RESULTS, REVENUE]] * self.lag[None, None, :]
            cum = np.zeros((2, late.shape[1], late.shape[2] + 1))
            np.cumsum(late, axis=2, out=cum[:, :, 1:])
            self._late_cum.append(cum)
        cum = self._late_cum[0]
        out = self.window(length, offset).copy()
        hi = np.clip(self.end - offset, 0, cum.shape[2] - 1)
        lo = np.clip(hi - length, 0, None)
        rows = np.arange(len(self.groups))
        out[[RESULTS, REVENUE]] = cum[:, rows, hi] - cum[:, rows, lo]
        return out

    def series(self, length: int, offset: int = 0) -> FloatArray:
        """Per-bucket values ``[metric, group, k]`` of the ``length`` buckets before as-of."""
        return self.groups.series(self.end, length, offset)

    def lag_series(self, length: int, offset: int = 0) -> FloatArray:
        """The late-conversion factor ``[group, k]`` of the buckets ``series`` returns."""
        idx = (self.end - offset)[:, None] + np.arange(-length, 0)[None, :]
        out: FloatArray = np.where(idx >= 0, self.lag[np.clip(idx, 0, None)], 1.0)
        return out

    def target(self, name: str) -> FloatArray:
        """A target attribute per group (``target_cpa``, ``monthly_budget`` …), NaN if unset."""
        cached = self._targets.get(name)
        if cached is None:
            values = [getattr(t, name) if t is not None else None for t in self.targets]
            cached = np.array([np.nan if v is None else float(v) for v in values])
            self._targets[name] = cached
        return cached

    def labels(self, g: int) -> dict[str, str]:
        target = self.targets[g]
        return labels_for(self.keys[g], self.level, target.brand if target else "")

    def span(self, g: int, length: int, offset: int = 0) -> str:
        """The buckets of a window as text, for evidence."""
        last = self.origin + int(self.end[g]) - offset - 1
        first = max(last - length + 1, self.origin)
        if self.granularity == "day":
            a, b = date.fromordinal(first), date.fromordinal(last)
            return f"{a.isoformat()}" if a == b else f"{a.isoformat()}..{b.isoformat()}"
        start = bucket_start("hour", first)
        stop = bucket_start("hour", last) + timedelta(hours=1)
        return f"{start:%Y-%m-%dT%H:%M}Z..{stop:%H:%M}Z"

    def last_bucket(self, g: int) -> int:
        """The bucket number of the group's as-of (last complete) bucket."""
        return self.origin + int(self.end[g]) - 1


@dataclass(frozen=True, slots=True)
class Context:
    """Everything one ``evaluate`` call shares between detectors."""

    frames: Frames
    now: datetime
    settings: EngineSettings
    targets: Mapping[CampaignKey, CampaignTarget]
    boost_candidates: tuple[BoostCandidate, ...] = ()
    _views: dict[tuple[Level, Granularity], LevelView | None] = field(
        default_factory=dict, compare=False, repr=False
    )
    _index: dict[tuple[Level, Granularity, int], dict[tuple[str, ...], list[int]]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _breakdowns: dict[CampaignKey, list[AdMetricRow]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _only_adsets: dict[Granularity, dict[tuple[str, ...], str]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def implied_labels(self, view: LevelView, g: int) -> dict[str, str]:
        """The labels an alert on group ``g`` of ``view`` stands for without carrying them:
        a campaign with one ad set is that ad set, so the ad set's own alerts (a CPC spike)
        mute the campaign's (``INHIBITS``), while a campaign with several ad sets is never
        muted by one of them. Not labels: a campaign alert's identity must not depend on how
        many ad sets the rows show, or a new ad set would resolve it and fire it again."""
        if view.level != "campaign":
            return {}
        only = self._only_adset(view.granularity, view.keys[g][:3])
        return {"adset": only} if only else {}

    def _only_adset(self, granularity: Granularity, campaign: tuple[str, ...]) -> str:
        """The ad set of a campaign whose rows of that granularity name exactly one: the same
        rows ``split_groups`` counts, so a campaign judged as its only ad set implies it."""
        if granularity not in self._only_adsets:
            seen: dict[tuple[str, ...], set[str]] = {}
            frame = self.frame(granularity)
            for platform, account, name, adset, _ in frame.entities if frame is not None else ():
                if adset:
                    seen.setdefault((platform, account, name), set()).add(adset)
            self._only_adsets[granularity] = {
                key: next(iter(names)) for key, names in seen.items() if len(names) == 1
            }
        return self._only_adsets[granularity].get(tuple(campaign), "")

    def breakdown_rows(self, campaign: CampaignKey) -> list[AdMetricRow]:
        """The daily breakdown rows (age, gender, placement, region) of one campaign."""
        if not self._breakdowns and self.frames.breakdowns:
            for row in self.frames.breakdowns:
                if row.granularity == "day":
                    key = (row.platform, row.account, row.campaign)
                    self._breakdowns.setdefault(key, []).append(row)
        return self._breakdowns.get(campaign, [])

    def children(self, view: LevelView, g: int, level: Level) -> tuple[LevelView, list[int]]:
        """The groups at a finer ``level`` inside group ``g`` of ``view``."""
        child = self.view(level, view.granularity)
        if child is None or LEVELS.index(level) <= LEVELS.index(view.level):
            return (view, [])
        depth = LEVELS.index(view.level) + 1
        cache_key = (level, view.granularity, depth)
        index = self._index.get(cache_key)
        if index is None:
            index = {}
            for i, key in enumerate(child.keys):
                index.setdefault(key[:depth], []).append(i)
            self._index[cache_key] = index
        return (child, index.get(view.keys[g][:depth], []))

    def frame(self, granularity: Granularity) -> Frame | None:
        return self.frames.daily if granularity == "day" else self.frames.hourly

    def stale_after(self, granularity: Granularity) -> timedelta:
        hourly = self.settings.stale_after_hourly
        if granularity == "day" or hourly is None:
            return self.settings.stale_after_daily
        return hourly

    def account_ends(self, granularity: Granularity) -> dict[AccountKey, int]:
        """Each account's exclusive as-of index, or -1 when its data is stale."""
        frame = self.frame(granularity)
        if frame is None:
            return {}
        accounts = frame.groups("account")
        step = timedelta(days=1) if granularity == "day" else timedelta(hours=1)
        ends: dict[AccountKey, int] = {}
        for g, key in enumerate(accounts.keys):
            last = int(accounts.last[g])
            if last < 0:
                continue
            arrived_by = bucket_start(granularity, frame.origin + last) + step
            fresh = self.now - arrived_by <= self.stale_after(granularity)
            ends[(key[0], key[1])] = last + 1 if fresh else -1
        return ends

    def view(self, level: Level, granularity: Granularity = "day") -> LevelView | None:
        """The level's groups with their as-of points, targets and lag factors; cached."""
        cache_key = (level, granularity)
        if cache_key in self._views:
            return self._views[cache_key]
        frame = self.frame(granularity)
        view: LevelView | None = None
        if frame is not None:
            groups = frame.groups(level)
            ends = self.account_ends(granularity)
            if level == "platform":
                by_platform: dict[str, int] = {}
                for (platform, _), account_end in ends.items():
                    by_platform[platform] = max(by_platform.get(platform, -1), account_end)
                end_list = [by_platform.get(k[0], -1) for k in groups.keys]
            else:
                end_list = [ends.get((k[0], k[1]), -1) for k in groups.keys]
            end: IntArray = np.asarray(end_list, dtype=np.int64)
            targets = tuple(self.targets.get(k[:3]) if k[2] else None for k in groups.keys)
            view = LevelView(
                level,
                granularity,
                frame.origin,
                groups,
                np.maximum(end, 0),
                end > 0,
                targets,
                self._lag(frame),
            )
        self._views[cache_key] = view
        return view

    def _lag(self, frame: Frame) -> FloatArray:
        allowance = self.settings.conversion_lag
        buckets = frame.origin + np.arange(frame.length)
        if frame.granularity == "day":
            days = buckets
        else:
            days = buckets // 24 + date(1970, 1, 1).toordinal()
        age = np.clip(self.frames.today - 1 - days, 0, None)
        table = np.ones(max(int(age.max()) + 1, len(allowance) + 1) if len(age) else 1)
        table[: len(allowance)] += np.asarray(allowance, dtype=np.float64)
        out: FloatArray = table[age]
        return out


def make_alert(
    name: str,
    labels: dict[str, str],
    summary: str,
    *,
    severity: str = "warning",
    value: float | None = None,
    baseline: float | None = None,
    evidence: Mapping[str, str] | None = None,
    suggestions: tuple[Suggestion, ...] = (),
    pending_for: timedelta = timedelta(0),
    extra: Mapping[str, str] | None = None,
    implied_labels: Mapping[str, str] | None = None,
) -> Alert:
    """An alert with ``alertname`` and ``severity`` first among its labels."""
    merged = {"alertname": name, "severity": severity, **labels}
    if extra:
        for key, text in extra.items():
            merged.setdefault(key, text)
    return Alert(
        labels=merged,
        summary=summary,
        severity=severity,
        value=None if value is None or np.isnan(value) else float(value),
        baseline=None if baseline is None or np.isnan(baseline) else float(baseline),
        evidence=dict(evidence or {}),
        suggestions=suggestions,
        pending_for=pending_for,
        implied_labels=dict(implied_labels or {}),
    )
