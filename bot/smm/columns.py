"""Ad metric rows as arrays, one entry per row: what the store reads and the engine takes."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from operator import attrgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.models import AdMetricRow, Granularity

__all__ = [
    "AdColumns",
    "AdMetrics",
    "EntityKey",
    "Prefixes",
    "bucket_number",
    "bucket_numbers",
    "columns_from_rows",
    "prefixes",
    "restated",
    "stored_bucket_numbers",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

EntityKey = tuple[str, str, str, str, str]
"""platform, account, campaign, adset, ad — blank parts mean a row at a higher level."""


def bucket_number(bucket: str) -> int:
    """A bucket's number: a day's ordinal (``YYYY-MM-DD``), or an hour's UTC hours since the
    epoch (ISO-8601; without an offset it is taken as UTC)."""
    if "T" in bucket or " " in bucket:
        moment = datetime.fromisoformat(bucket)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return int(moment.astimezone(UTC).timestamp() // 3600)
    return date.fromisoformat(bucket).toordinal()


_DAY = 86_400
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def bucket_numbers(seconds: IntArray, granularity: Granularity) -> IntArray:
    """``bucket_number`` of buckets given as the UTC seconds since the epoch they start at."""
    if granularity == "day":
        days: IntArray = seconds // _DAY + _EPOCH_ORDINAL
        return days
    hours: IntArray = seconds // 3600
    return hours


def _stored_bucket_number(text: str, granularity: Granularity) -> int:
    """One stored bucket's number in ``granularity``: the UTC second it starts at (without an
    offset it is taken as UTC), in days or hours — what ``strftime('%s', bucket)`` reads."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    seconds = np.array([int(moment.timestamp() // 1)], dtype=np.int64)
    return int(bucket_numbers(seconds, granularity)[0])


def stored_bucket_numbers(
    texts: Sequence[str], granularity: Granularity, known: dict[str, int]
) -> IntArray:
    """``bucket_number`` of each stored bucket text, as days or hours by ``granularity``.

    A store holds few distinct buckets and many rows of each: each distinct text is parsed
    once and kept in ``known`` (pass the same dict for every chunk of one read). A text that
    is not a date or a time raises ``ValueError`` naming it.
    """
    for text in set(texts).difference(known):
        try:
            known[text] = _stored_bucket_number(text, granularity)
        except (TypeError, ValueError):
            raise ValueError(
                f"ad_metrics: {granularity} bucket {text!r} is not a date or an hour"
            ) from None
    return np.fromiter(map(known.__getitem__, texts), np.int64, len(texts))


@dataclass(frozen=True, slots=True)
class AdColumns:
    """Total rows (no breakdown) of one granularity as arrays, one entry per row.

    ``entity[i]`` indexes ``keys``; ``bucket[i]`` is the row's ``bucket_number``. ``leads``
    and ``reach`` are NaN where the source did not report them. Where two rows have the
    same entity and bucket, the later one restates the earlier. ``keys`` may name entities
    without rows (``head`` keeps them all).
    """

    granularity: Granularity
    keys: tuple[EntityKey, ...]
    entity: IntArray
    bucket: IntArray
    impressions: FloatArray
    clicks: FloatArray
    spend: FloatArray
    conversions: FloatArray
    revenue: FloatArray
    leads: FloatArray
    reach: FloatArray

    def __post_init__(self) -> None:
        rows = len(self.entity)
        for column in fields(self)[3:]:
            values = getattr(self, column.name)
            if values.shape != (rows,):
                raise ValueError(
                    f"AdColumns.{column.name}: shape {values.shape}, expected ({rows},) like entity"
                )
        if rows and not 0 <= int(self.entity.min()) <= int(self.entity.max()) < len(self.keys):
            raise ValueError(f"AdColumns.entity: indexes outside the {len(self.keys)} keys")

    def __len__(self) -> int:
        return len(self.entity)

    @classmethod
    def empty(cls, granularity: Granularity) -> AdColumns:
        none = np.zeros(0)
        index = np.zeros(0, dtype=np.int64)
        return cls(granularity, (), index, index, *(none,) * 7)

    def head(self, count: int) -> AdColumns:
        """The first ``count`` rows, as views (no copy)."""
        if count >= len(self):
            return self
        cut = slice(0, count)
        return AdColumns(
            self.granularity,
            self.keys,
            self.entity[cut],
            self.bucket[cut],
            self.impressions[cut],
            self.clicks[cut],
            self.spend[cut],
            self.conversions[cut],
            self.revenue[cut],
            self.leads[cut],
            self.reach[cut],
        )


def restated(columns: AdColumns, fresh: AdColumns, buckets: IntArray, since: int) -> AdColumns:
    """``columns`` with every row of ``buckets`` replaced by the rows of ``fresh`` (those
    buckets read again) and the rows before bucket ``since`` dropped, sorted by entity and
    bucket, and keeping only keys with rows: what reading all rows from ``since`` on gives.

    ``columns`` must be sorted by entity and bucket (as the store reads them); ``fresh``
    may be in any order. Entity keys sort as the store sorts them (SQLite compares text by
    its UTF-8 bytes, which orders as Python compares strings). Each entity and bucket must
    have one row in each.
    """
    keep = (columns.bucket >= since) & ~np.isin(columns.bucket, buckets)
    new = fresh.bucket >= since
    old_used = np.flatnonzero(np.bincount(columns.entity[keep], minlength=len(columns.keys)))
    new_used = np.flatnonzero(np.bincount(fresh.entity[new], minlength=len(fresh.keys)))
    keys = sorted(
        {columns.keys[i] for i in old_used.tolist()} | {fresh.keys[i] for i in new_used.tolist()}
    )
    position = {key: i for i, key in enumerate(keys)}

    def renumber(part: AdColumns, used: IntArray) -> IntArray:
        table = np.zeros(len(part.keys), dtype=np.int64)
        table[used] = [position[part.keys[i]] for i in used.tolist()]
        return table

    # Renumbering keeps the held rows' order (the keys keep theirs), so the few fresh rows
    # are sorted and slotted in among them: no sort of the whole.
    old_numbers, new_numbers = renumber(columns, old_used), renumber(fresh, new_used)
    held_entity = old_numbers[columns.entity[keep]]
    held_bucket = columns.bucket[keep]
    fresh_entity = new_numbers[fresh.entity[new]]
    fresh_bucket = fresh.bucket[new]
    order = np.lexsort((fresh_bucket, fresh_entity))
    shift = 1 << 32  # above any bucket number: days ~10^6, hours ~10^7
    slots = np.searchsorted(
        held_entity * shift + held_bucket, (fresh_entity * shift + fresh_bucket)[order]
    )
    slots += np.arange(len(slots))
    held = np.ones(len(held_entity) + len(slots), dtype=np.bool_)
    held[slots] = False
    # Where each row comes from among the held rows followed by the fresh ones: one gather
    # a column.
    source = np.empty(len(held), dtype=np.int64)
    source[held] = np.flatnonzero(keep)
    source[slots] = len(columns.entity) + np.flatnonzero(new)[order]

    def merged(old: npt.NDArray[Any], new_values: npt.NDArray[Any]) -> npt.NDArray[Any]:
        out: npt.NDArray[Any] = np.concatenate((old, new_values))[source]
        return out

    def column(name: str) -> FloatArray:
        out: FloatArray = merged(getattr(columns, name), getattr(fresh, name))
        return out

    return AdColumns(
        columns.granularity,
        tuple(keys),
        merged(old_numbers[columns.entity], new_numbers[fresh.entity]),
        merged(columns.bucket, fresh.bucket),
        impressions=column("impressions"),
        clicks=column("clicks"),
        spend=column("spend"),
        conversions=column("conversions"),
        revenue=column("revenue"),
        leads=column("leads"),
        reach=column("reach"),
    )


@dataclass(frozen=True, slots=True)
class AdMetrics:
    """What one evaluation reads: daily and hourly totals as columns, and the breakdown
    rows (age, gender, placement, region), which suggestions read one by one."""

    daily: AdColumns
    hourly: AdColumns
    breakdowns: tuple[AdMetricRow, ...] = ()


_KEY = attrgetter("platform", "account", "campaign", "adset", "ad")


def _ids(values: Iterable[Hashable], count: int) -> tuple[IntArray, list[Any]]:
    """Each value's position among the distinct values, and the distinct values in order."""
    seen: defaultdict[Hashable, int] = defaultdict(itertools.count().__next__)
    ids = np.fromiter(map(seen.__getitem__, values), dtype=np.int64, count=count)
    return ids, list(seen)


def _optional(values: Iterable[float | int | None]) -> FloatArray:
    out: FloatArray = np.array(list(values), dtype=np.float64)  # None reads as NaN
    return out


def _part(rows: Sequence[AdMetricRow], picked: IntArray, granularity: Granularity) -> AdColumns:
    """The rows at ``picked`` (in that order) as columns."""
    chosen = [rows[i] for i in picked.tolist()]
    count = len(chosen)
    if not count:
        return AdColumns.empty(granularity)
    entity, keys = _ids(map(_KEY, chosen), count)
    bucket_id, texts = _ids(map(attrgetter("bucket"), chosen), count)
    numbers = np.array([bucket_number(text) for text in texts], dtype=np.int64)

    def column(name: str) -> FloatArray:
        return np.fromiter(map(attrgetter(name), chosen), dtype=np.float64, count=count)

    return AdColumns(
        granularity,
        tuple(keys),
        entity,
        numbers[bucket_id],
        impressions=column("impressions"),
        clicks=column("clicks"),
        spend=column("spend"),
        conversions=column("conversions"),
        revenue=column("revenue"),
        leads=_optional(map(attrgetter("leads"), chosen)),
        reach=_optional(map(attrgetter("reach"), chosen)),
    )


def columns_from_rows(rows: Sequence[AdMetricRow]) -> AdMetrics:
    """Rows read from files as columns; each part keeps the rows' order."""
    count = len(rows)
    daily = np.fromiter((r.granularity == "day" for r in rows), dtype=np.bool_, count=count)
    total = np.fromiter((not r.breakdown for r in rows), dtype=np.bool_, count=count)
    return AdMetrics(
        _part(rows, np.flatnonzero(total & daily), "day"),
        _part(rows, np.flatnonzero(total & ~daily), "hour"),
        tuple(rows[i] for i in np.flatnonzero(~total).tolist()),
    )


@dataclass(frozen=True, slots=True)
class Prefixes:
    """A list of rows as columns once, then cut at any length without reading it again."""

    metrics: AdMetrics
    daily: IntArray
    hourly: IntArray
    breakdowns: IntArray

    def first(self, count: int) -> AdMetrics:
        """``columns_from_rows(rows[:count])``."""
        m = self.metrics
        return AdMetrics(
            m.daily.head(int(self.daily[count])),
            m.hourly.head(int(self.hourly[count])),
            m.breakdowns[: int(self.breakdowns[count])],
        )


def prefixes(rows: Sequence[AdMetricRow]) -> Prefixes:
    """The rows as columns, to be cut at the rows that have arrived by each moment."""
    count = len(rows)
    daily = np.fromiter((r.granularity == "day" for r in rows), dtype=np.bool_, count=count)
    total = np.fromiter((not r.breakdown for r in rows), dtype=np.bool_, count=count)

    def running(mask: npt.NDArray[np.bool_]) -> IntArray:
        out: IntArray = np.concatenate([[0], np.cumsum(mask)]).astype(np.int64)
        return out

    return Prefixes(
        columns_from_rows(rows),
        running(total & daily),
        running(total & ~daily),
        running(~total),
    )
