package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group step: a labelled set of steps that others may depend on as one. Its children are never
 * groups. A {@code wait} inside a group orders only the group's steps. The group's {@code if}, its
 * dependencies and its {@code skip} apply to every child; a child's own skip reason wins over the
 * group's. Immutable.
 */
public record GroupStep(
    Optional<String> key,
    Optional<String> label,
    List<Step> steps,
    Optional<List<Dependency>> dependsOn,
    StepConditions conditions,
    Skip skip,
    Optional<Object> notifications,
    Map<String, Object> attributes,
    Location location)
    implements Step {
  public GroupStep {
    steps = List.copyOf(steps);
    attributes = Ordered.map(attributes);
  }
}
