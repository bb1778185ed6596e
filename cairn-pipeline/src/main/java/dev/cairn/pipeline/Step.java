package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a pipeline. Every step type may carry a key, a label, explicit dependencies and
 * conditions, and keeps the attributes it was written with.
 */
public sealed interface Step
    permits CommandStep, WaitStep, BlockStep, InputStep, TriggerStep, GroupStep {

  /** The step's {@code key} (or its aliases {@code id}, {@code identifier}), if given. */
  Optional<String> key();

  /** The step's {@code label} (or {@code name}; for a group, {@code group}), if given. */
  Optional<String> label();

  /**
   * The explicit {@code depends_on} of the step, or empty when the step has none. A present but
   * empty list ({@code depends_on: ~} or {@code []}) means "no dependencies": such a step ignores
   * the implicit barriers of earlier {@code wait} steps.
   */
  Optional<List<Dependency>> dependsOn();

  /** The step's {@code if}, {@code branches} and {@code allow_dependency_failure}. */
  StepConditions conditions();

  /**
   * The step as written, as plain data (maps, lists, strings, numbers, booleans, nulls), merge keys
   * applied and after upload interpolation. This is what the agent receives as {@code job.step}.
   */
  Map<String, Object> attributes();

  /** Where the step starts in its source file. */
  Location location();
}
