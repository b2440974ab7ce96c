-- What socialpulse asked a platform to do for each approved draft, written BEFORE the call:
-- a publication still 'sending' after a crash may or may not have reached the platform, so the
-- account's own replies under the comment are read before it is sent again. 'waiting' means
-- the platform said no for now (throttled, token refused): nothing was posted. 'done' keeps the
-- platform's id of the reply; 'closed' a publication that never will be (comment deleted).
CREATE TABLE publications (
    draft_id    BIGINT PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
    platform    TEXT COLLATE "C" NOT NULL,
    account     TEXT COLLATE "C" NOT NULL,
    comment_id  TEXT COLLATE "C" NOT NULL,
    action      TEXT COLLATE "C" NOT NULL CHECK (action IN ('reply', 'hide')),
    text        TEXT COLLATE "C" NOT NULL,
    state       TEXT COLLATE "C" NOT NULL CHECK (state IN ('sending', 'waiting', 'done', 'closed')),
    attempts    BIGINT NOT NULL DEFAULT 0,
    reply_id    TEXT COLLATE "C",
    not_before  TEXT COLLATE "C",
    error       TEXT COLLATE "C",
    created_at  TEXT COLLATE "C" NOT NULL,
    updated_at  TEXT COLLATE "C" NOT NULL,
    done_at     TEXT COLLATE "C"
);
CREATE INDEX publications_state ON publications (state, account);

-- Accounts whose token a platform refused: nothing is sent for them until the token changes.
-- `token_mark` is a short digest that tells tokens apart, never the token.
CREATE TABLE publishing_pauses (
    account    TEXT COLLATE "C" PRIMARY KEY,
    platform   TEXT COLLATE "C" NOT NULL,
    reason     TEXT COLLATE "C" NOT NULL,
    token_mark TEXT COLLATE "C" NOT NULL,
    paused_at  TEXT COLLATE "C" NOT NULL
);
