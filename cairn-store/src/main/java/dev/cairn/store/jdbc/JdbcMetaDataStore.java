package dev.cairn.store.jdbc;

import dev.cairn.core.port.MetaDataStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/** Build meta-data in table {@code meta_data}, one row per (build, key). */
public final class JdbcMetaDataStore implements MetaDataStore {
  private final Jdbi jdbi;

  public JdbcMetaDataStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void put(String buildId, Map<String, String> values, Instant at) {
    if (values.isEmpty()) {
      return;
    }
    jdbi.useTransaction(h -> {
      var batch =
          h.prepareBatch(
              "INSERT INTO meta_data (build_id, name, value, updated_at)"
                  + " VALUES (:build, :name, :value, :at) ON CONFLICT (build_id, name)"
                  + " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
      values.forEach((name, value) ->
          batch
              .bind("build", buildId)
              .bind("name", name)
              .bind("value", value)
              .bind("at", at.toString())
              .add());
      batch.execute();
    });
  }

  @Override
  public Optional<String> get(String buildId, String key) {
    return jdbi.withHandle(h ->
        h.createQuery("SELECT value FROM meta_data WHERE build_id = :build AND name = :name")
            .bind("build", buildId)
            .bind("name", key)
            .mapTo(String.class)
            .findOne());
  }

  @Override
  public List<String> keys(String buildId) {
    return jdbi.withHandle(h ->
        h.createQuery("SELECT name FROM meta_data WHERE build_id = :build ORDER BY name")
            .bind("build", buildId)
            .mapTo(String.class)
            .list());
  }

  @Override
  public SortedMap<String, String> all(String buildId) {
    return jdbi.withHandle(h ->
        h.createQuery("SELECT name, value FROM meta_data WHERE build_id = :build")
            .bind("build", buildId)
            .reduceRows(
                new TreeMap<String, String>(),
                (all, row) -> {
                  all.put(
                      row.getColumn("name", String.class), row.getColumn("value", String.class));
                  return all;
                }));
  }
}
