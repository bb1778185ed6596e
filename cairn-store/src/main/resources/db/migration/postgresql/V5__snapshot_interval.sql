-- The build snapshot is rewritten every few dozen events, not on every one; snapshot_version says
-- which version it holds, and loading folds the events after it.
ALTER TABLE builds ADD COLUMN snapshot_version BIGINT NOT NULL DEFAULT 0;
UPDATE builds SET snapshot_version = version;
