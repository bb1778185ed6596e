package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A trigger step: creates a build of the pipeline {@code pipeline} (a slug) with the attributes in
 * {@code build}. Unless {@code async}, it waits for that build and mirrors its result. {@code
 * parallelism} (which the docs describe and the schema lacks) creates that many builds. Immutable.
 */
public record TriggerStep(
    Optional<String> key,
    Optional<String> label,
    String pipeline,
    Build build,
    boolean async,
    SoftFail softFail,
    Optional<Integer> parallelism,
    Skip skip,
    Optional<List<Dependency>> dependsOn,
    StepConditions conditions,
    Map<String, Object> attributes,
    Location location)
    implements Step {
  public TriggerStep {
    attributes = Ordered.map(attributes);
  }

  /**
   * The triggered build's attributes; empty ones take the target's defaults (its default branch,
   * {@code HEAD}, the step label).
   */
  public record Build(
      Optional<String> branch,
      Optional<String> commit,
      Optional<String> message,
      Map<String, String> env,
      Map<String, String> metaData) {
    public static final Build DEFAULT =
        new Build(Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Map.of());

    public Build {
      env = Ordered.map(env);
      metaData = Ordered.map(metaData);
    }
  }
}
