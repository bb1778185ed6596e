package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;

/**
 * A parsed pipeline document: top-level {@code env} (in file order) and its steps in file order.
 */
public record Pipeline(Map<String, String> env, List<Step> steps) {
  public Pipeline {
    env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    steps = List.copyOf(steps);
  }
}
