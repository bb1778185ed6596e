-- A job's concurrency gate (step concurrency / concurrency_group / concurrency_method), kept on the
-- job row so the assignment transaction can count the group's running jobs across builds.
ALTER TABLE jobs ADD COLUMN concurrency_group TEXT;
ALTER TABLE jobs ADD COLUMN concurrency_limit INTEGER;
CREATE INDEX jobs_concurrency ON jobs (concurrency_group, state);
