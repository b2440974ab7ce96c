-- Stand-up summaries: per receiver and kind, the last scheduled send handled, so a restart
-- never sends one twice and a downtime over the send time sends it once.

CREATE TABLE summary_runs (
    receiver      TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('daily', 'weekly')),
    -- Sends scheduled before the bot first saw this schedule are not owed.
    tracked_since TEXT NOT NULL,
    slot_at       TEXT,
    slot_day      TEXT,
    covered_day   TEXT,
    sent_at       TEXT,
    late          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (receiver, kind)
);
