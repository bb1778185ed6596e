-- The rest of the agent API: agents hidden from dispatch, header times, job and step attributes,
-- build meta-data, artifacts (metadata only: the bytes live under <data-dir>/artifacts),
-- annotations and the built-in secret store (values AES-GCM encrypted by the adapter).
ALTER TABLE agents ADD COLUMN ignore_in_dispatches BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE log_header_times (
  job_id TEXT NOT NULL,
  header_index BIGINT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (job_id, header_index)
);

-- Attributes set by `job update` (subject 'job:<id>') and `step update` (subject 'step:<id>').
-- last_change holds the idempotency id of the last change applied, so a retried append is applied once.
CREATE TABLE attributes (
  build_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  last_change TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (build_id, subject, name)
);

CREATE TABLE meta_data (
  build_id TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (build_id, name)
);

CREATE TABLE artifacts (
  id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL,
  batch_index INTEGER NOT NULL,
  build_id TEXT NOT NULL,
  job_id TEXT NOT NULL,
  path TEXT NOT NULL,
  file_size BIGINT NOT NULL,
  sha1 TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  content_type TEXT NOT NULL,
  upload_destination TEXT NOT NULL,
  state TEXT NOT NULL,
  stored BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TEXT NOT NULL
);
CREATE INDEX artifacts_build ON artifacts (build_id, path);
CREATE INDEX artifacts_batch ON artifacts (batch_id, batch_index);

-- job_id is '' for build-scoped annotations, so the key works the same in both dialects.
CREATE TABLE annotations (
  id TEXT NOT NULL UNIQUE,
  build_id TEXT NOT NULL,
  job_id TEXT NOT NULL,
  context TEXT NOT NULL,
  style TEXT NOT NULL,
  priority INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (build_id, job_id, context)
);

CREATE TABLE secrets (
  organization TEXT NOT NULL,
  name TEXT NOT NULL,
  id TEXT NOT NULL UNIQUE,
  nonce BLOB NOT NULL,
  ciphertext BLOB NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (organization, name)
);
