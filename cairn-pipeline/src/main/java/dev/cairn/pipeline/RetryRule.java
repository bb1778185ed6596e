package dev.cairn.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * One automatic retry rule. A rule matches when every condition it names matches: {@code
 * anyExitStatus} ({@code "*"}, which matches 1..255, never 0) or one of {@code exitStatuses} (-1
 * means the agent was lost), and {@code signal} and {@code signalReason} when present ({@code "*"}
 * matches any). Rules are tried in order and the first match decides; each counts its own retries
 * up to {@code limit} (0..10).
 */
public record RetryRule(
    boolean anyExitStatus,
    List<Integer> exitStatuses,
    Optional<String> signal,
    Optional<String> signalReason,
    int limit) {
  public static final int DEFAULT_LIMIT = 2;
  public static final int MAX_LIMIT = 10;

  /** What {@code automatic: true} means. */
  public static final RetryRule DEFAULT =
      new RetryRule(true, List.of(), Optional.of("*"), Optional.of("*"), DEFAULT_LIMIT);

  public RetryRule {
    exitStatuses = List.copyOf(exitStatuses);
  }
}
