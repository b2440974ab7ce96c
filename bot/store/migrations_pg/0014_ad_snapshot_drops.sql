-- A read that began before a row was deleted or moved must not save its columns after
-- (bot/store/ad_snapshots.py): the triggers that drop the saved columns now also date the drop
-- by the write counter, under the writers' lock, and a save or a load compares its read's
-- `mark` with that date in the same statement.
CREATE TABLE ad_snapshot_drops (dropped_at BIGINT NOT NULL);
INSERT INTO ad_snapshot_drops (dropped_at) VALUES (0);

-- Saved columns are kept by granularity and first bucket: a process reading a narrower window
-- no longer replaces those of a wider one, which a process reading that window then could not
-- load (ad_snapshots.save keeps a few). What was saved before is a copy only: it goes.
DROP TABLE ad_column_snapshots;
CREATE TABLE ad_column_snapshots (
    granularity TEXT NOT NULL CHECK (granularity IN ('day', 'hour')),
    since       TEXT NOT NULL,
    mark        BIGINT NOT NULL,
    format      INTEGER NOT NULL,
    keys        TEXT NOT NULL,
    columns     BYTEA NOT NULL,
    saved_at    TEXT NOT NULL,
    PRIMARY KEY (granularity, since)
);

CREATE OR REPLACE FUNCTION ad_metrics_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(5292449);  -- the writers' lock, 0x50C1A1
    NEW.seq := (SELECT n FROM store_writes) + 1;
    -- A row leaving its bucket, granularity or total is not told by a `seq`: the saved
    -- snapshots go, no read from before may save its own, and the next read reads every row.
    IF TG_OP = 'UPDATE' AND (OLD.bucket, OLD.granularity, OLD.breakdown)
        IS DISTINCT FROM (NEW.bucket, NEW.granularity, NEW.breakdown) THEN
        DELETE FROM ad_column_snapshots;
        UPDATE ad_snapshot_drops SET dropped_at = NEW.seq;
    END IF;
    RETURN NEW;
END
$$;

-- Nor is a row leaving the table.
CREATE OR REPLACE FUNCTION ad_column_snapshots_drop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(5292449);  -- the writers' lock, 0x50C1A1
    DELETE FROM ad_column_snapshots;
    UPDATE ad_snapshot_drops SET dropped_at = (SELECT n FROM store_writes) + 1;
    RETURN NULL;
END
$$;
