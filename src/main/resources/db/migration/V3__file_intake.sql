-- File intake (file-drop adapters). One row per file content (SHA-256) per adapter: the same content
-- dropped again is recognised; records_done is where a crashed run resumes; owner/lease_until keep
-- two instances off the same content; rejected records are kept for the receipt.
CREATE TABLE ndxp_file (
    id             BIGSERIAL     PRIMARY KEY,
    adapter        VARCHAR(64)   NOT NULL,
    sha256         CHAR(64)      NOT NULL,
    file_name      VARCHAR(1000) NOT NULL,
    size_bytes     BIGINT        NOT NULL,
    status         VARCHAR(16)   NOT NULL,  -- RUNNING, DONE, FAILED (unreadable)
    records_done   BIGINT        NOT NULL DEFAULT 0,  -- records 1..n are accepted or rejected
    accepted       BIGINT        NOT NULL DEFAULT 0,
    rejected       BIGINT        NOT NULL DEFAULT 0,
    transaction_id VARCHAR(64),
    owner          VARCHAR(100),
    lease_until    TIMESTAMPTZ,
    started_at     TIMESTAMPTZ   NOT NULL,
    updated_at     TIMESTAMPTZ   NOT NULL,
    finished_at    TIMESTAMPTZ,
    receipt        VARCHAR(1000),
    error          TEXT,
    UNIQUE (adapter, sha256)
);

CREATE TABLE ndxp_file_rejection (
    file_id        BIGINT        NOT NULL REFERENCES ndxp_file (id) ON DELETE CASCADE,
    record_number  BIGINT        NOT NULL,
    line           BIGINT        NOT NULL,
    field          VARCHAR(200),
    reason         TEXT          NOT NULL,
    PRIMARY KEY (file_id, record_number)
);

-- Camel's JdbcOrphanLockAwareIdempotentRepository: the read lock on a file name shared by every
-- instance polling one folder; a lock whose instance stopped refreshing it (crash) is taken over.
CREATE TABLE ndxp_file_lock (
    processorName  VARCHAR(255)  NOT NULL,
    messageId      VARCHAR(1000) NOT NULL,
    createdAt      TIMESTAMP     NOT NULL,
    PRIMARY KEY (processorName, messageId)
);
