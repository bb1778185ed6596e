package dev.cairn.store.jdbc;

import dev.cairn.core.build.BuildState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last few hundred builds this process wrote or read, each at the newest version it saw. Every
 * entry is a state the database committed; unless it is the database's sole writer, the store
 * compares its version with the database's before using it, so a change by another server replica
 * is never missed. Thread-safe.
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

  synchronized Optional<BuildState> get(String buildId) {
    return Optional.ofNullable(builds.get(buildId));
  }
}
