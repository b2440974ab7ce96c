-- The ad engine reads each entity's rows of one granularity in bucket order (FeedStore.ad_metrics).
-- This index holds them in that order with their numbers, so the read is one pass over it: no
-- sort, and no jump to the table for each row (rows arrive a day or an hour at a time, so an
-- entity's rows lie far apart in the table).
CREATE INDEX ad_metrics_entity ON ad_metrics (
    granularity, breakdown, platform, account, campaign, adset, ad, bucket,
    impressions, clicks, spend, conversions, revenue, leads, reach
);

-- SQLite's CAST(strftime('%s', bucket) AS INTEGER): the UTC seconds a bucket (an ISO date or
-- time; without an offset, UTC) starts at, or NULL when it is not a time.
CREATE FUNCTION bucket_epoch(bucket TEXT) RETURNS BIGINT
LANGUAGE plpgsql IMMUTABLE STRICT SET timezone = 'UTC' AS $$
BEGIN
    RETURN floor(extract(epoch FROM bucket::timestamptz));
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

-- SQLite's PRAGMA data_version, for the same read (FeedStore.ad_metrics keeps the columns it
-- read and reads again only what it wrote since, unless another process wrote): every write
-- transaction of the store adds one, under the writer lock (bot/store/postgres.py).
CREATE TABLE store_writes (n BIGINT NOT NULL);
INSERT INTO store_writes (n) VALUES (0);
