package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A block step ({@code block}, or the legacy {@code manual}): a barrier like {@code wait} that also
 * needs a person (or an API call) to unblock it, optionally collecting {@code fields}. While it
 * waits the build shows {@code blockedState} ({@code passed} by default). Immutable.
 *
 * @param allowedTeams the teams that may unblock it; empty means anyone
 */
public record BlockStep(
    Optional<String> key,
    Optional<String> label,
    Optional<String> prompt,
    Optional<String> submit,
    List<BlockField> fields,
    BlockedState blockedState,
    List<String> allowedTeams,
    Optional<List<Dependency>> dependsOn,
    StepConditions conditions,
    Map<String, Object> attributes,
    Location location)
    implements Step {
  public BlockStep {
    fields = List.copyOf(fields);
    allowedTeams = List.copyOf(allowedTeams);
    attributes = Ordered.map(attributes);
  }

  /** The build state shown while a block step waits. */
  public enum BlockedState {
    PASSED,
    FAILED,
    RUNNING
  }
}
