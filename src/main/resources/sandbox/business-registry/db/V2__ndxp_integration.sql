-- What the NDXP adapter adds beside the legacy tables, without changing them:
-- an outbox of changes filled by a trigger (capture mode "outbox"), and an inbox of the transaction
-- ids already written back (idempotent write-back). A legacy system that cannot take even this uses
-- capture mode "watermark" instead (see adapters/business-registry/README.md).
CREATE TABLE enterprise_change (
    id          BIGSERIAL    PRIMARY KEY,
    tax_code    VARCHAR(14)  NOT NULL,
    operation   CHAR(1)      NOT NULL,
    changed_at  TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    claimed_by  VARCHAR(100),
    claimed_at  TIMESTAMPTZ,
    processed_at TIMESTAMPTZ
);
CREATE INDEX enterprise_change_pending ON enterprise_change (id) WHERE processed_at IS NULL;

CREATE FUNCTION enterprise_changed() RETURNS trigger AS $$
BEGIN
    INSERT INTO enterprise_change (tax_code, operation)
    VALUES (COALESCE(NEW.tax_code, OLD.tax_code), substr(TG_OP, 1, 1));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER enterprise_changed AFTER INSERT OR UPDATE OR DELETE ON enterprise
    FOR EACH ROW EXECUTE FUNCTION enterprise_changed();

CREATE TABLE ndxp_inbox (
    transaction_id  VARCHAR(64)  PRIMARY KEY,
    received_at     TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp()
);
