-- Build snapshots move out of the builds row. SQLite rewrites a whole row on every UPDATE, so the
-- version bump each event makes also copied the snapshot (hundreds of kilobytes for a big build).
CREATE TABLE build_snapshots (
  build_id TEXT PRIMARY KEY REFERENCES builds (id),
  version BIGINT NOT NULL,
  snapshot TEXT NOT NULL
);
INSERT INTO build_snapshots (build_id, version, snapshot)
  SELECT id, snapshot_version, snapshot FROM builds;
ALTER TABLE builds DROP COLUMN snapshot;
ALTER TABLE builds DROP COLUMN snapshot_version;
