-- The endpoint a dead letter came from can be longer than 500 characters (e.g. a batch capture's SQL
-- consumer with its onConsume statements).
ALTER TABLE ndxp_dead_letter ALTER COLUMN endpoint_uri TYPE TEXT;
