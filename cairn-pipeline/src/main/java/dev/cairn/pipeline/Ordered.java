package dev.cairn.pipeline;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;

/**
 * Unmodifiable copies that keep order. {@code Map.copyOf} would lose the order that env entries and
 * plugin configs depend on, and would refuse the nulls that plain YAML data may hold.
 */
final class Ordered {
  private Ordered() {}

  // Most steps have no env, agents, matrix or plugins: the shared empty instances spare a copy per
  // record (they allow null lookups, unlike Map.of()).
  static <K, V> Map<K, V> map(Map<K, V> map) {
    if (map.isEmpty()) {
      return Collections.emptyMap();
    }
    if (map instanceof Copy<K, V>) {
      return map;
    }
    return new Copy<>(new LinkedHashMap<>(map));
  }

  /**
   * Wraps a map the caller has just built and hands over (it must keep no reference to it), so that
   * {@link #map} will not copy it again.
   */
  static <K, V> Map<K, V> own(SequencedMap<K, V> fresh) {
    return fresh.isEmpty() ? Collections.emptyMap() : new Copy<>(fresh);
  }

  /**
   * A copy this class made, so copying it again is not needed: a planned job's env passes through
   * here once when it is made and again in the record's constructor, for every job of an upload.
   */
  private static final class Copy<K, V> extends AbstractMap<K, V> {
    private final Map<K, V> entries;

    Copy(SequencedMap<K, V> entries) {
      this.entries = Collections.unmodifiableMap(entries);
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
      return entries.entrySet();
    }

    @Override
    public int size() {
      return entries.size();
    }

    @Override
    public boolean containsKey(Object key) {
      return entries.containsKey(key);
    }

    @Override
    public V get(Object key) {
      return entries.get(key);
    }
  }

  static <T> List<T> list(List<T> list) {
    return list.isEmpty()
        ? Collections.emptyList()
        : Collections.unmodifiableList(new java.util.ArrayList<>(list));
  }
}
