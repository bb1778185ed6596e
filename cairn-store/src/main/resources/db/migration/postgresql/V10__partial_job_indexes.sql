-- Every change of a job's state rewrote its entry in each index that holds the state, and dispatch
-- sorted all scheduled jobs on every look: jobs_dispatch ran priority ascending while dispatch reads
-- it descending. Dispatch now reads this index in its own order and stops after the few it wants,
-- and the index holds only scheduled jobs, so a job leaves it once, when it is assigned. The trigger,
-- concurrency and timeout indexes hold only the jobs that have one, which most jobs do not.
DROP INDEX jobs_dispatch;
CREATE INDEX jobs_dispatch ON jobs (priority DESC, scheduled_at, id) WHERE state = 'scheduled';
DROP INDEX jobs_type;
CREATE INDEX jobs_trigger ON jobs (state) WHERE type = 'trigger';
DROP INDEX jobs_concurrency;
CREATE INDEX jobs_concurrency ON jobs (concurrency_group, state) WHERE concurrency_group IS NOT NULL;
DROP INDEX jobs_timeout;
CREATE INDEX jobs_timeout ON jobs (state, timeout_at) WHERE timeout_at IS NOT NULL;
