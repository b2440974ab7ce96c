"""Storing what the feeds read: dedupe by key, restated ad rows, quarantine and checkpoints."""

from __future__ import annotations

import itertools
import json
import logging
import operator
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

import numpy as np
import numpy.typing as npt
import psycopg

from bot.models import (
    AdMetricRow,
    Checkpoint,
    Comment,
    FeedRecord,
    Granularity,
    IngestCounts,
    OrganicPost,
    ProfileSnapshot,
    Quarantined,
    Rejected,
)
from bot.smm.columns import (
    AdColumns,
    AdMetrics,
    EntityKey,
    bucket_number,
    restated,
    stored_bucket_numbers,
)
from bot.store import ad_snapshots
from bot.store.errors import StoreError
from bot.store.sql import Connection, Dialect, Row, SqlDatabase, plain_rows

__all__ = ["FeedStore"]

log = logging.getLogger(__name__)


def _iso(value: datetime) -> str:
    return value.isoformat()


_COMMENT_SQL = (
    "INSERT INTO comments (key, id, platform, brand, post_id, parent_id, author,"
    " author_followers, text, created_at, url, lang, source, position, ingested_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
)

_POST_SQL = (
    "INSERT INTO organic_posts (key, id, platform, brand, published_at, format, text, hashtags,"
    " impressions, reach, likes, comments, shares, saves, clicks, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (key) DO UPDATE SET impressions = excluded.impressions,"
    " reach = excluded.reach, likes = excluded.likes, comments = excluded.comments,"
    " shares = excluded.shares, saves = excluded.saves, clicks = excluded.clicks,"
    " text = excluded.text, hashtags = excluded.hashtags, updated_at = excluded.updated_at"
    " WHERE (organic_posts.impressions, organic_posts.reach, organic_posts.likes,"
    " organic_posts.comments, organic_posts.shares, organic_posts.saves, organic_posts.clicks,"
    " organic_posts.text, organic_posts.hashtags) IS DISTINCT FROM (excluded.impressions,"
    " excluded.reach, excluded.likes, excluded.comments,"
    " excluded.shares, excluded.saves, excluded.clicks, excluded.text, excluded.hashtags)"
)

_PROFILE_SQL = (
    "INSERT INTO profile_snapshots (key, platform, brand, handle, captured_at,"
    " followers, posts_count, bio, link, has_avatar, contact, category)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
)

# A restated row replaces the numbers; an identical re-read changes nothing and counts as a
# duplicate. `revision` tells new (1) from restated (> 1); `seq`, what the write counter will
# be once this write commits, dates it for the saved columns (bot/store/ad_snapshots.py).
# Optional columns a source does not carry (an export without leads or reach) keep what an
# earlier source said.
_AD_SQL = (
    "INSERT INTO ad_metrics (bucket, granularity, platform, account, campaign, adset, ad,"
    " breakdown, impressions, clicks, spend, conversions, revenue, leads, reach, currency,"
    " first_seen_at, updated_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
    " ?, (SELECT n + 1 FROM store_writes))"
    " ON CONFLICT (bucket, platform, account, campaign, adset, ad, breakdown) DO UPDATE SET"
    " impressions = excluded.impressions, clicks = excluded.clicks, spend = excluded.spend,"
    " conversions = excluded.conversions, revenue = excluded.revenue,"
    " leads = COALESCE(excluded.leads, ad_metrics.leads),"
    " reach = COALESCE(excluded.reach, ad_metrics.reach),"
    " currency = COALESCE(excluded.currency, ad_metrics.currency),"
    " updated_at = excluded.updated_at, revision = ad_metrics.revision + 1, seq = excluded.seq"
    " WHERE (ad_metrics.impressions, ad_metrics.clicks, ad_metrics.spend,"
    " ad_metrics.conversions, ad_metrics.revenue, ad_metrics.leads, ad_metrics.reach,"
    " ad_metrics.currency) IS DISTINCT FROM (excluded.impressions, excluded.clicks,"
    " excluded.spend, excluded.conversions, excluded.revenue,"
    " COALESCE(excluded.leads, ad_metrics.leads), COALESCE(excluded.reach, ad_metrics.reach),"
    " COALESCE(excluded.currency, ad_metrics.currency))"
    " RETURNING revision"
)


@dataclass(frozen=True, slots=True)
class _Held:
    """One granularity's columns as the last evaluation read them, from bucket ``since`` on."""

    since: str
    columns: AdColumns


# Past this many buckets written since the last read, reading them again costs about what
# one pass over the whole index does (a backfill), so the read starts afresh.
_MOST_BUCKETS_READ_AGAIN = 64
# The columns are saved in the store after a read of every row. Once this many buckets have
# been read again since the columns held came from the store, the next read takes them from
# the store afresh (the saved ones and the buckets written since) and saves those, so a
# process started later has few to read (a new day and two restated ones each morning: every
# few days). Only columns read from the store in that read are saved: those kept by this
# process would miss what another program wrote meanwhile without moving the write counter.
_SAVE_AFTER_BUCKETS = 16


class FeedStore:
    """Writes feed records, quarantined lines and the feed position in one transaction."""

    def __init__(self, db: SqlDatabase) -> None:
        self._db = db
        # Each evaluation reads the ad metrics of the last 100 days; they are kept between
        # evaluations, and the next one reads again only the buckets written since (a new day,
        # and the days restated by late conversions). See ``ad_metrics``.
        self._held: dict[Granularity, _Held] = {}
        self._written: dict[Granularity, set[str]] = {"day": set(), "hour": set()}
        self._data_version: int | None = None
        # Buckets read again since the columns held came from the store, and the columns this
        # read took from the store that are to be saved there (bot/store/ad_snapshots.py).
        self._kept_since_store: dict[Granularity, set[str]] = {"day": set(), "hour": set()}
        self._to_save: set[Granularity] = set()
        self.ad_rows_read: dict[Granularity, int] = {}
        """Rows the last ``ad_metrics`` read from the database, by granularity."""

    async def ingest(
        self,
        records: Sequence[FeedRecord],
        rejected: Sequence[Rejected] = (),
        checkpoint: Checkpoint | None = None,
        source: str = "",
        positions: Sequence[int] | None = None,
    ) -> IngestCounts:
        """Store a batch; `positions` are the source lines of `records` (for comments)."""
        async with self._db.transaction() as conn:
            return await self.write(
                conn, self._db.now(), records, rejected, checkpoint, source, positions
            )

    async def write(
        self,
        conn: Connection,
        now: str,
        records: Sequence[FeedRecord],
        rejected: Sequence[Rejected] = (),
        checkpoint: Checkpoint | None = None,
        source: str = "",
        positions: Sequence[int] | None = None,
    ) -> IngestCounts:
        """``ingest`` inside the caller's transaction (a connector's change of a comment is
        stored with the records of the same delivery)."""
        counts = IngestCounts()
        comments: list[tuple[object, ...]] = []
        posts: list[OrganicPost] = []
        profiles: list[tuple[object, ...]] = []
        ads: list[AdMetricRow] = []
        for index, record in enumerate(records):
            if isinstance(record, Comment):
                position = positions[index] if positions is not None else index + 1
                comments.append(_comment_row(record, source, position, now))
            elif isinstance(record, OrganicPost):
                posts.append(record)
            elif isinstance(record, ProfileSnapshot):
                profiles.append(_profile_row(record))
            else:
                ads.append(record)
        if comments:
            await self._insert_ignoring(conn, _COMMENT_SQL, comments, counts, "comments")
        if profiles:
            await self._insert_ignoring(conn, _PROFILE_SQL, profiles, counts, "profiles")
        for post in posts:
            await self._upsert_post(conn, post, now, counts)
        for row in ads:
            changed = await self._upsert_ad(conn, row, now, counts)
            if changed and not row.breakdown and row.granularity in self._held:
                self._written[row.granularity].add(row.bucket)
        for bad in rejected:
            cur = await conn.execute(
                "INSERT INTO quarantine (source, position, raw, reason, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (bad.source, bad.position, bad.raw[:2000], bad.reason, now),
            )
            counts.quarantined += cur.rowcount
        if checkpoint is not None:
            await conn.execute(
                'INSERT INTO feed_checkpoints (source, "offset", line, identity, header,'
                " fingerprint, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (source) DO UPDATE SET"
                ' "offset" = excluded."offset", line = excluded.line,'
                " identity = excluded.identity, header = excluded.header,"
                " fingerprint = excluded.fingerprint, updated_at = excluded.updated_at",
                (
                    checkpoint.source,
                    checkpoint.offset,
                    checkpoint.line,
                    checkpoint.identity,
                    checkpoint.header,
                    checkpoint.fingerprint,
                    now,
                ),
            )
        return counts

    @staticmethod
    async def _insert_ignoring(
        conn: Connection,
        sql: str,
        rows: list[tuple[object, ...]],
        counts: IngestCounts,
        kind: str,
    ) -> None:
        cur = await conn.executemany(sql, rows)
        stored = max(cur.rowcount, 0)
        counts.stored += stored
        counts.duplicate += len(rows) - stored
        counts.by_kind[kind] = counts.by_kind.get(kind, 0) + stored

    @staticmethod
    async def _upsert_post(
        conn: Connection, post: OrganicPost, now: str, counts: IngestCounts
    ) -> None:
        async with conn.execute("SELECT 1 FROM organic_posts WHERE key = ?", (post.key,)) as cur:
            existed = await cur.fetchone() is not None
        async with conn.execute(_POST_SQL, _post_row(post, now)) as cur:
            changed = cur.rowcount > 0
        if not changed:
            counts.duplicate += 1
        elif existed:
            counts.updated += 1
        else:
            counts.stored += 1
            counts.by_kind["posts"] = counts.by_kind.get("posts", 0) + 1

    @staticmethod
    async def _upsert_ad(
        conn: Connection, row: AdMetricRow, now: str, counts: IngestCounts
    ) -> bool:
        """Store one ad row; whether it changed what is stored."""
        params = (
            row.bucket,
            row.granularity,
            row.platform,
            row.account,
            row.campaign,
            row.adset,
            row.ad,
            row.breakdown,
            row.impressions,
            row.clicks,
            row.spend,
            row.conversions,
            row.revenue,
            row.leads,
            row.reach,
            row.currency,
            now,
            now,
        )
        async with conn.execute(_AD_SQL, params) as cur:
            result = await cur.fetchone()
        if result is None:
            counts.duplicate += 1
            return False
        if int(result[0]) == 1:
            counts.stored += 1
            counts.by_kind["ad_metrics"] = counts.by_kind.get("ad_metrics", 0) + 1
        else:
            counts.updated += 1
        return True

    async def checkpoint(self, source: str) -> Checkpoint | None:
        row = await self._db.fetchone(
            'SELECT source, "offset", line, identity, header, fingerprint FROM feed_checkpoints'
            " WHERE source = ?",
            (source,),
        )
        if row is None:
            return None
        return Checkpoint(row[0], int(row[1]), int(row[2]), row[3], row[4], row[5])

    async def ad_rows(
        self,
        since: str,
        granularity: str = "day",
        *,
        before: str | None = None,
        breakdown: str | None = None,
    ) -> list[AdMetricRow]:
        """Every ad-metric row of one granularity from the `since` bucket on, and before the
        `before` bucket when given; only rows of one `breakdown` when given ("" for totals)."""
        where = "granularity = ? AND bucket >= ?"
        params: list[str] = [granularity, since]
        if before is not None:
            where += " AND bucket < ?"
            params.append(before)
        if breakdown is not None:
            where += " AND breakdown = ?"
            params.append(breakdown)
        rows = await self._db.fetchall(
            f"SELECT {_AD_ROW} FROM ad_metrics WHERE {where}"
            " ORDER BY platform, account, campaign, adset, ad, breakdown, bucket",
            params,
        )
        return [_ad_row(r) for r in rows]

    async def ad_metrics(self, day_since: str, hour_since: str) -> AdMetrics:
        """What one evaluation of the ad engine reads, all as of one moment: the daily totals
        from the `day_since` bucket on and the hourly ones from `hour_since` as columns, and
        the daily breakdown rows (which suggestions read one by one).

        The totals are kept for the next call, which reads again only the buckets this store
        has written since (new or restated rows) and drops those before its ``since``: the
        same columns as reading everything, at a fraction of the cost. When another
        connection has written to the database meanwhile (SQLite's ``data_version``: another
        process ingesting, a restore), or the call asks for older buckets than the last one,
        it starts again from the store.

        From the store, a first read in a process loads the columns saved there by an
        earlier read (by any process) and reads again only the buckets holding rows written
        since (``bot/store/ad_snapshots.py``, which says why that is the same as reading
        every row); without a saved copy it reads every row, and saves what it read for the
        next process. A cheaper first read of every row was not enough: the driver making a
        Python object of each value costs most of it (about 1 µs a row for a single number).
        """
        self._to_save.clear()
        try:
            async with self._db.snapshot() as conn:
                # First, before any table is read: commits by other connections up to here.
                version = await self._db.data_version(conn)
                if version != self._data_version:
                    self._held.clear()
                mark = await ad_snapshots.counter(conn)
                daily = await self._held_columns(conn, "day", day_since)
                hourly = await self._held_columns(conn, "hour", hour_since)
                async with conn.execute(
                    f"SELECT {_AD_ROW} FROM ad_metrics"
                    # `> ''`, not `!= ''`: a range of the index, not a pass over every row.
                    " WHERE granularity = 'day' AND breakdown > '' AND bucket >= ?"
                    " ORDER BY platform, account, campaign, adset, ad, breakdown, bucket",
                    (day_since,),
                ) as cur:
                    breakdowns = tuple(_ad_row(r) for r in await cur.fetchall())
        except BaseException:
            self._held.clear()
            raise
        self._data_version = version
        await self._save_due(mark)
        return AdMetrics(daily, hourly, breakdowns)

    async def _save_due(self, mark: int) -> None:
        """Save in the store the columns this read took from it that are due (``_to_save``),
        as of the write counter ``mark`` the read saw. A copy only: when the store refuses it
        (busy, read only), the evaluation goes on."""
        due = sorted(g for g in self._to_save if g in self._held)
        self._to_save.clear()
        if not due:
            return
        now = self._db.now()
        try:
            async with self._db.transaction(attempts=1, counted=False) as conn:
                for granularity in due:
                    held = self._held[granularity]
                    saved = ad_snapshots.Saved(held.since, mark, held.columns)
                    await ad_snapshots.save(conn, saved, now)
        except (StoreError, sqlite3.Error, psycopg.Error) as exc:
            log.warning("ad columns not saved error=%s", type(exc).__name__)

    async def _held_columns(
        self, conn: Connection, granularity: Granularity, since: str
    ) -> AdColumns:
        """``_ad_columns(conn, granularity, since)``, from the columns held since the last
        call and the buckets written since then when there are any held, else from the
        columns saved in the store (``_stored_columns``)."""
        held = self._held.get(granularity)
        written, self._written[granularity] = self._written[granularity], set()
        again = sorted(bucket for bucket in written if bucket >= since)
        kept = self._kept_since_store[granularity]
        if held is None or len(kept) >= _SAVE_AFTER_BUCKETS:
            columns = await self._stored_columns(conn, granularity, since)
        elif since < held.since or len(again) > _MOST_BUCKETS_READ_AGAIN:
            columns = await self._read_all(conn, granularity, since)
        elif not again and since == held.since:
            columns = held.columns
            self.ad_rows_read[granularity] = 0
        else:
            columns = await self._read_again(conn, granularity, held.columns, again, since)
            kept.update(again)
        self._held[granularity] = _Held(since, columns)
        return columns

    async def _stored_columns(
        self, conn: Connection, granularity: Granularity, since: str
    ) -> AdColumns:
        """The columns saved in the store with the buckets written since read again, when
        there are few; else every row read."""
        saved = await ad_snapshots.load(conn, granularity, since)
        if saved is not None:
            dialect = self._db.dialect
            again = await ad_snapshots.changed_buckets(
                conn, dialect, granularity, saved.mark, since
            )
            if len(again) <= _MOST_BUCKETS_READ_AGAIN:
                self._kept_since_store[granularity] = set()
                if len(again) >= _SAVE_AFTER_BUCKETS:
                    self._to_save.add(granularity)
                if not again and since == saved.since:
                    self.ad_rows_read[granularity] = 0
                    return saved.columns
                return await self._read_again(conn, granularity, saved.columns, again, since)
        return await self._read_all(conn, granularity, since)

    async def _read_all(self, conn: Connection, granularity: Granularity, since: str) -> AdColumns:
        columns = await _ad_columns(conn, self._db.dialect, granularity, since, None)
        self.ad_rows_read[granularity] = len(columns)
        self._kept_since_store[granularity] = set()
        self._to_save.add(granularity)
        return columns

    async def _read_again(
        self,
        conn: Connection,
        granularity: Granularity,
        columns: AdColumns,
        again: Sequence[str],
        since: str,
    ) -> AdColumns:
        """``columns`` with the rows of buckets ``again`` read again, from ``since`` on."""
        fresh = (
            await _bucket_columns(conn, self._db.dialect, granularity, again)
            if again
            else AdColumns.empty(granularity)
        )
        numbers = stored_bucket_numbers(again, granularity, {})
        self.ad_rows_read[granularity] = len(fresh)
        return restated(columns, fresh, numbers, bucket_number(since))

    async def ad_columns(
        self, granularity: Granularity, since: str, *, before: str | None = None
    ) -> AdColumns:
        """The total rows (no breakdown) of one granularity from the `since` bucket on, and
        before the `before` bucket when given, as columns sorted by entity and bucket."""
        async with self._db.snapshot() as conn:
            return await _ad_columns(conn, self._db.dialect, granularity, since, before)

    async def ad_mark(self) -> tuple[int, int]:
        """A mark that moves whenever an ad-metric row is stored or restated, by any worker:
        how many rows there are and their revisions summed (no clock in it)."""
        row = await self._db.fetchone("SELECT COUNT(*), SUM(revision) FROM ad_metrics")
        return (0, 0) if row is None else (int(row[0]), int(row[1] or 0))

    async def last_seen(self) -> dict[str, str]:
        """When each feed source last delivered anything (for staleness and /metrics)."""
        rows = await self._db.fetchall("SELECT source, updated_at FROM feed_checkpoints")
        return {r[0]: r[1] for r in rows}

    async def quarantined(self, limit: int = 50) -> list[Quarantined]:
        rows = await self._db.fetchall(
            "SELECT id, source, position, raw, reason, created_at FROM quarantine"
            " ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [Quarantined(r[0], r[1], int(r[2]), r[3], r[4], r[5]) for r in rows]


_AD_ROW = (
    "bucket, granularity, platform, account, campaign, adset, ad, impressions, clicks, spend,"
    " conversions, revenue, leads, reach, currency, breakdown"
)


def _ad_row(r: Row) -> AdMetricRow:
    """An ``AdMetricRow`` from the ``_AD_ROW`` columns."""
    return AdMetricRow(
        bucket=r[0],
        granularity=r[1],
        platform=r[2],
        account=r[3],
        campaign=r[4],
        adset=r[5],
        ad=r[6],
        impressions=int(r[7]),
        clicks=int(r[8]),
        spend=float(r[9]),
        conversions=float(r[10]),
        revenue=float(r[11]),
        leads=r[12],
        reach=r[13],
        currency=r[14],
        breakdown=r[15],
    )


# Rows are fetched in chunks and each chunk turned into arrays at once, so the read never
# holds a Python object per row for longer than its chunk.
_CHUNK = 65_536
# The bucket is read as stored and its number worked out once per distinct text
# (``stored_bucket_numbers``), not per row in SQL, the same on every database. Leads and reach
# are never negative (bot/feeds/admetrics.py): -1 marks "not reported"; a read leaves out the
# one no row reports (most sources report neither), as each column read costs as much as a
# number.
_AD_OPTIONAL = {"leads": "COALESCE(leads, -1)", "reach": "COALESCE(reach, -1)"}
_AD_NUMBERS = (
    "bucket",
    "impressions",
    "clicks",
    "spend",
    "conversions",
    "revenue",
    *_AD_OPTIONAL.values(),
)
# A row of ``_AD_NUMBERS``: its bucket, and its numbers; behind the entity's five columns.
_FIRST, _REST = operator.itemgetter(0), operator.itemgetter(slice(1, None))
_BUCKET, _NUMBERS = operator.itemgetter(5), operator.itemgetter(slice(6, None))
_KEY = cast("Callable[[Row], EntityKey]", operator.itemgetter(slice(0, 5)))


async def _ad_columns(
    conn: Connection, dialect: Dialect, granularity: Granularity, since: str, before: str | None
) -> AdColumns:
    """One granularity's total rows as columns (see ``FeedStore.ad_columns``); inside a
    snapshot, so the count of rows per entity and the rows agree. The covering index
    ``ad_metrics_entity`` gives both in entity and bucket order, without a sort."""
    where = "granularity = ? AND breakdown = '' AND bucket >= ?"
    params: list[str] = [granularity, since]
    if before is not None:
        where += " AND bucket < ?"
        params.append(before)
    entity_order = "platform, account, campaign, adset, ad"
    async with conn.execute(
        f"SELECT {entity_order}, COUNT(*), COUNT(leads), COUNT(reach) FROM ad_metrics"
        f" WHERE {where} GROUP BY {entity_order} ORDER BY {entity_order}",
        params,
    ) as cur:
        entities = await cur.fetchall()
    keys = tuple(cast(EntityKey, tuple(e[:5])) for e in entities)
    counts = np.array([int(e[5]) for e in entities], dtype=np.int64)
    reported = {name: any(int(e[6 + i]) for e in entities) for i, name in enumerate(_AD_OPTIONAL)}
    read = _AD_NUMBERS[:6] + tuple(v for k, v in _AD_OPTIONAL.items() if reported[k])
    # Where each number read goes in the table; a column left out stays -1, not reported.
    places = [0, 1, 2, 3, 4] + [5 + i for i, k in enumerate(_AD_OPTIONAL) if reported[k]]
    total = int(counts.sum())
    width = len(places)
    table = np.full((total, len(_AD_NUMBERS) - 1), -1.0)
    bucket = np.empty(total, dtype=np.int64)
    known: dict[str, int] = {}
    done = 0
    async with conn.execute(
        f"SELECT {', '.join(read)} FROM ad_metrics WHERE {where} ORDER BY {entity_order}, bucket",
        params,
    ) as cur:
        plain_rows(cur)
        while chunk := list(await cur.fetchmany(_CHUNK)):
            stop = done + len(chunk)
            if stop > total:
                break
            # itemgetter slices each row in C, without a Python frame per row.
            bucket[done:stop] = stored_bucket_numbers(list(map(_FIRST, chunk)), granularity, known)
            cells = itertools.chain.from_iterable(map(_REST, chunk))
            numbers = np.fromiter(cells, np.float64, len(chunk) * width).reshape(-1, width)
            table[done:stop, places] = numbers
            done = stop
    if done != total:
        raise RuntimeError(f"ad_metrics: read {done} {granularity} rows of the {total} counted")
    entity = np.repeat(np.arange(len(keys), dtype=np.int64), counts)
    return _as_columns(granularity, keys, entity, bucket, table)


async def _bucket_columns(
    conn: Connection, dialect: Dialect, granularity: Granularity, buckets: Sequence[str]
) -> AdColumns:
    """The total rows of ``buckets`` (a few) as columns, in no particular order."""
    # Unary plus: found through the unique key, which starts with the bucket, rather than by
    # a pass over every row of the granularity in ``ad_metrics_entity``.
    plus = dialect.unindexed
    marks = ", ".join("?" * len(buckets))
    where = f"{plus}granularity = ? AND {plus}breakdown = '' AND bucket IN ({marks})"
    params = [granularity, *buckets]
    async with conn.execute(
        f"SELECT platform, account, campaign, adset, ad, {', '.join(_AD_NUMBERS)}"
        f" FROM ad_metrics WHERE {where}",
        params,
    ) as cur:
        plain_rows(cur)
        rows = list(await cur.fetchall())
    # Each row's entity key numbered in order of first sight, by itemgetter and a dict that
    # numbers what it has not seen: no Python frame per row.
    ids: defaultdict[EntityKey, int] = defaultdict(itertools.count().__next__)
    entity = np.fromiter(map(ids.__getitem__, map(_KEY, rows)), np.int64, len(rows))
    bucket = stored_bucket_numbers(list(map(_BUCKET, rows)), granularity, {})
    width = len(_AD_NUMBERS) - 1
    cells = itertools.chain.from_iterable(map(_NUMBERS, rows))
    table = np.fromiter(cells, np.float64, len(rows) * width).reshape(-1, width)
    return _as_columns(granularity, tuple(ids), entity, bucket, table)


def _as_columns(
    granularity: Granularity,
    keys: tuple[EntityKey, ...],
    entity: npt.NDArray[np.int64],
    bucket: npt.NDArray[np.int64],
    table: npt.NDArray[np.float64],
) -> AdColumns:
    """Columns from the numbers of ``_AD_NUMBERS`` after the bucket, one row a line."""
    impressions, clicks, spend, conversions, revenue, leads, reach = table.T
    return AdColumns(
        granularity,
        keys,
        entity,
        bucket,
        impressions=impressions,
        clicks=clicks,
        spend=spend,
        conversions=conversions,
        revenue=revenue,
        leads=np.where(leads < 0, np.nan, leads),
        reach=np.where(reach < 0, np.nan, reach),
    )


def _comment_row(c: Comment, source: str, position: int, now: str) -> tuple[object, ...]:
    return (
        c.key,
        c.id,
        c.platform,
        c.brand,
        c.post_id,
        c.parent_id,
        c.author,
        c.author_followers,
        c.text,
        _iso(c.created_at),
        c.url,
        c.lang,
        source,
        position,
        now,
    )


def _post_row(p: OrganicPost, now: str) -> tuple[object, ...]:
    return (
        p.key,
        p.id,
        p.platform,
        p.brand,
        _iso(p.published_at),
        p.format,
        p.text,
        json.dumps(list(p.hashtags)),
        p.impressions,
        p.reach,
        p.likes,
        p.comments,
        p.shares,
        p.saves,
        p.clicks,
        now,
    )


def _profile_row(p: ProfileSnapshot) -> tuple[object, ...]:
    return (
        p.key,
        p.platform,
        p.brand,
        p.handle,
        _iso(p.captured_at),
        p.followers,
        p.posts_count,
        p.bio,
        p.link,
        int(p.has_avatar),
        p.contact,
        p.category,
    )
