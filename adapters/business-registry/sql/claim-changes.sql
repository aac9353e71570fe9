-- Claim up to 1000 pending changes and return each with its current row. The poll is one transaction
-- (ndxpTransactedPoll): the changes stay locked until their records are on Kafka and onConsume has marked
-- them processed; a failure, or a killed instance, rolls back and they are taken again. SKIP LOCKED:
-- consumers and instances never wait for or take each other's changes.
-- Order per enterprise: a change is left for a later poll while an earlier change of the same tax code
-- is pending outside this batch (others: in flight with another consumer or instance), so the changes
-- of one enterprise reach Kafka in the order of their ids however many consumers run. others is read
-- from the pending index up to this batch's last id, so it stays small and cheap, also right after a
-- bulk change (statistics not yet updated). Column claim, on the first row: the batch's ids, for onConsume.
WITH locked AS (
    SELECT id, tax_code, operation FROM enterprise_change
     WHERE processed_at IS NULL
     ORDER BY id
     LIMIT 1000
       FOR UPDATE SKIP LOCKED
), others AS MATERIALIZED (
    SELECT id, tax_code FROM enterprise_change
     WHERE processed_at IS NULL AND id < (SELECT max(id) FROM locked)
       AND id NOT IN (SELECT id FROM locked)
), batch AS (
    SELECT l.* FROM locked l
     WHERE NOT EXISTS (SELECT 1 FROM others o WHERE o.tax_code = l.tax_code AND o.id < l.id)
)
SELECT b.id AS change_id, b.tax_code AS change_key, b.operation,
       CASE WHEN b.id = (SELECT min(id) FROM batch) THEN (SELECT CAST(array_agg(id) AS TEXT) FROM batch) END AS claim,
       e.*
  FROM batch b LEFT JOIN enterprise e ON e.tax_code = b.tax_code
 ORDER BY b.id
