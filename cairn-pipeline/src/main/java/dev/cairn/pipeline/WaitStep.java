package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A wait step: a barrier that lets the steps below it run only once every step above it has passed,
 * or finished at all when {@code continueOnFailure} is set. Immutable.
 */
public record WaitStep(
    Optional<String> key,
    Optional<List<Dependency>> dependsOn,
    boolean continueOnFailure,
    Location location,
    Optional<String> label,
    StepConditions conditions,
    Map<String, Object> attributes)
    implements Step {
  public WaitStep {
    attributes = Ordered.map(attributes);
  }

  /** A wait step with no label, condition or attributes. */
  public WaitStep(
      Optional<String> key,
      Optional<List<Dependency>> dependsOn,
      boolean continueOnFailure,
      Location location) {
    this(
        key,
        dependsOn,
        continueOnFailure,
        location,
        Optional.empty(),
        StepConditions.NONE,
        Map.of());
  }
}
