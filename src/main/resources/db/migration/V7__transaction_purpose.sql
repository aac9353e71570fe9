-- The purpose of use a caller gave (X-NDXP-Purpose, a code of the called adapter's purposes list); it
-- joins the hash chain when present. Null for exchanges without one and for records written before.
ALTER TABLE ndxp_transaction ADD COLUMN purpose VARCHAR(32);
CREATE INDEX ndxp_transaction_purpose ON ndxp_transaction (purpose, request_in) WHERE purpose IS NOT NULL;
