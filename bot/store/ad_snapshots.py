"""The ad engine's columns saved in the store, so a new process reads few rows (docs/feeds.md)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt

from bot.models import Granularity
from bot.smm.columns import AdColumns, EntityKey
from bot.store.sql import Connection, Dialect

__all__ = [
    "FORMAT",
    "KEPT",
    "Saved",
    "changed_buckets",
    "counter",
    "decode",
    "encode",
    "load",
    "save",
]

log = logging.getLogger(__name__)

# The layout of ``columns``; a snapshot of another one is not read.
FORMAT = 1

_NUMBERS = ("impressions", "clicks", "spend", "conversions", "revenue", "leads", "reach")
_INT32 = np.iinfo(np.int32)


@dataclass(frozen=True, slots=True)
class Saved:
    """A granularity's columns from bucket ``since`` on, as a read that saw the write counter
    at ``mark`` found them."""

    since: str
    mark: int
    columns: AdColumns


def _compact(values: npt.NDArray[np.float64]) -> npt.NDArray[np.generic] | None:
    """``values`` as int32 when that keeps each one exactly (counts mostly are), as they are
    otherwise; None when every one is NaN (not reported)."""
    if not len(values) or np.isnan(values).all():
        return None
    if (
        not np.isnan(values).any()
        and float(values.min()) >= _INT32.min
        and float(values.max()) <= _INT32.max
        and not np.signbit(values).any()
    ):
        whole = values.astype(np.int32)
        if np.array_equal(whole, values):
            return whole
    return values


def encode(columns: AdColumns) -> tuple[str, bytes] | None:
    """The keys (JSON) and the arrays of ``columns`` (``_pack``); None when they are not
    sorted by entity (the store's reads always are)."""
    entity = columns.entity
    if len(entity) > 1 and bool((np.diff(entity) < 0).any()):
        return None
    arrays: dict[str, npt.NDArray[np.generic]] = {
        "counts": np.bincount(entity, minlength=len(columns.keys)).astype(np.int64),
        "bucket": columns.bucket.astype(np.int64),
    }
    for name in _NUMBERS:
        compact = _compact(getattr(columns, name))
        if compact is not None:
            arrays[name] = compact
    return json.dumps([list(key) for key in columns.keys]), _pack(arrays)


def decode(granularity: Granularity, keys: str, blob: bytes) -> AdColumns:
    """The columns ``encode`` saved; ValueError when they are not whole."""
    names = cast(tuple[EntityKey, ...], tuple(map(tuple, json.loads(keys))))
    arrays = _unpack(blob)
    counts = arrays["counts"].astype(np.int64)
    if len(counts) != len(names):
        raise ValueError(f"ad snapshot: {len(counts)} counts for {len(names)} keys")
    bucket = arrays["bucket"].astype(np.int64)
    rows = len(bucket)
    numbers = {
        name: arrays[name].astype(np.float64) if name in arrays else np.full(rows, np.nan)
        for name in _NUMBERS
    }
    if any(len(values) != rows for values in numbers.values()):
        raise ValueError("ad snapshot: columns of different lengths")
    entity = np.repeat(np.arange(len(names), dtype=np.int64), counts)
    if len(entity) != rows:
        raise ValueError(f"ad snapshot: {len(entity)} rows counted, {rows} held")
    return AdColumns(granularity, names, entity, bucket, **numbers)


# The arrays as bytes: the length of a JSON header (8 bytes, little-endian), the header (each
# array's name, numpy type and length) and each array's bytes in turn, each from a multiple
# of 8. Read back with no copy but the one into the arrays the engine gets (no archive, no
# checksum: the database keeps its pages whole).
_LENGTH = 8


def _pack(arrays: dict[str, npt.NDArray[np.generic]]) -> bytes:
    header = json.dumps([[name, a.dtype.str, len(a)] for name, a in arrays.items()]).encode()
    parts = [len(header).to_bytes(_LENGTH, "little"), header]
    size = _LENGTH + len(header)
    for values in arrays.values():
        pad = -size % 8
        parts += [bytes(pad), np.ascontiguousarray(values).tobytes()]
        size += pad + values.nbytes
    return b"".join(parts)


def _unpack(blob: bytes) -> dict[str, npt.NDArray[np.generic]]:
    """The arrays ``_pack`` wrote, as read-only views of ``blob``; ValueError when they are
    not whole."""
    size = int.from_bytes(blob[:_LENGTH], "little")
    at = _LENGTH + size
    if size <= 0 or at > len(blob):
        raise ValueError("ad snapshot: no header")
    arrays: dict[str, npt.NDArray[np.generic]] = {}
    for name, kind, length in json.loads(blob[_LENGTH:at]):
        dtype = np.dtype(kind)
        at += -at % 8
        if dtype.hasobject or int(length) < 0 or at + dtype.itemsize * int(length) > len(blob):
            raise ValueError(f"ad snapshot: array {name} cut short")
        arrays[str(name)] = np.frombuffer(blob, dtype, int(length), at)
        at += dtype.itemsize * int(length)
    return arrays


async def counter(conn: Connection) -> int:
    """The write counter as this read sees it (0 without one)."""
    async with conn.execute("SELECT n FROM store_writes") as cur:
        row = await cur.fetchone()
    return 0 if row is None else int(row[0])


async def load(conn: Connection, granularity: Granularity, since: str) -> Saved | None:
    """The saved columns of ``granularity`` that start no later than bucket ``since``, in the
    current ``FORMAT``, the latest of them (fewest rows to read again); None when there are
    none or they do not decode."""
    async with conn.execute(
        "SELECT since, mark, keys, columns FROM ad_column_snapshots"
        " WHERE granularity = ? AND format = ? AND since <= ?"
        " AND mark >= (SELECT dropped_at FROM ad_snapshot_drops)"
        " ORDER BY mark DESC, since DESC LIMIT 1",
        (granularity, FORMAT, since),
    ) as cur:
        row = await cur.fetchone()
    if row is None:
        return None
    try:
        columns = decode(granularity, str(row[2]), bytes(row[3]))
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("ad snapshot not used granularity=%s error=%s", granularity, exc)
        return None
    return Saved(str(row[0]), int(row[1]), columns)


async def changed_buckets(
    conn: Connection, dialect: Dialect, granularity: Granularity, mark: int, since: str
) -> list[str]:
    """The buckets from ``since`` on holding a total row written after the counter stood at
    ``mark`` (a few; found through the ``seq`` index), sorted."""
    # Unary plus (SQLite): through the ``seq`` index, not a pass over another one in bucket
    # order for DISTINCT.
    plus = dialect.unindexed
    async with conn.execute(
        f"SELECT DISTINCT {plus}bucket FROM ad_metrics WHERE seq > ?"
        f" AND {plus}granularity = ? AND {plus}breakdown = '' AND {plus}bucket >= ?",
        (mark, granularity, since),
    ) as cur:
        return sorted(str(r[0]) for r in await cur.fetchall())


# Saved columns kept per granularity: those of each window read (processes evaluating other
# windows: another deployment, a CLI evaluation) until newer ones replace them.
KEPT = 3


async def save(conn: Connection, saved: Saved, now: str) -> bool:
    """Keep ``saved`` with the granularity's saved columns, in place of those of the same
    ``since`` unless they saw a later counter, and unless a row was deleted or moved after
    ``saved.mark`` (the read may hold it). Then drop those it makes useless (starting no
    earlier, saw no later counter) and all but the ``KEPT`` latest. False when the columns
    cannot be saved (not sorted by entity).

    Keyed by ``since``: columns from a later bucket never replace those from an earlier one,
    which a process reading the wider window needs (it cannot load the narrower)."""
    encoded = encode(saved.columns)
    if encoded is None:
        return False
    keys, blob = encoded
    granularity = saved.columns.granularity
    # The drop's date is compared in the statement that writes: a delete committed after the
    # read, even one by another program between the read and this save, keeps it out.
    await conn.execute(
        "INSERT INTO ad_column_snapshots (granularity, since, mark, format, keys, columns,"
        " saved_at) SELECT ?, ?, ?, ?, ?, ?, ?"
        " WHERE ? >= (SELECT dropped_at FROM ad_snapshot_drops)"
        " ON CONFLICT (granularity, since) DO UPDATE SET"
        " mark = excluded.mark, format = excluded.format,"
        " keys = excluded.keys, columns = excluded.columns, saved_at = excluded.saved_at"
        " WHERE excluded.mark >= ad_column_snapshots.mark",
        (granularity, saved.since, saved.mark, FORMAT, keys, blob, now, saved.mark),
    )
    await conn.execute(
        "DELETE FROM ad_column_snapshots WHERE granularity = ? AND since > ? AND mark <= ?"
        " AND EXISTS (SELECT 1 FROM ad_column_snapshots AS s WHERE s.granularity = ?"
        " AND s.since = ? AND s.mark >= ?)",
        (granularity, saved.since, saved.mark, granularity, saved.since, saved.mark),
    )
    await conn.execute(
        "DELETE FROM ad_column_snapshots WHERE granularity = ? AND since NOT IN"
        " (SELECT since FROM ad_column_snapshots WHERE granularity = ?"
        " ORDER BY mark DESC, since DESC LIMIT ?)",
        (granularity, granularity, KEPT),
    )
    return True
