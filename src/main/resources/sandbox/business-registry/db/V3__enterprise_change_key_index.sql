-- Capture keeps the changes of one enterprise in order by leaving a change while an earlier one of the
-- same tax code is pending elsewhere (sql/claim-changes.sql): this index finds those earlier changes.
CREATE INDEX enterprise_change_pending_key ON enterprise_change (tax_code, id) WHERE processed_at IS NULL;
