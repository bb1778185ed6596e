package dev.cairn.pipeline;

import java.util.List;

/**
 * When a step runs at all: its {@code if} expression (already type-checked), its {@code branches}
 * patterns, and whether it runs even when its dependencies failed ({@code
 * allow_dependency_failure}). A step has at most one of {@code if} and {@code branches}.
 *
 * @param condition the {@code if} expression as written (after upload interpolation)
 * @param branches the {@code branches} patterns, split on spaces; empty means every branch
 */
public record StepConditions(
    java.util.Optional<String> condition, List<String> branches, boolean allowDependencyFailure) {
  public static final StepConditions NONE =
      new StepConditions(java.util.Optional.empty(), List.of(), false);

  public StepConditions {
    branches = List.copyOf(branches);
  }
}
