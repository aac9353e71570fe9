-- Watermark capture: rows changed in [:from, :until], oldest first; the runtime filters out what it
-- already sent. Uses only existing columns (updated_at, tax_code): nothing is added to the database.
SELECT * FROM enterprise
 WHERE updated_at >= :from AND updated_at <= :until
 ORDER BY updated_at, tax_code
 LIMIT :limit
