-- Watermark capture: rows changed after (:afterTs, :afterKey) up to :until, oldest first, at most
-- :limit. The runtime pages through it for the watermark and for its rescan window, and filters out
-- what it already sent. Uses only existing columns (updated_at, tax_code): nothing is added.
SELECT * FROM enterprise
 WHERE (updated_at > :afterTs OR (updated_at = :afterTs AND tax_code > :afterKey))
   AND updated_at <= :until
 ORDER BY updated_at, tax_code
 LIMIT :limit
