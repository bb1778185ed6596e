package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An input step: collects {@code fields} like a block step but is no barrier, so steps below it do
 * not wait for it unless they depend on it. Immutable.
 */
public record InputStep(
    Optional<String> key,
    Optional<String> label,
    Optional<String> prompt,
    Optional<String> submit,
    List<BlockField> fields,
    List<String> allowedTeams,
    Optional<List<Dependency>> dependsOn,
    StepConditions conditions,
    Map<String, Object> attributes,
    Location location)
    implements Step {
  public InputStep {
    fields = List.copyOf(fields);
    allowedTeams = List.copyOf(allowedTeams);
    attributes = Ordered.map(attributes);
  }
}
