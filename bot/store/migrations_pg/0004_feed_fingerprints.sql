-- A fingerprint of the bytes a feed file was read up to, so a file truncated and refilled in
-- place past the old offset is told from the same file grown (bot/ingest/tail.py).

ALTER TABLE feed_checkpoints ADD COLUMN fingerprint TEXT COLLATE "C";
