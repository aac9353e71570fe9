-- Which written records Kafka has not confirmed yet: one row per written batch (its seq range), deleted
-- once Kafka has taken the whole batch. It replaces a flag on every record, whose update wrote each
-- record a second time (a new row version and an entry in each of its indexes).
DROP INDEX ndxp_transaction_unpublished;
CREATE TABLE ndxp_transaction_unpublished (
    first_seq  BIGINT      PRIMARY KEY,
    last_seq   BIGINT      NOT NULL,
    written_at TIMESTAMPTZ NOT NULL
);
INSERT INTO ndxp_transaction_unpublished (first_seq, last_seq, written_at)
    SELECT seq, seq, response_out FROM ndxp_transaction WHERE NOT published;
ALTER TABLE ndxp_transaction DROP COLUMN published;
