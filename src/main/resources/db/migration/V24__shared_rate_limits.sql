-- Token buckets of the rate limits, one per limit and key, shared by every Till process on a PostgreSQL database
-- (see SharedRateLimiter). With H2 the one process keeps its buckets in memory and this table stays empty.
-- updated_at is in microseconds by the database's clock, the one clock all processes share. granted says whether the
-- last take got a token: the take's one statement returns it. A bucket that has refilled completely is deleted.
CREATE TABLE rate_bucket (
    limiter     VARCHAR(40)      NOT NULL,
    bucket_key  VARCHAR(200)     NOT NULL,
    tokens      DOUBLE PRECISION NOT NULL,
    updated_at  BIGINT           NOT NULL,
    granted     BOOLEAN          NOT NULL,
    PRIMARY KEY (limiter, bucket_key)
);
