-- Trigger steps. A job's type keeps trigger jobs away from agents (dispatch and expiry skip them)
-- and lets the server find the ones it must run. A build made by a trigger job names that job; the
-- unique index is the second guard (after the build id derived from the job id) that one trigger
-- job never makes two builds.
ALTER TABLE jobs ADD COLUMN type TEXT NOT NULL DEFAULT 'script';
CREATE INDEX jobs_type ON jobs (type, state);
ALTER TABLE builds ADD COLUMN triggered_by_job TEXT;
CREATE UNIQUE INDEX builds_triggered_by_job ON builds (triggered_by_job);
