-- The ad engine's columns saved in the store (FeedStore.ad_metrics, bot/store/ad_snapshots.py),
-- so a process just started reads the rows changed since, not every row.
--
-- `seq` is the write counter (store_writes.n) plus one at the moment the row was last written:
-- as writers take turns, every row committed after a read that saw the counter at N carries
-- a `seq` above N. Rows from before this migration keep NULL, in every saved snapshot. The
-- store's upsert sets it; the triggers set it for any other writer that leaves it alone.
ALTER TABLE ad_metrics ADD COLUMN seq INTEGER;
CREATE INDEX ad_metrics_seq ON ad_metrics (seq);

CREATE TABLE ad_column_snapshots (
    granularity TEXT PRIMARY KEY CHECK (granularity IN ('day', 'hour')),
    since       TEXT NOT NULL,
    mark        INTEGER NOT NULL,
    format      INTEGER NOT NULL,
    keys        TEXT NOT NULL,
    columns     BLOB NOT NULL,
    saved_at    TEXT NOT NULL
);

CREATE TRIGGER ad_metrics_seq_insert AFTER INSERT ON ad_metrics WHEN NEW.seq IS NULL
BEGIN
    UPDATE ad_metrics SET seq = (SELECT n + 1 FROM store_writes) WHERE id = NEW.id;
END;

CREATE TRIGGER ad_metrics_seq_update AFTER UPDATE ON ad_metrics WHEN NEW.seq IS OLD.seq
BEGIN
    UPDATE ad_metrics SET seq = (SELECT n + 1 FROM store_writes) WHERE id = NEW.id;
END;

-- A row leaving its bucket, granularity or total, or leaving the table, is not told by a
-- `seq`: the saved snapshots go, and the next read reads every row.
CREATE TRIGGER ad_metrics_moved AFTER UPDATE OF bucket, granularity, breakdown ON ad_metrics
WHEN OLD.bucket IS NOT NEW.bucket OR OLD.granularity IS NOT NEW.granularity
    OR OLD.breakdown IS NOT NEW.breakdown
BEGIN
    DELETE FROM ad_column_snapshots;
END;

CREATE TRIGGER ad_metrics_deleted AFTER DELETE ON ad_metrics
BEGIN
    DELETE FROM ad_column_snapshots;
END;
