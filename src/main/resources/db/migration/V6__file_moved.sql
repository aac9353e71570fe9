-- When the original of a processed file left the drop folder: until then the same file seen again is a
-- run that crashed between its receipt and the move (only moved); after, it was dropped again (a
-- "duplicate" receipt).
ALTER TABLE ndxp_file ADD COLUMN moved_at TIMESTAMPTZ;
