package dev.cairn.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * A command step's {@code retry}: automatic rules in order, and whether a person may retry the job
 * ({@code manual}, allowed by default).
 */
public record Retry(
    List<RetryRule> automatic,
    boolean manualAllowed,
    boolean manualPermitOnPassed,
    Optional<String> manualReason) {
  public static final Retry NONE = new Retry(List.of(), true, false, Optional.empty());

  public Retry {
    automatic = List.copyOf(automatic);
  }
}
