package dev.cairn.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/** A build's meta-data: a key/value store shared by the build's jobs. Thread-safe. */
public interface MetaDataStore {
  /** Sets every entry of {@code values} in one transaction, replacing earlier values. */
  void put(String buildId, Map<String, String> values, Instant at);

  Optional<String> get(String buildId, String key);

  /** The build's keys in alphabetical order. */
  List<String> keys(String buildId);

  /** Every entry of the build, in key order. */
  SortedMap<String, String> all(String buildId);
}
