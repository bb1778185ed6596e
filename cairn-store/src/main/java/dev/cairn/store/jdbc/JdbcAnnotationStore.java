package dev.cairn.store.jdbc;

import dev.cairn.core.annotation.Annotation;
import dev.cairn.core.port.AnnotationStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Annotations in table {@code annotations}; build-scoped ones have {@code job_id = ''}. Appending
 * concatenates in the upsert itself, so concurrent appends from parallel jobs all land.
 */
public final class JdbcAnnotationStore implements AnnotationStore {
  private final Jdbi jdbi;

  public JdbcAnnotationStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void put(Annotation a, boolean append) {
    jdbi.useHandle(h ->
        h.createUpdate(
                "INSERT INTO annotations (id, build_id, job_id, context, style, priority, body,"
                    + " created_at, updated_at) VALUES (:id, :build, :job, :context, :style,"
                    + " :priority, :body, :created, :updated)"
                    + " ON CONFLICT (build_id, job_id, context) DO UPDATE SET"
                    + " body = CASE WHEN :append THEN annotations.body || excluded.body"
                    + " ELSE excluded.body END,"
                    + " style = excluded.style, priority = excluded.priority,"
                    + " updated_at = excluded.updated_at")
            .bind("id", a.id())
            .bind("build", a.buildId())
            .bind("job", a.jobId().orElse(""))
            .bind("context", a.context())
            .bind("style", a.style())
            .bind("priority", a.priority())
            .bind("body", a.body())
            .bind("created", a.createdAt().toString())
            .bind("updated", a.updatedAt().toString())
            .bind("append", append)
            .execute());
  }

  @Override
  public Optional<Annotation> find(String buildId, Optional<String> jobId, String context) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "SELECT * FROM annotations WHERE build_id = :build AND job_id = :job"
                    + " AND context = :context")
            .bind("build", buildId)
            .bind("job", jobId.orElse(""))
            .bind("context", context)
            .map((rs, ctx) -> row(rs))
            .findOne());
  }

  @Override
  public boolean remove(String buildId, Optional<String> jobId, String context) {
    return jdbi.withHandle(h ->
        h.createUpdate(
                    "DELETE FROM annotations WHERE build_id = :build AND job_id = :job"
                        + " AND context = :context")
                .bind("build", buildId)
                .bind("job", jobId.orElse(""))
                .bind("context", context)
                .execute()
            > 0);
  }

  @Override
  public List<Annotation> ofBuild(String buildId) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "SELECT * FROM annotations WHERE build_id = :build"
                    + " ORDER BY priority DESC, created_at, context")
            .bind("build", buildId)
            .map((rs, ctx) -> row(rs))
            .list());
  }

  private static Annotation row(ResultSet rs) throws SQLException {
    String job = rs.getString("job_id");
    return new Annotation(
        rs.getString("id"),
        rs.getString("build_id"),
        job.isEmpty() ? Optional.empty() : Optional.of(job),
        rs.getString("context"),
        rs.getString("style"),
        rs.getInt("priority"),
        rs.getString("body"),
        Instant.parse(rs.getString("created_at")),
        Instant.parse(rs.getString("updated_at")));
  }
}
