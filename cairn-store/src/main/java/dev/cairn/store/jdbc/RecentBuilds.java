package dev.cairn.store.jdbc;

import dev.cairn.core.build.BuildState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last few hundred builds this process wrote or read, each at the version it had. An entry is
 * only used when the database still holds that version, so a change by another server replica is
 * never missed; it only spares decoding the snapshot again. Thread-safe.
 */
final class RecentBuilds {
  private static final int CAPACITY = 256;

  private final Map<String, BuildState> builds =
      new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BuildState> eldest) {
          return size() > CAPACITY;
        }
      };

  synchronized void put(BuildState state) {
    BuildState known = builds.get(state.id());
    if (known == null || known.version() <= state.version()) {
      builds.put(state.id(), state);
    }
  }

  synchronized Optional<BuildState> get(String buildId, long version) {
    BuildState state = builds.get(buildId);
    return state != null && state.version() == version ? Optional.of(state) : Optional.empty();
  }
}
