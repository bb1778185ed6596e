package dev.cairn.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unmodifiable copies that keep order. {@code Map.copyOf} would lose the order that env entries and
 * plugin configs depend on, and would refuse the nulls that plain YAML data may hold.
 */
final class Ordered {
  private Ordered() {}

  // Most steps have no env, agents, matrix or plugins: the shared empty instances spare a copy per
  // record (they allow null lookups, unlike Map.of()).
  static <K, V> Map<K, V> map(Map<K, V> map) {
    return map.isEmpty()
        ? Collections.emptyMap()
        : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  static <T> List<T> list(List<T> list) {
    return list.isEmpty()
        ? Collections.emptyList()
        : Collections.unmodifiableList(new java.util.ArrayList<>(list));
  }
}
