-- Leads from purchase-intent comments, and reminders for drafts waiting past their SLA.

CREATE TABLE leads (
    comment_key TEXT COLLATE "C" PRIMARY KEY REFERENCES comments (key) ON DELETE CASCADE,
    brand       TEXT COLLATE "C" NOT NULL,
    platform    TEXT COLLATE "C" NOT NULL,
    author      TEXT COLLATE "C" NOT NULL,
    text        TEXT COLLATE "C" NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL,
    recorded_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX leads_brand_created ON leads (brand, created_at);

CREATE TABLE sla_reminders (
    draft_id    BIGINT PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
    reminded_at TEXT COLLATE "C" NOT NULL
);
