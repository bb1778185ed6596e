package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed pipeline document: top-level {@code env} (in file order), its steps in file order, and
 * the other top-level attributes. The top-level {@code agents} and {@code priority} are already
 * applied to command steps that have none; they are kept here for round trip. Immutable.
 *
 * @param notifications the top-level {@code notify} as plain data, empty when not given
 * @param secrets the top-level {@code secrets} as plain data, empty when not given
 * @param unknown top-level attributes Cairn does not model ({@code image}, {@code checkout}, ...)
 */
public record Pipeline(
    Map<String, String> env,
    List<Step> steps,
    Map<String, String> agents,
    Optional<Object> notifications,
    Optional<Integer> priority,
    Optional<Object> secrets,
    Map<String, Object> unknown) {
  public Pipeline {
    env = Ordered.map(env);
    steps = List.copyOf(steps);
    agents = Ordered.map(agents);
    unknown = Ordered.map(unknown);
  }

  /** A pipeline with only env and steps. */
  public Pipeline(Map<String, String> env, List<Step> steps) {
    this(env, steps, Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
  }
}
