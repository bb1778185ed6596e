-- Build histories are append-only (build_events); builds and jobs are projections of them,
-- written in the same transaction. Timestamps are ISO-8601 UTC text.
CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
INSERT INTO organizations (id, slug, name, created_at)
VALUES ('018f0000-0000-7000-8000-000000000001', 'default', 'Default', '2026-01-01T00:00:00Z');

CREATE TABLE pipelines (
  id TEXT PRIMARY KEY,
  organization TEXT NOT NULL REFERENCES organizations (slug),
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  repository TEXT NOT NULL,
  default_branch TEXT NOT NULL,
  configuration TEXT NOT NULL,
  build_counter BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  UNIQUE (organization, slug)
);

CREATE TABLE builds (
  id TEXT PRIMARY KEY,
  organization TEXT NOT NULL,
  pipeline_slug TEXT NOT NULL,
  number BIGINT NOT NULL,
  state TEXT NOT NULL,
  version BIGINT NOT NULL,
  snapshot TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (organization, pipeline_slug, number)
);

CREATE TABLE build_events (
  build_id TEXT NOT NULL REFERENCES builds (id),
  seq BIGINT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  PRIMARY KEY (build_id, seq)
);

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  build_id TEXT NOT NULL REFERENCES builds (id),
  state TEXT NOT NULL,
  agent_id TEXT,
  agent_query TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  scheduled_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX jobs_dispatch ON jobs (state, priority, scheduled_at);
CREATE INDEX jobs_agent ON jobs (agent_id, state);

CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  hostname TEXT NOT NULL,
  version TEXT NOT NULL,
  tags TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  connected BOOLEAN NOT NULL,
  registered_at TEXT NOT NULL,
  last_seen_at TEXT
);

CREATE TABLE tokens (
  token_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE log_chunks (
  job_id TEXT NOT NULL,
  byte_offset BIGINT NOT NULL,
  size INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (job_id, byte_offset)
);
