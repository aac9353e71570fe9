-- Transaction records the database refused for a data reason (a value longer than its column, a NUL
-- byte, a timestamp out of range): set aside with the reason instead of blocking the log. They are
-- outside the hash chain. transaction_id and adapter are cut and reduced to printable ASCII; record is
-- the whole record as ASCII-only JSON (every other character \u-escaped, so PostgreSQL accepts it).
CREATE TABLE ndxp_transaction_rejected (
    id             BIGSERIAL     PRIMARY KEY,
    received_at    TIMESTAMPTZ   NOT NULL,
    transaction_id VARCHAR(64),
    adapter        VARCHAR(64),
    sql_state      VARCHAR(5),
    reason         VARCHAR(1000) NOT NULL,
    record         TEXT          NOT NULL
);
CREATE INDEX ndxp_transaction_rejected_received ON ndxp_transaction_rejected (received_at);
