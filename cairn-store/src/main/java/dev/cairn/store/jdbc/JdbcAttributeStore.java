package dev.cairn.store.jdbc;

import dev.cairn.core.port.AttributeStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Job and step attributes in table {@code attributes}. One upsert does the whole change, so an
 * append is atomic and a retried change (same {@code last_change}) leaves the value alone.
 */
public final class JdbcAttributeStore implements AttributeStore {
  private final Jdbi jdbi;

  public JdbcAttributeStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void put(
      String buildId,
      String subject,
      String name,
      String value,
      boolean append,
      Optional<String> changeId,
      Instant at) {
    jdbi.useHandle(h ->
        h.createUpdate(
                "INSERT INTO attributes (build_id, subject, name, value, last_change, updated_at)"
                    + " VALUES (:build, :subject, :name, :value, :change, :at)"
                    + " ON CONFLICT (build_id, subject, name) DO UPDATE SET value = CASE"
                    + " WHEN attributes.last_change = excluded.last_change THEN attributes.value"
                    + " WHEN :append THEN attributes.value || excluded.value"
                    + " ELSE excluded.value END,"
                    + " last_change = excluded.last_change, updated_at = excluded.updated_at")
            .bind("build", buildId)
            .bind("subject", subject)
            .bind("name", name)
            .bind("value", value)
            .bind("change", changeId.orElse(null))
            .bind("append", append)
            .bind("at", at.toString())
            .execute());
  }

  @Override
  public Map<String, String> all(String buildId, String subject) {
    Map<String, String> values = new LinkedHashMap<>();
    jdbi.useHandle(h ->
        h.createQuery(
                "SELECT name, value FROM attributes WHERE build_id = :build AND subject = :subject"
                    + " ORDER BY name")
            .bind("build", buildId)
            .bind("subject", subject)
            .map((rs, ctx) -> values.put(rs.getString("name"), rs.getString("value")))
            .list());
    return values;
  }
}
