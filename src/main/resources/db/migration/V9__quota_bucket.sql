-- The state of every quota's token bucket (Bucket4j's PostgreSQL layout): one row per service and
-- client with a quota, shared by every runtime instance; Bucket4j locks a row's id (an advisory lock)
-- while it takes a call from its budget.
CREATE TABLE ndxp_quota_bucket (
    id    BIGINT PRIMARY KEY,
    state BYTEA
);
