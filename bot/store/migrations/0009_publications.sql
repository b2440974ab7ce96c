-- What socialpulse asked a platform to do for each approved draft, written BEFORE the call:
-- a publication still 'sending' after a crash may or may not have reached the platform, so the
-- account's own replies under the comment are read before it is sent again. 'waiting' means
-- the platform said no for now (throttled, token refused): nothing was posted. 'done' keeps the
-- platform's id of the reply; 'closed' a publication that never will be (comment deleted).
CREATE TABLE publications (
    draft_id    INTEGER PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
    platform    TEXT NOT NULL,
    account     TEXT NOT NULL,
    comment_id  TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('reply', 'hide')),
    text        TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('sending', 'waiting', 'done', 'closed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    reply_id    TEXT,
    not_before  TEXT,
    error       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    done_at     TEXT
);
CREATE INDEX publications_state ON publications (state, account);

-- Accounts whose token a platform refused: nothing is sent for them until the token changes.
-- `token_mark` is a short digest that tells tokens apart, never the token.
CREATE TABLE publishing_pauses (
    account    TEXT PRIMARY KEY,
    platform   TEXT NOT NULL,
    reason     TEXT NOT NULL,
    token_mark TEXT NOT NULL,
    paused_at  TEXT NOT NULL
);
