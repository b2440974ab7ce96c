-- What a platform said happened to a comment after it was written (connectors: webhooks and
-- polling): the time of the latest edit or removal applied, so a repeated or late delivery
-- changes nothing, and a removal that arrives before its comment keeps the comment out.
CREATE TABLE comment_changes (
    key        TEXT COLLATE "C" PRIMARY KEY,
    changed_at TEXT COLLATE "C" NOT NULL,
    removed    BIGINT NOT NULL DEFAULT 0,
    source     TEXT COLLATE "C" NOT NULL,
    updated_at TEXT COLLATE "C" NOT NULL
);
