-- One row per exchange of every adapter, rejected ones included (DESIGN, "Every exchange is recorded").
-- Rows are hash-chained in seq order: hash = sha256(prev_hash | fields), so an edited row is detected.
CREATE TABLE ndxp_transaction (
    seq             BIGSERIAL PRIMARY KEY,
    transaction_id  VARCHAR(64)  NOT NULL,
    adapter         VARCHAR(64)  NOT NULL,
    direction       VARCHAR(16)  NOT NULL,
    client          VARCHAR(200),
    service         VARCHAR(300),
    route_id        VARCHAR(128),
    request_in      TIMESTAMPTZ  NOT NULL,
    request_out     TIMESTAMPTZ,
    response_in     TIMESTAMPTZ,
    response_out    TIMESTAMPTZ  NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    http_status     INTEGER,
    error_category  VARCHAR(64),
    request_bytes   BIGINT,
    response_bytes  BIGINT,
    user_id         VARCHAR(64),
    request_body    TEXT,
    response_body   TEXT,
    published       BOOLEAN      NOT NULL DEFAULT FALSE,
    prev_hash       CHAR(64)     NOT NULL,
    hash            CHAR(64)     NOT NULL
);
CREATE INDEX ndxp_transaction_request_in ON ndxp_transaction (request_in);
CREATE INDEX ndxp_transaction_tx ON ndxp_transaction (transaction_id);
CREATE INDEX ndxp_transaction_unpublished ON ndxp_transaction (seq) WHERE NOT published;

-- The head of the chain; writers lock it so that several runtime instances extend one chain.
CREATE TABLE ndxp_transaction_chain (
    id        INTEGER PRIMARY KEY,
    last_seq  BIGINT   NOT NULL,
    last_hash CHAR(64) NOT NULL
);
INSERT INTO ndxp_transaction_chain (id, last_seq, last_hash) VALUES (1, 0, repeat('0', 64));

-- Records an asynchronous flow could not deliver, kept with what is needed to replay them.
CREATE TABLE ndxp_dead_letter (
    id                 BIGSERIAL PRIMARY KEY,
    adapter            VARCHAR(64)  NOT NULL,
    route_id           VARCHAR(128) NOT NULL,
    endpoint_uri       VARCHAR(500) NOT NULL,
    transaction_id     VARCHAR(64),
    payload            BYTEA,
    headers            TEXT,
    reason             TEXT         NOT NULL,
    error_category     VARCHAR(64),
    attempts           INTEGER      NOT NULL DEFAULT 1,
    status             VARCHAR(16)  NOT NULL,
    created_at         TIMESTAMPTZ  NOT NULL,
    updated_at         TIMESTAMPTZ  NOT NULL
);
CREATE INDEX ndxp_dead_letter_adapter ON ndxp_dead_letter (adapter, status);
CREATE INDEX ndxp_dead_letter_created ON ndxp_dead_letter (created_at);
