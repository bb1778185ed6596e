package dev.cairn.core.orchestrate;

import dev.cairn.core.port.MetaDataStore;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A build's meta-data ({@code buildkite-agent meta-data}): set through any of the build's jobs,
 * read from job or build scope. Keys must not be blank. Thread-safe.
 */
public final class MetaData {
  private final MetaDataStore store;
  private final InstantSource clock;

  public MetaData(MetaDataStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Sets every entry, all or none; refused when a key is blank or a value missing. */
  public Result<Integer> set(String buildId, Map<String, String> values) {
    for (Map.Entry<String, String> entry : values.entrySet()) {
      if (entry.getKey() == null || entry.getKey().isBlank()) {
        return new Result.Refused<>("meta-data keys must not be blank");
      }
      if (entry.getValue() == null) {
        return new Result.Refused<>("meta-data key " + entry.getKey() + " has no value");
      }
    }
    store.put(buildId, values, clock.instant());
    return new Result.Done<>(values.size());
  }

  public Optional<String> get(String buildId, String key) {
    return store.get(buildId, key);
  }

  public List<String> keys(String buildId) {
    return store.keys(buildId);
  }

  /** Every entry of the build, in key order (the REST API's {@code meta_data}). */
  public SortedMap<String, String> all(String buildId) {
    return store.all(buildId);
  }
}
