-- Stand-up summaries: per receiver and kind, the last scheduled send handled, so a restart
-- never sends one twice and a downtime over the send time sends it once.

CREATE TABLE summary_runs (
    receiver      TEXT COLLATE "C" NOT NULL,
    kind          TEXT COLLATE "C" NOT NULL CHECK (kind IN ('daily', 'weekly')),
    -- Sends scheduled before the bot first saw this schedule are not owed.
    tracked_since TEXT COLLATE "C" NOT NULL,
    slot_at       TEXT COLLATE "C",
    slot_day      TEXT COLLATE "C",
    covered_day   TEXT COLLATE "C",
    sent_at       TEXT COLLATE "C",
    late          BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (receiver, kind)
);
