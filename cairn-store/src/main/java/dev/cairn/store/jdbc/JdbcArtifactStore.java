package dev.cairn.store.jdbc;

import dev.cairn.core.artifact.Artifact;
import dev.cairn.core.artifact.ArtifactState;
import dev.cairn.core.port.ArtifactStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Artifact metadata in table {@code artifacts}; the bytes are elsewhere. */
public final class JdbcArtifactStore implements ArtifactStore {
  private static final String COLUMNS =
      "id, batch_id, batch_index, build_id, job_id, path, file_size, sha1, sha256, content_type,"
          + " upload_destination, state, stored, created_at";

  private final Jdbi jdbi;

  public JdbcArtifactStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public List<Artifact> addBatch(String batchId, List<Artifact> artifacts) {
    return jdbi.inTransaction(h -> {
      List<Artifact> existing = batch(h, batchId);
      if (!existing.isEmpty() || artifacts.isEmpty()) {
        return existing;
      }
      var insert =
          h.prepareBatch(
              "INSERT INTO artifacts ("
                  + COLUMNS
                  + ") VALUES (:id, :batch, :index, :build, :job, :path, :size, :sha1, :sha256,"
                  + " :type, :destination, :state, :stored, :at)");
      for (int i = 0; i < artifacts.size(); i++) {
        Artifact a = artifacts.get(i);
        insert
            .bind("id", a.id())
            .bind("batch", batchId)
            .bind("index", i)
            .bind("build", a.buildId())
            .bind("job", a.jobId())
            .bind("path", a.path())
            .bind("size", a.fileSize())
            .bind("sha1", a.sha1())
            .bind("sha256", a.sha256())
            .bind("type", a.contentType())
            .bind("destination", a.uploadDestination())
            .bind("state", a.state().apiName())
            .bind("stored", a.stored())
            .bind("at", a.createdAt().toString())
            .add();
      }
      insert.execute();
      return batch(h, batchId);
    });
  }

  private static List<Artifact> batch(Handle h, String batchId) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM artifacts WHERE batch_id = :batch ORDER BY batch_index")
        .bind("batch", batchId)
        .map((rs, ctx) -> row(rs))
        .list();
  }

  @Override
  public Optional<Artifact> byId(String artifactId) {
    return jdbi.withHandle(h ->
        h.createQuery("SELECT " + COLUMNS + " FROM artifacts WHERE id = :id")
            .bind("id", artifactId)
            .map((rs, ctx) -> row(rs))
            .findOne());
  }

  @Override
  public Optional<Artifact> inBatch(String batchId, String path) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "SELECT "
                    + COLUMNS
                    + " FROM artifacts WHERE batch_id = :batch AND path = :path"
                    + " ORDER BY batch_index")
            .bind("batch", batchId)
            .bind("path", path)
            .map((rs, ctx) -> row(rs))
            .findFirst());
  }

  @Override
  public boolean setState(String jobId, String artifactId, ArtifactState state) {
    return jdbi.withHandle(h ->
        h.createUpdate("UPDATE artifacts SET state = :state WHERE id = :id AND job_id = :job")
                .bind("state", state.apiName())
                .bind("id", artifactId)
                .bind("job", jobId)
                .execute()
            > 0);
  }

  @Override
  public void markStored(String artifactId) {
    jdbi.useHandle(h ->
        h.createUpdate("UPDATE artifacts SET stored = TRUE WHERE id = :id")
            .bind("id", artifactId)
            .execute());
  }

  @Override
  public List<Artifact> ofBuild(String buildId) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "SELECT "
                    + COLUMNS
                    + " FROM artifacts WHERE build_id = :build"
                    + " ORDER BY created_at, batch_id, batch_index")
            .bind("build", buildId)
            .map((rs, ctx) -> row(rs))
            .list());
  }

  private static Artifact row(ResultSet rs) throws SQLException {
    return new Artifact(
        rs.getString("id"),
        rs.getString("batch_id"),
        rs.getString("build_id"),
        rs.getString("job_id"),
        rs.getString("path"),
        rs.getLong("file_size"),
        rs.getString("sha1"),
        rs.getString("sha256"),
        rs.getString("content_type"),
        rs.getString("upload_destination"),
        ArtifactState.of(rs.getString("state")).orElse(ArtifactState.ERROR),
        rs.getBoolean("stored"),
        Instant.parse(rs.getString("created_at")));
  }
}
