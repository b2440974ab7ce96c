-- The store's write counter: on PostgreSQL since 0006 (this keeps the numbering of both
-- engines' migrations alike; SQLite gains the table here).
CREATE TABLE IF NOT EXISTS store_writes (n BIGINT NOT NULL);
