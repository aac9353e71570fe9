-- Claim up to 1000 pending changes for this instance (a claim older than 30 s is taken over: its
-- instance died) and return each with its current row. SKIP LOCKED: instances never wait for or
-- take each other's changes. The claim gets its own mark (instance and transaction), returned as
-- column claim, so that the whole batch is marked processed (or released) in one statement.
WITH claimed AS (
    UPDATE enterprise_change c
       SET claimed_by = 'ndxp:' || pg_backend_pid() || ':' || txid_current(), claimed_at = clock_timestamp()
     WHERE c.id IN (SELECT id FROM enterprise_change
                     WHERE processed_at IS NULL
                       AND (claimed_at IS NULL OR claimed_at < clock_timestamp() - interval '30 seconds')
                     ORDER BY id
                     LIMIT 1000
                       FOR UPDATE SKIP LOCKED)
    RETURNING c.id AS change_id, c.tax_code AS change_key, c.operation, c.claimed_by AS claim
)
SELECT claimed.change_id, claimed.change_key, claimed.operation, claimed.claim, e.*
  FROM claimed LEFT JOIN enterprise e ON e.tax_code = claimed.change_key
 ORDER BY claimed.change_id
