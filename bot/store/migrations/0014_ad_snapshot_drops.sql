-- A read that began before a row was deleted or moved must not save its columns after
-- (bot/store/ad_snapshots.py): the triggers that drop the saved columns now also date the drop
-- by the write counter, and a save or a load compares its read's `mark` with that date in the
-- same statement.
CREATE TABLE ad_snapshot_drops (dropped_at INTEGER NOT NULL);
INSERT INTO ad_snapshot_drops (dropped_at) VALUES (0);

DROP TRIGGER ad_metrics_moved;
DROP TRIGGER ad_metrics_deleted;

-- Saved columns are kept by granularity and first bucket: a process reading a narrower window
-- no longer replaces those of a wider one, which a process reading that window then could not
-- load (ad_snapshots.save keeps a few). What was saved before is a copy only: it goes.
DROP TABLE ad_column_snapshots;
CREATE TABLE ad_column_snapshots (
    granularity TEXT NOT NULL CHECK (granularity IN ('day', 'hour')),
    since       TEXT NOT NULL,
    mark        INTEGER NOT NULL,
    format      INTEGER NOT NULL,
    keys        TEXT NOT NULL,
    columns     BLOB NOT NULL,
    saved_at    TEXT NOT NULL,
    PRIMARY KEY (granularity, since)
);

CREATE TRIGGER ad_metrics_moved AFTER UPDATE OF bucket, granularity, breakdown ON ad_metrics
WHEN OLD.bucket IS NOT NEW.bucket OR OLD.granularity IS NOT NEW.granularity
    OR OLD.breakdown IS NOT NEW.breakdown
BEGIN
    DELETE FROM ad_column_snapshots;
    UPDATE ad_snapshot_drops SET dropped_at = (SELECT n + 1 FROM store_writes);
END;

CREATE TRIGGER ad_metrics_deleted AFTER DELETE ON ad_metrics
BEGIN
    DELETE FROM ad_column_snapshots;
    UPDATE ad_snapshot_drops SET dropped_at = (SELECT n + 1 FROM store_writes);
END;
