-- Idempotent write-back in one statement: the inspection is inserted only if the transaction id is
-- new in ndxp_inbox; both or neither are written.
WITH inbox AS (
    INSERT INTO ndxp_inbox (transaction_id) VALUES (CAST(:#transactionId AS VARCHAR))
    ON CONFLICT (transaction_id) DO NOTHING
    RETURNING transaction_id
), inserted AS (
    INSERT INTO inspection (tax_code, inspected_on, authority, result, remarks)
    SELECT CAST(:#taxCode AS VARCHAR), CAST(:#inspectedOn AS DATE), CAST(:#authority AS VARCHAR),
           CAST(:#result AS VARCHAR), CAST(:#remarks AS TEXT)
      FROM inbox
    RETURNING id
)
SELECT CAST(:#transactionId AS VARCHAR) AS transaction_id,
       (SELECT id FROM inserted) AS inspection_id,
       EXISTS (SELECT 1 FROM inserted) AS inserted
