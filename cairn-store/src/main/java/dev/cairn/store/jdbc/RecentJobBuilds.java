package dev.cairn.store.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which build each of the last few thousand jobs asked about belongs to. A job never moves to
 * another build, so an entry never goes stale. Thread-safe.
 */
final class RecentJobBuilds {
  private static final int CAPACITY = 4096;

  private final Map<String, String> buildOfJob =
      new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > CAPACITY;
        }
      };

  synchronized void put(String jobId, String buildId) {
    buildOfJob.put(jobId, buildId);
  }

  synchronized Optional<String> get(String jobId) {
    return Optional.ofNullable(buildOfJob.get(jobId));
  }
}
