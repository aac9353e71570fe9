-- Idempotent write-back in one statement: the inspection is inserted only if the transaction id is
-- new in ndxp_inbox, which keeps the record's digest and the inspection's id; both or neither are
-- written. The outcome: inserted; replayed (same id, same record: the first answer again); conflict
-- (same id, another record, or the first one still being written).
WITH given AS (
    SELECT CAST(:#transactionId AS VARCHAR) AS transaction_id, CAST(:#requestHash AS VARCHAR) AS request_hash,
           nextval(pg_get_serial_sequence('inspection', 'id')) AS new_id
), inbox AS (
    INSERT INTO ndxp_inbox (transaction_id, request_hash, result_id)
    SELECT transaction_id, request_hash, new_id FROM given
    ON CONFLICT (transaction_id) DO NOTHING
    RETURNING result_id
), inserted AS (
    INSERT INTO inspection (id, tax_code, inspected_on, authority, result, remarks)
    SELECT inbox.result_id, CAST(:#taxCode AS VARCHAR), CAST(:#inspectedOn AS DATE), CAST(:#authority AS VARCHAR),
           CAST(:#result AS VARCHAR), CAST(:#remarks AS TEXT)
      FROM inbox
    RETURNING id
), earlier AS (
    SELECT i.request_hash, i.result_id FROM ndxp_inbox i, given WHERE i.transaction_id = given.transaction_id
)
SELECT given.transaction_id,
       COALESCE((SELECT id FROM inserted), (SELECT result_id FROM earlier)) AS inspection_id,
       TRUE AS inserted,
       CASE WHEN EXISTS (SELECT 1 FROM inserted) THEN 'inserted'
            -- an id written before digests were kept is taken as the same record
            WHEN EXISTS (SELECT 1 FROM earlier WHERE request_hash = given.request_hash OR request_hash IS NULL) THEN 'replayed'
            ELSE 'conflict' END AS outcome
  FROM given
