-- A running job's timeout deadline (start + timeout_in_minutes), written with the job's projection
-- so timers are durable state: after a restart the deadline scan finds them again.
ALTER TABLE jobs ADD COLUMN timeout_at TEXT;
CREATE INDEX jobs_timeout ON jobs (state, timeout_at);
