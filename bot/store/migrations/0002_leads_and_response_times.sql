-- Leads from purchase-intent comments, and reminders for drafts waiting past their SLA.

CREATE TABLE leads (
    comment_key TEXT PRIMARY KEY REFERENCES comments (key) ON DELETE CASCADE,
    brand       TEXT NOT NULL,
    platform    TEXT NOT NULL,
    author      TEXT NOT NULL,
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX leads_brand_created ON leads (brand, created_at);

CREATE TABLE sla_reminders (
    draft_id    INTEGER PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
    reminded_at TEXT NOT NULL
);
