-- The store's write counter (PostgreSQL has had it since 0006): every data transaction adds
-- one, so a reader (FeedStore.ad_metrics) knows another process changed the data. SQLite's
-- own PRAGMA data_version moves with any commit of another connection, a lease renewal on a
-- worker's second connection included, which changes no data.
CREATE TABLE store_writes (n INTEGER NOT NULL);
INSERT INTO store_writes (n) VALUES (0);
