package dev.cairn.pipeline;

import java.util.List;
import java.util.Optional;

/** One step of a pipeline. Every step type may carry a key and explicit dependencies. */
public sealed interface Step permits CommandStep, WaitStep {

  /** The step's {@code key} (or its aliases {@code id}, {@code identifier}), if given. */
  Optional<String> key();

  /**
   * The explicit {@code depends_on} of the step, or empty when the step has none. A present but
   * empty list ({@code depends_on: ~} or {@code []}) means "no dependencies": such a step ignores
   * the implicit barriers of earlier {@code wait} steps.
   */
  Optional<List<Dependency>> dependsOn();

  /** Where the step starts in its source file. */
  Location location();
}
