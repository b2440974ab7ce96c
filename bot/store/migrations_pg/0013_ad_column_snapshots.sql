-- The ad engine's columns saved in the store (FeedStore.ad_metrics, bot/store/ad_snapshots.py),
-- so a process just started reads the rows changed since, not every row.
--
-- `seq` is the write counter (store_writes.n) plus one at the moment the row was last written:
-- the trigger takes the writers' lock first (bot/store/postgres.py; the store's writers hold
-- it already), so it reads the counter of the last write committed, and every row committed
-- after a read that saw the counter at N carries a `seq` above N. Rows from before this
-- migration keep NULL, in every saved snapshot.
ALTER TABLE ad_metrics ADD COLUMN seq BIGINT;
CREATE INDEX ad_metrics_seq ON ad_metrics (seq);

CREATE TABLE ad_column_snapshots (
    granularity TEXT PRIMARY KEY CHECK (granularity IN ('day', 'hour')),
    since       TEXT NOT NULL,
    mark        BIGINT NOT NULL,
    format      INTEGER NOT NULL,
    keys        TEXT NOT NULL,
    columns     BYTEA NOT NULL,
    saved_at    TEXT NOT NULL
);

CREATE FUNCTION ad_metrics_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(5292449);  -- the writers' lock, 0x50C1A1
    NEW.seq := (SELECT n FROM store_writes) + 1;
    -- A row leaving its bucket, granularity or total is not told by a `seq`: the saved
    -- snapshots go, and the next read reads every row.
    IF TG_OP = 'UPDATE' AND (OLD.bucket, OLD.granularity, OLD.breakdown)
        IS DISTINCT FROM (NEW.bucket, NEW.granularity, NEW.breakdown) THEN
        DELETE FROM ad_column_snapshots;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER ad_metrics_seq BEFORE INSERT OR UPDATE ON ad_metrics
FOR EACH ROW EXECUTE FUNCTION ad_metrics_seq();

-- Nor is a row leaving the table.
CREATE FUNCTION ad_column_snapshots_drop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ad_column_snapshots;
    RETURN NULL;
END
$$;
CREATE TRIGGER ad_metrics_deleted AFTER DELETE OR TRUNCATE ON ad_metrics
FOR EACH STATEMENT EXECUTE FUNCTION ad_column_snapshots_drop();
