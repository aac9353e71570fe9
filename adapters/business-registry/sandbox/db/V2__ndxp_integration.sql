-- What the NDXP adapter adds beside the legacy tables, without changing them: an inbox of the
-- transaction ids already written back (idempotent write-back). The outbox (capture mode "outbox":
-- enterprise_change and its trigger) is derived from mappings/enterprise.record.yaml and applied
-- after these migrations (java -jar ndxp-adapters.jar --print-outbox-ddl=business-registry/enterprise
-- prints it for the real database). A legacy system that cannot take even this uses capture mode
-- "watermark" instead (see adapters/business-registry/README.md).
CREATE TABLE ndxp_inbox (
    transaction_id  VARCHAR(64)  PRIMARY KEY,
    received_at     TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp()
);
