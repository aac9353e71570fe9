-- Idempotent write-back: the inbox keeps, per transaction id, the digest of the record written and
-- the id of the row it wrote, so the same record again gets the first answer again and another
-- record under the same transaction id is refused (409 client.conflict).
ALTER TABLE ndxp_inbox ADD COLUMN request_hash CHAR(64);
ALTER TABLE ndxp_inbox ADD COLUMN result_id BIGINT;
