-- Outbox of "enterprise" (key "tax_code"): filled by a trigger, claimed by the capture route.
CREATE TABLE IF NOT EXISTS "enterprise_change" (
    id           BIGSERIAL    PRIMARY KEY,
    "tax_code" TEXT NOT NULL,
    operation    CHAR(1)      NOT NULL,
    changed_at   TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    claimed_by   VARCHAR(100),
    claimed_at   TIMESTAMPTZ,
    processed_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS "enterprise_change_pending" ON "enterprise_change" (id) WHERE processed_at IS NULL;

CREATE OR REPLACE FUNCTION "enterprise_changed"() RETURNS trigger AS $$
BEGIN
    INSERT INTO "enterprise_change" ("tax_code", operation) VALUES (COALESCE(NEW."tax_code", OLD."tax_code"), substr(TG_OP, 1, 1));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS "enterprise_changed" ON "enterprise";
CREATE TRIGGER "enterprise_changed" AFTER INSERT OR UPDATE OR DELETE ON "enterprise"
    FOR EACH ROW EXECUTE FUNCTION "enterprise_changed"();
