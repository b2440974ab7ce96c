-- Several socialpulse workers on one database (docs/workers.md). Written in SQL that SQLite and
-- PostgreSQL both speak; every time is epoch milliseconds computed by the worker, never by the
-- database, so both agree on what "expired" means.

-- A lease: one worker at a time does the work named (follows a feed, runs a schedule). Taken
-- when free or expired, renewed by its holder; a dead holder's lease lapses at `expires_at`.
CREATE TABLE leases (
    name        TEXT COLLATE "C" PRIMARY KEY,
    holder      TEXT COLLATE "C" NOT NULL,
    expires_at  BIGINT NOT NULL,
    acquired_at BIGINT NOT NULL,
    renewed_at  BIGINT NOT NULL
);

-- Claims on queued items: a worker takes a batch (claimed_by, claim_expires) so no other one
-- takes the same item; a dead worker's items are taken over once their claim expires.
-- Comments to analyse:
ALTER TABLE comments ADD COLUMN claimed_by TEXT COLLATE "C";
ALTER TABLE comments ADD COLUMN claim_expires BIGINT;
-- Notices to deliver:
ALTER TABLE notifications ADD COLUMN claimed_by TEXT COLLATE "C";
ALTER TABLE notifications ADD COLUMN claim_expires BIGINT;
-- Approved drafts to publish:
ALTER TABLE drafts ADD COLUMN claimed_by TEXT COLLATE "C";
ALTER TABLE drafts ADD COLUMN claim_expires BIGINT;
