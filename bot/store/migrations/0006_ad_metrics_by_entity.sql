-- The ad engine reads each entity's rows of one granularity in bucket order (FeedStore.ad_metrics).
-- This index holds them in that order with their numbers, so the read is one pass over it: no
-- sort, and no jump to the table for each row (rows arrive a day or an hour at a time, so an
-- entity's rows lie far apart in the table).
CREATE INDEX ad_metrics_entity ON ad_metrics (
    granularity, breakdown, platform, account, campaign, adset, ad, bucket,
    impressions, clicks, spend, conversions, revenue, leads, reach
);
