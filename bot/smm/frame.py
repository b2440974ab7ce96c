"""Ad metric rows turned once into numpy arrays indexed by metric × entity × time bucket."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Literal, cast

import numpy as np
import numpy.typing as npt

from bot.models import AdMetricRow, Granularity
from bot.smm.columns import AdColumns, AdMetrics, EntityKey, columns_from_rows

__all__ = [
    "CLICKS",
    "CONVERSIONS",
    "HOURLY_HISTORY_DAYS",
    "IMPRESSIONS",
    "LEVELS",
    "METRICS",
    "N_METRICS",
    "REACH",
    "REACH_IMPRESSIONS",
    "RESULTS",
    "REVENUE",
    "SPEND",
    "BoolArray",
    "EntityKey",
    "FloatArray",
    "Frame",
    "Frames",
    "Groups",
    "IntArray",
    "Level",
    "build_frames",
    "day_index",
    "frames_from_columns",
    "hour_index",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

Level = Literal["platform", "account", "campaign", "adset", "ad"]
LEVELS: tuple[Level, ...] = ("platform", "account", "campaign", "adset", "ad")

METRICS: tuple[str, ...] = (
    "impressions",
    "clicks",
    "spend",
    "conversions",
    "revenue",
    "results",
    "reach",
    "reach_impressions",
)
IMPRESSIONS, CLICKS, SPEND, CONVERSIONS, REVENUE, RESULTS, REACH, REACH_IMPRESSIONS = range(8)
N_METRICS = len(METRICS)

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()

HOURLY_HISTORY_DAYS = 35
"""Hourly rows older than this many days are not read: the daily rows carry longer history."""


def day_index(day: date) -> int:
    """The bucket number of a day in a daily frame."""
    return day.toordinal()


def hour_index(moment: datetime) -> int:
    """The bucket number of the hour holding ``moment`` (UTC hours since the epoch)."""
    return int(moment.astimezone(UTC).timestamp() // 3600)


@dataclass(frozen=True, slots=True)
class Groups:
    """A frame summed up to one level: ``values[metric, group, bucket]`` and running sums.

    ``cum[metric, group, i]`` is the sum of buckets ``0 .. i-1``, so any window is one
    subtraction, whatever each group's own end.
    """

    level: Level
    keys: tuple[EntityKey, ...]
    values: FloatArray
    cum: FloatArray
    first: IntArray
    last: IntArray

    def __len__(self) -> int:
        return len(self.keys)

    def window(self, end: IntArray, length: int, offset: int = 0) -> FloatArray:
        """Sums ``[metric, group]`` over ``length`` buckets ending ``offset`` before ``end``."""
        hi = np.clip(end - offset, 0, self.cum.shape[2] - 1)
        lo = np.clip(hi - length, 0, None)
        if len(hi) and hi.min() == hi.max():  # every group ends on the same bucket: a slice
            top, bottom = int(hi[0]), int(lo[0])
            same: FloatArray = self.cum[:, :, top] - self.cum[:, :, bottom]
            return same
        rows = np.arange(len(self.keys))
        out: FloatArray = self.cum[:, rows, hi] - self.cum[:, rows, lo]
        return out

    def series(self, end: IntArray, length: int, offset: int = 0) -> FloatArray:
        """Per-bucket values ``[metric, group, k]`` for the ``length`` buckets before ``end``.

        Buckets before the frame's start read as zero.
        """
        last = end - offset
        if len(last) and last.min() == last.max() and int(last[0]) >= 0:
            stop = int(last[0])  # every group ends on the same bucket: a slice
            if stop >= length:
                same: FloatArray = self.values[:, :, stop - length : stop].copy()
                return same
            # A window longer than the frame: the buckets before its start read as zero.
            padded: FloatArray = np.zeros((*self.values.shape[:2], length))
            padded[:, :, length - stop :] = self.values[:, :, :stop]
            return padded
        steps = np.arange(-length, 0)
        idx = last[:, None] + steps[None, :]
        valid = idx >= 0
        rows = np.arange(len(self.keys))[:, None]
        out: FloatArray = np.where(valid[None], self.values[:, rows, np.clip(idx, 0, None)], 0.0)
        return out


@dataclass(frozen=True, slots=True)
class Frame:
    """Complete buckets of one granularity: ``values[metric, entity, bucket]``.

    Entities are the finest rows present (an ad set's ad rows replace its own row), sorted
    so that every level's groups are contiguous. ``present`` marks entity-buckets that had a
    row; ``origin`` is the bucket number of index 0 (see ``day_index``/``hour_index``).
    """

    granularity: Granularity
    origin: int
    entities: tuple[EntityKey, ...]
    values: FloatArray
    present: BoolArray
    _groups: dict[Level, Groups] = field(default_factory=dict, compare=False, repr=False)

    @property
    def length(self) -> int:
        return int(self.values.shape[2])

    def groups(self, level: Level) -> Groups:
        """The frame summed to ``level``; computed once per level and kept."""
        cached = self._groups.get(level)
        if cached is None:
            cached = self._rollup(level)
            self._groups[level] = cached
        return cached

    def _rollup(self, level: Level) -> Groups:
        depth = LEVELS.index(level) + 1
        if depth >= 4:
            keep = [i for i, key in enumerate(self.entities) if key[depth - 1]]
        else:
            keep = list(range(len(self.entities)))
        prefixes = [self.entities[i][:depth] for i in keep]
        starts = [j for j in range(len(prefixes)) if j == 0 or prefixes[j] != prefixes[j - 1]]
        pad = ("",) * (5 - depth)
        keys = tuple(cast(EntityKey, prefixes[j] + pad) for j in starts)
        metrics, _, length = self.values.shape
        if not keep:
            empty = np.zeros((metrics, 0, length))
            none = np.zeros(0, dtype=np.int64)
            return Groups(level, (), empty, np.zeros((metrics, 0, length + 1)), none, none)
        index = np.asarray(keep, dtype=np.int64)
        start_arr = np.asarray(starts, dtype=np.int64)
        everyone = len(keep) == len(self.entities)
        if everyone and len(starts) == len(keep):
            values = self.values
            present = self.present
        else:
            source = self.values if everyone else self.values[:, index, :]
            seen = self.present if everyone else self.present[index]
            values = np.add.reduceat(source, start_arr, axis=1)
            present = np.logical_or.reduceat(seen, start_arr, axis=0)
        cum = np.zeros((metrics, len(keys), length + 1))
        np.cumsum(values, axis=2, out=cum[:, :, 1:])
        any_row = present.any(axis=1)
        first = np.where(any_row, present.argmax(axis=1), -1).astype(np.int64)
        last = np.where(any_row, length - 1 - present[:, ::-1].argmax(axis=1), -1)
        return Groups(level, keys, values, cum, first, last.astype(np.int64))


@dataclass(frozen=True, slots=True)
class Frames:
    """The daily and hourly frames of one evaluation, and the breakdown rows kept aside.

    ``today`` and ``this_hour`` are the bucket numbers of the partial day and hour at ``now``
    (the first buckets the frames leave out).
    """

    daily: Frame | None
    hourly: Frame | None
    breakdowns: tuple[AdMetricRow, ...] = ()
    today: int = 0
    this_hour: int = 0


@dataclass(slots=True)
class _Columns:
    """Rows as arrays: ``entity`` indexes ``keys``, ``numbers[metric, row]``."""

    keys: list[EntityKey]
    entity: IntArray
    buckets: IntArray
    numbers: FloatArray


def _last_wins(flat: IntArray) -> IntArray | None:
    """Row positions to keep so a restated row replaces the one it restates; None = all."""
    if len(flat) == 0 or np.bincount(flat).max() <= 1:
        return None
    reversed_first = np.unique(flat[::-1], return_index=True)[1]
    return np.sort(len(flat) - 1 - reversed_first)


def _leaves(keys: Collection[EntityKey]) -> list[EntityKey]:
    """The finest rows present: a parent row is dropped when children are present."""
    parents: set[tuple[str, ...]] = set()
    for key in keys:
        if key[3]:
            parents.add(key[:3])
        if key[4]:
            parents.add(key[:4])
    leaves = []
    for key in keys:
        if not key[3] and key[:3] in parents:
            continue
        if key[3] and not key[4] and key[:4] in parents:
            continue
        leaves.append(key)
    return sorted(leaves)


def _frame(
    granularity: Granularity, parts: Sequence[_Columns], origin: int, until: int
) -> Frame | None:
    """Scatter columns into a frame; later parts overwrite earlier ones cell by cell."""
    used: set[EntityKey] = set()
    for part in parts:
        # The entities with rows, in key order: a count per key rather than a sort of the rows.
        present_ids = np.flatnonzero(np.bincount(part.entity, minlength=len(part.keys)))
        used.update(part.keys[i] for i in present_ids.tolist())
    entities = _leaves(used)
    if not entities or until <= origin:
        return None
    position = {key: i for i, key in enumerate(entities)}
    length = until - origin
    values = np.zeros((N_METRICS, len(entities), length))
    present = np.zeros((len(entities), length), dtype=np.bool_)
    for part in parts:
        where = np.array([position.get(k, -1) for k in part.keys], dtype=np.int64)
        entity = where[part.entity] if len(where) else part.entity
        bucket = part.buckets - origin
        ok = (entity >= 0) & (bucket >= 0) & (bucket < length)
        numbers = part.numbers
        if not ok.all():
            entity, bucket, numbers = entity[ok], bucket[ok], numbers[:, ok]
        cells = entity * length + bucket
        keep = _last_wins(cells)
        if keep is not None:
            cells, numbers = cells[keep], numbers[:, keep]
        values.reshape(N_METRICS, -1)[:, cells] = numbers
        present.reshape(-1)[cells] = True
    return Frame(granularity, origin, tuple(entities), values, present)


def _fold_hours(hourly: Frame, today: int) -> _Columns:
    """The hourly frame's complete days summed into (entity, day) columns."""
    days = (hourly.origin + np.arange(hourly.length)) // 24 + _EPOCH_ORDINAL
    complete = days < today
    if not complete.any():
        return _empty([])
    day_ids = days[complete]
    starts = np.flatnonzero(np.r_[True, day_ids[1:] != day_ids[:-1]])
    summed = np.add.reduceat(hourly.values[:, :, complete], starts, axis=2)
    seen = np.logical_or.reduceat(hourly.present[:, complete], starts, axis=1)
    entity, slot = np.nonzero(seen)
    return _Columns(
        list(hourly.entities),
        entity.astype(np.int64),
        day_ids[starts][slot].astype(np.int64),
        summed[:, entity, slot],
    )


def _empty(keys: list[EntityKey]) -> _Columns:
    none = np.zeros(0, dtype=np.int64)
    return _Columns(keys, none, none, np.zeros((N_METRICS, 0)))


def _numbers(columns: AdColumns, leads_campaigns: Collection[tuple[str, str, str]]) -> _Columns:
    """Columns as ``numbers[metric, row]``; a lead campaign's results are its leads."""
    count = len(columns)
    numbers = np.empty((N_METRICS, count))
    numbers[IMPRESSIONS] = columns.impressions
    numbers[CLICKS] = columns.clicks
    numbers[SPEND] = columns.spend
    numbers[CONVERSIONS] = columns.conversions
    numbers[REVENUE] = columns.revenue
    known_reach = ~np.isnan(columns.reach)
    numbers[REACH] = np.where(known_reach, columns.reach, 0.0)
    numbers[REACH_IMPRESSIONS] = np.where(known_reach, numbers[IMPRESSIONS], 0.0)
    numbers[RESULTS] = numbers[CONVERSIONS]
    if leads_campaigns and count:
        wanted = set(leads_campaigns)
        is_lead = np.array([k[:3] in wanted for k in columns.keys], dtype=np.bool_)
        picked = np.flatnonzero(is_lead[columns.entity])
        if len(picked):
            leads = columns.leads[picked]
            # A lead campaign whose rows carry no lead count is judged on its conversions.
            numbers[RESULTS, picked] = np.where(
                np.isnan(leads), numbers[CONVERSIONS, picked], leads
            )
    return _Columns(list(columns.keys), columns.entity, columns.bucket, numbers)


def build_frames(
    rows: Sequence[AdMetricRow],
    now: datetime,
    *,
    leads_campaigns: Collection[tuple[str, str, str]] = frozenset(),
    history_days: int = 100,
) -> Frames:
    """``frames_from_columns`` of rows read from files."""
    return frames_from_columns(
        columns_from_rows(rows), now, leads_campaigns=leads_campaigns, history_days=history_days
    )


def frames_from_columns(
    metrics: AdMetrics,
    now: datetime,
    *,
    leads_campaigns: Collection[tuple[str, str, str]] = frozenset(),
    history_days: int = 100,
) -> Frames:
    """Turn the rows into a daily and an hourly frame of complete buckets only.

    The current day and hour (relative to ``now``, in UTC) are partial and left out, as are
    buckets in the future or older than ``history_days``. Days without a daily row are
    filled from that day's hourly rows. Breakdown rows are kept aside for suggestions.
    """
    today = day_index(now.astimezone(UTC).date())
    this_hour = hour_index(now)
    daily_cols = _numbers(metrics.daily, leads_campaigns)
    hourly_cols = _numbers(metrics.hourly, leads_campaigns)
    hourly: Frame | None = None
    folded = _empty([])
    if len(hourly_cols.entity):
        oldest_hour = this_hour - 24 * min(history_days, HOURLY_HISTORY_DAYS)
        first_hour = max(int(hourly_cols.buckets.min()), oldest_hour)
        hourly = _frame("hour", [hourly_cols], first_hour, this_hour)
        if hourly is not None:
            # Fold the hourly frame rather than the raw rows, so restated hours replace
            # rather than add to the hours they restate.
            folded = _fold_hours(hourly, today)
    starts = [int(c.buckets.min()) for c in (daily_cols, folded) if len(c.entity)]
    daily = None
    if starts:
        first_day = max(min(starts), today - history_days)
        daily = _frame("day", [folded, daily_cols], first_day, today)
    return Frames(daily, hourly, metrics.breakdowns, today, this_hour)
