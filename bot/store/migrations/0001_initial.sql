-- The first schema: everything the feeds, engines, dispatcher and reviewers record.

CREATE TABLE comments (
    key              TEXT PRIMARY KEY,
    id               TEXT NOT NULL,
    platform         TEXT NOT NULL,
    brand            TEXT NOT NULL,
    post_id          TEXT NOT NULL,
    parent_id        TEXT,
    author           TEXT NOT NULL,
    author_followers INTEGER NOT NULL DEFAULT 0,
    text             TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    url              TEXT,
    lang             TEXT,
    source           TEXT NOT NULL,
    position         INTEGER NOT NULL,
    ingested_at      TEXT NOT NULL,
    processed_at     TEXT
);
CREATE INDEX comments_unprocessed ON comments (ingested_at) WHERE processed_at IS NULL;
CREATE INDEX comments_brand_created ON comments (brand, created_at);

CREATE TABLE comment_analyses (
    comment_key     TEXT PRIMARY KEY REFERENCES comments (key) ON DELETE CASCADE,
    sentiment       TEXT NOT NULL,
    sentiment_score REAL NOT NULL,
    intents         TEXT NOT NULL,
    priority        REAL NOT NULL,
    priority_reason TEXT NOT NULL,
    language        TEXT,
    evidence        TEXT NOT NULL,
    entities        TEXT NOT NULL,
    analysed_at     TEXT NOT NULL
);

CREATE TABLE drafts (
    id           INTEGER PRIMARY KEY,
    comment_key  TEXT NOT NULL UNIQUE REFERENCES comments (key) ON DELETE CASCADE,
    brand        TEXT NOT NULL,
    platform     TEXT NOT NULL,
    action       TEXT NOT NULL,
    text         TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN
                   ('new', 'pending_review', 'approved', 'edited', 'rejected', 'published')),
    reason       TEXT,
    decided_by   TEXT,
    decided_at   TEXT,
    published_at TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX drafts_status ON drafts (status);

CREATE TABLE organic_posts (
    key          TEXT PRIMARY KEY,
    id           TEXT NOT NULL,
    platform     TEXT NOT NULL,
    brand        TEXT NOT NULL,
    published_at TEXT NOT NULL,
    format       TEXT NOT NULL,
    text         TEXT NOT NULL,
    hashtags     TEXT NOT NULL,
    impressions  INTEGER NOT NULL,
    reach        INTEGER NOT NULL,
    likes        INTEGER NOT NULL,
    comments     INTEGER NOT NULL,
    shares       INTEGER NOT NULL,
    saves        INTEGER NOT NULL,
    clicks       INTEGER NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX organic_posts_brand ON organic_posts (brand, published_at);

CREATE TABLE profile_snapshots (
    key         TEXT PRIMARY KEY,
    platform    TEXT NOT NULL,
    brand       TEXT NOT NULL,
    handle      TEXT NOT NULL,
    captured_at TEXT NOT NULL,
    followers   INTEGER NOT NULL,
    posts_count INTEGER NOT NULL,
    bio         TEXT,
    link        TEXT,
    has_avatar  INTEGER NOT NULL,
    contact     TEXT,
    category    TEXT
);

CREATE TABLE ad_metrics (
    id          INTEGER PRIMARY KEY,
    bucket      TEXT NOT NULL,
    granularity TEXT NOT NULL CHECK (granularity IN ('day', 'hour')),
    platform    TEXT NOT NULL,
    account     TEXT NOT NULL,
    campaign    TEXT NOT NULL,
    adset       TEXT NOT NULL DEFAULT '',
    ad          TEXT NOT NULL DEFAULT '',
    breakdown   TEXT NOT NULL DEFAULT '',
    impressions INTEGER NOT NULL,
    clicks      INTEGER NOT NULL,
    spend       REAL NOT NULL,
    conversions REAL NOT NULL,
    revenue     REAL NOT NULL,
    leads       REAL,
    reach       INTEGER,
    currency    TEXT,
    revision    INTEGER NOT NULL DEFAULT 1,
    first_seen_at TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (bucket, platform, account, campaign, adset, ad, breakdown)
);
CREATE INDEX ad_metrics_campaign ON ad_metrics (platform, account, campaign, bucket);

CREATE TABLE alerts (
    fingerprint TEXT PRIMARY KEY,
    alertname   TEXT NOT NULL,
    labels      TEXT NOT NULL,
    severity    TEXT NOT NULL,
    summary     TEXT NOT NULL,
    details     TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'firing', 'resolved')),
    value       REAL,
    baseline    REAL,
    started_at  TEXT NOT NULL,
    firing_at   TEXT,
    resolved_at TEXT,
    acked_by    TEXT,
    acked_at    TEXT,
    updated_at  TEXT NOT NULL
);
CREATE INDEX alerts_state ON alerts (state);

-- The outbox: every message to a receiver is queued here in the transaction that caused it,
-- so a crash never loses one, and the unique key means it is never queued twice.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    receiver    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    dedupe_key  TEXT NOT NULL,
    payload     TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    error       TEXT,
    message_ref TEXT,
    created_at  TEXT NOT NULL,
    sent_at     TEXT,
    UNIQUE (receiver, dedupe_key)
);
CREATE INDEX notifications_queued ON notifications (status, id);
CREATE INDEX notifications_subject ON notifications (kind, subject);

-- Alertmanager's notification log: what each receiver was last told about each alert group.
CREATE TABLE notification_log (
    receiver     TEXT NOT NULL,
    group_key    TEXT NOT NULL,
    firing       TEXT NOT NULL,
    resolved     TEXT NOT NULL,
    sent_at      TEXT NOT NULL,
    PRIMARY KEY (receiver, group_key)
);

CREATE TABLE silences (
    id         INTEGER PRIMARY KEY,
    matchers   TEXT NOT NULL,
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    created_by TEXT NOT NULL,
    comment    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE feed_checkpoints (
    source     TEXT PRIMARY KEY,
    offset     INTEGER NOT NULL,
    line       INTEGER NOT NULL,
    identity   TEXT NOT NULL,
    header     TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE quarantine (
    id         INTEGER PRIMARY KEY,
    source     TEXT NOT NULL,
    position   INTEGER NOT NULL,
    raw        TEXT NOT NULL,
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (source, position, raw)
);

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail  TEXT NOT NULL
);
